/**
 * Environments for the simulator: where arrivals' contexts come from and how likely each LLM is to
 * satisfy each query. `synthetic` is the paper-style logistic world; dataset environments replay
 * real prompts with either a fitted logistic truth or the recorded 0/1 outcomes.
 */
import { dot, sigmoid } from './numeric.js';
import { refitPosterior } from './posterior.js';
import { createRng, type Rng } from './rng.js';

/** A source of queries and their true satisfaction probabilities. */
export interface Environment {
  readonly name: string;
  readonly k: number;
  readonly d: number;
  /** Draws a fresh arrival and returns its prompt index. */
  draw(rng: Rng): number;
  context(prompt: number): Float64Array;
  /** True probability that LLM `llm` satisfies prompt `prompt`. */
  probability(prompt: number, llm: number): number;
  /** Cost per LLM of serving the prompt, if the environment has costs. */
  cost(prompt: number): Float64Array | undefined;
  /** The true parameters when the truth is logistic (the oracle then scores in a tight loop). */
  readonly thetaStar?: readonly Float64Array[];
  /** Facts to record in results.json (for example how contexts were computed). */
  readonly info: Record<string, string | number>;
}

/** Options of the synthetic environment; defaults are the issue's: K=5, d=5, λ=0.7, slack 0.1. */
export interface SyntheticOptions {
  seed: number;
  k?: number;
  d?: number;
  arrivalRate?: number;
  slack?: number;
}

function uniformBallPoint(rng: Rng, d: number): Float64Array {
  const v = new Float64Array(d);
  for (let i = 0; i < d; i++) v[i] = 2 * rng.uniform() - 1;
  const n = Math.sqrt(dot(v, v));
  for (let i = 0; i < d; i++) v[i] = v[i]! / n;
  return v;
}

function meanBestProbability(contexts: Float64Array[], thetas: Float64Array[], scale: number) {
  let total = 0;
  for (const x of contexts) {
    let best = 0;
    for (const t of thetas) best = Math.max(best, sigmoid(scale * dot(x, t)));
    total += best;
  }
  return total / contexts.length;
}

/**
 * Contexts and θ*_k drawn uniform in [−1,1]^d and scaled onto the unit sphere; θ* is then scaled
 * by one common factor, found by bisection on 4,000 reference contexts, so that the oracle's
 * satisfaction probability on a fresh arrival averages arrivalRate + slack (the traffic slack).
 */
export function createSyntheticEnvironment(o: SyntheticOptions): Environment {
  const k = o.k ?? 5;
  const d = o.d ?? 5;
  const target = (o.arrivalRate ?? 0.7) + (o.slack ?? 0.1);
  const rng = createRng(o.seed, 1001);
  const base = Array.from({ length: k }, () => uniformBallPoint(rng, d));
  const reference = Array.from({ length: 4000 }, () => uniformBallPoint(rng, d));
  let [lo, hi] = [0, 64];
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (meanBestProbability(reference, base, mid) < target) lo = mid;
    else hi = mid;
  }
  const scale = (lo + hi) / 2;
  const thetaStar = base.map((t) => t.map((v) => v * scale));
  const contexts: Float64Array[] = [];
  return {
    name: 'synthetic',
    k,
    d,
    thetaStar,
    info: { contexts: 'uniform on the unit sphere', thetaScale: scale, oracleRate: target },
    draw(r) {
      contexts.push(uniformBallPoint(r, d));
      return contexts.length - 1;
    },
    context: (i) => contexts[i]!,
    probability: (i, llm) => sigmoid(dot(contexts[i]!, thetaStar[llm]!)),
    cost: () => undefined,
  };
}

/** Real prompts as contexts with their recorded 0/1 outcome per LLM. */
export interface DatasetEnvironmentOptions {
  name: string;
  /** One context per prompt (‖x‖ ≤ 1). */
  contexts: readonly Float64Array[];
  /** correct[prompt][llm] ∈ {0, 1}. */
  correct: readonly Uint8Array[];
  /** cost[prompt][llm], optional. */
  costs?: readonly Float64Array[];
  /** `fitted`: σ(x·θ*_k) from a per-LLM logistic fit; `logged`: the recorded outcome itself. */
  truth: 'fitted' | 'logged';
  /** Ridge strength of the truth fit. Default 1. */
  lambda?: number;
  /** Facts to record (for example the feature map used for contexts). */
  info?: Record<string, string | number>;
}

/**
 * A dataset environment; arrivals are drawn uniformly from the prompts. In `logged` mode prompts
 * that no LLM answers correctly are dropped from the arrival pool: no policy can ever satisfy
 * them, so they would only add the same linear queue growth to every policy.
 */
export function createDatasetEnvironment(o: DatasetEnvironmentOptions): Environment {
  const k = o.correct[0]?.length ?? 0;
  const d = o.contexts[0]?.length ?? 0;
  if (k === 0 || d === 0) throw new RangeError('dataset environment needs prompts and LLMs');
  const thetaStar =
    o.truth === 'fitted'
      ? Array.from({ length: k }, (_, llm) => {
          const data = o.contexts.map((x, i) => ({ x, y: o.correct[i]![llm]! }));
          return refitPosterior(d, o.lambda ?? 1, data).mean;
        })
      : undefined;
  const pool = o.contexts
    .map((_, i) => i)
    .filter((i) => o.truth === 'fitted' || o.correct[i]!.some((c) => c === 1));
  return {
    name: o.name,
    k,
    d,
    ...(thetaStar ? { thetaStar } : {}),
    info: {
      ...o.info,
      truth: o.truth,
      prompts: pool.length,
      dropped: o.contexts.length - pool.length,
    },
    draw: (r) => pool[r.int(pool.length)]!,
    context: (i) => o.contexts[i]!,
    probability: thetaStar
      ? (i, llm) => sigmoid(dot(o.contexts[i]!, thetaStar[llm]!))
      : (i, llm) => o.correct[i]![llm]!,
    cost: (i) => o.costs?.[i],
  };
}

/** Mean true probability per LLM over `prompts`, and the LLM order best first (best-fixed). */
export function hindsightOrder(env: Environment, prompts: ArrayLike<number>): number[] {
  const mean = new Float64Array(env.k);
  for (let j = 0; j < prompts.length; j++) {
    const p = prompts[j]!;
    if (p < 0) continue;
    for (let k = 0; k < env.k; k++) mean[k]! += env.probability(p, k);
  }
  return Array.from({ length: env.k }, (_, k) => k).sort((a, b) => mean[b]! - mean[a]! || a - b);
}

/**
 * Satisfaction rates on fresh arrivals (n draws): `oracle`, the mean of the best LLM's
 * probability per query; `bestFixed`, the best single LLM's mean probability.
 */
export function freshRates(
  env: Environment,
  rng: Rng,
  n = 4000,
): { oracle: number; bestFixed: number } {
  let oracle = 0;
  const perLlm = new Float64Array(env.k);
  for (let j = 0; j < n; j++) {
    const p = env.draw(rng);
    let best = 0;
    for (let k = 0; k < env.k; k++) {
      const q = env.probability(p, k);
      perLlm[k]! += q;
      best = Math.max(best, q);
    }
    oracle += best;
  }
  return { oracle: oracle / n, bestFixed: Math.max(...perLlm) / n };
}
