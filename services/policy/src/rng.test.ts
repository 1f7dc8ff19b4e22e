import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';

describe('fillNormal', () => {
  it('gives the values of as many normal() calls, across odd counts and interleaved draws', () => {
    const bulk = createRng(77, 3);
    const single = createRng(77, 3);
    const buf = new Float64Array(40);
    for (const count of [1, 2, 3, 32, 5, 0, 7, 33]) {
      bulk.fillNormal!(buf, 4, 4 + count);
      const expected = Array.from({ length: count }, () => single.normal());
      expect(Array.from(buf.subarray(4, 4 + count))).toEqual(expected);
      expect(bulk.uniform()).toBe(single.uniform()); // the generators stay in step
      expect(bulk.normal()).toBe(single.normal());
    }
  });
});
