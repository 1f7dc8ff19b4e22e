/**
 * Entry point of ingest as its own process (distributed mode): config, logger, Kafka bus, the
 * service with its gRPC server, the metrics endpoint, and SIGTERM/SIGINT handlers that drain
 * in-flight calls and stop everything in reverse order.
 */
import {
  createKafkaBus,
  createLogger,
  createMetricsRegistry,
  exitOnConfigError,
  startMetricsServer,
} from '@cqb/runtime';
import { loadIngestConfig } from './config.js';
import { createIngestService } from './ingest-service.js';

const config = exitOnConfigError(() => loadIngestConfig());
const logger = createLogger({ service: 'ingest', level: config.CQB_LOG_LEVEL });
if (!config.CQB_KAFKA_BROKERS) {
  process.stderr.write('invalid configuration:\n  CQB_KAFKA_BROKERS: required\n');
  process.exit(2);
}
logger.info({ instance: config.CQB_INSTANCE_ID }, 'starting');
const bus = createKafkaBus({
  brokers: config.CQB_KAFKA_BROKERS,
  clientId: config.CQB_KAFKA_CLIENT_ID,
  logger,
});
const metrics = createMetricsRegistry('ingest');
const service = createIngestService({ bus, logger, config, metrics });
await service.start();
const metricsServer = await startMetricsServer({ registry: metrics, port: config.CQB_METRICS_PORT });
logger.info({ port: service.port, metricsPort: metricsServer.port }, 'ready');

async function shutdown(signal: string): Promise<void> {
  logger.info({ signal }, 'shutting down');
  await service.stop();
  await bus.close();
  await metricsServer.close();
  logger.info('stopped');
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void shutdown(signal).then(() => process.exit(0)));
}
