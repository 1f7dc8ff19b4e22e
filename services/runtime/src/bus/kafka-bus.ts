import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { Admin, Consumer, EachBatchPayload, IHeaders, KafkaMessage, Producer } from 'kafkajs';
import type { TopicSpec } from '@cqb/contracts';
import type { Logger } from '../logging/logger.js';
import type { EventBus, OutgoingEvent, SubscribeOptions, Subscription } from './bus.js';
import type { DeliveryDeps, RawRecord, ResolvedOptions } from './delivery.js';
import { deliver, resolveOptions } from './delivery.js';
import type { DeadLetterInfo } from './headers.js';
import { busHeaders, deadLetterHeaders, dlqTopicName, outgoingHeaders } from './headers.js';
import { kafkaLogCreator } from './kafka-logging.js';

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
}

/** Pause before handler attempt n (n >= 1): 100 ms × n. */
const retryDelayMs = (attempt: number): number => 100 * attempt;

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}

function toRecord(topic: string, partition: number, message: KafkaMessage): RawRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? '',
    headers: headerStrings(message.headers),
    bytes: message.value ?? new Uint8Array(0),
  };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The {@link EventBus} of distributed mode, on kafkajs: an idempotent producer with acks from all
 * in-sync replicas, topics (and their `.dlq`) created with N partitions when missing, and one
 * consumer per subscription with auto-commit off that commits offset+1 after each handled event
 * or batch. Partitions of one consumer are handled concurrently, each in order.
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
  const knownTopics = new Map<string, Promise<void>>();
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

  async function createTopics(names: string[]): Promise<void> {
    const a = await getAdmin();
    const existing = new Set(await a.listTopics());
    const missing = names.filter((name) => !existing.has(name));
    if (missing.length === 0) return;
    try {
      await a.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions })),
      });
      logger.info({ topics: missing, partitions }, 'topics created');
    } catch (err) {
      // Another process may have created them between the listing and the request.
      const now = new Set(await a.listTopics());
      if (!missing.every((name) => now.has(name))) throw err;
    }
  }

  /** Creates the topic and its dead-letter topic once per process. */
  function ensureTopic(name: string): Promise<void> {
    let ready = knownTopics.get(name);
    if (!ready) {
      const names = name.endsWith('.dlq') ? [name] : [name, dlqTopicName(name)];
      ready = createTopics(names);
      ready.catch(() => knownTopics.delete(name));
      knownTopics.set(name, ready);
    }
    return ready;
  }

  async function send(
    topic: string,
    messages: { key: string; value: Buffer; headers: Record<string, string> }[],
  ) {
    await ensureTopic(topic);
    await (await getProducer()).send({ topic, acks: -1, messages });
  }

  async function deadLetter(record: RawRecord, info: DeadLetterInfo): Promise<void> {
    const headers = deadLetterHeaders(record.headers, info);
    await send(dlqTopicName(record.topic), [
      { key: record.key, value: Buffer.from(record.bytes), headers },
    ]);
  }

  async function handleBatch<T>(
    consumer: Consumer,
    deps: DeliveryDeps<T>,
    payload: EachBatchPayload,
  ): Promise<void> {
    const { batch } = payload;
    const size = deps.options.batchHandler ? deps.options.maxBatchSize : 1;
    for (const messages of chunks(batch.messages, size)) {
      if (!payload.isRunning() || payload.isStale()) return;
      const records = messages.map((m) => toRecord(batch.topic, batch.partition, m));
      if ((await deliver(records, deps)) === 'aborted') return;
      const last = records[records.length - 1]!.offset;
      payload.resolveOffset(last);
      const next = (BigInt(last) + 1n).toString();
      await consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: next },
      ]);
      await payload.heartbeat();
    }
  }

  function waitForJoin(consumer: Consumer, groupId: string): Promise<void> {
    const timeoutMs = options.joinTimeoutMs ?? 60_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`consumer group ${groupId} did not join within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
        clearTimeout(timer);
        remove();
        resolve();
      });
    });
  }

  async function join<T>(spec: TopicSpec<T>, opts: ResolvedOptions<T>): Promise<Subscription> {
    await ensureTopic(spec.name);
    const consumer = kafka.consumer({
      groupId: opts.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 500,
    });
    let abortNow = (): void => {};
    const aborted = new Promise<void>((resolve) => (abortNow = resolve));
    const deps: DeliveryDeps<T> = {
      spec,
      options: opts,
      logger,
      deadLetter,
      aborted,
      retryDelayMs,
    };
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      const fields = { err: payload.error, groupId: opts.groupId, topic: spec.name };
      // kafkajs restarts the consumer after retriable errors (coordinator loading, rebalances).
      if (payload.restart) logger.warn(fields, 'consumer restarting after error');
      else logger.error(fields, 'consumer crashed');
    });
    await consumer.connect();
    await consumer.subscribe({ topic: spec.name, fromBeginning: opts.fromBeginning });
    const joined = waitForJoin(consumer, opts.groupId);
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: partitions,
      eachBatch: (payload) => handleBatch(consumer, deps, payload),
    });
    await joined;
    let stopped: Promise<void> | undefined;
    const leave = (abort: boolean): Promise<void> => {
      stopped ??= (async () => {
        if (abort) abortNow();
        subscriptions.delete(subscription);
        await consumer.disconnect();
        logger.info(
          { topic: spec.name, groupId: opts.groupId, aborted: abort },
          'consumer stopped',
        );
      })();
      return stopped;
    };
    const subscription: Subscription = { stop: () => leave(false), abort: () => leave(true) };
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
