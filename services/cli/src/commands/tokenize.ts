/** `cqb tokenize`: shows the word pieces and ids the embedder feeds the model. */
import { parseArgs } from 'node:util';
import { createTokenizer, defaultModelPaths, loadVocab } from '@cqb/embedder';
import type { TruncationStrategy } from '@cqb/embedder';

export const summary = 'show WordPiece tokens and ids of TEXT... (or of stdin lines)';

async function readStdinLines(): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0);
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      vocab: { type: 'string' },
      'max-tokens': { type: 'string', default: '256' },
      truncation: { type: 'string', default: 'head-tail' },
    },
  });
  const vocab = loadVocab(values.vocab ?? defaultModelPaths('int8').vocabPath);
  const tokenizer = createTokenizer({
    vocab,
    maxTokens: Number(values['max-tokens']),
    truncation: values.truncation as TruncationStrategy,
  });
  const texts = positionals.length > 0 ? [positionals.join(' ')] : await readStdinLines();
  for (const text of texts) {
    const enc = tokenizer.encode(text);
    const line = { pieces: tokenizer.pieces(text), ids: enc.ids, truncated: enc.truncated };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  return 0;
}
