import { describe, expect, it } from 'vitest';
import { formatProgress } from './progress.js';
import { formatTable } from './table.js';

describe('formatTable', () => {
  it('aligns labels left and figures right under a rule', () => {
    const text = formatTable([
      ['policy', 'acqb', 'random'],
      ['satisfied users', '71.0%', '5.5%'],
    ]);
    expect(text.split('\n')).toEqual([
      'policy            acqb  random',
      '---------------  -----  ------',
      'satisfied users  71.0%    5.5%',
    ]);
  });
});

describe('formatProgress', () => {
  it('shows users, answers, queue, satisfaction and time', () => {
    const line = formatProgress('acqb', {
      elapsedMs: 12_400, remainingMs: 3_100, arrived: 60, horizon: 100, finishedUsers: 50,
      answered: 80, satisfied: 60, queueLength: 4,
    });
    expect(line).toBe(
      '[acqb] users 50/100 done (60 arrived), answers 80, queue 4, kept 75.0%, elapsed 12s, ~4s arriving',
    );
    expect(formatProgress('x', { elapsedMs: 0, remainingMs: 0, arrived: 0, horizon: 1,
      finishedUsers: 0, answered: 0, satisfied: 0 })).toContain('queue ?, kept -, elapsed 0s, draining');
  });
});
