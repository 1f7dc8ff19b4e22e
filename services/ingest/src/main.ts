/**
 * Entry point of ingest as its own process (distributed mode): Kafka, the service with its gRPC
 * server and the metrics endpoint; SIGTERM drains in-flight calls and stops everything in
 * reverse order.
 */
import {
  createLogger,
  createMetricsRegistry,
  createServiceProcess,
  exitOnConfigError,
} from '@cqb/runtime';
import { loadIngestConfig } from './config.js';
import { createIngestService } from './ingest-service.js';

const config = exitOnConfigError(() => loadIngestConfig());
const logger = createLogger({ service: 'ingest', level: config.CQB_LOG_LEVEL });
const proc = createServiceProcess(logger);
logger.info({ instance: config.CQB_INSTANCE_ID }, 'starting');
const bus = proc.openKafkaBus(config);
const metrics = createMetricsRegistry('ingest');
const service = createIngestService({ bus, logger, config, metrics });
await service.start();
proc.started('service', service);
await proc.ready(metrics, config, { port: service.port });
