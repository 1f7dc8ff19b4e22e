import { hostname } from 'node:os';
import { commonConfigShape, loadConfig } from '@cqb/runtime';
import type { Env } from '@cqb/runtime';
import { z } from 'zod';

/**
 * Environment of the feedback service. Every variable is optional with the default shown;
 * the shared variables of `commonConfigShape` (Kafka, database, log level, metrics port, topic
 * prefix) come first.
 * - CQB_GRPC_ADDRESS: host:port of the health service (0.0.0.0:50055).
 * - CQB_RETRY_WINDOW_MS: how long after an answer a new query counts as its retry (30000).
 * - CQB_RETRY_SIMILARITY: minimum embedding cosine for an implicit retry (0.9).
 * - CQB_FEEDBACK_GRACE_MS: extra wait after a window closes before "satisfied" is final, so a
 *   retry still in the embedder's pipeline is not missed (2000).
 * - CQB_FEEDBACK_MAX_HOLD_MS: how long an answer whose window has closed may still wait for the
 *   embedding of a query of the same user received inside the window (seen on the queries topic,
 *   still in the embedder), counted from that query's receipt (120000).
 * - CQB_FEEDBACK_SWEEP_MS: period of the window-closing sweep (500).
 * - CQB_FEEDBACK_BATCH: pending answers finalised per sweep transaction (200).
 * - CQB_PRIOR_PRECISION: prior precision λ of a posterior created for a new LLM (1).
 * - CQB_INSTANCE_ID: this replica's id, in logs (host-pid).
 */
export const configSchema = z.object({
  ...commonConfigShape,
  CQB_GRPC_ADDRESS: commonConfigShape.CQB_GRPC_ADDRESS.unwrap().default('0.0.0.0:50055'),
  CQB_RETRY_WINDOW_MS: z.coerce.number().int().positive().default(30_000),
  CQB_RETRY_SIMILARITY: z.coerce.number().min(-1).max(1).default(0.9),
  CQB_FEEDBACK_GRACE_MS: z.coerce.number().int().nonnegative().default(2_000),
  CQB_FEEDBACK_MAX_HOLD_MS: z.coerce.number().int().nonnegative().default(120_000),
  CQB_FEEDBACK_SWEEP_MS: z.coerce.number().int().positive().default(500),
  CQB_FEEDBACK_BATCH: z.coerce.number().int().positive().default(200),
  CQB_PRIOR_PRECISION: z.coerce.number().positive().default(1),
  CQB_INSTANCE_ID: z.string().min(1).default(`${hostname()}-${process.pid}`),
});

/** Validated feedback configuration. */
export type FeedbackConfig = z.infer<typeof configSchema>;

/** Validates the environment once; throws ConfigError naming every bad variable. */
export function loadFeedbackConfig(env?: Env): FeedbackConfig {
  return loadConfig(configSchema, env);
}
