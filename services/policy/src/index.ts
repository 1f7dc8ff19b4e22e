/**
 * @cqb/policy: the pure maths of cqb-router. A seeded PRNG, the per-LLM Bayesian logistic
 * posterior, ACQB and its baselines, the queueing simulator and exact regrets. No I/O, no clocks,
 * no globals: state and a seeded random source go in, decisions come out.
 *
 * For the live services:
 * - scheduler: `createPolicy(name, { k, d, ... })`, then `policy.setPosterior(llm, state)` with
 *   each stored posterior (and again whenever it changes); per free slot call
 *   `policy.decide({ round, queue, freeLlms, rng, contexts? })` (keep contexts packed with
 *   `packContexts` for long queues). The scheduler never calls `observe`.
 * - feedback: `deserializePosterior(bytes, d)` (throws `PosteriorFormatError`), then
 *   `updatePosterior(state, x, y)` in place, `serializePosterior(state)` to store it;
 *   `refitPosterior(d, lambda, observations)` for a periodic batch refit.
 * - offline: `runSeed` + `aggregateResults` (the `cqb eval` command), `resultPlots`,
 *   `resultTable`; `referenceAcqbDecide` / `referenceUpdate` are the plain reference versions.
 */
export { createRng, forkRng } from './rng.js';
export type { Rng } from './rng.js';
export { sigmoid, log1pExp, cholesky, cholUpdate } from './numeric.js';
export {
  createPosterior,
  clonePosterior,
  updatePosterior,
  samplePosterior,
  refitPosterior,
  covarianceTrace,
  logitVariance,
  negLogPosterior,
  gradNegLogPosterior,
  PosteriorError,
} from './posterior.js';
export type { LogisticPosterior, Observation } from './posterior.js';
export {
  serializePosterior,
  deserializePosterior,
  PosteriorFormatError,
  POSTERIOR_FORMAT_VERSION,
  crc32,
} from './posterior-codec.js';
export type { PosteriorFormatReason } from './posterior-codec.js';
export { createPolicy, PolicyOptionsError } from './policies.js';
export { POLICY_NAMES, isPolicyName } from './policy-types.js';
export type {
  Policy,
  PolicyName,
  PolicyOptions,
  PolicyFeedback,
  QueueItem,
  DecideInput,
  Decision,
} from './policy-types.js';
export { packContexts, bestLogisticPair, fifoHead, newestArrival } from './scoring.js';
export type { ScoredPair } from './scoring.js';
export {
  createSyntheticEnvironment,
  createDatasetEnvironment,
  hindsightOrder,
  freshRates,
} from './environment.js';
export type { Environment, SyntheticOptions, DatasetEnvironmentOptions } from './environment.js';
export { createScenario, simulate } from './simulator.js';
export type { Scenario, ServiceModel, Trace, SimulationOptions } from './simulator.js';
export { runSeed, aggregateResults, makeCheckpoints } from './evaluation.js';
export type {
  SeedRunOptions,
  SeedResult,
  EvaluationResults,
  PolicyResult,
  MeanSd,
} from './evaluation.js';
export { hashedBagOfWords, HASHED_BOW_VERSION } from './text-features.js';
export { lineChartSvg, resultPlots, resultTable } from './report.js';
export type { PlotSeries } from './report.js';
export { environmentFromPrompts } from './dataset-environment.js';
export type { LabelledPrompt, PromptEnvironmentOptions } from './dataset-environment.js';
export { referenceAcqbDecide, referenceUpdate } from './reference.js';
