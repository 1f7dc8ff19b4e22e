import { describe, expect, it } from 'vitest';
import { createPosterior, updatePosterior } from './posterior.js';
import { referenceAcqbDecide, referenceUpdate } from './reference.js';
import { createPolicy } from './policies.js';
import { POLICY_NAMES, type Decision, type PolicyOptions, type QueueItem } from './policy-types.js';
import { createRng, type Rng } from './rng.js';
import { packContexts } from './scoring.js';

const K = 4;
const D = 3;

function unit(rng: Rng): Float64Array {
  const x = Float64Array.from({ length: D }, () => rng.uniform() * 2 - 1);
  const n = Math.hypot(...x);
  return x.map((v) => v / n);
}

const THETA = Array.from({ length: K }, (_, k) => unit(createRng(100 + k)).map((v) => 2 * v));

function options(): PolicyOptions {
  return { k: K, d: D, horizon: 200, thetaStar: THETA };
}

function randomQueue(rng: Rng, n: number): QueueItem[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `q${i}`,
    context: unit(rng),
    arrivalSeq: rng.int(1000),
  }));
}

/** Drives a policy for `rounds` decisions with random queues, free sets and feedback. */
function drive(name: string, seed: number, rounds: number): Decision[] {
  const policy = createPolicy(name, options());
  const world = createRng(seed, 1);
  const rng = createRng(seed, 2);
  const out: Decision[] = [];
  for (let round = 1; round <= rounds; round++) {
    const queue = randomQueue(world, 1 + world.int(6));
    const free = [0, 1, 2, 3].filter(() => world.uniform() < 0.6);
    const decision = policy.decide({ round, queue, freeLlms: free, rng });
    if (free.length === 0) {
      expect(decision).toBeNull();
      continue;
    }
    if (!decision) {
      expect(name).toBe('best-fixed');
      continue;
    }
    expect(free).toContain(decision.llm);
    expect(decision.queueIndex).toBeGreaterThanOrEqual(0);
    expect(decision.queueIndex).toBeLessThan(queue.length);
    out.push(decision);
    const reward = world.uniform() < 0.5 ? 1 : 0;
    policy.observe({ context: queue[decision.queueIndex]!.context, llm: decision.llm, reward });
  }
  return out;
}

describe.each(POLICY_NAMES)('policy %s', (name) => {
  it('only picks free LLMs and present queries, and is deterministic given a seed', () => {
    const a = drive(name, 11, 150);
    expect(a.length).toBeGreaterThan(50);
    expect(drive(name, 11, 150)).toEqual(a);
  });

  it('returns null for an empty queue or no free LLM', () => {
    const policy = createPolicy(name, options());
    const rng = createRng(1);
    const queue = randomQueue(rng, 3);
    expect(policy.decide({ round: 1, queue: [], freeLlms: [0, 1], rng })).toBeNull();
    expect(policy.decide({ round: 1, queue, freeLlms: [], rng })).toBeNull();
  });
});

