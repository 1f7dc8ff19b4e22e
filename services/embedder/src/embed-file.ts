import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Encoder } from './encoder/encoder.js';
import type { ProjectionHead } from './head/projection-head.js';

/** Thrown for an input line that is not `{"id": string, "text": string}`. */
export class EmbedInputError extends Error {
  override readonly name = 'EmbedInputError';
}

interface InputLine {
  id: string;
  text: string;
}

function parseLine(line: string, lineNo: number): InputLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new EmbedInputError(`line ${lineNo}: not JSON`, { cause: err });
  }
  const v = value as Partial<InputLine> | null;
  if (typeof v?.id !== 'string' || typeof v.text !== 'string') {
    throw new EmbedInputError(`line ${lineNo}: expected {"id": string, "text": string}`);
  }
  return { id: v.id, text: v.text };
}

/**
 * Embeds a JSON-lines file (`{"id","text"}` per line) into another
 * (`{"id","tokens","truncated","embedding","projected"}` per line), in batches of batchSize.
 * Returns the number of lines written.
 */
export async function embedJsonlFile(
  inPath: string,
  outPath: string,
  deps: { encoder: Encoder; head: ProjectionHead; batchSize?: number },
): Promise<number> {
  const out = createWriteStream(outPath);
  const batchSize = deps.batchSize ?? 32;
  let batch: InputLine[] = [];
  let written = 0;
  const flush = async (): Promise<void> => {
    const results = await deps.encoder.embed(batch.map((b) => b.text));
    for (const [i, r] of results.entries()) {
      const line = {
        id: batch[i]!.id,
        tokens: r.tokens,
        truncated: r.truncated,
        embedding: Array.from(r.embedding),
        projected: Array.from(deps.head.project(r.embedding)),
      };
      if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
    }
    written += results.length;
    batch = [];
  };
  let lineNo = 0;
  for await (const line of createInterface({
    input: createReadStream(inPath),
    crlfDelay: Infinity,
  })) {
    lineNo++;
    if (line.trim() === '') continue;
    batch.push(parseLine(line, lineNo));
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  out.end();
  await once(out, 'finish');
  return written;
}
