import { readFileSync, writeFileSync } from 'node:fs';
import { base64ToFloats, floatsToBase64 } from './projection-head.js';

/**
 * Precomputed embeddings of a dataset split (data/embeddings/<dataset>-<split>.json): row i of
 * `embeddings` (n × embeddingDim) and of `contexts` (n × contextDim) belong to `ids[i]`. Both are
 * base64 little-endian float32, row-major. `contexts` are the projected, L2-normalised policy
 * contexts of the head `headVersion`; `embeddings` the base encoder's unit vectors.
 */
export interface EmbeddingsFile {
  format: 'cqb-embeddings/1';
  dataset: string;
  split: string;
  encoderVersion: string;
  headVersion: string;
  count: number;
  embeddingDim: number;
  contextDim: number;
  ids: string[];
  embeddings: string;
  contexts: string;
}

/** Decoded rows of an {@link EmbeddingsFile}. */
export interface EmbeddingsTable {
  meta: Omit<EmbeddingsFile, 'ids' | 'embeddings' | 'contexts'>;
  ids: string[];
  embeddings: Float32Array[];
  contexts: Float32Array[];
}

function rowsOf(flat: Float32Array, dim: number): Float32Array[] {
  return Array.from({ length: flat.length / dim }, (_, i) => flat.subarray(i * dim, (i + 1) * dim));
}

function concat(rows: readonly Float32Array[]): Float32Array {
  const dim = rows[0]?.length ?? 0;
  const flat = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => flat.set(r, i * dim));
  return flat;
}

/** Writes an embeddings file. */
export function writeEmbeddingsFile(path: string, table: EmbeddingsTable): void {
  const file: EmbeddingsFile = {
    ...table.meta,
    ids: table.ids,
    embeddings: floatsToBase64(concat(table.embeddings)),
    contexts: floatsToBase64(concat(table.contexts)),
  };
  writeFileSync(path, `${JSON.stringify(file)}\n`);
}

/** Reads an embeddings file written by {@link writeEmbeddingsFile}. */
export function readEmbeddingsFile(path: string): EmbeddingsTable {
  const { ids, embeddings, contexts, ...meta } = JSON.parse(
    readFileSync(path, 'utf8'),
  ) as EmbeddingsFile;
  return {
    meta,
    ids,
    embeddings: rowsOf(base64ToFloats(embeddings), meta.embeddingDim),
    contexts: rowsOf(base64ToFloats(contexts), meta.contextDim),
  };
}
