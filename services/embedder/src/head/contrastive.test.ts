import { describe, expect, it } from 'vitest';
import { contrastiveGradient } from './contrastive.js';
import { createRandom } from './random.js';
import { auc } from './logistic.js';
import { llmContrastiveGradient } from './llm-contrastive.js';

describe('supervised contrastive loss', () => {
  const rnd = createRandom(7);
  const inputDim = 6;
  const out = 3;
  const inputs = Array.from({ length: 5 }, () =>
    Float32Array.from({ length: inputDim }, () => rnd.normal()),
  );
  const positives = [[1], [0], [3, 4], [2, 4], [2, 3]];
  const w = Float64Array.from({ length: out * inputDim }, () => rnd.normal());
  const b = Float64Array.from({ length: out }, () => rnd.normal());

  it('has the gradient of a central finite difference (relative error < 1e-5)', () => {
    const g = contrastiveGradient(w, b, { inputs, positives }, 0.5);
    const h = 1e-6;
    const numeric = (vec: Float64Array, i: number): number => {
      const keep = vec[i]!;
      vec[i] = keep + h;
      const up = contrastiveGradient(w, b, { inputs, positives }, 0.5).loss;
      vec[i] = keep - h;
      const down = contrastiveGradient(w, b, { inputs, positives }, 0.5).loss;
      vec[i] = keep;
      return (up - down) / (2 * h);
    };
    for (let i = 0; i < w.length; i++) {
      expect(Math.abs(numeric(w, i) - g.dW[i]!)).toBeLessThan(
        1e-5 * Math.max(1, Math.abs(g.dW[i]!)),
      );
    }
    for (let i = 0; i < b.length; i++) {
      expect(Math.abs(numeric(b, i) - g.db[i]!)).toBeLessThan(
        1e-5 * Math.max(1, Math.abs(g.db[i]!)),
      );
    }
  });
});

describe('auc', () => {
  it('counts ties half and matches a hand computation', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(auc([1, 1, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0.5, 12);
  });
});

describe('prompt-LLM contrastive loss', () => {
  const rnd = createRandom(11);
  const inputDim = 5;
  const out = 3;
  const inputs = Array.from({ length: 4 }, () =>
    Float32Array.from({ length: inputDim }, () => rnd.normal()),
  );
  const correct = [
    [1, 0, 1],
    [0, 1, 1],
    [1, 1, 1],
    [1, 0, 0],
  ];
  const w = Float64Array.from({ length: out * inputDim }, () => rnd.normal());
  const b = Float64Array.from({ length: out }, () => rnd.normal());
  const anchors = Float64Array.from({ length: 3 * out }, () => rnd.normal());

  it('has the gradient of a central finite difference (relative error < 1e-5)', () => {
    const loss = (): number => llmContrastiveGradient(w, b, anchors, inputs, correct, 0.5).loss;
    const g = llmContrastiveGradient(w, b, anchors, inputs, correct, 0.5);
    const check = (vec: Float64Array, grad: Float64Array): void => {
      for (let i = 0; i < vec.length; i++) {
        const keep = vec[i]!;
        vec[i] = keep + 1e-6;
        const up = loss();
        vec[i] = keep - 1e-6;
        const down = loss();
        vec[i] = keep;
        const numeric = (up - down) / 2e-6;
        expect(Math.abs(numeric - grad[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(grad[i]!)));
      }
    };
    check(w, g.dW);
    check(b, g.db);
    check(anchors, g.dAnchors);
  });
});
