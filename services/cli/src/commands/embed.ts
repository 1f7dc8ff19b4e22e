/** `cqb embed`: embeds a JSON-lines file of `{"id","text"}` with the encoder and the head. */
import { parseArgs } from 'node:util';
import {
  createEncoder,
  defaultModelPaths,
  embedJsonlFile,
  loadProjectionHead,
} from '@cqb/embedder';
import type { ModelVariant } from '@cqb/embedder';

export const summary = 'embed a JSONL file: --in F.jsonl --out G.jsonl [--variant int8|float]';

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      in: { type: 'string' },
      out: { type: 'string' },
      variant: { type: 'string', default: 'int8' },
      model: { type: 'string' },
      vocab: { type: 'string' },
      head: { type: 'string' },
      'max-tokens': { type: 'string', default: '256' },
      'batch-size': { type: 'string', default: '32' },
    },
  });
  if (!values.in || !values.out) {
    process.stderr.write(`usage: cqb embed --in F.jsonl --out G.jsonl\n`);
    return 2;
  }
  const paths = defaultModelPaths(values.variant as ModelVariant);
  const encoder = await createEncoder({
    modelPath: values.model ?? paths.modelPath,
    vocabPath: values.vocab ?? paths.vocabPath,
    maxTokens: Number(values['max-tokens']),
  });
  const head = loadProjectionHead(values.head);
  const batchSize = Number(values['batch-size']);
  const count = await embedJsonlFile(values.in, values.out, { encoder, head, batchSize });
  await encoder.close();
  process.stderr.write(`embed: wrote ${count} lines to ${values.out}\n`);
  return 0;
}
