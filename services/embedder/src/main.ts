/**
 * Entry point of the embedder as its own process: config, logger, model, head, bus, service,
 * a gRPC server with grpc.health.v1 on CQB_GRPC_ADDRESS (for Kubernetes probes), metrics
 * endpoint, and signal handlers that turn health NOT_SERVING and stop everything in reverse order.
 * Distributed mode: Kafka from CQB_KAFKA_BROKERS (required here).
 */
import {
  createHealthService,
  createLogger,
  createKafkaBus,
  createMetricsRegistry,
  exitOnConfigError,
  loadConfig,
  startGrpcServer,
  startMetricsServer,
} from '@cqb/runtime';
import { configSchema } from './config.js';
import { createEncoder } from './encoder/encoder.js';
import { loadProjectionHead } from './head/projection-head.js';
import { createEmbedderService } from './embedder-service.js';

const config = exitOnConfigError(() => loadConfig(configSchema));
const logger = createLogger({ service: 'embedder', level: config.CQB_LOG_LEVEL });
/** Start-up failures (missing model files, a head that does not fit) end the process clearly. */
function exitOnStartupError(err: unknown): never {
  logger.fatal({ err }, 'embedder cannot start');
  process.exit(1);
}

const encoder = await createEncoder({
  modelPath: config.CQB_MODEL_PATH,
  vocabPath: config.CQB_VOCAB_PATH,
  maxTokens: config.CQB_MAX_TOKENS,
  maxBatchSize: config.CQB_EMBED_BATCH_SIZE,
  ...(config.CQB_EMBED_THREADS > 0 ? { intraOpThreads: config.CQB_EMBED_THREADS } : {}),
}).catch(exitOnStartupError);
const head = await Promise.resolve()
  .then(() => loadProjectionHead(config.CQB_HEAD_PATH))
  .catch(exitOnStartupError);
const metrics = createMetricsRegistry('embedder');
if (!config.CQB_KAFKA_BROKERS) {
  process.stderr.write('invalid configuration:\n  CQB_KAFKA_BROKERS: required\n');
  process.exit(2);
}
const bus = createKafkaBus({
  brokers: config.CQB_KAFKA_BROKERS,
  clientId: config.CQB_KAFKA_CLIENT_ID,
  logger,
});
const service = createEmbedderService({ bus, logger, encoder, head, config, metrics });
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
  await service.stop();
  await bus.close();
  await grpcServer.stop(1000);
  await metricsServer.close();
  await encoder.close();
  logger.info('stopped');
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void shutdown(signal).then(() => process.exit(0)));
}
