/**
 * Entry point of the feedback service as its own process (distributed mode): config, logger,
 * Postgres (migrations), Kafka bus, the service with its health server, the metrics endpoint,
 * and SIGTERM/SIGINT handlers that finish in-flight work, commit, and stop in reverse order.
 */
import {
  createKafkaBus,
  createLogger,
  createMetricsRegistry,
  createPgDatabase,
  exitOnConfigError,
  runMigrations,
  startMetricsServer,
} from '@cqb/runtime';
import { loadFeedbackConfig } from './config.js';
import { createFeedbackService } from './feedback-service.js';

const config = exitOnConfigError(() => loadFeedbackConfig());
const logger = createLogger({ service: 'feedback', level: config.CQB_LOG_LEVEL });
if (!config.CQB_KAFKA_BROKERS || !config.CQB_DATABASE_URL) {
  process.stderr.write(
    'invalid configuration:\n  CQB_KAFKA_BROKERS and CQB_DATABASE_URL: required\n',
  );
  process.exit(2);
}
logger.info({ instance: config.CQB_INSTANCE_ID }, 'starting');
const db = createPgDatabase({ connectionString: config.CQB_DATABASE_URL, logger });
await runMigrations(db, { logger });
const bus = createKafkaBus({
  brokers: config.CQB_KAFKA_BROKERS,
  clientId: config.CQB_KAFKA_CLIENT_ID,
  logger,
});
const metrics = createMetricsRegistry('feedback');
const service = createFeedbackService({ bus, db, logger, config, metrics });
await service.start();
const metricsServer = await startMetricsServer({ registry: metrics, port: config.CQB_METRICS_PORT });
logger.info({ port: service.port, metricsPort: metricsServer.port }, 'ready');

async function shutdown(signal: string): Promise<void> {
  logger.info({ signal }, 'shutting down');
  await service.stop();
  await bus.close();
  await metricsServer.close();
  await db.close();
  logger.info('stopped');
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void shutdown(signal).then(() => process.exit(0)));
}
