/**
 * Replay of recorded prompts through the running system with simulated retrying users, and the
 * report (JSON model and self-contained HTML) built from what the replay observed.
 */
export { arrivalSchedule, runReplay } from './driver.js';
export type {
  ReplayLog,
  ReplayOptions,
  ReplayProgress,
  ReplaySubmit,
  ReplayTarget,
  SampleRecord,
  SubmissionOutcome,
  SubmissionRecord,
  SubmitResult,
} from './driver.js';
export { promptsFromRows } from './dataset-prompts.js';
export { createGrpcTarget } from './grpc-target.js';
export type { GrpcTarget, GrpcTargetOptions } from './grpc-target.js';
export { createStageCollector } from './stage-collector.js';
export type { StageCollector } from './stage-collector.js';
export { createFittedModel, loggedModel, promptRegret } from './prompts.js';
export type { ReplayPrompt, SatisfactionModel } from './prompts.js';
export { buildPolicyReport } from './report.js';
export type { PolicyReport, ReplayReport, StageSamples } from './report.js';
export { renderReportHtml, summaryRows, verdictText } from './html.js';
export { percentiles, shares } from './stats.js';
export type { Percentiles } from './stats.js';
