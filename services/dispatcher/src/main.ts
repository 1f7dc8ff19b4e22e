/**
 * Entry point of the dispatcher as its own process (distributed mode): config, logger, Postgres
 * (migrations, LLM registry), Kafka bus, the service, a gRPC server with grpc.health.v1 on
 * CQB_GRPC_ADDRESS (for Kubernetes probes), the metrics endpoint, and signal handlers that turn
 * health NOT_SERVING, drain in-flight calls (bounded by CQB_DRAIN_MS) and stop everything in
 * reverse order.
 */
import {
  createLogger,
  createMetricsRegistry,
  createServiceProcess,
  exitOnConfigError,
} from '@cqb/runtime';
import { loadDispatcherConfig } from './config.js';
import { createDispatcherService } from './dispatcher-service.js';
import { createLlmRegistry } from './llm-registry.js';

const config = exitOnConfigError(() => loadDispatcherConfig());
const logger = createLogger({ service: 'dispatcher', level: config.CQB_LOG_LEVEL });
const proc = createServiceProcess(logger);
logger.info({ dispatcherId: config.CQB_DISPATCHER_ID }, 'starting');
const db = await proc.openDatabase(config);
const bus = proc.openKafkaBus(config);
await proc.serveHealth(config);
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
proc.started('service', { stop: drain });
await proc.ready(metrics, config);

/** Stops the service, abandoning in-flight calls that outlast CQB_DRAIN_MS. */
async function drain(): Promise<void> {
  const drained = service.stop().then(() => true);
  const timedOut = new Promise<boolean>((resolve) =>
    setTimeout(() => resolve(false), config.CQB_DRAIN_MS).unref(),
  );
  if (!(await Promise.race([drained, timedOut]))) {
    logger.error({ drainMs: config.CQB_DRAIN_MS }, 'in-flight calls abandoned after drain time');
  }
}
