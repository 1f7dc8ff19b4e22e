import { accumulateHeadGradient, dotF64, forwardHead } from './contrastive.js';

/** Gradient of the prompt–LLM contrastive loss with respect to W, b and the LLM anchors. */
export interface LlmContrastiveGradient {
  loss: number;
  dW: Float64Array;
  db: Float64Array;
  /** Gradient for the anchors, [llm][outputDim] row-major. */
  dAnchors: Float64Array;
}

/**
 * Prompt–LLM contrastive loss: each LLM k has a learned anchor a_k; for a prompt i, every LLM
 * that answered it correctly is a positive against the LLMs that did not:
 *   l(i, k+) = −s_ik+ + log(exp s_ik+ + Σ_{k−} exp s_ik−),  s_ik = z_i·â_k / τ (â_k unit),
 * averaged over all (prompt, correct LLM) pairs of prompts with both outcomes. Prompts that the
 * same LLMs answer correctly are pulled to the same anchors, hence towards each other.
 */
export function llmContrastiveGradient(
  w: Float64Array,
  b: Float64Array,
  anchors: Float64Array,
  inputs: readonly Float32Array[],
  correct: readonly (readonly number[])[],
  tau: number,
): LlmContrastiveGradient {
  const out = b.length;
  const llms = anchors.length / out;
  const unit = Array.from({ length: llms }, (_, k) => {
    const a = anchors.subarray(k * out, (k + 1) * out);
    const norm = Math.max(Math.hypot(...a), 1e-12);
    return { a: a.map((x) => x / norm), norm };
  });
  const dW = new Float64Array(w.length);
  const db = new Float64Array(out);
  const dUnit = Array.from({ length: llms }, () => new Float64Array(out));
  const pairs = correct.reduce((s, c) => {
    const pos = c.filter((y) => y === 1).length;
    return s + (pos > 0 && pos < c.length ? pos : 0);
  }, 0);
  let loss = 0;
  inputs.forEach((e, i) => {
    const c = correct[i] ?? [];
    const pos = c.flatMap((y, k) => (y === 1 ? [k] : []));
    const neg = c.flatMap((y, k) => (y === 1 ? [] : [k]));
    if (pos.length === 0 || neg.length === 0) return;
    const fw = forwardHead(w, b, e);
    const s = unit.map((u) => dotF64(fw.z, u.a) / tau);
    const ds = new Float64Array(llms);
    const negExp = neg.map((k) => Math.exp(s[k] ?? 0));
    const negSum = negExp.reduce((x, y) => x + y, 0);
    for (const k of pos) {
      const ep = Math.exp(s[k] ?? 0);
      const z = ep + negSum;
      loss += (Math.log(z) - (s[k] ?? 0)) / pairs;
      ds[k] = (ds[k] ?? 0) + (ep / z - 1) / pairs;
      neg.forEach((kn, j) => (ds[kn] = (ds[kn] ?? 0) + (negExp[j] ?? 0) / z / pairs));
    }
    const gz = new Float64Array(out);
    ds.forEach((d, k) => {
      if (d === 0) return;
      const u = unit[k]!.a;
      const du = dUnit[k]!;
      for (let o = 0; o < out; o++) {
        gz[o] = (gz[o] ?? 0) + (d * (u[o] ?? 0)) / tau;
        du[o] = (du[o] ?? 0) + (d * (fw.z[o] ?? 0)) / tau;
      }
    });
    accumulateHeadGradient(fw, gz, e, dW, db);
  });
  const dAnchors = new Float64Array(anchors.length);
  unit.forEach(({ a, norm }, k) => {
    const g = dUnit[k]!;
    const ag = dotF64(a, g);
    for (let o = 0; o < out; o++) dAnchors[k * out + o] = ((g[o] ?? 0) - (a[o] ?? 0) * ag) / norm;
  });
  return { loss, dW, db, dAnchors };
}
