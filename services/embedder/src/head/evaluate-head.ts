import { auc, fitLogistic, logisticScore } from './logistic.js';
import { fitPca, pcaProject } from './pca.js';
import { createProjectionHead } from './projection-head.js';
import type { LabelledEmbedding } from './train-head.js';

/** Test AUC of predicting one LLM's correctness from each feature set. */
export interface AucRow {
  llm: string;
  raw: number;
  pca: number;
  head: number;
}

/** Ridge penalty of every logistic model in the AUC comparison. */
export const aucLambda = 1;

/** Test AUC per LLM of logistic models fitted on train features. */
export function correctnessAuc(
  train: readonly LabelledEmbedding[],
  test: readonly LabelledEmbedding[],
  features: (e: Float32Array) => Float32Array,
  llmCount: number,
): number[] {
  const xTrain = train.map((d) => features(d.embedding));
  const xTest = test.map((d) => features(d.embedding));
  return Array.from({ length: llmCount }, (_, k) => {
    const w = fitLogistic(
      xTrain,
      train.map((d) => d.correct[k] ?? 0),
      aucLambda,
    );
    return auc(
      xTest.map((x) => logisticScore(w, x)),
      test.map((d) => d.correct[k] ?? 0),
    );
  });
}

/** Mean of the finite values (an LLM with one class on the test split has NaN AUC). */
export function meanAuc(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.reduce((s, x) => s + x, 0) / finite.length;
}

/** A validation score for head training: mean AUC of the head's features on held-out rows. */
export function headValidator(
  fit: readonly LabelledEmbedding[],
  val: readonly LabelledEmbedding[],
  llmCount: number,
): (weights: Float32Array, bias: Float32Array) => number {
  return (weights, bias) => {
    const head = createProjectionHead('candidate', weights, bias);
    return meanAuc(correctnessAuc(fit, val, (e) => head.project(e), llmCount));
  };
}

/** The AUC table of raw-384, PCA-d and head-d features, fitted on train and scored on test. */
export function aucTable(
  train: readonly LabelledEmbedding[],
  test: readonly LabelledEmbedding[],
  llms: readonly string[],
  project: (e: Float32Array) => Float32Array,
  pcaDim: number,
): AucRow[] {
  const pca = fitPca(
    train.map((d) => d.embedding),
    pcaDim,
  );
  const raw = correctnessAuc(train, test, (e) => e, llms.length);
  const pc = correctnessAuc(train, test, (e) => pcaProject(pca, e), llms.length);
  const head = correctnessAuc(train, test, project, llms.length);
  return llms.map((llm, k) => ({
    llm,
    raw: raw[k] ?? NaN,
    pca: pc[k] ?? NaN,
    head: head[k] ?? NaN,
  }));
}
