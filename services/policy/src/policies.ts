/**
 * ACQB and its baselines behind the `Policy` interface. See DESIGN.md section 2 for the model;
 * the hyperparameters and their defaults are listed on `PolicyOptions`.
 */
import { sigmoid } from './numeric.js';
import {
  createPosterior,
  logitVariance,
  samplePosterior,
  updatePosterior,
  type LogisticPosterior,
} from './posterior.js';
import type {
  DecideInput,
  Decision,
  Policy,
  PolicyFeedback,
  PolicyName,
  PolicyOptions,
  QueueItem,
} from './policy-types.js';
import { isPolicyName } from './policy-types.js';
import type { Rng } from './rng.js';
import { bestLogisticPair, fifoHead, newestArrival, overdueIndex } from './scoring.js';
import { createWasmKernel, createWasmSampler } from './wasm-kernel.js';

/** Thrown for an unknown policy name or inconsistent options. */
export class PolicyOptionsError extends Error {
  override readonly name = 'PolicyOptionsError';
}

interface Resolved extends Required<Omit<PolicyOptions, 'thetaStar' | 'trueProbability'>> {
  thetaStar?: readonly Float64Array[];
  trueProbability?: (item: QueueItem, llm: number) => number;
}

function resolve(o: PolicyOptions): Resolved {
  if (!(o.k >= 1 && o.d >= 1)) throw new PolicyOptionsError('k and d must be positive');
  return {
    ...o,
    cEpsilon: o.cEpsilon ?? 1,
    nu: o.nu ?? 1,
    lambda: o.lambda ?? 1,
    ucbAlpha: o.ucbAlpha ?? 1,
    maxWaitMs: o.maxWaitMs ?? Infinity,
    costBeta: o.costBeta ?? 0,
    horizon: o.horizon ?? 0,
    fixedOrder: o.fixedOrder ?? Array.from({ length: o.k }, (_, i) => i),
  };
}

function ctxOf(input: DecideInput, i: number, d: number): Float64Array {
  return input.contexts ? input.contexts.subarray(i * d, i * d + d) : input.queue[i]!.context;
}

function pick(rng: Rng, free: readonly number[]): number {
  return free[rng.int(free.length)]!;
}

/** The query index forced by the age bound, else the FIFO head or −1 (all queries compete). */
function scheduled(queue: readonly QueueItem[], maxWaitMs: number, fifo: boolean): number {
  const overdue = overdueIndex(queue, maxWaitMs);
  if (overdue >= 0) return overdue;
  return fifo ? fifoHead(queue) : -1;
}

function empty(input: DecideInput): boolean {
  return input.queue.length === 0 || input.freeLlms.length === 0;
}

/** Shared state of the posterior-based policies. */
class Learner {
  readonly posts: LogisticPosterior[];
  constructor(readonly o: Resolved) {
    this.posts = Array.from({ length: o.k }, () => createPosterior(o.d, o.lambda));
  }
  observe(f: PolicyFeedback): void {
    updatePosterior(this.posts[f.llm]!, f.context, f.reward);
  }
  set(llm: number, state: LogisticPosterior): void {
    if (state.dim !== this.o.d || llm < 0 || llm >= this.o.k) {
      throw new PolicyOptionsError(`posterior for LLM ${llm} has dimension ${state.dim}`);
    }
    this.posts[llm] = state;
  }
  meanScore(x: Float64Array, llm: number): number {
    const m = this.posts[llm]!.mean;
    let z = 0;
    for (let j = 0; j < this.o.d; j++) z += x[j]! * m[j]!;
    return sigmoid(z);
  }
}

interface ThompsonFlavour {
  cEpsilon: number;
  sample: boolean;
  fifo: boolean;
}

