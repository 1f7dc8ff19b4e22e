import { readFileSync } from 'node:fs';
import { repoRoot } from '../model-files.js';
import { l2Normalize } from '../encoder/pooling.js';

/** A linear map from the sentence embedding to the policy's context space, then L2 norm. */
export interface ProjectionHead {
  readonly version: string;
  readonly inputDim: number;
  readonly outputDim: number;
  /** `normalize(W·e + b)`: a unit vector of outputDim floats. */
  project(embedding: Float32Array): Float32Array;
}

/** The stored form of a head (JSON): weights row-major [outputDim][inputDim], float32 base64. */
export interface ProjectionHeadFile {
  format: 'cqb-projection-head/1';
  version: string;
  inputDim: number;
  outputDim: number;
  /** base64 of little-endian float32, outputDim × inputDim, row-major. */
  weights: string;
  /** base64 of little-endian float32, outputDim. */
  bias: string;
  /** How it was made: encoder version, data, seed, loss, figures. */
  provenance: Record<string, unknown>;
}

/** Thrown when a head file is missing or malformed. */
export class ProjectionHeadError extends Error {
  override readonly name = 'ProjectionHeadError';
}

/** The head committed with the project. */
export const defaultHeadPath = `${repoRoot}data/head/head.json`;

/** Encodes float32 values as base64 (little-endian). */
export function floatsToBase64(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

/** Decodes base64 little-endian float32 values. */
export function base64ToFloats(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Float32Array(copy.buffer, 0, Math.floor(bytes.length / 4));
}

/** Builds a head from weights ([out][in] row-major) and bias. */
export function createProjectionHead(
  version: string,
  weights: Float32Array,
  bias: Float32Array,
): ProjectionHead {
  const outputDim = bias.length;
  const inputDim = weights.length / outputDim;
  if (!Number.isInteger(inputDim) || inputDim === 0) {
    throw new ProjectionHeadError(
      `weights of length ${weights.length} do not fit ${outputDim} rows`,
    );
  }
  return {
    version,
    inputDim,
    outputDim,
    project(e) {
      if (e.length !== inputDim) {
        throw new ProjectionHeadError(`embedding has ${e.length} dims, head expects ${inputDim}`);
      }
      const out = new Float32Array(outputDim);
      for (let o = 0; o < outputDim; o++) {
        let s = bias[o] ?? 0;
        const row = o * inputDim;
        for (let i = 0; i < inputDim; i++) s += (weights[row + i] ?? 0) * (e[i] ?? 0);
        out[o] = s;
      }
      return l2Normalize(out);
    },
  };
}

/** Parses and checks a head file's contents. */
export function parseProjectionHead(file: ProjectionHeadFile): ProjectionHead {
  const weights = base64ToFloats(file.weights);
  const bias = base64ToFloats(file.bias);
  const sizesOk =
    bias.length === file.outputDim && weights.length === file.inputDim * file.outputDim;
  if (file.format !== 'cqb-projection-head/1' || !sizesOk) {
    throw new ProjectionHeadError(`head ${file.version}: format or sizes do not match`);
  }
  if (![...weights, ...bias].every(Number.isFinite)) {
    throw new ProjectionHeadError(`head ${file.version}: non-finite weights`);
  }
  return createProjectionHead(file.version, weights, bias);
}

/** Loads a projection head (default: the committed data/head/head.json). */
export function loadProjectionHead(path: string = defaultHeadPath): ProjectionHead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ProjectionHeadError(`projection head file not readable: ${path}`, { cause: err });
  }
  return parseProjectionHead(JSON.parse(text) as ProjectionHeadFile);
}
