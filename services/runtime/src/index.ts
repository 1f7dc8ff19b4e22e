/** Shared infrastructure of every cqb-router service. */
export type {
  BatchHandler,
  EventBus,
  EventHandler,
  IncomingEvent,
  OutgoingEvent,
  SubscribeOptions,
  Subscription,
} from './bus/bus.js';
export { busHeaders, dlqTopicName } from './bus/headers.js';
export { createKafkaBus } from './bus/kafka-bus.js';
export type { KafkaBusOptions } from './bus/kafka-bus.js';
export { TopicNotReadyError } from './bus/kafka-topics.js';
export { createMemoryBus } from './bus/memory-bus.js';
export type { MemoryBusOptions } from './bus/memory-bus.js';
export { partitionForKey } from './bus/partitioner.js';
export { rawTopic } from './bus/raw-topic.js';
export {
  ConfigError,
  commaList,
  commonConfigSchema,
  commonConfigShape,
  durationMs,
  exitOnConfigError,
  loadConfig,
  port,
} from './config/config.js';
export type { CommonConfig, ConfigProblem, Env } from './config/config.js';
export type { Database, Queryable, QueryResult } from './db/db.js';
export {
  MigrationChecksumError,
  migrationLockKey,
  migrationsDir,
  runMigrations,
} from './db/migrations.js';
export type { MigrationOptions, MigrationReport } from './db/migrations.js';
export { createPgDatabase } from './db/pg-database.js';
export type { PgDatabaseOptions } from './db/pg-database.js';
export { createPgliteDatabase } from './db/pglite-database.js';
export type { PgliteDatabaseOptions } from './db/pglite-database.js';
export {
  DeadlineExceededError,
  GrpcMappedError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  ResourceExhaustedError,
  toGrpcStatus,
  UnavailableError,
} from './grpc/errors.js';
export type { GrpcStatus, TypedErrorOptions } from './grpc/errors.js';
export { createHealthService } from './grpc/health.js';
export type { HealthService, ServingStatus } from './grpc/health.js';
export { startGrpcServer } from './grpc/server.js';
export type { GrpcServerOptions, GrpcServiceBinding, RunningGrpcServer } from './grpc/server.js';
export { unaryHandler } from './grpc/unary.js';
export { createLogger, redact, redactedKeys } from './logging/logger.js';
export type { Logger, LoggerOptions } from './logging/logger.js';
export { pollUntil } from './testing/poll-until.js';
export type { PollOptions } from './testing/poll-until.js';
export { MetricName, SpanAttr, SpanName } from './telemetry/attributes.js';
export type { MetricNameValue, SpanAttrName } from './telemetry/attributes.js';
export {
  cqbTracer,
  extractTraceContext,
  injectTraceContext,
  spanContextFromHeaders,
  startLinkedSpan,
  withSpan,
} from './telemetry/context.js';
export type { SpanOptions } from './telemetry/context.js';
export {
  answers,
  answerToFeedback,
  consumerLag,
  createMetricsRegistry,
  deadLetters,
  decisions,
  embedBatchSize,
  feedback,
  llmFreeCapacity,
  posteriorVersionLag,
  queries,
  queueLength,
  queueOldestWait,
  retries,
  stageDuration,
  timeStage,
} from './telemetry/metrics.js';
export type { Stage } from './telemetry/metrics.js';
export { startMetricsServer } from './telemetry/metrics-server.js';
export type { MetricsServer, MetricsServerOptions } from './telemetry/metrics-server.js';
export { shutdownTelemetry, startTelemetry } from './telemetry/sdk.js';
export {
  contextWithSpan,
  eventTraceContext,
  publishInContexts,
  rootTraceContext,
  runInTraceContext,
  SpanKind,
  startStageSpan,
  traceparentHeaders,
  traceparentOf,
} from './telemetry/stage-spans.js';
export type { Span, StageSpanOptions, TraceContext } from './telemetry/stage-spans.js';
export { createServiceProcess } from './process/service-process.js';
export type {
  ServiceProcess,
  ServiceProcessConfig,
  Stoppable,
} from './process/service-process.js';
