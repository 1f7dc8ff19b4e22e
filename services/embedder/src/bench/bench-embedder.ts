import { loadShareGptPrompts } from '@cqb/datasets';
import type { Encoding } from '../tokenizer/wordpiece.js';
import { createEncoder } from '../encoder/encoder.js';
import { batchTensors, openEncoderSession } from '../encoder/onnx-session.js';
import type { ModelVariant } from '../model-files.js';
import { defaultModelPaths } from '../model-files.js';
import { createRandom } from '../head/random.js';

/** Options of {@link benchEmbedder}. */
export interface BenchEmbedderOptions {
  /** Batch sizes to measure [1, 8, 32]. */
  batchSizes?: readonly number[];
  /** Prompts embedded per batch size [128; 32 when quick]. */
  promptsPerSize?: number;
  quick?: boolean;
  variant?: ModelVariant;
  /** ONNX Runtime intra-op threads for both paths [runtime default]. */
  intraOpThreads?: number;
}

/** Figures for one batch size. */
export interface BatchFigures {
  batchSize: number;
  batches: number;
  /** Embeddings per second through createEncoder().embed (tokenize, run, pool, normalise). */
  embedderPerSecond: number;
  /** Embeddings per second of a bare session.run loop over the same pre-tokenised batches. */
  bareOnnxPerSecond: number;
  /** embedderPerSecond / bareOnnxPerSecond (goal ≥ 0.85). */
  ratio: number;
  /** Share of the embedder's time per batch spent tokenising (goal ≤ 0.10). */
  tokenizeShare: number;
  meanTokens: number;
}

const msSince = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

/**
 * Measures embedding throughput on real ShareGPT prompts at several batch sizes, beside a bare
 * onnxruntime-node loop over the same pre-tokenised batches run in the same process, alternating
 * batch by batch so that load from other processes hits both paths alike.
 */
export async function benchEmbedder(options: BenchEmbedderOptions = {}): Promise<{
  encoderVersion: string;
  sizes: BatchFigures[];
}> {
  const paths = defaultModelPaths(options.variant ?? 'int8');
  const threads =
    options.intraOpThreads === undefined ? {} : { intraOpThreads: options.intraOpThreads };
  const encoder = await createEncoder({ ...paths, ...threads, maxBatchSize: 1024 });
  const session = await openEncoderSession(paths.modelPath, options.intraOpThreads);
  // The prompt file is sorted by length: shuffle (fixed seed) for a representative mix.
  const all = (await loadShareGptPrompts()).map((p) => p.text).filter((t) => t.trim() !== '');
  const texts = createRandom(1).shuffle(all);
  const perSize = options.promptsPerSize ?? (options.quick ? 32 : 128);
  const padId = 0;
  const sizes: BatchFigures[] = [];
  let offset = 0;
  for (const batchSize of options.batchSizes ?? [1, 8, 32]) {
    const batches = Math.max(1, Math.floor(perSize / batchSize));
    let embedMs = 0;
    let bareMs = 0;
    let tokenizeMs = 0;
    let tokens = 0;
    for (let b = -1; b < batches; b++) {
      // b = -1 is a warm-up batch, not counted.
      const batch = texts.slice(offset, offset + batchSize);
      offset = (offset + batchSize) % (texts.length - batchSize);
      let t0 = process.hrtime.bigint();
      const encodings: Encoding[] = batch.map((t) => encoder.tokenizer.encode(t));
      const tok = msSince(t0);
      t0 = process.hrtime.bigint();
      await session.run(batchTensors(encodings, padId).feeds);
      const bare = msSince(t0);
      t0 = process.hrtime.bigint();
      await encoder.embed(batch);
      const full = msSince(t0);
      if (b < 0) continue;
      tokenizeMs += tok;
      bareMs += bare;
      embedMs += full;
      tokens += encodings.reduce((s, e) => s + e.length, 0);
    }
    const n = batches * batchSize;
    const embedderPerSecond = (n / embedMs) * 1000;
    const bareOnnxPerSecond = (n / bareMs) * 1000;
    sizes.push({
      batchSize,
      batches,
      embedderPerSecond,
      bareOnnxPerSecond,
      ratio: embedderPerSecond / bareOnnxPerSecond,
      tokenizeShare: tokenizeMs / embedMs,
      meanTokens: tokens / n,
    });
  }
  await encoder.close();
  await session.release();
  return { encoderVersion: encoder.version, sizes };
}
