import type { ITopicMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import type { TopicAdmin } from './kafka-topics.js';
import { createTopicSetup, TopicNotReadyError } from './kafka-topics.js';

const logger = createLogger({ service: 'kafka-topics-test', level: 'fatal' });

class FakeProtocolError extends Error {
  constructor(readonly type: string) {
    super(type);
  }
}

/**
 * An admin whose broker learns of a created topic only after `lagPolls` metadata requests: it
 * first answers "unknown topic" (as kafkajs throws it), then once with no leader, then ready.
 */
function laggingAdmin(lagPolls: number) {
  const topics = new Map<string, number>();
  const created: string[][] = [];
  let metadataCalls = 0;
  const metadata = (name: string, polls: number): ITopicMetadata => ({
    name,
    partitions: [0, 1].map((partitionId) => ({
      partitionId,
      partitionErrorCode: 0,
      leader: polls > lagPolls ? 1 : -1,
      replicas: [1],
      isr: [1],
    })),
  });
  const admin: TopicAdmin = {
    listTopics: () => Promise.resolve([...topics.keys()]),
    createTopics: ({ topics: specs }) => {
      created.push(specs.map((s) => s.topic));
      for (const s of specs) topics.set(s.topic, 0);
      return Promise.resolve(true);
    },
    fetchTopicMetadata: (request) => {
      metadataCalls++;
      const names = request?.topics ?? [];
      for (const name of names) topics.set(name, (topics.get(name) ?? 0) + 1);
      const lagging = names.find((name) => (topics.get(name) ?? 0) < lagPolls);
      if (lagging) return Promise.reject(new FakeProtocolError('UNKNOWN_TOPIC_OR_PARTITION'));
      return Promise.resolve({ topics: names.map((n) => metadata(n, topics.get(n) ?? 0)) });
    },
  };
  return { admin, created, metadataCalls: () => metadataCalls };
}

describe('kafka topic set-up', () => {
  it('waits through "unknown topic" and missing leaders, creating the topic and its dlq once', async () => {
    const fake = laggingAdmin(3);
    const ensure = createTopicSetup({
      admin: () => Promise.resolve(fake.admin),
      logger,
      partitions: 2,
      pollIntervalMs: 1,
    });
    await Promise.all([ensure('a'), ensure('a'), ensure('a.dlq')]);
    expect(fake.created).toEqual([['a', 'a.dlq']]);
    expect(fake.metadataCalls()).toBe(4);
    await ensure('a');
    expect(fake.metadataCalls()).toBe(4);
  });

  it('waits for leaders of topics that exist already', async () => {
    const fake = laggingAdmin(2);
    await fake.admin.createTopics({ topics: [{ topic: 'b' }, { topic: 'b.dlq' }] });
    const ensure = createTopicSetup({
      admin: () => Promise.resolve(fake.admin),
      logger,
      partitions: 2,
      pollIntervalMs: 1,
    });
    await ensure('b');
    expect(fake.created).toHaveLength(1);
    expect(fake.metadataCalls()).toBe(3);
  });

  it('fails with TopicNotReadyError naming the topics, and retries on the next call', async () => {
    const fake = laggingAdmin(Number.POSITIVE_INFINITY);
    const ensure = createTopicSetup({
      admin: () => Promise.resolve(fake.admin),
      logger,
      partitions: 2,
      readyTimeoutMs: 20,
      pollIntervalMs: 5,
    });
    const failure = await ensure('c').catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(TopicNotReadyError);
    expect((failure as TopicNotReadyError).topics).toEqual(['c', 'c.dlq']);
    const calls = fake.metadataCalls();
    await expect(ensure('c')).rejects.toThrow('have no leader for every partition after 20 ms');
    expect(fake.metadataCalls()).toBeGreaterThan(calls);
  });

  it('passes on errors other than a lagging topic at once', async () => {
    const fake = laggingAdmin(0);
    fake.admin.fetchTopicMetadata = () =>
      Promise.reject(new FakeProtocolError('TOPIC_AUTHORIZATION_FAILED'));
    const ensure = createTopicSetup({
      admin: () => Promise.resolve(fake.admin),
      logger,
      partitions: 2,
    });
    await expect(ensure('d')).rejects.toThrow('TOPIC_AUTHORIZATION_FAILED');
  });
});
