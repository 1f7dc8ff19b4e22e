/**
 * Byte format of a stored posterior, little-endian:
 * magic "CQBP" | u32 version (1) | u32 dim | f64 lambda | f64 observations | dim × f64 mean |
 * dim·(dim+1)/2 × f64 lower triangle of L, row by row | u32 CRC-32 (IEEE) of all preceding bytes.
 */
import type { LogisticPosterior } from './posterior.js';

/** Current version of the posterior byte format. */
export const POSTERIOR_FORMAT_VERSION = 1;
const MAGIC = 0x50425143; // "CQBP" read as a little-endian u32
const HEADER = 28;

/** Why a byte string was refused as a posterior. */
export type PosteriorFormatReason =
  | 'truncated'
  | 'magic'
  | 'version'
  | 'checksum'
  | 'dimension'
  | 'non-finite'
  | 'not-positive-definite';

/** Thrown by `deserializePosterior` for bytes that are not a valid, intact posterior. */
export class PosteriorFormatError extends Error {
  override readonly name = 'PosteriorFormatError';
  constructor(
    readonly reason: PosteriorFormatReason,
    message: string,
  ) {
    super(message);
  }
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3 polynomial) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function byteLength(dim: number): number {
  return HEADER + 8 * dim + 4 * dim * (dim + 1) + 4;
}

/** Encodes a posterior in the versioned, checksummed byte format. */
export function serializePosterior(state: LogisticPosterior): Uint8Array {
  const d = state.dim;
  const bytes = new Uint8Array(byteLength(d));
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, POSTERIOR_FORMAT_VERSION, true);
  view.setUint32(8, d, true);
  view.setFloat64(12, state.lambda, true);
  view.setFloat64(20, state.observations, true);
  let off = HEADER;
  for (let i = 0; i < d; i++, off += 8) view.setFloat64(off, state.mean[i]!, true);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++, off += 8) view.setFloat64(off, state.chol[i * d + j]!, true);
  }
  view.setUint32(off, crc32(bytes.subarray(0, off)), true);
  return bytes;
}

function fail(reason: PosteriorFormatReason, message: string): never {
  throw new PosteriorFormatError(reason, message);
}

/**
 * Decodes and validates a posterior: magic, version, size, checksum, finite numbers and a factor
 * with a positive diagonal (so L·Lᵀ is positive definite). `expectedDim`, when given, must match.
 */
export function deserializePosterior(bytes: Uint8Array, expectedDim?: number): LogisticPosterior {
  if (bytes.length < HEADER + 4) fail('truncated', `posterior of ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) fail('magic', 'not a posterior (bad magic)');
  const version = view.getUint32(4, true);
  if (version !== POSTERIOR_FORMAT_VERSION) fail('version', `unsupported version ${version}`);
  const d = view.getUint32(8, true);
  if (d < 1 || d > 65536 || bytes.length !== byteLength(d)) fail('truncated', `size for dim ${d}`);
  const end = bytes.length - 4;
  if (view.getUint32(end, true) !== crc32(bytes.subarray(0, end))) fail('checksum', 'bad CRC-32');
  if (expectedDim !== undefined && d !== expectedDim) {
    fail('dimension', `dimension ${d}, expected ${expectedDim}`);
  }
  const lambda = view.getFloat64(12, true);
  const observations = view.getFloat64(20, true);
  const mean = new Float64Array(d);
  const chol = new Float64Array(d * d);
  let off = HEADER;
  for (let i = 0; i < d; i++, off += 8) mean[i] = view.getFloat64(off, true);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++, off += 8) chol[i * d + j] = view.getFloat64(off, true);
  }
  const finite = (v: number) => Number.isFinite(v);
  if (!finite(lambda) || !finite(observations) || !mean.every(finite) || !chol.every(finite)) {
    fail('non-finite', 'posterior holds a non-finite number');
  }
  for (let i = 0; i < d; i++) {
    if (!(chol[i * d + i]! > 0)) fail('not-positive-definite', `pivot ${i} is not positive`);
  }
  if (!(lambda > 0) || observations < 0) fail('non-finite', 'bad lambda or observation count');
  return { dim: d, mean, chol, observations, lambda };
}
