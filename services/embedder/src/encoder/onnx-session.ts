import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { basename } from 'node:path';
import * as ort from 'onnxruntime-node';

/** Thrown at start-up when the model or vocabulary is missing or does not fit the encoder. */
export class EncoderSetupError extends Error {
  override readonly name = 'EncoderSetupError';
}

/** The inputs a BERT-style sentence encoder export must take, and the output it must give. */
export const requiredInputs = ['input_ids', 'attention_mask', 'token_type_ids'] as const;
export const requiredOutput = 'last_hidden_state';

/** Throws a clear {@link EncoderSetupError} naming each missing file and how to get it. */
export function assertFilesExist(files: Record<string, string>): void {
  const missing = Object.entries(files).filter(([, path]) => !existsSync(path));
  if (missing.length === 0) return;
  const list = missing.map(([what, path]) => `${what} ${path}`).join(', ');
  throw new EncoderSetupError(
    `embedding model files missing: ${list}. Run infra/fetch-model.sh, or set CQB_MODEL_PATH ` +
      'and CQB_VOCAB_PATH to a local ONNX sentence encoder and its vocabulary.',
  );
}

/** Opens an ONNX session and checks that its inputs and outputs are those of a BERT encoder. */
export async function openEncoderSession(
  modelPath: string,
  intraOpThreads?: number,
): Promise<ort.InferenceSession> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelPath, {
      graphOptimizationLevel: 'all',
      ...(intraOpThreads ? { intraOpNumThreads: intraOpThreads, interOpNumThreads: 1 } : {}),
    });
  } catch (err) {
    throw new EncoderSetupError(`cannot load ONNX model ${modelPath}`, { cause: err });
  }
  const missingInputs = requiredInputs.filter((name) => !session.inputNames.includes(name));
  if (missingInputs.length > 0 || !session.outputNames.includes(requiredOutput)) {
    const have = `inputs [${session.inputNames.join(', ')}], outputs [${session.outputNames.join(', ')}]`;
    throw new EncoderSetupError(
      `ONNX model ${modelPath} has ${have}; expected inputs [${requiredInputs.join(', ')}] ` +
        `and output ${requiredOutput}`,
    );
  }
  return session;
}

/** A short content-addressed version of a model file: `<name>@<first 12 hex of sha256>`. */
export async function fileVersion(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const name = basename(path).replace(/\.[^.]+$/, '');
  return `${name}@${hash.digest('hex').slice(0, 12)}`;
}

/** Builds the three int64 tensors of a batch padded to its longest sequence. */
export function batchTensors(
  batch: readonly { ids: readonly number[] }[],
  padId: number,
): { feeds: Record<string, ort.Tensor>; seqLen: number; mask: BigInt64Array } {
  const seqLen = Math.max(...batch.map((b) => b.ids.length));
  const size = batch.length * seqLen;
  const ids = new BigInt64Array(size).fill(BigInt(padId));
  const mask = new BigInt64Array(size);
  batch.forEach((b, row) => {
    b.ids.forEach((id, col) => {
      ids[row * seqLen + col] = BigInt(id);
      mask[row * seqLen + col] = 1n;
    });
  });
  const dims = [batch.length, seqLen];
  const feeds = {
    input_ids: new ort.Tensor('int64', ids, dims),
    attention_mask: new ort.Tensor('int64', mask, dims),
    token_type_ids: new ort.Tensor('int64', new BigInt64Array(size), dims),
  };
  return { feeds, seqLen, mask };
}
