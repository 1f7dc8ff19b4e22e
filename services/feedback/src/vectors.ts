/** Packs a vector as little-endian float64 bytes (exact for the policy's contexts). */
export function packFloat64(values: ArrayLike<number>): Buffer {
  const out = Buffer.alloc(values.length * 8);
  for (let i = 0; i < values.length; i++) out.writeDoubleLE(values[i]!, i * 8);
  return out;
}

/** Packs a vector as little-endian float32 bytes (the embedding's own precision). */
export function packFloat32(values: ArrayLike<number>): Buffer {
  const out = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) out.writeFloatLE(values[i]!, i * 4);
  return out;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Inverse of {@link packFloat64}; works on pg's Buffer and PGlite's Uint8Array alike. */
export function unpackFloat64(bytes: Uint8Array): Float64Array {
  const buf = asBuffer(bytes);
  const out = new Float64Array(buf.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = buf.readDoubleLE(i * 8);
  return out;
}

/** Inverse of {@link packFloat32}. */
export function unpackFloat32(bytes: Uint8Array): Float32Array {
  const buf = asBuffer(bytes);
  const out = new Float32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

/** Cosine similarity of two vectors; 0 when either is zero or their lengths differ. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}
