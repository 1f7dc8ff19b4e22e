/**
 * The embedder: an exact BERT WordPiece tokenizer, the all-MiniLM-L6-v2 sentence encoder on
 * onnxruntime-node (mean pooling, L2 norm), the contrastive projection head, and the embedder
 * service that turns queries into embedded queries.
 */
export { loadVocab, VocabError } from './tokenizer/vocab.js';
export type { Vocab } from './tokenizer/vocab.js';
export { createTokenizer, maxModelTokens } from './tokenizer/wordpiece.js';
export type {
  Encoding,
  Tokenizer,
  TokenizerOptions,
  TruncationStrategy,
} from './tokenizer/wordpiece.js';
export { createEncoder } from './encoder/encoder.js';
export type { EmbeddingResult, Encoder, EncoderOptions } from './encoder/encoder.js';
export { EncoderSetupError } from './encoder/onnx-session.js';
export { dot, l2Normalize } from './encoder/pooling.js';
export { defaultModelDir, defaultModelPaths } from './model-files.js';
export type { ModelVariant } from './model-files.js';
export {
  base64ToFloats,
  createProjectionHead,
  defaultHeadPath,
  floatsToBase64,
  loadProjectionHead,
  ProjectionHeadError,
} from './head/projection-head.js';
export type { ProjectionHead, ProjectionHeadFile } from './head/projection-head.js';
export { trainProjectionHead } from './head/train-head.js';
export type { LabelledEmbedding, TrainedHead, TrainHeadOptions } from './head/train-head.js';
export { trainRouterBenchHead } from './head/routerbench-head.js';
export type {
  TrainRouterBenchHeadOptions,
  TrainRouterBenchHeadResult,
} from './head/routerbench-head.js';
export { aucTable, correctnessAuc, meanAuc } from './head/evaluate-head.js';
export type { AucRow } from './head/evaluate-head.js';
export { readEmbeddingsFile, writeEmbeddingsFile } from './head/embeddings-file.js';
export type { EmbeddingsFile, EmbeddingsTable } from './head/embeddings-file.js';
export { createEmbedderService, EmbedderConfigError } from './embedder-service.js';
export type {
  EmbedderService,
  EmbedderServiceConfig,
  EmbedderServiceDeps,
} from './embedder-service.js';
export { configSchema } from './config.js';
export type { EmbedderConfig } from './config.js';
export { createMicroBatcher } from './micro-batcher.js';
export type { MicroBatcher, MicroBatcherOptions } from './micro-batcher.js';
export { embedJsonlFile, EmbedInputError } from './embed-file.js';
export { benchEmbedder } from './bench/bench-embedder.js';
export type { BatchFigures, BenchEmbedderOptions } from './bench/bench-embedder.js';
