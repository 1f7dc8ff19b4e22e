/** `cqb train-head`: reproduces the projection head from RouterBench with a seed. */
import { parseArgs } from 'node:util';
import { createEncoder, defaultModelPaths, trainRouterBenchHead } from '@cqb/embedder';
import type { ModelVariant } from '@cqb/embedder';

export const summary = 'train the contrastive projection head on RouterBench (--seed N --out F)';

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      epochs: { type: 'string' },
      variant: { type: 'string', default: 'int8' },
      'embeddings-dir': { type: 'string' },
    },
  });
  const encoder = await createEncoder(defaultModelPaths(values.variant as ModelVariant));
  const log = (m: string): void => void process.stderr.write(`train-head: ${m}\n`);
  const result = await trainRouterBenchHead({
    encoder,
    seed: Number(values.seed),
    log,
    ...(values.out ? { outPath: values.out } : {}),
    ...(values.epochs ? { epochs: Number(values.epochs) } : {}),
    ...(values['embeddings-dir'] ? { embeddingsDir: values['embeddings-dir'] } : {}),
  });
  await encoder.close();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}
