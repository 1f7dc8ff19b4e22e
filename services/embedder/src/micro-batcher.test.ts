import { describe, expect, it } from 'vitest';
import { createMicroBatcher } from './micro-batcher.js';

describe('micro-batcher', () => {
  it('joins concurrent adds into batches of at most maxBatchSize', async () => {
    const runs: number[][] = [];
    const batcher = createMicroBatcher<number>({
      maxBatchSize: 4,
      maxWaitMs: 1000,
      run: (items) => {
        runs.push(items);
        return Promise.resolve();
      },
    });
    await Promise.all([batcher.add([1, 2]), batcher.add([3]), batcher.add([4, 5, 6])]);
    expect(runs).toEqual([
      [1, 2, 3, 4],
      [5, 6],
    ]);
  });

  it('runs a partial batch once the wait budget passes, and rejects the adds of a failed run', async () => {
    const batcher = createMicroBatcher<string>({
      maxBatchSize: 100,
      maxWaitMs: 1,
      run: (items) =>
        items.includes('bad') ? Promise.reject(new Error('boom')) : Promise.resolve(),
    });
    await expect(batcher.add(['ok'])).resolves.toBeUndefined();
    await expect(batcher.add(['bad'])).rejects.toThrow('boom');
  });
});
