import { hostname } from 'node:os';
import { z } from 'zod';
import { commonConfigShape, durationMs, loadConfig } from '@cqb/runtime';
import type { Env } from '@cqb/runtime';

/**
 * Environment of the dispatcher service: the shared variables (`commonConfigShape`: log level,
 * Kafka brokers, database URL, gRPC address, metrics port, topic prefix) plus, with defaults:
 * - CQB_DISPATCHER_ID: this replica's id, in capacity reports (host-pid).
 * - CQB_LLM_TIMEOUT_MS: timeout of one backend attempt (30000).
 * - CQB_DISPATCH_RETRIES: extra attempts after a transport error, 5xx or 429 (2).
 * - CQB_DISPATCH_BACKOFF_MS: backoff before the first retry, doubled per retry (100).
 * - CQB_CAPACITY_REPORT_MS: period of capacity reports for every LLM (1000).
 * - CQB_REGISTRY_REFRESH_MS: period of re-reading the LLM registry (10000).
 * - CQB_DEDUPE_IDS: answered assignment ids remembered to skip redeliveries (100000).
 * - CQB_DISPATCH_BATCH: assignments of one partition dispatched concurrently (64).
 * - CQB_DRAIN_MS: longest wait for in-flight calls at shutdown before abandoning them (60000).
 * - CQB_DISPATCH_COMMIT: when a batch of assignments is committed on the bus (answered):
 *   `answered` once every answer of the batch is published (a crashed dispatcher's successor
 *   answers them; but a slow call holds back the next batch of its partition, whatever its LLM),
 *   or `accepted` once every call of the batch has started (no head-of-line blocking; a crash
 *   loses the calls in flight, whose clients then time out). The all-in-one system, whose
 *   in-memory bus dies with the process anyway, uses `accepted`.
 */
export const configSchema = z.object({
  ...commonConfigShape,
  CQB_GRPC_ADDRESS: commonConfigShape.CQB_GRPC_ADDRESS.default('0.0.0.0:50054'),
  CQB_DISPATCHER_ID: z.string().min(1).default(`${hostname()}-${process.pid}`),
  CQB_LLM_TIMEOUT_MS: durationMs(30_000),
  CQB_DISPATCH_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  CQB_DISPATCH_BACKOFF_MS: z.coerce.number().int().min(0).default(100),
  CQB_CAPACITY_REPORT_MS: durationMs(1000),
  CQB_REGISTRY_REFRESH_MS: durationMs(10_000),
  CQB_DEDUPE_IDS: z.coerce.number().int().positive().default(100_000),
  CQB_DISPATCH_BATCH: z.coerce.number().int().positive().default(64),
  CQB_DRAIN_MS: durationMs(60_000),
  CQB_DISPATCH_COMMIT: z.enum(['answered', 'accepted']).default('answered'),
});

/** Validated dispatcher configuration. */
export type DispatcherConfig = z.output<typeof configSchema>;

/** Validates the environment once; throws `ConfigError` listing every problem. */
export function loadDispatcherConfig(env?: Env): DispatcherConfig {
  return loadConfig(configSchema, env);
}

/** Defaults of every setting, for tests and the all-in-one mode. */
export function defaultDispatcherConfig(
  overrides: Partial<DispatcherConfig> = {},
): DispatcherConfig {
  return { ...loadConfig(configSchema, {}), ...overrides };
}
