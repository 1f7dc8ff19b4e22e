import {
  createDispatcherService,
  configSchema as dispatcherConfigSchema,
  createLlmRegistry,
  createSimulatedBackend,
  loadSimulatedDataset,
  routerBenchRegistry,
  seedRegistry,
} from '@cqb/dispatcher';
import type { LatencyModel } from '@cqb/dispatcher';
import {
  createEmbedderService,
  createEncoder,
  configSchema as embedderConfigSchema,
  loadProjectionHead,
} from '@cqb/embedder';
import { createFeedbackService, configSchema as feedbackConfigSchema } from '@cqb/feedback';
import { createIngestService, configSchema as ingestConfigSchema } from '@cqb/ingest';
import { createSchedulerService, configSchema as schedulerConfigSchema } from '@cqb/scheduler';
import type { Database, EventBus, Logger } from '@cqb/runtime';
import {
  createHealthService,
  createLogger,
  createMemoryBus,
  createMetricsRegistry,
  createPgliteDatabase,
  loadConfig,
  runMigrations,
  startGrpcServer,
  startMetricsServer,
} from '@cqb/runtime';
import { servedLlms } from './served-llms.js';
import { createStopStack } from './stop-stack.js';

/** Options of {@link startAllInOne}; unset fields take the defaults of `configSchema`. */
export interface AllInOneOptions {
  /** host:port of the one gRPC port; `127.0.0.1:0` picks a free port. Default 127.0.0.1:50051. */
  grpcAddress?: string;
  /** Policy name (see @cqb/policy POLICY_NAMES). Default acqb. */
  policy?: string;
  /** Seed of the policy and of the simulated backends. Default 1. */
  seed?: number;
  /** Retry window of the feedback service in ms. Default 30000. */
  retryWindowMs?: number;
  /** RouterBench LLM ids to serve; all 11 when absent. */
  llms?: readonly string[];
  /** Concurrent requests per simulated LLM. Default 2. */
  llmCapacity?: number;
  /** Latency of the simulated LLMs. Default lognormal, median 200 ms. */
  backendLatency?: LatencyModel;
  /** Folder of the embedded database; in memory when absent. */
  dataDir?: string;
  /** Port of the Prometheus `/metrics` endpoint (0: a free one); none when absent. */
  metricsPort?: number;
  /** Further environment for the composed services' own settings (CQB_RETRY_SIMILARITY, ...). */
  env?: Record<string, string | undefined>;
  logger?: Logger;
}

/** A running all-in-one system. */
export interface AllInOneSystem {
  /** The bound gRPC address (Router, Admin, health). */
  address: string;
  /** The in-memory bus every service talks over (for observers such as replay reports). */
  bus: EventBus;
  database: Database;
  /** LLM ids served, best train accuracy first (the order of the policy's arms). */
  llms: string[];
  /** Bound port of `/metrics`, when `metricsPort` was given. */
  metricsPort?: number;
  /** Stops every component in reverse start order. */
  stop(): Promise<void>;
}

/**
 * Starts the five services in one process over the in-memory bus and an embedded PGlite database
 * (same migrations as Postgres), with one simulated OpenAI-compatible backend answering as the
 * RouterBench LLMs from their recorded responses. Consumers start before producers, so nothing
 * published is missed; stop() runs in reverse.
 */
