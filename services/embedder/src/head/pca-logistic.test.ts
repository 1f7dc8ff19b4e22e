import { describe, expect, it } from 'vitest';
import { fitLogistic, logisticScore } from './logistic.js';
import { fitPca } from './pca.js';
import { createRandom } from './random.js';

describe('PCA', () => {
  it('recovers the axes of a diagonal covariance in order of variance', () => {
    const rnd = createRandom(5);
    const scales = [0.5, 3, 1.5, 0.1];
    const rows = Array.from({ length: 4000 }, () =>
      Float32Array.from(scales, (s) => s * rnd.normal() + 2),
    );
    const { components, mean } = fitPca(rows, 2);
    expect(Math.abs(mean[0]! - 2)).toBeLessThan(0.1);
    expect(Math.abs(components[0]![1]!)).toBeGreaterThan(0.999);
    expect(Math.abs(components[1]![2]!)).toBeGreaterThan(0.999);
  });
});

describe('ridge logistic regression', () => {
  it('reaches a zero gradient of the penalised likelihood (max |g| < 1e-6)', () => {
    const rnd = createRandom(9);
    const rows = Array.from({ length: 300 }, () =>
      Float32Array.from({ length: 3 }, () => rnd.normal()),
    );
    const labels = rows.map((r) =>
      rnd.uniform() < 1 / (1 + Math.exp(-(2 * r[0]! - r[2]!))) ? 1 : 0,
    );
    const lambda = 0.5;
    const w = fitLogistic(rows, labels, lambda, 25);
    const grad = [0, 1, 2, 3].map((j) =>
      rows.reduce(
        (s, r, n) => {
          const mu = 1 / (1 + Math.exp(-logisticScore(w, r)));
          return s + (mu - labels[n]!) * (j < 3 ? r[j]! : 1);
        },
        j < 3 ? lambda * w[j]! : 0,
      ),
    );
    expect(Math.max(...grad.map(Math.abs))).toBeLessThan(1e-6);
    expect(w[0]!).toBeGreaterThan(1);
  });
});
