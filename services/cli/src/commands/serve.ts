/** `cqb serve`: the whole system in one process, or one service of the distributed system. */
import { parseArgs } from 'node:util';
import { createLogger, exitOnConfigError, loadConfig } from '@cqb/runtime';
import { configSchema } from '../all-in-one/config.js';
import { startAllInOne } from '../all-in-one/all-in-one.js';

export const summary = 'start the system (all-in-one) or one service (--service NAME, distributed)';

const serviceNames = ['ingest', 'embedder', 'scheduler', 'dispatcher', 'feedback'] as const;

const usage = `usage: cqb serve [--mode all-in-one|distributed] [--service NAME]
  --mode all-in-one     (default) all five services in this process: in-memory bus, embedded
                        Postgres (PGlite), simulated RouterBench LLMs; gRPC on CQB_GRPC_ADDRESS
                        (127.0.0.1:50051). Settings: see services/cli/src/all-in-one/config.ts.
  --service NAME        run one service (${serviceNames.join(', ')}) against Kafka and Postgres
                        from its environment (distributed mode; implies --mode distributed)`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      mode: { type: 'string', default: 'all-in-one' },
      service: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (values.service !== undefined || values.mode === 'distributed') {
    return runService(values.service);
  }
  if (values.mode !== 'all-in-one') {
    process.stderr.write(`cqb serve: unknown mode '${values.mode}'\n${usage}\n`);
    return 2;
  }
  return runAllInOne();
}

/** Delegates to the service package's own composition (its src/main.ts). */
async function runService(name: string | undefined): Promise<number> {
  if (!name || !(serviceNames as readonly string[]).includes(name)) {
    process.stderr.write(`cqb serve: --service must be one of ${serviceNames.join(', ')}\n`);
    return 2;
  }
  const entry = new URL('./main.js', import.meta.resolve(`@cqb/${name}`));
  await import(entry.href);
  return 0;
}

async function runAllInOne(): Promise<number> {
  const config = exitOnConfigError(() => loadConfig(configSchema, process.env));
  const logger = createLogger({
    service: 'all-in-one',
    level: config.CQB_LOG_LEVEL,
    destination: process.stderr,
  });
  logger.info({ address: config.CQB_GRPC_ADDRESS, policy: config.CQB_POLICY }, 'starting');
  const system = await startAllInOne({
    grpcAddress: config.CQB_GRPC_ADDRESS,
    policy: config.CQB_POLICY,
    seed: config.CQB_POLICY_SEED,
    retryWindowMs: config.CQB_RETRY_WINDOW_MS,
    llms: config.CQB_LLMS ? config.CQB_LLMS.split(',').map((s) => s.trim()) : undefined,
    llmCapacity: config.CQB_LLM_CAPACITY,
    backendLatency: { kind: 'lognormal', medianMs: config.CQB_BACKEND_LATENCY_MS },
    dataDir: config.CQB_DATA_DIR,
    metricsPort: config.CQB_METRICS_PORT,
    env: process.env,
    logger,
  });
  logger.info(
    { address: system.address, metricsPort: system.metricsPort, llms: system.llms.length },
    'ready',
  );
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  logger.info({ signal }, 'shutting down');
  await system.stop();
  logger.info('stopped');
  return 0;
}
