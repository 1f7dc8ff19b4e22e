import { contrastiveGradient } from './contrastive.js';
import { llmContrastiveGradient } from './llm-contrastive.js';
import { fitPca } from './pca.js';
import { createRandom } from './random.js';

/** One training prompt: its sentence embedding and the 0/1 correctness of each LLM on it. */
export interface LabelledEmbedding {
  embedding: Float32Array;
  correct: readonly number[];
}

/** Options of {@link trainProjectionHead}; defaults in brackets. */
export interface TrainHeadOptions {
  seed: number;
  /** Output dimension d [32]. */
  outputDim?: number;
  /** Passes over the data [8]. */
  epochs?: number;
  /** Prompts per contrastive batch [256]. */
  batchSize?: number;
  /** Softmax temperature τ [0.1]. */
  tau?: number;
  /** Adam learning rate [1e-3]. */
  learningRate?: number;
  /** Two prompts are positives when their correctness vectors differ in at most this many LLMs [0]. */
  maxHamming?: number;
  /**
   * Weight of the prompt–prompt (SupCon) term [0]. Off by default: on RouterBench it lowered the
   * validation AUC from the first epoch on, at every τ and learning rate tried (docs/benchmarks.md).
   */
  promptWeight?: number;
  /** Weight of the prompt–LLM term (see llmContrastiveGradient) [1]. */
  llmWeight?: number;
  /** Called after each epoch with the current head; a higher score is better. Best epoch wins. */
  validate?: (weights: Float32Array, bias: Float32Array) => number;
}

/** A trained linear head and its training curve. */
export interface TrainedHead {
  weights: Float32Array;
  bias: Float32Array;
  bestEpoch: number;
  history: { epoch: number; loss: number; validation?: number }[];
}

function hamming(a: readonly number[], b: readonly number[]): number {
  return a.reduce((s, x, i) => s + (x === b[i] ? 0 : 1), 0);
}

/** Adam state for a flat parameter vector. */
function createAdam(size: number, lr: number): (params: Float64Array, grad: Float64Array) => void {
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  let t = 0;
  return (params, grad) => {
    t++;
    const c1 = 1 - 0.9 ** t;
    const c2 = 1 - 0.999 ** t;
    for (let i = 0; i < size; i++) {
      const g = grad[i] ?? 0;
      m[i] = 0.9 * (m[i] ?? 0) + 0.1 * g;
      v[i] = 0.999 * (v[i] ?? 0) + 0.001 * g * g;
      params[i] =
        (params[i] ?? 0) - (lr * ((m[i] ?? 0) / c1)) / (Math.sqrt((v[i] ?? 0) / c2) + 1e-8);
    }
  };
}

/**
 * Trains a linear projection head with contrastive losses over correctness: a prompt–LLM term
 * (each prompt against learned LLM anchors, correct LLMs positive) and an optional prompt–prompt
 * SupCon term (positives: prompts whose correctness vectors differ in at most maxHamming LLMs). It starts from the PCA projection (so epoch 0 is the
 * PCA-d baseline) and keeps the epoch with the best validation score when `validate` is given.
 */
export function trainProjectionHead(
  data: readonly LabelledEmbedding[],
  options: TrainHeadOptions,
): TrainedHead {
  const outputDim = options.outputDim ?? 32;
  const batchSize = options.batchSize ?? 256;
  const tau = options.tau ?? 0.1;
  const maxHamming = options.maxHamming ?? 0;
  const inputDim = data[0]?.embedding.length ?? 0;
  const rnd = createRandom(options.seed);
  const pca = fitPca(
    data.map((d) => d.embedding),
    outputDim,
  );
  const w = new Float64Array(outputDim * inputDim);
  const b = new Float64Array(outputDim);
  pca.components.forEach((c, o) => {
    w.set(c, o * inputDim);
    b[o] = -c.reduce((s, ci, i) => s + ci * (pca.mean[i] ?? 0), 0);
  });
  const llms = data[0]?.correct.length ?? 0;
  const anchors = Float64Array.from({ length: llms * outputDim }, () => rnd.normal());
  const promptWeight = options.promptWeight ?? 0;
  const llmWeight = options.llmWeight ?? 1;
  const lr = options.learningRate ?? 1e-3;
  const [stepW, stepB, stepA] = [w, b, anchors].map((p) => createAdam(p.length, lr));
  const snapshot = (): [Float32Array, Float32Array] => [Float32Array.from(w), Float32Array.from(b)];
  let best = { score: options.validate?.(...snapshot()) ?? -Infinity, epoch: 0, head: snapshot() };
  const history: TrainedHead['history'] = [{ epoch: 0, loss: NaN, validation: best.score }];
  for (let epoch = 1; epoch <= (options.epochs ?? 8); epoch++) {
    const order = rnd.shuffle(data.map((_, i) => i));
    let loss = 0;
    let batches = 0;
    for (let s = 0; s + 2 <= order.length; s += batchSize) {
      const idx = order.slice(s, s + batchSize);
      const positives = idx.map((i) =>
        idx.flatMap((j, pj) =>
          j !== i && hamming(data[i]!.correct, data[j]!.correct) <= maxHamming ? [pj] : [],
        ),
      );
      const inputs = idx.map((i) => data[i]!.embedding);
      const g = contrastiveGradient(w, b, { inputs, positives }, tau);
      const correct = idx.map((i) => data[i]!.correct);
      const gl = llmContrastiveGradient(w, b, anchors, inputs, correct, tau);
      const mix = (x: Float64Array, y: Float64Array): Float64Array =>
        x.map((xi, j) => promptWeight * xi + llmWeight * (y[j] ?? 0));
      stepW!(w, mix(g.dW, gl.dW));
      stepB!(b, mix(g.db, gl.db));
      stepA!(anchors, gl.dAnchors);
      loss += promptWeight * g.loss + llmWeight * gl.loss;
      batches++;
    }
    const validation = options.validate?.(...snapshot());
    history.push({
      epoch,
      loss: loss / batches,
      ...(validation === undefined ? {} : { validation }),
    });
    if (validation === undefined || validation > best.score) {
      best = { score: validation ?? -Infinity, epoch, head: snapshot() };
    }
  }
  return { weights: best.head[0], bias: best.head[1], bestEpoch: best.epoch, history };
}
