import { hostname } from 'node:os';
import { z } from 'zod';

/**
 * Environment of the dispatcher service. Every variable is optional with the default shown.
 * - CQB_DISPATCHER_ID: this replica's id, in capacity reports (host-pid).
 * - CQB_TOPIC_PREFIX: prefix of every topic name ('').
 * - CQB_LLM_TIMEOUT_MS: timeout of one backend attempt (30000).
 * - CQB_DISPATCH_RETRIES: extra attempts after a transport error, 5xx or 429 (2).
 * - CQB_DISPATCH_BACKOFF_MS: backoff before the first retry, doubled per retry (100).
 * - CQB_CAPACITY_REPORT_MS: period of capacity reports for every LLM (1000).
 * - CQB_REGISTRY_REFRESH_MS: period of re-reading the LLM registry (10000).
 * - CQB_DEDUPE_IDS: answered assignment ids remembered to skip redeliveries (100000).
 * - CQB_DISPATCH_BATCH: assignments of one partition dispatched concurrently (64).
 */
export const configSchema = z.object({
  CQB_DISPATCHER_ID: z.string().min(1).default(`${hostname()}-${process.pid}`),
  CQB_TOPIC_PREFIX: z.string().default(''),
  CQB_LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  CQB_DISPATCH_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  CQB_DISPATCH_BACKOFF_MS: z.coerce.number().int().min(0).default(100),
  CQB_CAPACITY_REPORT_MS: z.coerce.number().int().positive().default(1000),
  CQB_REGISTRY_REFRESH_MS: z.coerce.number().int().positive().default(10_000),
  CQB_DEDUPE_IDS: z.coerce.number().int().positive().default(100_000),
  CQB_DISPATCH_BATCH: z.coerce.number().int().positive().default(64),
});

/** Validated dispatcher configuration. */
export type DispatcherConfig = z.infer<typeof configSchema>;

/** Defaults of every setting, for tests and the all-in-one mode. */
export function defaultDispatcherConfig(
  overrides: Partial<DispatcherConfig> = {},
): DispatcherConfig {
  return { ...configSchema.parse({}), ...overrides };
}
