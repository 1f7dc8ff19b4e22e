import type { QueryEmbedded } from '@cqb/contracts';
import { describe, expect, it } from 'vitest';
import { createCapacityTracker } from './capacity-tracker.js';
import { createWaitingQueue } from './waiting-queue.js';

function embedded(queryId: string, deadlineAtMs = 0): QueryEmbedded {
  return { query: { queryId, deadlineAtMs }, context: [0.6, 0.8] } as unknown as QueryEmbedded;
}

describe('createWaitingQueue', () => {
  it('keeps arrival order, ignores duplicates and reports the oldest wait', () => {
    const queue = createWaitingQueue();
    expect(queue.add(embedded('a'), 100)).toBe(true);
    expect(queue.add(embedded('b'), 150)).toBe(true);
    expect(queue.add(embedded('a'), 160)).toBe(false);
    expect(queue.list().map((q) => [q.id, q.arrivalSeq])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    expect(queue.list()[0]!.context).toEqual(Float64Array.from([0.6, 0.8]));
    expect(queue.oldestWaitMs(400)).toBe(300);
    expect(queue.remove('a')?.id).toBe('a');
    expect(queue.oldestWaitMs(400)).toBe(250);
  });

  it('drops the queries whose deadline has passed, keeping those without one', () => {
    const queue = createWaitingQueue();
    queue.add(embedded('late', 500), 0);
    queue.add(embedded('open'), 0);
    queue.add(embedded('soon', 2_000), 0);
    expect(queue.dropExpired(1_000).map((q) => q.id)).toEqual(['late']);
    expect(queue.list().map((q) => q.id)).toEqual(['open', 'soon']);
    expect(queue.length).toBe(2);
  });
});

describe('createCapacityTracker', () => {
  const report = (seq: number, inFlight: number, dispatcherId = 'd1', reportedAtMs = 20) => ({
    llm: 'm',
    capacity: 4,
    inFlight,
    dispatcherId,
    seq,
    reportedAtMs,
  });

  it('starts from the registry capacity and counts published assignments as taken', () => {
    const tracker = createCapacityTracker([{ id: 'm', capacity: 2 }]);
    tracker.take('m', 10);
    expect(tracker.free('m')).toBe(1);
    tracker.take('m', 10);
    tracker.take('m', 10);
    expect(tracker.snapshot()).toEqual({ m: 0 });
    expect(tracker.free('unknown')).toBe(0);
  });

  it('replaces the estimate with newer reports and ignores stale ones', () => {
    const tracker = createCapacityTracker([{ id: 'm', capacity: 2 }]);
    tracker.take('m', 10);
    expect(tracker.apply(report(5, 1))).toBe(true);
    expect(tracker.free('m')).toBe(3);
    expect(tracker.apply(report(4, 4))).toBe(false);
    expect(tracker.apply(report(5, 4))).toBe(false);
    expect(tracker.free('m')).toBe(3);
    expect(tracker.apply(report(1, 2, 'd2'))).toBe(true);
    expect(tracker.free('m')).toBe(5);
  });

  it('keeps counting assignments decided after the report was made', () => {
    const tracker = createCapacityTracker([{ id: 'm', capacity: 2 }]);
    tracker.take('m', 10);
    tracker.take('m', 30);
    expect(tracker.apply(report(1, 1))).toBe(true);
    expect(tracker.free('m')).toBe(2);
    tracker.release('m');
    expect(tracker.free('m')).toBe(3);
  });
});
