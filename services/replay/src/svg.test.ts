import { describe, expect, it } from 'vitest';
import { lineChart } from './svg.js';

describe('lineChart', () => {
  it('labels an all-zero series on a 0 to 1 axis', () => {
    const svg = lineChart('Waiting queue length', 'seconds', 'queries', [
      {
        name: 'acqb',
        color: '#1f77b4',
        points: [
          [0, 0],
          [10, 0],
          [20, 0],
        ],
      },
    ]);
    expect(svg).not.toMatch(/e-\d/);
    expect(svg).toContain('>1</text>');
  });

  it('scales the axis to the largest value', () => {
    const svg = lineChart('Queue', 'seconds', 'queries', [
      {
        name: 'acqb',
        color: '#1f77b4',
        points: [
          [0, 0],
          [10, 4],
        ],
      },
    ]);
    expect(svg).toContain('>4</text>');
  });
});
