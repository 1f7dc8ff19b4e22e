import { describe, expect, it } from 'vitest';
import { createPolicy } from './policies.js';
import { createPosterior, samplePosterior, updatePosterior } from './posterior.js';
import type { QueueItem } from './policy-types.js';
import { referenceAcqbDecide } from './reference.js';
import { createRng, type Rng } from './rng.js';
import { bestLogisticPair, packContexts } from './scoring.js';
import { createWasmKernel, createWasmSampler } from './wasm-kernel.js';

function unit(rng: Rng, d: number): Float64Array {
  const x = Float64Array.from({ length: d }, () => rng.normal());
  const n = Math.hypot(...x);
  return x.map((v) => v / n);
}

function queueOf(rng: Rng, n: number, d: number): QueueItem[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `q${i}`,
    context: unit(rng, d),
    arrivalSeq: i,
  }));
}

function trained(d: number, rng: Rng, n: number) {
  const p = createPosterior(d, 1);
  for (let i = 0; i < n; i++) updatePosterior(p, unit(rng, d), rng.uniform() < 0.6 ? 1 : 0);
  return p;
}

const kernel = createWasmKernel();

describe('WebAssembly scoring kernel', () => {
  it('is available on this Node (so the tests below exercise it)', () => {
    expect(kernel).not.toBeNull();
    expect(createWasmSampler(2, 4)).not.toBeNull();
  });

  it('picks the same pair with the same score as the JavaScript loop', () => {
    const rng = createRng(31);
    for (let t = 0; t < 200; t++) {
      const d = [4, 8, 12, 32][t % 4]!;
      const k = 1 + rng.int(12);
      const queue = queueOf(rng, 1 + rng.int(300), d);
      const packed = packContexts(queue, d);
      const thetas = Array.from({ length: k }, () => unit(rng, d).map((v) => 3 * v));
      const free = Array.from({ length: k }, (_, i) => i).filter(() => rng.uniform() < 0.7);
      if (free.length === 0) free.push(k - 1);
      const only = rng.uniform() < 0.2 ? rng.int(queue.length) : -1;
      const wasm = bestLogisticPair(queue, packed, d, free, thetas, 0, only, kernel);
      const js = bestLogisticPair(queue, packed, d, free, thetas, 0, only);
      expect(wasm).toEqual(js);
    }
  });

  it('breaks exact ties like the JavaScript loop: first free LLM, then first row', () => {
    const d = 8;
    const rng = createRng(32);
    const queue = queueOf(rng, 50, d);
    queue[40]!.context = queue[7]!.context.slice(); // two rows with identical scores
    const packed = packContexts(queue, d);
    const theta = unit(rng, d);
    const thetas = [unit(rng, d), theta, theta.slice(), theta.slice()]; // LLMs 1–3 tie
    // A context aligned with θ makes rows 7 and 40 the best rows for LLMs 1–3.
    queue[7]!.context = theta.slice();
    queue[40]!.context = theta.slice();
    const packed2 = packContexts(queue, d, packed);
    for (const free of [
      [3, 1, 2],
      [2, 3],
      [0, 1, 2, 3],
    ]) {
      const wasm = bestLogisticPair(queue, packed2, d, free, thetas, 0, -1, kernel);
      const js = bestLogisticPair(queue, packed2, d, free, thetas, 0);
      expect(wasm).toEqual(js);
      expect(wasm.queueIndex).toBe(7);
      expect(wasm.llm).toBe(free.find((k) => k !== 0));
    }
  });
});

describe('WebAssembly posterior sampler', () => {
  it('draws bit-identically to samplePosterior, and follows in-place updates', () => {
    for (const d of [3, 5, 32]) {
      const rng = createRng(40 + d);
      const post = trained(d, rng, 100);
      const sampler = createWasmSampler(1, d)!;
      const a = createRng(7);
      const b = createRng(7);
      const out = new Float64Array(d);
      for (let round = 0; round < 50; round++) {
        sampler.draw(0, post, a, 0.7, out);
        expect(out).toEqual(samplePosterior(post, b, 0.7));
        updatePosterior(post, unit(rng, d), round % 2 === 0 ? 1 : 0);
      }
    }
  });
});

describe('acqb at the benchmark shape (K = 11, d = 32) against the plain reference', () => {
  it('returns the reference pair on random queues up to 1,000 long', () => {
    const k = 11;
    const d = 32;
    const world = createRng(50);
    const posts = Array.from({ length: k }, () => trained(d, world, 50));
    const policy = createPolicy('acqb', { k, d });
    posts.forEach((p, i) => policy.setPosterior(i, p));
    for (let round = 1; round <= 60; round++) {
      const queue = queueOf(world, [1, 10, 100, 1000][round % 4]!, d);
      const free = Array.from({ length: k }, (_, i) => i).filter(() => world.uniform() < 0.8);
      const contexts = round % 2 === 0 ? packContexts(queue, d) : undefined;
      const fast = policy.decide({
        round,
        queue,
        freeLlms: free,
        rng: createRng(round, 9),
        contexts,
      });
      const plain = referenceAcqbDecide(posts, queue, free, round, createRng(round, 9));
      expect(fast && { i: fast.queueIndex, k: fast.llm, x: fast.explored }).toEqual(
        plain && { i: plain.queueIndex, k: plain.llm, x: plain.explored },
      );
      if (fast && plain && !fast.explored)
        expect(Math.abs(fast.score - plain.score)).toBeLessThan(1e-12);
    }
  });
});
