/**
 * Plain reference implementations of the two hot paths, written the obvious way (nested number
 * arrays, an object per candidate pair, a sort, a full refactorisation per update). They define
 * what the fast code must compute and are the baseline the benchmark reports its speed-up against.
 */
import { sigmoid } from './numeric.js';
import type { LogisticPosterior } from './posterior.js';
import type { Decision, QueueItem } from './policy-types.js';
import type { Rng } from './rng.js';

function toRows(p: LogisticPosterior): number[][] {
  return Array.from({ length: p.dim }, (_, i) =>
    Array.from(p.chol.subarray(i * p.dim, i * p.dim + p.dim)),
  );
}

/** θ̃ = θ̂ + ν·L⁻ᵀ·z with z drawn from `rng` in the same order as `samplePosterior`. */
function sampleTheta(p: LogisticPosterior, rng: Rng, nu: number): number[] {
  const l = toRows(p);
  const z = Array.from({ length: p.dim }, () => rng.normal());
  const u: number[] = new Array<number>(p.dim).fill(0);
  for (let i = p.dim - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < p.dim; k++) s -= l[k]![i]! * u[k]!;
    u[i] = s / l[i]![i]!;
  }
  return u.map((v, i) => p.mean[i]! + nu * v);
}

/**
 * ACQB's decision, plainly: the exploration coin, then one θ̃ per free LLM and the best of all
 * (query, LLM) pairs by σ(x·θ̃). Consumes `rng` exactly like the `acqb` policy (without age bound
 * and cost penalty), so both return the same pair for the same seed.
 */
export function referenceAcqbDecide(
  posteriors: readonly LogisticPosterior[],
  queue: readonly QueueItem[],
  freeLlms: readonly number[],
  round: number,
  rng: Rng,
  cEpsilon = 1,
  nu = 1,
): Decision | null {
  if (queue.length === 0 || freeLlms.length === 0) return null;
  if (cEpsilon > 0 && rng.uniform() < Math.min(1, cEpsilon / Math.sqrt(round))) {
    const newest = queue.reduce((b, q, i) => (q.arrivalSeq > queue[b]!.arrivalSeq ? i : b), 0);
    return {
      queueIndex: newest,
      llm: freeLlms[rng.int(freeLlms.length)]!,
      explored: true,
      score: 0,
    };
  }
  const thetas = new Map(freeLlms.map((k) => [k, sampleTheta(posteriors[k]!, rng, nu)]));
  const pairs = queue.flatMap((item, i) =>
    freeLlms.map((k) => {
      const x = Array.from(item.context);
      const theta = thetas.get(k)!;
      return { queueIndex: i, llm: k, score: sigmoid(x.reduce((s, v, j) => s + v * theta[j]!, 0)) };
    }),
  );
  pairs.sort((a, b) => b.score - a.score);
  return { ...pairs[0]!, explored: false };
}

/**
 * The online Newton step done plainly: rebuild H = L·Lᵀ + w·x·xᵀ, refactor it from scratch
 * (O(d³)) and solve for the mean step. Same result as `updatePosterior` up to rounding.
 */
export function referenceUpdate(p: LogisticPosterior, x: Float64Array, y: number): void {
  const d = p.dim;
  const l = toRows(p);
  const z = Array.from(x).reduce((s, v, i) => s + v * p.mean[i]!, 0);
  const prob = sigmoid(z);
  const w = prob * (1 - prob);
  const h = l.map((_, i) =>
    l.map((__, j) => l[i]!.reduce((s, v, k) => s + v * l[j]![k]!, 0) + w * x[i]! * x[j]!),
  );
  const c: number[][] = h.map(() => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = h[i]![j]!;
      for (let k = 0; k < j; k++) s -= c[i]![k]! * c[j]![k]!;
      c[i]![j] = i === j ? Math.sqrt(s) : s / c[j]![j]!;
    }
  }
  const a = new Array<number>(d).fill(0);
  for (let i = 0; i < d; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= c[i]![k]! * a[k]!;
    a[i] = s / c[i]![i]!;
  }
  const v = new Array<number>(d).fill(0);
  for (let i = d - 1; i >= 0; i--) {
    let s = a[i]!;
    for (let k = i + 1; k < d; k++) s -= c[k]![i]! * v[k]!;
    v[i] = s / c[i]![i]!;
  }
  for (let i = 0; i < d; i++) {
    p.mean[i] = p.mean[i]! + (y - prob) * v[i]!;
    for (let j = 0; j < d; j++) p.chol[i * d + j] = c[i]![j]!;
  }
  p.observations += 1;
}
