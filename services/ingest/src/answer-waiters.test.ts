import type { Answer } from '@cqb/contracts';
import { describe, expect, it } from 'vitest';
import { createAnswerWaiters } from './answer-waiters.js';
import { CallAbortedError, DeadlineError, OverloadedError } from './errors.js';

function answerFor(queryId: string): Answer {
  return { assignment: { query: { query: { queryId } } } } as unknown as Answer;
}

describe('createAnswerWaiters', () => {
  it('completes the call that waits for the answer and frees its slot', async () => {
    const waiters = createAnswerWaiters(2);
    const pending = waiters.register('q1');
    expect(waiters.deliver(answerFor('other'))).toBe(false);
    expect(waiters.deliver(answerFor('q1'))).toBe(true);
    await expect(pending).resolves.toEqual(answerFor('q1'));
    expect(waiters.inFlight).toBe(0);
  });

  it('refuses a call beyond the in-flight bound', () => {
    const waiters = createAnswerWaiters(1);
    void waiters.register('q1');
    expect(() => waiters.register('q2')).toThrow(OverloadedError);
    expect(waiters.inFlight).toBe(1);
  });

  it('releases the slot when the client cancels', async () => {
    const waiters = createAnswerWaiters(1);
    const controller = new AbortController();
    const pending = waiters.register('q1', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(CallAbortedError);
    expect(waiters.inFlight).toBe(0);
    expect(waiters.deliver(answerFor('q1'))).toBe(false);
  });

  it('fails the call when its deadline has passed', async () => {
    const waiters = createAnswerWaiters(1, () => 5000);
    const pending = waiters.register('q1', { deadlineAtMs: 4000 });
    await expect(pending).rejects.toBeInstanceOf(DeadlineError);
    expect(waiters.inFlight).toBe(0);
  });

  it('fails every waiting call on shutdown', async () => {
    const waiters = createAnswerWaiters(3);
    const calls = [waiters.register('a'), waiters.register('b')];
    waiters.failAll(new Error('stopping'));
    for (const call of calls) await expect(call).rejects.toThrow('stopping');
    expect(waiters.inFlight).toBe(0);
  });
});
