import { commonConfigShape } from '@cqb/runtime';
import { z } from 'zod';
import { defaultModelPaths } from './model-files.js';
import { defaultHeadPath } from './head/projection-head.js';

const variantSchema = z.enum(['int8', 'float']).default('int8');

/**
 * Environment of the embedder service. Every variable is optional with the default shown.
 * - CQB_MODEL_VARIANT: `int8` (quantised, default) or `float`; picks the default model file.
 * - CQB_MODEL_PATH: ONNX sentence encoder (the variant's file in .cache/models).
 * - CQB_VOCAB_PATH: its tokenizer.json or vocab.txt (.cache/models/all-minilm-l6-v2-tokenizer.json).
 * - CQB_HEAD_PATH: projection head (data/head/head.json).
 * - CQB_MAX_TOKENS: sequence cap including [CLS]/[SEP], 2..512 (256).
 * - CQB_EMBED_BATCH_SIZE: most queries per model run (32).
 * - CQB_EMBED_BATCH_WAIT_MS: how long a partial batch waits for more queries (5; 0 = never).
 * - CQB_EMBED_THREADS: ONNX Runtime intra-op threads (0 = the runtime's choice).
 * Plus the variables every service reads (commonConfigShape: log level, Kafka, metrics port,
 * topic prefix).
 */
export const configSchema = z
  .object({
    ...commonConfigShape,
    // Its own default port, so that the five services can share one host.
    CQB_GRPC_ADDRESS: commonConfigShape.CQB_GRPC_ADDRESS.unwrap().default('0.0.0.0:50053'),
    CQB_MODEL_VARIANT: variantSchema,
    CQB_MODEL_PATH: z.string().min(1).optional(),
    CQB_VOCAB_PATH: z.string().min(1).optional(),
    CQB_HEAD_PATH: z.string().min(1).default(defaultHeadPath),
    CQB_MAX_TOKENS: z.coerce.number().int().min(2).max(512).default(256),
    CQB_EMBED_BATCH_SIZE: z.coerce.number().int().positive().max(256).default(32),
    CQB_EMBED_BATCH_WAIT_MS: z.coerce.number().int().min(0).max(1000).default(5),
    CQB_EMBED_THREADS: z.coerce.number().int().min(0).default(0),
  })
  .transform((env) => {
    const paths = defaultModelPaths(env.CQB_MODEL_VARIANT);
    return {
      ...env,
      CQB_MODEL_PATH: env.CQB_MODEL_PATH ?? paths.modelPath,
      CQB_VOCAB_PATH: env.CQB_VOCAB_PATH ?? paths.vocabPath,
    };
  });

/** Validated embedder configuration. */
export type EmbedderConfig = z.infer<typeof configSchema>;
