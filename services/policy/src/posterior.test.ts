import { describe, expect, it } from 'vitest';
import { cholUpdate, cholesky, gramOfLower } from './numeric.js';
import {
  covarianceTrace,
  createPosterior,
  gradNegLogPosterior,
  negLogPosterior,
  refitPosterior,
  samplePosterior,
  updatePosterior,
  type Observation,
} from './posterior.js';
import {
  PosteriorFormatError,
  deserializePosterior,
  serializePosterior,
} from './posterior-codec.js';
import { createRng, type Rng } from './rng.js';
import { sigmoid } from './numeric.js';

function randomUnit(rng: Rng, d: number): Float64Array {
  const x = new Float64Array(d);
  for (let i = 0; i < d; i++) x[i] = rng.uniform() * 2 - 1;
  const n = Math.hypot(...x);
  return x.map((v) => v / n);
}

function logisticData(seed: number, d: number, n: number): Observation[] {
  const rng = createRng(seed);
  const theta = randomUnit(rng, d).map((v) => 2 * v);
  return Array.from({ length: n }, () => {
    const x = randomUnit(rng, d);
    const p = sigmoid(x.reduce((s, v, i) => s + v * theta[i]!, 0));
    return { x, y: rng.uniform() < p ? 1 : 0 };
  });
}

/** Dense inverse by Gauss–Jordan, independent of the Cholesky code under test. */
function inverse(a: Float64Array, d: number): Float64Array {
  const m = Array.from({ length: d }, (_, i) => [
    ...a.subarray(i * d, i * d + d),
    ...Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)),
  ]);
  for (let c = 0; c < d; c++) {
    const piv = m[c]![c]!;
    m[c] = m[c]!.map((v) => v / piv);
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      m[r] = m[r]!.map((v, j) => v - f * m[c]![j]!);
    }
  }
  return Float64Array.from(m.flatMap((row) => row.slice(d)));
}

describe('Cholesky rank-one update', () => {
  it('matches a from-scratch factorisation of H + v·vᵀ to 1e-12', () => {
    const rng = createRng(1);
    const d = 12;
    const h = new Float64Array(d * d);
    for (let i = 0; i < d; i++) h[i * d + i] = 1;
    let l = cholesky(h, d)!;
    for (let step = 0; step < 40; step++) {
      const v = randomUnit(rng, d).map((x) => x * rng.uniform() * 3);
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) h[i * d + j]! += v[i]! * v[j]!;
      expect(cholUpdate(l, d, v.slice())).toBe(true);
    }
    const fresh = cholesky(h, d)!;
    for (let i = 0; i < d * d; i++) expect(Math.abs(l[i]! - fresh[i]!)).toBeLessThan(1e-12);
    l = gramOfLower(l, d);
    for (let i = 0; i < d * d; i++) expect(Math.abs(l[i]! - h[i]!)).toBeLessThan(1e-10);
  });
});

