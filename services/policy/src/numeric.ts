/** Numerically stable scalar functions and small dense linear algebra on row-major Float64Array. */

/** Logistic function σ(z) = 1 / (1 + e^(−z)), without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z) without overflow (the log-sum-exp of 0 and z). */
export function log1pExp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Dot product of the first `d` entries of `a` (from offset `ao`) and `b`. */
export function dot(a: Float64Array, b: Float64Array, d = a.length, ao = 0): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += a[ao + j]! * b[j]!;
  return s;
}

/**
 * Cholesky factor of a symmetric positive-definite `d×d` matrix: returns lower-triangular L with
 * H = L·Lᵀ, or null when a pivot is not positive.
 */
export function cholesky(h: Float64Array, d: number): Float64Array | null {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = h[i * d + j]!;
      for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return null;
        l[i * d + i] = Math.sqrt(s);
      } else {
        l[i * d + j] = s / l[j * d + j]!;
      }
    }
  }
  return l;
}

/** Solves L·y = b in place of `out` (forward substitution), L lower-triangular. */
export function solveLower(l: Float64Array, d: number, b: Float64Array, out: Float64Array): void {
  for (let i = 0; i < d; i++) {
    let s = b[i]!;
    const row = i * d;
    for (let k = 0; k < i; k++) s -= l[row + k]! * out[k]!;
    out[i] = s / l[row + i]!;
  }
}

/**
 * Solves Lᵀ·y = b into `out` (back substitution), L lower-triangular. `out` may be `b` itself.
 * Runs over rows of L (contiguous in memory), subtracting each solved entry from the rest.
 */
export function solveUpperT(l: Float64Array, d: number, b: Float64Array, out: Float64Array): void {
  if (out !== b) out.set(b.subarray(0, d));
  for (let i = d - 1; i >= 0; i--) {
    const row = i * d;
    const yi = out[i]! / l[row + i]!;
    out[i] = yi;
    for (let k = 0; k < i; k++) out[k] = out[k]! - l[row + k]! * yi;
  }
}

/** H = L·Lᵀ as a dense row-major matrix. */
export function gramOfLower(l: Float64Array, d: number): Float64Array {
  const h = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += l[i * d + k]! * l[j * d + k]!;
      h[i * d + j] = s;
      h[j * d + i] = s;
    }
  }
  return h;
}

/**
 * In-place rank-one update of a Cholesky factor: afterwards L·Lᵀ = old L·Lᵀ + v·vᵀ. `v` is
 * overwritten. O(d²). Returns false if a pivot came out non-positive or non-finite (the factor is
 * then garbage and must be rebuilt by the caller).
 */
export function cholUpdate(l: Float64Array, d: number, v: Float64Array): boolean {
  for (let k = 0; k < d; k++) {
    const lkk = l[k * d + k]!;
    const vk = v[k]!;
    const r = Math.sqrt(lkk * lkk + vk * vk);
    if (!(r > 0) || !Number.isFinite(r)) return false;
    const c = r / lkk;
    const s = vk / lkk;
    l[k * d + k] = r;
    for (let i = k + 1; i < d; i++) {
      const lik = (l[i * d + k]! + s * v[i]!) / c;
      l[i * d + k] = lik;
      v[i] = c * v[i]! - s * lik;
    }
  }
  return true;
}