/** ACQB and relatives: ε_t-forced exploration, then the best pair under a sampled (or mean) θ. */
function thompsonPolicy(name: PolicyName, o: Resolved, f: ThompsonFlavour): Policy {
  const learner = new Learner(o);
  const thetas = Array.from({ length: o.k }, () => new Float64Array(o.d));
  // Same draws as `samplePosterior`, with the triangular solve in WebAssembly where available.
  const sampler = f.sample ? createWasmSampler(o.k, o.d) : null;
  const kernel = createWasmKernel();
  return {
    name,
    decide(input) {
      if (empty(input)) return null;
      const { queue, freeLlms, rng } = input;
      const only = scheduled(queue, o.maxWaitMs, f.fifo);
      const eps = Math.min(1, f.cEpsilon / Math.sqrt(Math.max(1, input.round)));
      if (f.cEpsilon > 0 && rng.uniform() < eps) {
        const queueIndex = only >= 0 ? only : newestArrival(queue);
        const llm = pick(rng, freeLlms);
        const score = learner.meanScore(ctxOf(input, queueIndex, o.d), llm);
        return { queueIndex, llm, explored: true, score };
      }
      for (const k of freeLlms) {
        if (sampler) sampler.draw(k, learner.posts[k]!, rng, o.nu, thetas[k]!);
        else if (f.sample) samplePosterior(learner.posts[k]!, rng, o.nu, thetas[k]);
        else thetas[k]!.set(learner.posts[k]!.mean);
      }
      const best = bestLogisticPair(
        queue,
        input.contexts,
        o.d,
        freeLlms,
        thetas,
        o.costBeta,
        only,
        kernel,
      );
      return { ...best, explored: false };
    },
    observe: (fb) => learner.observe(fb),
    posteriors: () => learner.posts,
    setPosterior: (llm, s) => learner.set(llm, s),
  };
}

/** Logistic UCB score of every candidate pair: σ(x·θ̂_k + α·‖x‖_{H_k⁻¹}) − β·cost. */
function ucbBest(input: DecideInput, learner: Learner, only: number): Decision {
  const { o } = learner;
  const scratch = new Float64Array(o.d);
  const lo = only >= 0 ? only : 0;
  const hi = only >= 0 ? only + 1 : input.queue.length;
  let best: Decision = { queueIndex: lo, llm: input.freeLlms[0]!, explored: false, score: -1e300 };
  for (let i = lo; i < hi; i++) {
    const x = ctxOf(input, i, o.d);
    for (const k of input.freeLlms) {
      const post = learner.posts[k]!;
      let z = 0;
      for (let j = 0; j < o.d; j++) z += x[j]! * post.mean[j]!;
      const width = o.ucbAlpha * Math.sqrt(logitVariance(post, x, scratch));
      const cost = input.queue[i]!.cost?.[k] ?? 0;
      const score = sigmoid(z + width) - o.costBeta * cost;
      if (score > best.score) best = { queueIndex: i, llm: k, explored: false, score };
    }
  }
  return best;
}

/** FIFO head routed by logistic UCB. */
function fifoLinUcb(o: Resolved): Policy {
  const learner = new Learner(o);
  return {
    name: 'fifo-linucb',
    decide: (input) =>
      empty(input) ? null : ucbBest(input, learner, scheduled(input.queue, o.maxWaitMs, true)),
    observe: (fb) => learner.observe(fb),
    posteriors: () => learner.posts,
    setPosterior: (llm, s) => learner.set(llm, s),
  };
}

/**
 * CQB-ε with a known horizon T: ⌈√T⌉ warm-up rounds of pure exploration on the newest arrival,
 * then exploration with fixed probability T^(−1/2) and UCB over all pairs otherwise.
 */
function cqbEps(o: Resolved): Policy {
  if (!(o.horizon >= 1)) throw new PolicyOptionsError('cqb-eps needs the horizon T');
  const learner = new Learner(o);
  const warmup = Math.ceil(Math.sqrt(o.horizon));
  const eps = 1 / Math.sqrt(o.horizon);
  return {
    name: 'cqb-eps',
    decide(input) {
      if (empty(input)) return null;
      const only = scheduled(input.queue, o.maxWaitMs, false);
      if (input.round <= warmup || input.rng.uniform() < eps) {
        const queueIndex = only >= 0 ? only : newestArrival(input.queue);
        const llm = pick(input.rng, input.freeLlms);
        const score = learner.meanScore(ctxOf(input, queueIndex, o.d), llm);
        return { queueIndex, llm, explored: true, score };
      }
      return ucbBest(input, learner, only);
    },
    observe: (fb) => learner.observe(fb),
    posteriors: () => learner.posts,
    setPosterior: (llm, s) => learner.set(llm, s),
  };
}

/**
 * Q-UCB (context-free queueing bandit): FIFO head; explore a uniform LLM with probability
 * min(1, 3K·ln²t / t), else the LLM maximising mean + √(ln²t / (2·n_k)).
 */
