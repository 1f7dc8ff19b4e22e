/** Scales a vector to unit L2 norm in place; a zero vector stays zero. Returns it. */
export function l2Normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) / norm;
  return v;
}

/**
 * Mean of the token vectors of one row of `hidden` ([batch, seqLen, dim], row-major) over the
 * positions where `mask` is 1, then L2-normalised: the sentence-transformers pooling.
 */
export function meanPoolRow(
  hidden: Float32Array,
  mask: BigInt64Array,
  row: number,
  seqLen: number,
  dim: number,
): Float32Array {
  const out = new Float32Array(dim);
  let count = 0;
  for (let t = 0; t < seqLen; t++) {
    if (mask[row * seqLen + t] !== 1n) continue;
    count++;
    const base = (row * seqLen + t) * dim;
    for (let j = 0; j < dim; j++) out[j] = (out[j] ?? 0) + (hidden[base + j] ?? 0);
  }
  if (count > 0) for (let j = 0; j < dim; j++) out[j] = (out[j] ?? 0) / count;
  return l2Normalize(out);
}

/** Dot product of two equal-length vectors (the cosine when both are unit vectors). */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}
