import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { Admin, Producer } from 'kafkajs';
import type { TopicSpec } from '@cqb/contracts';
import type { Registry } from 'prom-client';
import type { Logger } from '../logging/logger.js';
import type { EventBus, OutgoingEvent, SubscribeOptions, Subscription } from './bus.js';
import type { RawRecord, ResolvedOptions } from './delivery.js';
import { resolveOptions } from './delivery.js';
import { createBusMetrics } from './bus-metrics.js';
import type { DeadLetterInfo } from './headers.js';
import { busHeaders, deadLetterHeaders, dlqTopicName, outgoingHeaders } from './headers.js';
import { kafkaLogCreator } from './kafka-logging.js';
import { startKafkaSubscription } from './kafka-subscription.js';
import { createTopicSetup } from './kafka-topics.js';
import { createSendQueue } from './send-queue.js';

/** Options for {@link createKafkaBus}. */
export interface KafkaBusOptions {
  /** Bootstrap servers, `host:port`. */
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** Partitions of topics the bus creates (topic and its dead-letter topic). Default 3. */
  partitions?: number;
  /** How long subscribe waits for the group join; default 60 000 ms. */
  joinTimeoutMs?: number;
  /**
   * How long the first publish or subscribe on a topic waits for every partition of the topic
   * (and its `.dlq`) to have a leader, after creating them when missing; default 30 000 ms.
   */
  topicReadyTimeoutMs?: number;
  /** Prometheus registry for dead-letter counts and consumer lag; none when absent. */
  registry?: Registry;
}

/**
 * The {@link EventBus} of distributed mode, on kafkajs: an idempotent producer with acks from all
 * in-sync replicas, topics (and their `.dlq`) created with N partitions when missing and waited
 * for until every partition has a leader, and one consumer per subscription with auto-commit off
 * that commits offset+1 after each handled event or batch. Partitions of one consumer are handled
 * concurrently, each in order.
 */
export function createKafkaBus(options: KafkaBusOptions): EventBus {
  const { logger } = options;
  const partitions = options.partitions ?? 3;
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
  });
  const subscriptions = new Set<Subscription>();
  const metrics = createBusMetrics(options.registry);
  let producer: Promise<Producer> | undefined;
  let admin: Promise<Admin> | undefined;

  function getProducer(): Promise<Producer> {
    producer ??= (async () => {
      const p = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
      });
      await p.connect();
      return p;
    })();
    return producer;
  }

  function getAdmin(): Promise<Admin> {
    admin ??= (async () => {
      const a = kafka.admin();
      await a.connect();
      return a;
    })();
    return admin;
  }

  const ensureTopic = createTopicSetup({
    admin: getAdmin,
    logger,
    partitions,
    readyTimeoutMs: options.topicReadyTimeoutMs,
  });

  const sendQueue = createSendQueue(getProducer);

  async function send(
    topic: string,
    messages: { key: string; value: Buffer; headers: Record<string, string> }[],
  ): Promise<void> {
    if (messages.length === 0) return;
    await ensureTopic(topic);
    await sendQueue(topic, messages);
  }

  async function deadLetter(record: RawRecord, info: DeadLetterInfo): Promise<void> {
    const headers = deadLetterHeaders(record.headers, info);
    metrics.deadLettered(record.topic, info.groupId);
    await send(dlqTopicName(record.topic), [
      { key: record.key, value: Buffer.from(record.bytes), headers },
    ]);
  }

  async function join<T>(spec: TopicSpec<T>, opts: ResolvedOptions<T>): Promise<Subscription> {
    await ensureTopic(spec.name);
    const subscription = await startKafkaSubscription(kafka, {
      spec,
      options: opts,
      partitions,
      logger,
      deadLetter,
      metrics,
      joinTimeoutMs: options.joinTimeoutMs ?? 60_000,
      onStopped: () => subscriptions.delete(subscription),
    });
    subscriptions.add(subscription);
    return subscription;
  }

  return {
    async publish<T>(spec: TopicSpec<T>, events: OutgoingEvent<T>[]): Promise<void> {
      const messages = events.map((e) => ({
        key: e.key,
        value: Buffer.from(spec.codec.encode(e.value)),
        headers: outgoingHeaders(e.id, e.headers),
      }));
      await send(spec.name, messages);
    },
    async subscribe<T>(spec: TopicSpec<T>, opts: SubscribeOptions<T>): Promise<Subscription> {
      return join(spec, resolveOptions(opts));
    },
    publishRaw: (topic, key, id, bytes) =>
      send(topic, [{ key, value: Buffer.from(bytes), headers: { [busHeaders.id]: id } }]),
    async close(): Promise<void> {
      await Promise.all([...subscriptions].map((s) => s.stop()));
      if (producer) await (await producer).disconnect();
      if (admin) await (await admin).disconnect();
    },
  };
}
