/**
 * @cqb/ingest: the gRPC front door (`cqb.v1.Router`). Compose with
 * `createIngestService({ bus, logger, config, metrics? })`.
 */
export { createIngestService } from './ingest-service.js';
export type { IngestService, IngestServiceDeps } from './ingest-service.js';
export { configSchema, loadIngestConfig } from './config.js';
export type { IngestConfig } from './config.js';
export { isSuspectUtf8, validateSubmit } from './validation.js';
export {
  AnswerFailedError,
  CallAbortedError,
  DeadlineError,
  ForeignQueryError,
  InvalidRequestError,
  OverloadedError,
  PublishFailedError,
} from './errors.js';
export { createQueryIdGenerator } from './query-id.js';
