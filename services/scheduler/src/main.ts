/**
 * Entry point of the scheduler as its own process (distributed mode): config, logger, Postgres
 * (migrations, LLM registry), Kafka bus, the service with its Admin/health server, the metrics
 * endpoint, and SIGTERM/SIGINT handlers that stop everything in reverse order. A stored posterior
 * that fails validation stops the start with an error naming the LLM (exit status 1).
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
import { loadSchedulerConfig } from './config.js';
import { listRegistryLlms } from './posterior-store.js';
import { createSchedulerService } from './scheduler-service.js';

const config = exitOnConfigError(() => loadSchedulerConfig());
const logger = createLogger({ service: 'scheduler', level: config.CQB_LOG_LEVEL });
if (!config.CQB_KAFKA_BROKERS || !config.CQB_DATABASE_URL) {
  process.stderr.write(
    'invalid configuration:\n  CQB_KAFKA_BROKERS and CQB_DATABASE_URL: required\n',
  );
  process.exit(2);
}
logger.info({ instance: config.CQB_INSTANCE_ID }, 'starting');
const db = createPgDatabase({ connectionString: config.CQB_DATABASE_URL, logger });
await runMigrations(db, { logger });
const llms = await listRegistryLlms(db);
if (llms.length === 0) {
  logger.fatal('the LLM registry is empty; seed it before starting the scheduler');
  process.exit(1);
}
const bus = createKafkaBus({
  brokers: config.CQB_KAFKA_BROKERS,
  clientId: config.CQB_KAFKA_CLIENT_ID,
  logger,
});
const metrics = createMetricsRegistry('scheduler');
const service = createSchedulerService({ bus, db, logger, config, llms, metrics });
try {
  await service.start();
} catch (err) {
  logger.fatal({ err }, 'scheduler cannot start');
  await bus.close();
  await db.close();
  process.exit(1);
}
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
