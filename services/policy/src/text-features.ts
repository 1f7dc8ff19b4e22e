/**
 * A deterministic stand-in for sentence embeddings: hashed bag of words ("feature hashing").
 * Lower-cased alphanumeric tokens and adjacent-token bigrams are hashed (FNV-1a, 32 bit) to one
 * of d − 1 buckets with a hashed sign, weighted log(1 + count), L2-normalised, and put beside a
 * constant coordinate so that a logistic model over x also has an intercept:
 * x = (1/√2, h/(√2·‖h‖)), ‖x‖ = 1. Identified in results as `HASHED_BOW_VERSION`.
 */

/** Name and version of this feature map, recorded with results that use it. */
export const HASHED_BOW_VERSION = 'hashed-bow-v1 (FNV-1a unigrams+bigrams, signed, log1p, +bias)';

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The hashed bag-of-words vector of `text` in dimension `d` (≥ 2), unit norm. */
export function hashedBagOfWords(text: string, d: number): Float64Array {
  const tokens = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const grams = [...tokens, ...tokens.slice(1).map((t, i) => `${tokens[i]!} ${t}`)];
  const counts = new Float64Array(d - 1);
  for (const g of grams) {
    const h = fnv1a(g);
    counts[h % (d - 1)]! += h & 0x80000000 ? -1 : 1;
  }
  const x = new Float64Array(d);
  let norm = 0;
  for (let i = 0; i < d - 1; i++) {
    const c = counts[i]!;
    const v = Math.sign(c) * Math.log1p(Math.abs(c));
    x[i + 1] = v;
    norm += v * v;
  }
  const half = Math.SQRT1_2;
  x[0] = norm > 0 ? half : 1;
  if (norm > 0) for (let i = 1; i < d; i++) x[i] = (x[i]! / Math.sqrt(norm)) * half;
  return x;
}