describe('scheduling layers', () => {
  it('oracle serves the pair with the highest true probability', () => {
    const rng = createRng(3);
    const queue = randomQueue(rng, 20);
    const d = createPolicy('oracle', options()).decide({ round: 1, queue, freeLlms: [1, 3], rng })!;
    let best = -Infinity;
    for (const item of queue) {
      for (const k of [1, 3]) {
        best = Math.max(
          best,
          item.context.reduce((s, v, j) => s + v * THETA[k]![j]!, 0),
        );
      }
    }
    expect(d.score).toBeCloseTo(1 / (1 + Math.exp(-best)), 12);
  });

  it('packed contexts and per-item contexts give the same decision', () => {
    const queue = randomQueue(createRng(4), 50);
    const decide = (packed: boolean) =>
      createPolicy('acqb', options()).decide({
        round: 500,
        queue,
        freeLlms: [0, 1, 2, 3],
        rng: createRng(5),
        ...(packed ? { contexts: packContexts(queue, D) } : {}),
      });
    expect(decide(true)).toEqual(decide(false));
  });

  it('the age bound serves an overdue query first', () => {
    const queue = randomQueue(createRng(6), 10).map((q, i) => ({
      ...q,
      waitedMs: i === 7 ? 900 : 10,
    }));
    const policy = createPolicy('acqb', { ...options(), maxWaitMs: 500 });
    for (let round = 1; round < 30; round++) {
      const d = policy.decide({ round, queue, freeLlms: [0, 1, 2, 3], rng: createRng(round) });
      expect(d?.queueIndex).toBe(7);
    }
  });

  it('the cost penalty moves the oracle to a cheap LLM', () => {
    const queue = randomQueue(createRng(7), 1).map((q) => ({
      ...q,
      cost: Float64Array.of(0, 5, 5, 5),
    }));
    const policy = createPolicy('oracle', { ...options(), costBeta: 1 });
    const d = policy.decide({ round: 1, queue, freeLlms: [0, 1, 2, 3], rng: createRng(1) });
    expect(d?.llm).toBe(0);
  });

  it('setPosterior replaces the state a learning policy samples from', () => {
    const policy = createPolicy('greedy', options());
    const strong = createPosterior(D, 1);
    strong.mean.set([50, 0, 0]);
    policy.setPosterior(2, strong);
    const queue = [{ id: 'a', context: Float64Array.of(1, 0, 0), arrivalSeq: 1 }];
    const d = policy.decide({ round: 1, queue, freeLlms: [0, 1, 2, 3], rng: createRng(1) });
    expect(d?.llm).toBe(2);
    expect(policy.posteriors()?.[2]).toBe(strong);
    expect(() => policy.setPosterior(1, createPosterior(D + 1))).toThrow();
  });

  it('refuses unknown names and cqb-eps without a horizon', () => {
    expect(() => createPolicy('nope', options())).toThrow(/unknown policy/);
    expect(() => createPolicy('cqb-eps', { k: K, d: D })).toThrow(/horizon/);
  });
});

describe('fast paths against the plain reference', () => {
  it('acqb decides exactly like the reference decision for the same seed', () => {
    const policy = createPolicy('acqb', options());
    const world = createRng(21);
    for (let i = 0; i < 200; i++) {
      const x = unit(world);
      policy.observe({ context: x, llm: world.int(K), reward: world.uniform() < 0.5 ? 1 : 0 });
    }
    for (let round = 1; round <= 300; round++) {
      const queue = randomQueue(world, 1 + world.int(40));
      const free = [0, 1, 2, 3].filter(() => world.uniform() < 0.7);
      const fast = policy.decide({ round, queue, freeLlms: free, rng: createRng(round, 5) });
      const plain = referenceAcqbDecide(
        policy.posteriors()!,
        queue,
        free,
        round,
        createRng(round, 5),
      );
      expect(fast && { i: fast.queueIndex, k: fast.llm }).toEqual(
        plain && { i: plain.queueIndex, k: plain.llm },
      );
    }
  });

  it('the rank-one update matches the refactorising reference to 1e-10', () => {
    const fast = createPosterior(6, 1);
    const plain = createPosterior(6, 1);
    const rng = createRng(22);
    for (let i = 0; i < 300; i++) {
      const x = Float64Array.from({ length: 6 }, () => rng.uniform() - 0.5);
      const y = rng.uniform() < 0.4 ? 1 : 0;
      updatePosterior(fast, x, y);
      referenceUpdate(plain, x, y);
    }
    for (let i = 0; i < 36; i++)
      expect(Math.abs(fast.chol[i]! - plain.chol[i]!)).toBeLessThan(1e-10);
    for (let i = 0; i < 6; i++)
      expect(Math.abs(fast.mean[i]! - plain.mean[i]!)).toBeLessThan(1e-10);
  });
});