export async function startAllInOne(options: AllInOneOptions = {}): Promise<AllInOneSystem> {
  const logger =
    options.logger ?? createLogger({ service: 'all-in-one', destination: process.stderr });
  const env = {
    ...options.env,
    ...(options.policy ? { CQB_POLICY: options.policy } : {}),
    ...(options.seed !== undefined ? { CQB_POLICY_SEED: String(options.seed) } : {}),
    ...(options.retryWindowMs ? { CQB_RETRY_WINDOW_MS: String(options.retryWindowMs) } : {}),
  };
  const stack = createStopStack(logger);
  try {
    const llms = servedLlms(options.llms);
    const database = await createPgliteDatabase({ dataDir: options.dataDir });
    stack.push('database', () => database.close());
    await runMigrations(database, { logger });

    const dataset = await loadSimulatedDataset('routerbench');
    const backend = await createSimulatedBackend({
      rows: dataset.rows,
      llms: dataset.llms,
      latency: options.backendLatency ?? { kind: 'lognormal', medianMs: 200 },
      seed: options.seed ?? 1,
    });
    stack.push('simulated backend', () => backend.close());
    const capacity = options.llmCapacity ?? 2;
    const served = new Set(llms.map((l) => l.id));
    await seedRegistry(
      database,
      routerBenchRegistry(backend.url, capacity).filter((e) => served.has(e.id)),
    );

    // One registry for the whole process; every series carries service="all-in-one".
    const metrics = createMetricsRegistry('all-in-one');
    const bus = createMemoryBus({ registry: metrics });
    stack.push('bus', () => bus.close());
    const child = (service: string): Logger => logger.child({ service });

    const feedback = createFeedbackService({
      bus,
      db: database,
      logger: child('feedback'),
      metrics,
      config: loadConfig(feedbackConfigSchema, env),
      serve: false,
    });
    await feedback.start();
    stack.push('feedback', () => feedback.stop());

    const dispatcher = createDispatcherService({
      bus,
      logger: child('dispatcher'),
      registry: createLlmRegistry(database),
      metrics,
      // The in-memory bus dies with the process: committing assignments once their calls start
      // loses nothing, and spares head-of-line blocking behind a partition's slowest call.
      config: loadConfig(dispatcherConfigSchema, { CQB_DISPATCH_COMMIT: 'accepted', ...env }),
    });
    await dispatcher.start();
    stack.push('dispatcher', () => dispatcher.stop());

    // The embedder model and head are loaded before the scheduler so that the scheduler's
    // expected context dimension and versions come from the files actually in use.
    const embedderConfig = loadConfig(embedderConfigSchema, env);
    const encoder = await createEncoder({
      modelPath: embedderConfig.CQB_MODEL_PATH,
      vocabPath: embedderConfig.CQB_VOCAB_PATH,
      maxTokens: embedderConfig.CQB_MAX_TOKENS,
      maxBatchSize: embedderConfig.CQB_EMBED_BATCH_SIZE,
      intraOpThreads: embedderConfig.CQB_EMBED_THREADS || undefined,
    });
    stack.push('encoder', () => encoder.close());
    const head = loadProjectionHead(embedderConfig.CQB_HEAD_PATH);

    const scheduler = createSchedulerService({
      bus,
      db: database,
      logger: child('scheduler'),
      metrics,
      config: loadConfig(schedulerConfigSchema, {
        ...env,
        CQB_CONTEXT_DIM: String(head.outputDim),
        CQB_ENCODER_VERSION: encoder.version,
        CQB_HEAD_VERSION: head.version,
      }),
      llms: llms.map((l) => ({ id: l.id, capacity })),
      serve: false,
    });
    await scheduler.start();
    stack.push('scheduler', () => scheduler.stop());

    const embedder = createEmbedderService({
      bus,
      logger: child('embedder'),
      metrics,
      encoder,
      head,
      config: embedderConfig,
    });
    await embedder.start();
    stack.push('embedder', () => embedder.stop());

    const ingest = createIngestService({
      bus,
      logger: child('ingest'),
      metrics,
      config: loadConfig(ingestConfigSchema, env),
      serve: false,
    });
    await ingest.start();
    stack.push('ingest', () => ingest.stop());

    const health = createHealthService();
    const address = options.grpcAddress ?? '127.0.0.1:50051';
    const server = await startGrpcServer({
      address,
      logger,
      services: [...ingest.bindings, ...scheduler.bindings, health],
    });
    stack.push('grpc server', async () => {
      health.shutdown();
      await server.stop(5000);
    });
    const metricsServer =
      options.metricsPort === undefined
        ? undefined
        : await startMetricsServer({ registry: metrics, port: options.metricsPort });
    if (metricsServer) stack.push('metrics server', () => metricsServer.close());
    return {
      address: `${address.slice(0, address.lastIndexOf(':'))}:${server.port}`,
      ...(metricsServer ? { metricsPort: metricsServer.port } : {}),
      bus,
      database,
      llms: llms.map((l) => l.id),
      stop: () => stack.stopAll(),
    };
  } catch (err) {
    await stack.stopAll();
    throw err;
  }
}