function qUcb(o: Resolved): Policy {
  const pulls = new Float64Array(o.k);
  const wins = new Float64Array(o.k);
  return {
    name: 'q-ucb',
    decide(input) {
      if (empty(input)) return null;
      const queueIndex = scheduled(input.queue, o.maxWaitMs, true);
      const t = Math.max(2, input.round);
      const log2 = Math.log(t) ** 2;
      if (input.rng.uniform() < Math.min(1, (3 * o.k * log2) / t)) {
        return { queueIndex, llm: pick(input.rng, input.freeLlms), explored: true, score: 0 };
      }
      let llm = input.freeLlms[0]!;
      let score = -Infinity;
      for (const k of input.freeLlms) {
        const n = pulls[k]!;
        const s = n === 0 ? Infinity : wins[k]! / n + Math.sqrt(log2 / (2 * n));
        if (s > score) [llm, score] = [k, s];
      }
      return { queueIndex, llm, explored: false, score: Math.min(1, score) };
    },
    observe(fb) {
      pulls[fb.llm]! += 1;
      wins[fb.llm]! += fb.reward;
    },
    posteriors: () => null,
    setPosterior: () => undefined,
  };
}

/** FIFO head with a fixed LLM order (best-fixed) or a uniformly random free LLM (random). */
function fifoFixed(name: 'best-fixed' | 'random', o: Resolved): Policy {
  return {
    name,
    decide(input) {
      if (empty(input)) return null;
      const queueIndex = scheduled(input.queue, o.maxWaitMs, true);
      if (name === 'random') {
        return { queueIndex, llm: pick(input.rng, input.freeLlms), explored: false, score: 0 };
      }
      const llm = o.fixedOrder.find((k) => input.freeLlms.includes(k));
      return llm === undefined ? null : { queueIndex, llm, explored: false, score: 0 };
    },
    observe: () => undefined,
    posteriors: () => null,
    setPosterior: () => undefined,
  };
}

/** Knows the truth: serves the pair with the highest true satisfaction probability. */
function oracle(o: Resolved): Policy {
  const truth = o.trueProbability;
  const theta = o.thetaStar;
  if (!truth && !theta) throw new PolicyOptionsError('oracle needs thetaStar or trueProbability');
  return {
    name: 'oracle',
    decide(input) {
      if (empty(input)) return null;
      const only = scheduled(input.queue, o.maxWaitMs, false);
      if (!truth) {
        const best = bestLogisticPair(
          input.queue,
          input.contexts,
          o.d,
          input.freeLlms,
          theta!,
          o.costBeta,
          only,
        );
        return { ...best, explored: false };
      }
      let best: Decision = {
        queueIndex: 0,
        llm: input.freeLlms[0]!,
        explored: false,
        score: -1e300,
      };
      const [lo, hi] = only >= 0 ? [only, only + 1] : [0, input.queue.length];
      for (let i = lo; i < hi; i++) {
        const item = input.queue[i]!;
        for (const k of input.freeLlms) {
          const score = truth(item, k) - o.costBeta * (item.cost?.[k] ?? 0);
          if (score > best.score) best = { queueIndex: i, llm: k, explored: false, score };
        }
      }
      return best;
    },
    observe: () => undefined,
    posteriors: () => null,
    setPosterior: () => undefined,
  };
}

/** Builds the policy called `name` (see `POLICY_NAMES`) with `options`. */
export function createPolicy(name: string, options: PolicyOptions): Policy {
  if (!isPolicyName(name)) throw new PolicyOptionsError(`unknown policy '${name}'`);
  const o = resolve(options);
  switch (name) {
    case 'acqb':
      return thompsonPolicy(name, o, { cEpsilon: o.cEpsilon, sample: true, fifo: false });
    case 'ts':
      return thompsonPolicy(name, o, { cEpsilon: 0, sample: true, fifo: false });
    case 'greedy':
      return thompsonPolicy(name, o, { cEpsilon: 0, sample: false, fifo: false });
    case 'fifo-lints':
      return thompsonPolicy(name, o, { cEpsilon: 0, sample: true, fifo: true });
    case 'fifo-linucb':
      return fifoLinUcb(o);
    case 'cqb-eps':
      return cqbEps(o);
    case 'q-ucb':
      return qUcb(o);
    case 'best-fixed':
    case 'random':
      return fifoFixed(name, o);
    case 'oracle':
      return oracle(o);
  }
}
