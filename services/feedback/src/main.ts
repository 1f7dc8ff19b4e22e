/**
 * Entry point of the feedback service as its own process (distributed mode): Postgres
 * (migrations), Kafka, the service with its health server and the metrics endpoint; SIGTERM
 * finishes in-flight work, commits, and stops everything in reverse order.
 */
import {
  createLogger,
  createMetricsRegistry,
  createServiceProcess,
  exitOnConfigError,
} from '@cqb/runtime';
import { loadFeedbackConfig } from './config.js';
import { createFeedbackService } from './feedback-service.js';

const config = exitOnConfigError(() => loadFeedbackConfig());
const logger = createLogger({ service: 'feedback', level: config.CQB_LOG_LEVEL });
const proc = createServiceProcess(logger);
logger.info({ instance: config.CQB_INSTANCE_ID }, 'starting');
const db = await proc.openDatabase(config);
const bus = proc.openKafkaBus(config);
const metrics = createMetricsRegistry('feedback');
const service = createFeedbackService({ bus, db, logger, config, metrics });
await service.start();
proc.started('service', service);
await proc.ready(metrics, config, { port: service.port });
