import { hostname } from 'node:os';
import { POLICY_NAMES } from '@cqb/policy';
import { commonConfigShape, loadConfig } from '@cqb/runtime';
import type { Env } from '@cqb/runtime';
import { z } from 'zod';

const optionalText = z.string().min(1).optional();

/**
 * Environment of the scheduler. Every variable is optional with the default shown;
 * the shared variables of `commonConfigShape` (Kafka, database, log level, metrics port, topic
 * prefix) come first.
 * - CQB_GRPC_ADDRESS: host:port of the Admin and health services (0.0.0.0:50052).
 * - CQB_POLICY: policy name, one of @cqb/policy's POLICY_NAMES (acqb).
 * - CQB_POLICY_SEED: seed of the policy's random source (1).
 * - CQB_CONTEXT_DIM: context dimension d the embedder produces (32).
 * - CQB_ENCODER_VERSION, CQB_HEAD_VERSION: when set, stored posteriors must carry these
 *   versions or the scheduler refuses to start (unset: not checked).
 * - CQB_EXPLORATION_C: forced-exploration constant c_ε (1). CQB_SAMPLING_NU: ν (1).
 * - CQB_PRIOR_PRECISION: λ of the prior for an LLM with no stored posterior (1).
 * - CQB_AGE_BOUND_MS: a query older than this is served first; 0 disables (0, paper mode).
 * - CQB_SCHEDULER_BATCH: embedded events held uncommitted per partition until assigned (256).
 * - CQB_SCHEDULER_TICK_MS: period of the expiry check and decision retry (200).
 * - CQB_INSTANCE_ID: this replica's id, in assignments and its broadcast consumer groups.
 */
export const configSchema = z.object({
  ...commonConfigShape,
  CQB_GRPC_ADDRESS: commonConfigShape.CQB_GRPC_ADDRESS.unwrap().default('0.0.0.0:50052'),
  CQB_POLICY: z.enum(POLICY_NAMES).default('acqb'),
  CQB_POLICY_SEED: z.coerce.number().int().default(1),
  CQB_CONTEXT_DIM: z.coerce.number().int().positive().default(32),
  CQB_ENCODER_VERSION: optionalText,
  CQB_HEAD_VERSION: optionalText,
  CQB_EXPLORATION_C: z.coerce.number().nonnegative().default(1),
  CQB_SAMPLING_NU: z.coerce.number().positive().default(1),
  CQB_PRIOR_PRECISION: z.coerce.number().positive().default(1),
  CQB_AGE_BOUND_MS: z.coerce.number().int().nonnegative().default(0),
  CQB_SCHEDULER_BATCH: z.coerce.number().int().positive().default(256),
  CQB_SCHEDULER_TICK_MS: z.coerce.number().int().positive().default(200),
  CQB_INSTANCE_ID: z.string().min(1).default(`${hostname()}-${process.pid}`),
});

/** Validated scheduler configuration. */
export type SchedulerConfig = z.infer<typeof configSchema>;

/** Validates the environment once; throws ConfigError naming every bad variable. */
export function loadSchedulerConfig(env?: Env): SchedulerConfig {
  return loadConfig(configSchema, env);
}
