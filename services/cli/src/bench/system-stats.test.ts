import { describe, expect, it } from 'vitest';
import type { ClientTiming, ServerTiming } from './system-stats.js';
import { breakdown, steadySchedule, summarize, summarizeBreakdowns } from './system-stats.js';

const client: ClientTiming = { queryId: 'q1', sentAtMs: 1000.25, receivedAtMs: 1050.75 };
const server: ServerTiming = {
  queryReceivedAtMs: 1001,
  embeddedAtMs: 1031,
  decidedAtMs: 1033,
  answeredAtMs: 1049,
  backendLatencyMs: 10,
  feedbackDecidedAtMs: 2100,
};

describe('breakdown', () => {
  it('subtracts backend time from the round trip and splits the rest into stages', () => {
    const b = breakdown(client, server, 1000);
    expect(b.roundTrip).toBeCloseTo(50.5);
    expect(b.overhead).toBeCloseTo(40.5);
    expect(b.ingest).toBeCloseTo(0.75 + 1.75);
    expect(b.embed).toBe(30);
    expect(b.queueWait).toBe(2);
    expect(b.dispatch).toBe(6);
    expect(b.overheadExclEmbed).toBeCloseTo(10.5);
    expect(b.feedback).toBe(51);
  });

  it('stages on the client path add up to the overhead', () => {
    const b = breakdown(client, { ...server, backendLatencyMs: 0 }, 0);
    expect(b.ingest + b.embed + b.queueWait + b.dispatch).toBeCloseTo(b.overhead);
  });

  it('leaves feedback out when it was not observed', () => {
    const noFeedback: ServerTiming = { ...server };
    delete noFeedback.feedbackDecidedAtMs;
    expect(breakdown(client, noFeedback, 1000).feedback).toBeUndefined();
  });
});

describe('summarize', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 200 }, (_, i) => 200 - i); // 1..200, unsorted
    expect(summarize(values)).toEqual({ count: 200, p50: 100, p99: 198, mean: 100.5, max: 200 });
  });

  it('is all zero for an empty sample', () => {
    expect(summarize([])).toEqual({ count: 0, p50: 0, p99: 0, mean: 0, max: 0 });
  });

  it('rounds to hundredths of a millisecond', () => {
    expect(summarize([1.23456]).p50).toBe(1.23);
  });

  it('summarises each stage over only the queries that have it', () => {
    const rows = [
      breakdown(client, server, 1000),
      breakdown(client, { ...server, feedbackDecidedAtMs: undefined }, 1000),
    ];
    const s = summarizeBreakdowns(rows);
    expect(s.overhead.count).toBe(2);
    expect(s.stages.feedback.count).toBe(1);
    expect(s.stages.embed.p50).toBe(30);
  });
});

describe('steadySchedule', () => {
  it('spaces sends evenly at the rate', () => {
    expect(steadySchedule(4, 200)).toEqual([0, 5, 10, 15]);
  });
});
