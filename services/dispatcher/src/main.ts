/**
 * Entry point of the dispatcher as its own process (distributed mode): config, logger, Postgres
 * (migrations, LLM registry), Kafka bus, the service, a gRPC server with grpc.health.v1 on
 * CQB_GRPC_ADDRESS (for Kubernetes probes), the metrics endpoint, and signal handlers that turn
 * health NOT_SERVING, drain in-flight calls (bounded by CQB_DRAIN_MS) and stop everything in
 * reverse order.
 */
import {
  createHealthService,
  createKafkaBus,
  createLogger,
  createMetricsRegistry,
  createPgDatabase,
  exitOnConfigError,
  runMigrations,
  startGrpcServer,
  startMetricsServer,
} from '@cqb/runtime';
import { loadDispatcherConfig } from './config.js';
import { createDispatcherService } from './dispatcher-service.js';
import { createLlmRegistry } from './llm-registry.js';

const config = exitOnConfigError(() => loadDispatcherConfig());
const logger = createLogger({ service: 'dispatcher', level: config.CQB_LOG_LEVEL });
if (!config.CQB_KAFKA_BROKERS || !config.CQB_DATABASE_URL) {
  process.stderr.write(
    'invalid configuration:\n  CQB_KAFKA_BROKERS and CQB_DATABASE_URL: required\n',
  );
  process.exit(2);
}
logger.info({ dispatcherId: config.CQB_DISPATCHER_ID }, 'starting');
const db = createPgDatabase({ connectionString: config.CQB_DATABASE_URL, logger });
await runMigrations(db, { logger });
const bus = createKafkaBus({
  brokers: config.CQB_KAFKA_BROKERS,
  clientId: config.CQB_KAFKA_CLIENT_ID,
  logger,
});
const metrics = createMetricsRegistry('dispatcher');
const service = createDispatcherService({
  bus,
  logger,
  registry: createLlmRegistry(db),
  config,
  metrics,
  secret: (name) => process.env[name],
});
await service.start();
const health = createHealthService();
const grpcServer = await startGrpcServer({
  address: config.CQB_GRPC_ADDRESS,
  services: [health],
  logger,
});
const metricsServer = await startMetricsServer({
  registry: metrics,
  port: config.CQB_METRICS_PORT,
});
logger.info({ port: grpcServer.port, metricsPort: metricsServer.port }, 'ready');

async function shutdown(signal: string): Promise<void> {
  logger.info({ signal }, 'shutting down');
  health.shutdown();
  const drained = service.stop().then(() => true);
  const timedOut = new Promise<boolean>((resolve) =>
    setTimeout(() => resolve(false), config.CQB_DRAIN_MS).unref(),
  );
  if (!(await Promise.race([drained, timedOut]))) {
    logger.error({ drainMs: config.CQB_DRAIN_MS }, 'in-flight calls abandoned after drain time');
  }
  await bus.close();
  await grpcServer.stop(1000);
  await metricsServer.close();
  await db.close();
  logger.info('stopped');
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void shutdown(signal).then(() => process.exit(0)));
}
