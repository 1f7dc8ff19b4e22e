/**
 * Entry point of the scheduler as its own process (distributed mode): config, logger, Postgres
 * (migrations, LLM registry), Kafka bus, the service with its Admin/health server, the metrics
 * endpoint, and SIGTERM/SIGINT handlers that stop everything in reverse order. A stored posterior
 * that fails validation stops the start with an error naming the LLM (exit status 1).
 */
import {
  createLogger,
  createMetricsRegistry,
  createServiceProcess,
  exitOnConfigError,
} from '@cqb/runtime';
import { loadSchedulerConfig } from './config.js';
import { listRegistryLlms } from './posterior-store.js';
import { createSchedulerService } from './scheduler-service.js';

const config = exitOnConfigError(() => loadSchedulerConfig());
const logger = createLogger({ service: 'scheduler', level: config.CQB_LOG_LEVEL });
const proc = createServiceProcess(logger);
logger.info({ instance: config.CQB_INSTANCE_ID }, 'starting');
const db = await proc.openDatabase(config);
const llms = await listRegistryLlms(db);
if (llms.length === 0) {
  await proc.fail(new Error('no LLMs registered'), 'the LLM registry is empty; seed it first');
}
const bus = proc.openKafkaBus(config);
const metrics = createMetricsRegistry('scheduler');
const service = createSchedulerService({ bus, db, logger, config, llms, metrics });
await service.start().catch((err: unknown) => proc.fail(err, 'scheduler cannot start'));
proc.started('service', service);
await proc.ready(metrics, config, { port: service.port });