describe('online posterior', () => {
  it('tracks the batch IRLS fit on the same data (mean within 0.05 after 2000 points)', () => {
    const d = 5;
    const data = logisticData(2, d, 2000);
    const online = createPosterior(d, 1);
    for (const { x, y } of data) updatePosterior(online, x, y);
    const batch = refitPosterior(d, 1, data);
    for (let i = 0; i < d; i++) {
      expect(Math.abs(online.mean[i]! - batch.mean[i]!)).toBeLessThan(0.05);
    }
    expect(online.observations).toBe(2000);
  });

  it('IRLS reaches a stationary point: gradient below 1e-8', () => {
    const data = logisticData(3, 4, 300);
    const fit = refitPosterior(4, 1, data);
    const g = gradNegLogPosterior(fit.mean, 1, data);
    expect(Math.hypot(...g)).toBeLessThan(1e-8);
  });

  it('gradient agrees with central finite differences (rel. 1e-6)', () => {
    const data = logisticData(4, 6, 100);
    const theta = randomUnit(createRng(5), 6);
    const g = gradNegLogPosterior(theta, 0.7, data);
    const h = 1e-5;
    for (let i = 0; i < 6; i++) {
      const up = theta.slice();
      const dn = theta.slice();
      up[i]! += h;
      dn[i]! -= h;
      const fd = (negLogPosterior(up, 0.7, data) - negLogPosterior(dn, 0.7, data)) / (2 * h);
      expect(Math.abs(fd - g[i]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(g[i]!)));
    }
  });

  it('samples have covariance ν²·H⁻¹ (entries within 0.02 of a 0..1-scale matrix, n=40000)', () => {
    const d = 3;
    const post = createPosterior(d, 1);
    for (const { x, y } of logisticData(6, d, 50)) updatePosterior(post, x, y);
    const cov = inverse(gramOfLower(post.chol, d), d);
    const rng = createRng(7);
    const n = 40000;
    const nu = 1.5;
    const acc = new Float64Array(d * d);
    const sum = new Float64Array(d);
    for (let s = 0; s < n; s++) {
      const t = samplePosterior(post, rng, nu);
      for (let i = 0; i < d; i++) {
        sum[i]! += t[i]!;
        for (let j = 0; j < d; j++) acc[i * d + j]! += t[i]! * t[j]!;
      }
    }
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const emp = acc[i * d + j]! / n - (sum[i]! / n) * (sum[j]! / n);
        expect(Math.abs(emp - nu * nu * cov[i * d + j]!)).toBeLessThan(0.02);
      }
      expect(Math.abs(sum[i]! / n - post.mean[i]!)).toBeLessThan(0.02);
    }
    const trace = cov[0]! + cov[4]! + cov[8]!;
    expect(Math.abs(covarianceTrace(post) - trace)).toBeLessThan(1e-12);
  });

  it('rebuilds a damaged factor instead of propagating a non-positive pivot', () => {
    const post = createPosterior(3, 1);
    post.chol[4] = -1;
    updatePosterior(post, Float64Array.of(0.5, 0.5, 0), 1);
    for (let i = 0; i < 3; i++) expect(post.chol[i * 4]).toBeGreaterThan(0);
  });
});

describe('posterior byte format', () => {
  it('round-trips exactly and refuses corruption with a typed error', () => {
    const post = createPosterior(4, 2);
    for (const { x, y } of logisticData(8, 4, 30)) updatePosterior(post, x, y);
    const bytes = serializePosterior(post);
    const back = deserializePosterior(bytes, 4);
    expect(back).toEqual(post);
    const bad = bytes.slice();
    bad[40]! ^= 1;
    expect(() => deserializePosterior(bad)).toThrow(PosteriorFormatError);
    expect(() => deserializePosterior(bytes, 5)).toThrow(/dimension/);
    const version = bytes.slice();
    version[4] = 9;
    expect(() => deserializePosterior(version)).toThrowError(/version/);
  });

  it('refuses a factor that is not positive definite even with a valid checksum', () => {
    const post = createPosterior(2, 1);
    post.chol[3] = 0;
    try {
      deserializePosterior(serializePosterior(post));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PosteriorFormatError);
      expect((err as PosteriorFormatError).reason).toBe('not-positive-definite');
    }
  });
});

describe('rng', () => {
  it('is reproducible per seed and stream, and uniform moments are right', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(42, 1);
    const xs = Array.from({ length: 20000 }, () => a.uniform());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.uniform()));
    expect(c.uniform()).not.toBe(xs[0]);
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    const ns = Array.from({ length: 20000 }, () => a.normal());
    const nm = ns.reduce((s, v) => s + v, 0) / ns.length;
    const nv = ns.reduce((s, v) => s + v * v, 0) / ns.length;
    expect(Math.abs(nm)).toBeLessThan(0.03);
    expect(Math.abs(nv - 1)).toBeLessThan(0.04);
  });
});
