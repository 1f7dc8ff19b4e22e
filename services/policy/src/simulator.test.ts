import { describe, expect, it } from 'vitest';
import { createDatasetEnvironment, createSyntheticEnvironment } from './environment.js';
import { aggregateResults, makeCheckpoints, runSeed } from './evaluation.js';
import { createPolicy } from './policies.js';
import { createRng } from './rng.js';
import { createScenario, simulate } from './simulator.js';
import { hashedBagOfWords } from './text-features.js';

describe('simulator', () => {
  it('the oracle has zero routing regret in paper and multi-server mode', () => {
    for (const mode of ['paper', 'multi'] as const) {
      const env = createSyntheticEnvironment({ seed: 3 });
      const r = runSeed({
        env,
        policies: ['oracle'],
        horizon: 600,
        arrivalRate: mode === 'paper' ? 0.7 : 2,
        seed: 3,
        checkpoints: makeCheckpoints(600, 10),
        service: { mode, capacities: [1, 2, 1, 1, 1], serviceRounds: [2, 3, 1, 2, 2] },
      });
      expect(r.policies.oracle!.routingRegret.every((v) => v === 0)).toBe(true);
      expect(r.policies.oracle!.queueLengthRegret.every((v) => v === 0)).toBe(true);
    }
  });

  it('conserves queries: final queue = arrivals − satisfied − abandoned (none here)', () => {
    const env = createSyntheticEnvironment({ seed: 4 });
    const scenario = createScenario(env, { horizon: 500, arrivalRate: 0.7, seed: 4 });
    const trace = simulate({
      env,
      scenario,
      policy: createPolicy('random', { k: 5, d: 5 }),
      service: { mode: 'paper' },
      checkpoints: [500],
      rng: createRng(4, 7),
    });
    const arrivals = scenario.arrivals.filter((a) => a >= 0).length;
    expect(trace.queueLength[0]).toBe(arrivals - trace.satisfied);
    expect(trace.served).toBeGreaterThan(trace.satisfied);
  });

  it('ACQB has lower routing regret than random and best-fixed on a short synthetic run', () => {
    const env = createSyntheticEnvironment({ seed: 5 });
    const r = runSeed({
      env,
      policies: ['acqb', 'random', 'best-fixed'],
      horizon: 1500,
      arrivalRate: 0.7,
      seed: 5,
      checkpoints: [1500],
      service: { mode: 'paper' },
    });
    const final = (n: string) => r.policies[n]!.routingRegret[0]!;
    expect(final('acqb')).toBeLessThan(final('random'));
    expect(final('acqb')).toBeLessThan(final('best-fixed'));
    const agg = aggregateResults([r], {
      env: 'synthetic',
      horizon: 1500,
      checkpoints: [1500],
      info: {},
    });
    expect(agg.policies.acqb!.satisfactionRate.mean).toBeGreaterThan(
      agg.policies.random!.satisfactionRate.mean,
    );
  });

  it('the logged oracle serves a recorded-correct pair whenever one waits', () => {
    const texts = ['what is two plus two', 'write a python function', 'the cat sat', 'hello there'];
    const correct = [
      Uint8Array.of(1, 0),
      Uint8Array.of(0, 1),
      Uint8Array.of(1, 1),
      Uint8Array.of(0, 0),
    ];
    const env = createDatasetEnvironment({
      name: 'tiny',
      contexts: texts.map((t) => hashedBagOfWords(t, 8)),
      correct,
      truth: 'logged',
    });
    expect(env.info.dropped).toBe(1);
    const r = runSeed({
      env,
      policies: ['oracle', 'acqb'],
      horizon: 300,
      arrivalRate: 0.6,
      seed: 1,
      checkpoints: [300],
      service: { mode: 'paper' },
    });
    expect(r.policies.oracle!.routingRegret[0]).toBe(0);
    expect(r.policies.oracle!.rate).toBe(1);
    expect(r.policies.acqb!.routingRegret[0]).toBeGreaterThan(0);
  });

  it('hashed bag-of-words contexts are unit vectors and deterministic', () => {
    const a = hashedBagOfWords('The quick brown fox', 32);
    expect(Math.hypot(...a)).toBeCloseTo(1, 12);
    expect(hashedBagOfWords('the QUICK brown fox!', 32)).toEqual(a);
    expect(hashedBagOfWords('', 32)[0]).toBe(1);
  });
});
