import { POLICY_NAMES } from '@cqb/policy';
import { commonConfigShape, durationMs } from '@cqb/runtime';
import { z } from 'zod';

/**
 * Environment of `cqb serve --mode all-in-one`, over the shared variables of every service
 * (CQB_LOG_LEVEL, CQB_GRPC_ADDRESS, ...). Every variable is optional with the default shown; the
 * composed services also read their own variables (for example CQB_RETRY_SIMILARITY).
 * - CQB_GRPC_ADDRESS: host:port of the Router, Admin and health services (127.0.0.1:50051).
 * - CQB_POLICY: policy name (acqb). CQB_POLICY_SEED: seed of the policy and backends (1).
 * - CQB_RETRY_WINDOW_MS: retry window of the feedback service (30000).
 * - CQB_LLMS: comma-separated RouterBench LLM ids to serve (all 11).
 * - CQB_LLM_CAPACITY: concurrent requests per simulated LLM (2).
 * - CQB_BACKEND_LATENCY_MS: median latency of the simulated LLMs, lognormal (200).
 * - CQB_DATA_DIR: folder of the embedded database (unset: in memory, lost at exit).
 */
export const configSchema = z.object({
  ...commonConfigShape,
  CQB_GRPC_ADDRESS: commonConfigShape.CQB_GRPC_ADDRESS.removeDefault().default('127.0.0.1:50051'),
  CQB_POLICY: z.enum(POLICY_NAMES).default('acqb'),
  CQB_POLICY_SEED: z.coerce.number().int().default(1),
  CQB_RETRY_WINDOW_MS: durationMs(30_000),
  CQB_LLMS: z.string().optional(),
  CQB_LLM_CAPACITY: z.coerce.number().int().positive().default(2),
  CQB_BACKEND_LATENCY_MS: z.coerce.number().nonnegative().default(200),
  CQB_DATA_DIR: z.string().optional(),
});

/** Validated all-in-one configuration. */
export type AllInOneConfig = z.output<typeof configSchema>;
