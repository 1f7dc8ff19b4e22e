/**
 * @cqb/scheduler: the waiting queue and the policy's decisions. Compose with
 * `createSchedulerService({ bus, db, logger, config, llms, metrics? })`; `listRegistryLlms(db)`
 * reads the LLMs from the registry table.
 */
export { createSchedulerService } from './scheduler-service.js';
export type { SchedulerLlm, SchedulerService, SchedulerServiceDeps } from './scheduler-service.js';
export { configSchema, loadSchedulerConfig } from './config.js';
export type { SchedulerConfig } from './config.js';
export { listRegistryLlms, loadPosterior, PosteriorLoadError } from './posterior-store.js';
export type { LoadedPosterior, PosteriorExpectation } from './posterior-store.js';
export { createSchedulerCore } from './scheduler-core.js';
export type { QueueStats, SchedulerCore, SchedulerCoreDeps } from './scheduler-core.js';
export { createCapacityTracker } from './capacity-tracker.js';
export type { CapacityTracker } from './capacity-tracker.js';
