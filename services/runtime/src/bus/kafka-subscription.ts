import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { TopicSpec } from '@cqb/contracts';
import type { Logger } from '../logging/logger.js';
import type { Subscription } from './bus.js';
import type { BusMetrics } from './bus-metrics.js';
import type { DeliveryDeps, RawRecord, ResolvedOptions } from './delivery.js';
import { deliver } from './delivery.js';

/** What one Kafka subscription needs from its bus. */
export interface KafkaSubscriptionOptions<T> {
  spec: TopicSpec<T>;
  options: ResolvedOptions<T>;
  /** Partitions handled concurrently by this consumer. */
  partitions: number;
  logger: Logger;
  deadLetter: DeliveryDeps<T>['deadLetter'];
  metrics: BusMetrics;
  joinTimeoutMs: number;
  onStopped(): void;
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
 * Resolves once the consumer joined its group and, when `untilPositioned`, has also fetched once
 * with partitions assigned. A new group's start offsets are resolved ("latest" unless from the
 * beginning) inside kafkajs's first fetch after the join, so until then an event published now
 * could fall before that start and be skipped; after it, every later event is delivered.
 */
function waitForStart(
  consumer: Consumer,
  groupId: string,
  timeoutMs: number,
  untilPositioned: boolean,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const removers: (() => void)[] = [];
    const done = (err?: Error): void => {
      clearTimeout(timer);
      for (const remove of removers) remove();
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(
      () => done(new Error(`consumer group ${groupId} did not start within ${timeoutMs} ms`)),
      timeoutMs,
    );
    let joined = false;
    removers.push(
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        const assigned = Object.values(payload.memberAssignment).some((p) => p.length > 0);
        if (!untilPositioned || !assigned) done();
        else joined = true;
      }),
      consumer.on(consumer.events.FETCH, () => {
        if (joined) done();
      }),
    );
  });
}

/** One consumer's state: whether it is leaving, and the batches it is handling. */
interface ConsumerState<T> {
  consumer: Consumer;
  deps: DeliveryDeps<T>;
  metrics: BusMetrics;
  stopping: boolean;
  inFlight: Set<Promise<void>>;
}

/** Handles a fetched batch chunk by chunk, committing offset+1 after each handled chunk. */
async function handleBatch<T>(state: ConsumerState<T>, payload: EachBatchPayload): Promise<void> {
  const { batch } = payload;
  const size = state.deps.options.batchHandler ? state.deps.options.maxBatchSize : 1;
  for (const messages of chunks(batch.messages, size)) {
    if (state.stopping || !payload.isRunning() || payload.isStale()) return;
    const records = messages.map((m) => toRecord(batch.topic, batch.partition, m));
    if ((await deliver(records, state.deps)) === 'aborted') return;
    const last = records[records.length - 1]!.offset;
    payload.resolveOffset(last);
    const offset = (BigInt(last) + 1n).toString();
    await state.consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset },
    ]);
    const lag = BigInt(batch.highWatermark) - BigInt(offset);
    state.metrics.lag(batch.topic, batch.partition, state.deps.options.groupId, lag);
    await payload.heartbeat();
  }
}

/** Session timeout of every consumer, and the heartbeat period kept during long handlers. */
const sessionTimeoutMs = 10_000;
const heartbeatIntervalMs = 3_000;

/**
 * Tracks the batch so that stop() can wait for it (kafkajs may leave the group before it ends),
 * and heartbeats while it runs: kafkajs only heartbeats between batches, so a handler slower
 * than the session timeout would otherwise get its consumer thrown out of the group.
 */
function track<T>(state: ConsumerState<T>, payload: EachBatchPayload): Promise<void> {
  const keepAlive = setInterval(() => {
    // A failed heartbeat means a rebalance; the batch notices through isStale().
    payload.heartbeat().catch(() => undefined);
  }, heartbeatIntervalMs);
  const work = handleBatch(state, payload);
  state.inFlight.add(work);
  return work.finally(() => {
    clearInterval(keepAlive);
    state.inFlight.delete(work);
  });
}

function logCrashes(consumer: Consumer, logger: Logger, topic: string, groupId: string): void {
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    const fields = { err: payload.error, groupId, topic };
    // kafkajs restarts the consumer after retriable errors (coordinator loading, rebalances).
    if (payload.restart) logger.warn(fields, 'consumer restarting after error');
    else logger.error(fields, 'consumer crashed');
  });
}

/**
 * Starts one consumer-group member with auto-commit off and resolves once it joined the group
 * (without fromBeginning, once it also knows where it starts: see {@link waitForStart}).
 * stop() lets in-flight chunks finish and commit, then leaves; abort() abandons them uncommitted.
 */
export async function startKafkaSubscription<T>(
  kafka: Kafka,
  o: KafkaSubscriptionOptions<T>,
): Promise<Subscription> {
  const { groupId, fromBeginning } = o.options;
  const consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 500,
    sessionTimeout: sessionTimeoutMs,
    heartbeatInterval: heartbeatIntervalMs,
  });
  let abortNow = (): void => {};
  const aborted = new Promise<void>((resolve) => (abortNow = resolve));
  const { spec, options, logger, deadLetter } = o;
  const deps: DeliveryDeps<T> = { spec, options, logger, deadLetter, aborted, retryDelayMs };
  const state: ConsumerState<T> = {
    consumer,
    deps,
    metrics: o.metrics,
    stopping: false,
    inFlight: new Set(),
  };
  logCrashes(consumer, o.logger, o.spec.name, groupId);
  await consumer.connect();
  await consumer.subscribe({ topic: o.spec.name, fromBeginning });
  const started = waitForStart(consumer, groupId, o.joinTimeoutMs, !fromBeginning);
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: o.partitions,
    eachBatch: (payload) => track(state, payload),
  });
  await started;
  let stopped: Promise<void> | undefined;
  const leave = (abort: boolean): Promise<void> => {
    stopped ??= (async () => {
      state.stopping = true;
      if (abort) abortNow();
      await Promise.allSettled([...state.inFlight]);
      await consumer.disconnect();
      o.onStopped();
      o.logger.info({ topic: o.spec.name, groupId, aborted: abort }, 'consumer stopped');
    })();
    return stopped;
  };
  return { stop: () => leave(false), abort: () => leave(true) };
}
