/** Solves A x = b for symmetric positive-definite A (Cholesky); A is overwritten. */
function choleskySolve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  for (let j = 0; j < n; j++) {
    const rj = a[j]!;
    let d = rj[j] ?? 0;
    for (let k = 0; k < j; k++) d -= (rj[k] ?? 0) ** 2;
    const l = Math.sqrt(d);
    rj[j] = l;
    for (let i = j + 1; i < n; i++) {
      const ri = a[i]!;
      let s = ri[j] ?? 0;
      for (let k = 0; k < j; k++) s -= (ri[k] ?? 0) * (rj[k] ?? 0);
      ri[j] = s / l;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] ?? 0;
    for (let k = 0; k < i; k++) s -= (a[i]![k] ?? 0) * (y[k] ?? 0);
    y[i] = s / (a[i]![i] ?? 1);
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] ?? 0;
    for (let k = i + 1; k < n; k++) s -= (a[k]![i] ?? 0) * (y[k] ?? 0);
    y[i] = s / (a[i]![i] ?? 1);
  }
  return y;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Ridge-regularised logistic regression by Newton's method (IRLS). Returns weights with the
 * intercept last; the intercept is not penalised. `lambda` is the L2 penalty (default 1).
 */
export function fitLogistic(
  rows: readonly Float32Array[],
  labels: readonly number[],
  lambda = 1,
  iterations = 8,
): Float64Array {
  const p = (rows[0]?.length ?? 0) + 1;
  const w = new Float64Array(p);
  const x = new Float64Array(p);
  for (let it = 0; it < iterations; it++) {
    const h = Array.from({ length: p }, (_, i) => {
      const row = new Float64Array(p);
      if (i < p - 1) row[i] = lambda;
      return row;
    });
    const g = new Float64Array(p);
    for (let i = 0; i < p - 1; i++) g[i] = lambda * (w[i] ?? 0);
    rows.forEach((r, n) => {
      x.set(r);
      x[p - 1] = 1;
      let z = 0;
      for (let i = 0; i < p; i++) z += (w[i] ?? 0) * (x[i] ?? 0);
      const mu = sigmoid(z);
      const s = Math.max(mu * (1 - mu), 1e-9);
      const err = mu - (labels[n] ?? 0);
      for (let i = 0; i < p; i++) {
        const xi = x[i] ?? 0;
        g[i] = (g[i] ?? 0) + err * xi;
        const hi = h[i]!;
        for (let j = 0; j <= i; j++) hi[j] = (hi[j] ?? 0) + s * xi * (x[j] ?? 0);
      }
    });
    const step = choleskySolve(h, g);
    for (let i = 0; i < p; i++) w[i] = (w[i] ?? 0) - (step[i] ?? 0);
  }
  return w;
}

/** The linear score `w·[x, 1]` of a logistic model from {@link fitLogistic}. */
export function logisticScore(w: Float64Array, row: Float32Array): number {
  let z = w[w.length - 1] ?? 0;
  for (let i = 0; i < row.length; i++) z += (w[i] ?? 0) * (row[i] ?? 0);
  return z;
}

/** Area under the ROC curve (Mann-Whitney, ties counted half); NaN with only one class. */
export function auc(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((s, i) => ({ s, y: labels[i] ?? 0 })).sort((a, b) => a.s - b.s);
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j]!.s === order[i]!.s) j++;
    const midRank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if (order[k]!.y !== 1) continue;
      rankSumPos += midRank;
      pos++;
    }
    i = j;
  }
  const neg = order.length - pos;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}
