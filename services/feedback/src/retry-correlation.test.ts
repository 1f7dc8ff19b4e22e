import { describe, expect, it } from 'vitest';
import { pickRetriedAnswer, pickRetryingQuery, retryReason } from './retry-correlation.js';
import { cosine, packFloat32, packFloat64, unpackFloat32, unpackFloat64 } from './vectors.js';

const rules = { retryWindowMs: 30_000, retrySimilarity: 0.9 };
const answered = { queryId: 'a1', answeredAtMs: 10_000, embedding: [1, 0, 0] };
const later = (patch: Partial<Parameters<typeof retryReason>[1]>) => ({
  queryId: 'q2',
  retryOf: '',
  receivedAtMs: 15_000,
  embedding: [1, 0, 0],
  ...patch,
});

describe('retryReason', () => {
  it('counts an explicit retry_of inside the window, even one logged before the answer', () => {
    expect(retryReason(answered, later({ retryOf: 'a1', embedding: [0, 1, 0] }), rules)).toEqual({
      reason: 'retry_of',
      similarity: 1,
    });
    expect(retryReason(answered, later({ retryOf: 'a1', receivedAtMs: 9_000 }), rules)?.reason).toBe(
      'retry_of',
    );
  });

  it('does not count a retry_of naming another query, even when similar', () => {
    expect(retryReason(answered, later({ retryOf: 'other' }), rules)).toBeUndefined();
  });

  it('counts a similar query only inside [answeredAt, answeredAt + window)', () => {
    expect(retryReason(answered, later({}), rules)?.reason).toBe('similar_query');
    expect(retryReason(answered, later({ receivedAtMs: 39_999 }), rules)).toBeDefined();
    expect(retryReason(answered, later({ receivedAtMs: 40_000 }), rules)).toBeUndefined();
    expect(retryReason(answered, later({ receivedAtMs: 9_999 }), rules)).toBeUndefined();
  });

  it('counts a query not embedded yet only as an explicit retry, whatever the threshold', () => {
    const anySimilarity = { ...rules, retrySimilarity: -1 };
    expect(retryReason(answered, later({ embedding: [] }), anySimilarity)).toBeUndefined();
    expect(retryReason(answered, later({ embedding: [], retryOf: 'a1' }), rules)?.reason).toBe(
      'retry_of',
    );
  });

  it('applies the similarity threshold inclusively', () => {
    const at = (c: number) => later({ embedding: [c, Math.sqrt(1 - c * c), 0] });
    expect(retryReason(answered, at(0.9), rules)).toBeDefined();
    expect(retryReason(answered, at(0.89), rules)).toBeUndefined();
  });

  it('never lets a query retry its own answer', () => {
    expect(retryReason(answered, later({ queryId: 'a1', retryOf: 'a1' }), rules)).toBeUndefined();
  });
});

describe('pickRetriedAnswer and pickRetryingQuery', () => {
  it('marks the named answer, else the most similar one', () => {
    const a2 = { queryId: 'a2', answeredAtMs: 12_000, embedding: [0.95, 0.3122, 0] };
    expect(pickRetriedAnswer(later({}), [a2, answered], rules)?.answer.queryId).toBe('a1');
    expect(pickRetriedAnswer(later({ retryOf: 'a2' }), [answered, a2], rules)).toEqual({
      answer: a2,
      reason: 'retry_of',
    });
    expect(pickRetriedAnswer(later({ embedding: [0, 0, 1] }), [answered, a2], rules)).toBeUndefined();
  });

  it('takes the earliest later query that retries an answer', () => {
    const queries = [later({ queryId: 'q3', receivedAtMs: 20_000 }), later({ queryId: 'q2' })];
    expect(pickRetryingQuery(answered, queries, rules)?.query.queryId).toBe('q2');
  });
});

describe('vector packing', () => {
  it('round-trips float64 exactly and float32 at single precision', () => {
    const v = [0.1, -2.5e-8, 3];
    expect([...unpackFloat64(packFloat64(v))]).toEqual(v);
    const unaligned = new Uint8Array([0, ...packFloat32(v)]).subarray(1);
    expect([...unpackFloat32(unaligned)]).toEqual([...Float32Array.from(v)]);
    expect(cosine([1, 1], [2, 2])).toBeCloseTo(1, 12);
    expect(cosine([1, 0], [0, 0])).toBe(0);
  });
});
