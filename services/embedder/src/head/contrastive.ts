/**
 * Supervised contrastive loss (SupCon) for a linear head z = normalize(W·e + b) and its gradient.
 * For each anchor i with positives P(i) in the batch:
 *   L_i = -1/|P(i)| Σ_{p∈P(i)} [ z_i·z_p/τ − log Σ_{a≠i} exp(z_i·z_a/τ) ],
 * averaged over anchors that have at least one positive.
 */
export interface ContrastiveBatch {
  /** Input rows (inputDim each). */
  inputs: readonly Float32Array[];
  /** positives[i] holds the batch indices that are positives of i (never i itself). */
  positives: readonly number[][];
}

/** Gradient of the loss with respect to W ([out][in] row-major) and b. */
export interface ContrastiveGradient {
  loss: number;
  dW: Float64Array;
  db: Float64Array;
}

/** The head's output before (u) and after (z) L2 normalisation. */
export function forwardHead(
  w: Float64Array,
  b: Float64Array,
  e: Float32Array,
): { u: Float64Array; z: Float64Array; norm: number } {
  const out = b.length;
  const dim = e.length;
  const u = new Float64Array(out);
  for (let o = 0; o < out; o++) {
    let s = b[o] ?? 0;
    for (let i = 0; i < dim; i++) s += (w[o * dim + i] ?? 0) * (e[i] ?? 0);
    u[o] = s;
  }
  const norm = Math.max(Math.hypot(...u), 1e-12);
  return { u, z: u.map((x) => x / norm), norm };
}

export const dotF64 = (a: Float64Array, b: Float64Array): number =>
  a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

/** Loss and gradient of one batch at temperature tau. */
export function contrastiveGradient(
  w: Float64Array,
  b: Float64Array,
  batch: ContrastiveBatch,
  tau: number,
): ContrastiveGradient {
  const n = batch.inputs.length;
  const out = b.length;
  const fw = batch.inputs.map((e) => forwardHead(w, b, e));
  const sims = fw.map((fi) => fw.map((fj) => dotF64(fi.z, fj.z) / tau));
  const anchors = batch.positives.filter((p) => p.length > 0).length;
  // coeff[i][a] = dL/ds_ia, the loss's sensitivity to the scaled similarity of i and a.
  const coeff = Array.from({ length: n }, () => new Float64Array(n));
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const pos = batch.positives[i] ?? [];
    if (pos.length === 0) continue;
    const row = sims[i]!;
    let max = -Infinity;
    for (let a = 0; a < n; a++) if (a !== i) max = Math.max(max, row[a] ?? 0);
    let sum = 0;
    for (let a = 0; a < n; a++) if (a !== i) sum += Math.exp((row[a] ?? 0) - max);
    const logZ = max + Math.log(sum);
    for (const p of pos) loss += (logZ - (row[p] ?? 0)) / pos.length / anchors;
    for (let a = 0; a < n; a++)
      if (a !== i) coeff[i]![a] = Math.exp((row[a] ?? 0) - logZ) / anchors;
    for (const p of pos) coeff[i]![p] = (coeff[i]![p] ?? 0) - 1 / pos.length / anchors;
  }
  const dW = new Float64Array(w.length);
  const db = new Float64Array(out);
  for (let i = 0; i < n; i++) {
    // dL/dz_i = Σ_a (coeff[i][a] + coeff[a][i]) z_a / τ
    const gz = new Float64Array(out);
    for (let a = 0; a < n; a++) {
      const c = ((coeff[i]![a] ?? 0) + (coeff[a]![i] ?? 0)) / tau;
      if (c === 0) continue;
      const za = fw[a]!.z;
      for (let o = 0; o < out; o++) gz[o] = (gz[o] ?? 0) + c * (za[o] ?? 0);
    }
    accumulateHeadGradient(fw[i]!, gz, batch.inputs[i]!, dW, db);
  }
  return { loss, dW, db };
}

/** Adds to dW, db the gradient reaching W·e + b when the loss has gradient gz at z. */
export function accumulateHeadGradient(
  fw: { z: Float64Array; norm: number },
  gz: Float64Array,
  e: Float32Array,
  dW: Float64Array,
  db: Float64Array,
): void {
  const { z, norm } = fw;
  const dim = e.length;
  const zg = dotF64(z, gz);
  for (let o = 0; o < z.length; o++) {
    const gu = ((gz[o] ?? 0) - (z[o] ?? 0) * zg) / norm;
    db[o] = (db[o] ?? 0) + gu;
    for (let k = 0; k < dim; k++) dW[o * dim + k] = (dW[o * dim + k] ?? 0) + gu * (e[k] ?? 0);
  }
}
