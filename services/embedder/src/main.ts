/**
 * Entry point of the embedder as its own process (distributed mode): model and head (a missing
 * or mismatched file ends the start with a clear message, exit status 1), Kafka, the service,
 * grpc.health.v1 on CQB_GRPC_ADDRESS for probes, and the metrics endpoint; SIGTERM turns health
 * NOT_SERVING, finishes the batch in hand and stops everything in reverse order.
 */
import {
  createLogger,
  createMetricsRegistry,
  createServiceProcess,
  exitOnConfigError,
  loadConfig,
} from '@cqb/runtime';
import { configSchema } from './config.js';
import { createEncoder } from './encoder/encoder.js';
import { loadProjectionHead } from './head/projection-head.js';
import { createEmbedderService } from './embedder-service.js';

const config = exitOnConfigError(() => loadConfig(configSchema));
const logger = createLogger({ service: 'embedder', level: config.CQB_LOG_LEVEL });
const proc = createServiceProcess(logger);
const cannotStart = (err: unknown) => proc.fail(err, 'embedder cannot start');

const encoder = await createEncoder({
  modelPath: config.CQB_MODEL_PATH,
  vocabPath: config.CQB_VOCAB_PATH,
  maxTokens: config.CQB_MAX_TOKENS,
  maxBatchSize: config.CQB_EMBED_BATCH_SIZE,
  ...(config.CQB_EMBED_THREADS > 0 ? { intraOpThreads: config.CQB_EMBED_THREADS } : {}),
}).catch(cannotStart);
proc.started('encoder', { stop: () => encoder.close() });
const head = await Promise.resolve()
  .then(() => loadProjectionHead(config.CQB_HEAD_PATH))
  .catch(cannotStart);
const bus = proc.openKafkaBus(config);
await proc.serveHealth(config);
const metrics = createMetricsRegistry('embedder');
const service = createEmbedderService({ bus, logger, encoder, head, config, metrics });
await service.start();
proc.started('service', service);
await proc.ready(metrics, config);
