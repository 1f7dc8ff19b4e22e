/** The interface every routing-and-scheduling policy implements, live and in the simulator. */
import type { LogisticPosterior } from './posterior.js';
import type { Rng } from './rng.js';

/** A waiting query as the policy sees it. */
export interface QueueItem {
  id: string;
  /** Context x in R^d, ‖x‖ ≤ 1. Ignored when `DecideInput.contexts` is given. */
  context: Float64Array;
  /** Arrival order (larger = more recent); a retried query keeps its first arrival number. */
  arrivalSeq: number;
  /** Time waited so far, for the age bound (`maxWaitMs`). */
  waitedMs?: number;
  /** Cost of serving this query per LLM (same units as `costBeta`⁻¹), for the cost penalty. */
  cost?: Float64Array;
}

/** Input of one decision ("round"). */
export interface DecideInput {
  /** 1-based decision counter: decisions made so far + 1. Drives ε_t. */
  round: number;
  queue: readonly QueueItem[];
  /** Indices of the LLMs that have a free slot now. */
  freeLlms: readonly number[];
  rng: Rng;
  /**
   * Optional packed contexts in queue order (row i at offset i·d). When present, policies read
   * contexts from it in one tight loop instead of from each item.
   */
  contexts?: Float64Array;
}

/** The chosen pair: `queue[queueIndex]` is served by LLM `llm`. */
export interface Decision {
  queueIndex: number;
  llm: number;
  /** True when the pair came from forced (or ε-) exploration rather than the greedy score. */
  explored: boolean;
  /** The policy's score of the pair (a sampled or estimated satisfaction probability). */
  score: number;
}

/** Feedback for one served query: reward 1 satisfied, 0 retried. */
export interface PolicyFeedback {
  context: Float64Array;
  llm: number;
  reward: 0 | 1;
}

/** Policy names accepted by `createPolicy`. */
export const POLICY_NAMES = [
  'acqb',
  'ts',
  'greedy',
  'fifo-lints',
  'fifo-linucb',
  'cqb-eps',
  'q-ucb',
  'best-fixed',
  'random',
  'oracle',
] as const;

/** One of `POLICY_NAMES`. */
export type PolicyName = (typeof POLICY_NAMES)[number];

/** Is `name` a known policy name? */
export function isPolicyName(name: string): name is PolicyName {
  return (POLICY_NAMES as readonly string[]).includes(name);
}

/** Options of `createPolicy`; every hyperparameter has a documented default. */
export interface PolicyOptions {
  /** Number of LLMs K. */
  k: number;
  /** Context dimension d. */
  d: number;
  /** Forced-exploration constant c_ε in ε_t = min(1, c_ε/√t). Default 1 (0 for `ts`). */
  cEpsilon?: number;
  /** Posterior sampling scale ν. Default 1. */
  nu?: number;
  /** Prior precision λ of every posterior. Default 1. */
  lambda?: number;
  /** UCB width multiplier α for `fifo-linucb` and `cqb-eps`. Default 1. */
  ucbAlpha?: number;
  /** Age bound: a query that waited longer is served first. Default off (Infinity). */
  maxWaitMs?: number;
  /** Cost penalty β in score p − β·cost. Default 0 (off). */
  costBeta?: number;
  /** Known horizon T for `cqb-eps` (warm-up ⌈√T⌉ rounds, then ε = T^(−1/2)). */
  horizon?: number;
  /** True parameter per LLM, for `oracle` when the truth is logistic. */
  thetaStar?: readonly Float64Array[];
  /** True satisfaction probability of an item with an LLM, for `oracle` (wins over thetaStar). */
  trueProbability?: (item: QueueItem, llm: number) => number;
  /** LLM preference order for `best-fixed`, best first (the best LLM in hindsight leads). */
  fixedOrder?: readonly number[];
}

/** A policy: decide which waiting query to serve with which free LLM; learn from feedback. */
export interface Policy {
  readonly name: PolicyName;
  /** The pair to serve, or null when the queue or the free set is empty. */
  decide(input: DecideInput): Decision | null;
  /** Folds in feedback (no-op for policies that do not learn). */
  observe(feedback: PolicyFeedback): void;
  /** The per-LLM posteriors of a learning policy (live objects), or null. */
  posteriors(): readonly LogisticPosterior[] | null;
  /** Replaces LLM `llm`'s posterior (the live scheduler loads it from storage). */
  setPosterior(llm: number, state: LogisticPosterior): void;
}
