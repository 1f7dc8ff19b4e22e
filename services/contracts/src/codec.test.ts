import { describe, expect, it } from 'vitest';
import type { Answer } from './index.js';
import { DecodeError, prefixTopic, topics } from './index.js';

const received = {
  queryId: 'q1', tenant: 't', user: 'u', session: 's', text: 'what is 2+2?', retryOf: '',
  receivedAtMs: 1_700_000_000_123, deadlineAtMs: 0,
};

describe('event codecs', () => {
  it('round-trips a nested answer with every field', () => {
    const answer: Answer = {
      assignment: {
        query: {
          query: received, embedding: [0.5, -0.25], context: [1, 0], encoderVersion: 'e1',
          headVersion: 'h1', tokenCount: 7, truncated: false, embeddedAtMs: 1_700_000_000_200,
        },
        llm: 'gpt-4', policy: 'acqb', explored: true, sampledScore: 0.75, round: 42,
        queueLength: 3, decidedAtMs: 1_700_000_000_300, schedulerId: 'sch-1', posteriorVersion: 9,
      },
      status: 'ANSWER_STATUS_OK', text: '4', error: '', backendLatencyMs: 12, promptTokens: 5,
      completionTokens: 1, costUsd: 0.001, dispatchAttempts: 1, answeredAtMs: 1_700_000_000_400,
    };
    const codec = topics.answers.codec;
    expect(codec.decode(codec.encode(answer))).toEqual(answer);
  });

  it('fills defaults for absent fields', () => {
    const codec = topics.queries.codec;
    const decoded = codec.decode(codec.encode({ ...received, retryOf: '' }));
    expect(decoded.retryOf).toBe('');
    expect(decoded.receivedAtMs).toBe(received.receivedAtMs);
  });

  it('rejects bytes that are not a message', () => {
    expect(() => topics.answers.codec.decode(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(
      DecodeError,
    );
  });
});

describe('prefixTopic', () => {
  it('puts the prefix in front of the name and keeps the spec when there is none', () => {
    expect(prefixTopic(topics.queries, 'run1.').name).toBe('run1.cqb.queries.v1');
    expect(prefixTopic(topics.queries, '')).toBe(topics.queries);
  });
});
