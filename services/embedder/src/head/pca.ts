import { createRandom } from './random.js';

/** Principal components: `components[k]` is a unit vector, ordered by explained variance. */
export interface Pca {
  mean: Float64Array;
  components: Float64Array[];
}

function covariance(rows: readonly Float32Array[], mean: Float64Array): Float64Array[] {
  const dim = mean.length;
  const cov = Array.from({ length: dim }, () => new Float64Array(dim));
  const centred = new Float64Array(dim);
  for (const r of rows) {
    for (let i = 0; i < dim; i++) centred[i] = (r[i] ?? 0) - (mean[i] ?? 0);
    for (let i = 0; i < dim; i++) {
      const ci = centred[i] ?? 0;
      const row = cov[i]!;
      for (let j = i; j < dim; j++) row[j] = (row[j] ?? 0) + ci * (centred[j] ?? 0);
    }
  }
  for (let i = 0; i < dim; i++) for (let j = 0; j < i; j++) cov[i]![j] = cov[j]![i] ?? 0;
  return cov;
}

/** Orthonormalises vectors in place (modified Gram-Schmidt). */
function orthonormalize(vs: Float64Array[]): void {
  vs.forEach((v, k) => {
    for (let p = 0; p < k; p++) {
      const u = vs[p]!;
      let d = 0;
      for (let i = 0; i < v.length; i++) d += (v[i] ?? 0) * (u[i] ?? 0);
      for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) - d * (u[i] ?? 0);
    }
    const n = Math.hypot(...v);
    for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) / n;
  });
}

/** Top-k principal components by orthogonal (subspace) iteration on the covariance matrix. */
export function fitPca(rows: readonly Float32Array[], k: number, iterations = 200): Pca {
  const dim = rows[0]?.length ?? 0;
  const mean = new Float64Array(dim);
  for (const r of rows)
    for (let i = 0; i < dim; i++) mean[i] = (mean[i] ?? 0) + (r[i] ?? 0) / rows.length;
  const cov = covariance(rows, mean);
  const rnd = createRandom(1);
  let vs = Array.from({ length: k }, () => Float64Array.from({ length: dim }, () => rnd.normal()));
  orthonormalize(vs);
  for (let it = 0; it < iterations; it++) {
    vs = vs.map((v) =>
      Float64Array.from(cov, (row) => row.reduce((s, c, j) => s + c * (v[j] ?? 0), 0)),
    );
    orthonormalize(vs);
  }
  return { mean, components: vs };
}

/** Projects a row onto the components (centred). */
export function pcaProject(pca: Pca, row: Float32Array): Float32Array {
  return Float32Array.from(pca.components, (c) =>
    c.reduce((s, ci, i) => s + ci * ((row[i] ?? 0) - (pca.mean[i] ?? 0)), 0),
  );
}
