import { describe, expect, it } from 'vitest';
import type { Answer, Feedback } from '@cqb/contracts';
import { createStageCollector } from './index.js';

describe('createStageCollector', () => {
  it('splits an answer into stages from its timestamps', () => {
    const c = createStageCollector();
    const answer = {
      assignment: {
        decidedAtMs: 130,
        query: { embeddedAtMs: 110, query: { receivedAtMs: 100 } },
      },
      answeredAtMs: 200,
      backendLatencyMs: 50,
    } as unknown as Answer;
    c.onAnswer(answer);
    c.onFeedback({ answeredAtMs: 200, decidedAtMs: 2300 } as unknown as Feedback);
    const s = c.samples();
    expect(s).toEqual({
      embed: [10],
      queueWait: [20],
      dispatch: [20],
      backend: [50],
      feedback: [2100],
    });
  });

  it('drops impossible (negative) intervals from clock skew between hosts', () => {
    const c = createStageCollector();
    c.onFeedback({ answeredAtMs: 500, decidedAtMs: 400 } as unknown as Feedback);
    expect(c.samples().feedback).toEqual([]);
  });
});
