/**
 * @cqb/feedback: retry correlation and the exactly-once Bayesian update of the stored posterior.
 * Compose with `createFeedbackService({ bus, db, logger, config, metrics?, clock? })`.
 */
export { createFeedbackService } from './feedback-service.js';
export type { FeedbackService, FeedbackServiceDeps } from './feedback-service.js';
export { configSchema, loadFeedbackConfig } from './config.js';
export type { FeedbackConfig } from './config.js';
export { systemClock } from './clock.js';
export type { Clock } from './clock.js';
export { finalise, finaliseDue, finaliseOne, PosteriorUpdateError } from './finaliser.js';
export type { AppliedFeedback } from './finaliser.js';
export { pickRetriedAnswer, pickRetryingQuery, retryReason } from './retry-correlation.js';
export type { RetryReason, RetryRules } from './retry-correlation.js';
export type { OutcomeDecision, OutcomeName, SourceName } from './outcomes.js';
