import { hostname } from 'node:os';
import { commonConfigShape, loadConfig } from '@cqb/runtime';
import type { Env } from '@cqb/runtime';
import { z } from 'zod';

/**
 * Environment of the ingest service. Every variable is optional with the default shown;
 * the shared variables of `commonConfigShape` (Kafka, database, log level, metrics port, topic
 * prefix) come first.
 * - CQB_GRPC_ADDRESS: host:port the Router and health services listen on (0.0.0.0:50051).
 * - CQB_MAX_TEXT_BYTES: largest accepted query text in UTF-8 bytes (32768).
 * - CQB_MAX_IN_FLIGHT: calls that may wait for answers at once; beyond, RESOURCE_EXHAUSTED (1024).
 * - CQB_MAX_WAIT_MS: longest wait for an answer when the client sets no deadline (120000).
 * - CQB_RECENT_QUERIES: query ids remembered to check `retry_of` ownership (100000).
 * - CQB_INSTANCE_ID: this replica's id, part of its answers consumer group (host-pid).
 */
export const configSchema = z.object({
  ...commonConfigShape,
  CQB_GRPC_ADDRESS: commonConfigShape.CQB_GRPC_ADDRESS.unwrap().default('0.0.0.0:50051'),
  CQB_MAX_TEXT_BYTES: z.coerce.number().int().positive().default(32_768),
  CQB_MAX_IN_FLIGHT: z.coerce.number().int().positive().default(1024),
  CQB_MAX_WAIT_MS: z.coerce.number().int().positive().default(120_000),
  CQB_RECENT_QUERIES: z.coerce.number().int().positive().default(100_000),
  CQB_INSTANCE_ID: z.string().min(1).default(`${hostname()}-${process.pid}`),
});

/** Validated ingest configuration. */
export type IngestConfig = z.infer<typeof configSchema>;

/** Validates the environment once; throws ConfigError naming every bad variable. */
export function loadIngestConfig(env?: Env): IngestConfig {
  return loadConfig(configSchema, env);
}
