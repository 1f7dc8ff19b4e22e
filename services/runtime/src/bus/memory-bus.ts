import type { TopicSpec } from '@cqb/contracts';
import type { Registry } from 'prom-client';
import type { Logger } from '../logging/logger.js';
import { createLogger } from '../logging/logger.js';
import type { EventBus, OutgoingEvent, SubscribeOptions, Subscription } from './bus.js';
import type { DeliveryDeps, RawRecord, ResolvedOptions } from './delivery.js';
import { deliver, resolveOptions } from './delivery.js';
import { createBusMetrics } from './bus-metrics.js';
import { deadLetterHeaders, dlqTopicName, busHeaders, outgoingHeaders } from './headers.js';
import { partitionForKey } from './partitioner.js';

/** Options for {@link createMemoryBus}. */
export interface MemoryBusOptions {
  /** Partitions of every topic, created on first use. Default 3. */
  partitions?: number;
  logger?: Logger;
  /** Prometheus registry for dead-letter counts and consumer lag; none when absent. */
  registry?: Registry;
}

interface StoredRecord {
  key: string;
  headers: Record<string, string>;
  bytes: Uint8Array;
}

/** Wakes every waiter at once; waiters re-check their condition. */
class Signal {
  private waiters: (() => void)[] = [];
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

interface TopicLog {
  name: string;
  partitions: StoredRecord[][];
  signal: Signal;
}

interface Member {
  stopping: boolean;
  abortNow: () => void;
  aborted: Promise<void>;
  loops: Set<Promise<void>>;
}

interface Group {
  /** Next offset to deliver per partition (the committed offset). */
  committed: number[];
  members: Member[];
  owners: (Member | undefined)[];
  /** Last loop started per partition; a new owner starts only after it ended. */
  tails: Promise<void>[];
}

/**
 * An in-process {@link EventBus} with Kafka's semantics: partitioned topics (stable hash of the
 * key), order per key, consumer groups that share partitions, committed offsets per group that
 * survive a subscription's restart, bounded attempts and a dead-letter topic. Payloads are encoded
 * with the topic codec, so bad bytes fail exactly as on Kafka. State lives as long as the bus.
 */
export function createMemoryBus(options: MemoryBusOptions = {}): EventBus {
  const partitionCount = options.partitions ?? 3;
  const logger = options.logger ?? createLogger({ service: 'memory-bus', level: 'silent' });
  const metrics = createBusMetrics(options.registry);
  const logs = new Map<string, TopicLog>();
  const groups = new Map<string, Group>();
  const subscriptions = new Set<Subscription>();

  function topicLog(name: string): TopicLog {
    let log = logs.get(name);
    if (!log) {
      const partitions = Array.from({ length: partitionCount }, () => [] as StoredRecord[]);
      log = { name, partitions, signal: new Signal() };
      logs.set(name, log);
    }
    return log;
  }

  function append(name: string, records: StoredRecord[]): void {
    const log = topicLog(name);
    for (const record of records) {
      log.partitions[partitionForKey(record.key, partitionCount)]!.push(record);
    }
    log.signal.notify();
  }

  function group(log: TopicLog, groupId: string, fromBeginning: boolean): Group {
    const id = `${log.name}\u0000${groupId}`;
    let state = groups.get(id);
    if (!state) {
      const committed = log.partitions.map((p) => (fromBeginning ? 0 : p.length));
      state = { committed, members: [], owners: [], tails: committed.map(() => Promise.resolve()) };
      groups.set(id, state);
    }
    return state;
  }

  async function deadLetter(
    record: RawRecord,
    info: Parameters<DeliveryDeps<unknown>['deadLetter']>[1],
  ) {
    const headers = deadLetterHeaders(record.headers, info);
    metrics.deadLettered(record.topic, info.groupId);
    append(dlqTopicName(record.topic), [{ key: record.key, headers, bytes: record.bytes }]);
    return Promise.resolve();
  }

  async function runPartition<T>(
    log: TopicLog,
    state: Group,
    member: Member,
    partition: number,
    deps: DeliveryDeps<T>,
  ): Promise<void> {
    const take = deps.options.batchHandler ? deps.options.maxBatchSize : 1;
    while (!member.stopping && state.owners[partition] === member) {
      const stored = log.partitions[partition]!;
      const from = state.committed[partition]!;
      if (from >= stored.length) {
        await log.signal.wait();
        continue;
      }
      const records = stored.slice(from, from + take).map((r, i) => ({
        ...r,
        topic: log.name,
        partition,
        offset: String(from + i),
      }));
      if ((await deliver(records, deps)) === 'aborted') return;
      state.committed[partition] = from + records.length;
      metrics.lag(log.name, partition, deps.options.groupId, stored.length - from - records.length);
    }
  }

  function rebalance<T>(log: TopicLog, state: Group, deps: Map<Member, DeliveryDeps<T>>): void {
    log.partitions.forEach((_, partition) => {
      const owner = state.members[partition % Math.max(1, state.members.length)];
      if (state.owners[partition] === owner) return;
      state.owners[partition] = owner;
      if (!owner) return;
      const memberDeps = deps.get(owner)!;
      const loop = state.tails[partition]!.then(() =>
        runPartition(log, state, owner, partition, memberDeps).catch((err: unknown) => {
          logger.error({ err, topic: log.name, partition }, 'memory consumer loop failed');
        }),
      );
      state.tails[partition] = loop;
      owner.loops.add(loop);
    });
    log.signal.notify();
  }

  const memberDeps = new Map<Member, DeliveryDeps<unknown>>();

  function join<T>(spec: TopicSpec<T>, options: ResolvedOptions<T>): Subscription {
    const log = topicLog(spec.name);
    const state = group(log, options.groupId, options.fromBeginning);
    let abortNow = (): void => {};
    const aborted = new Promise<void>((resolve) => (abortNow = resolve));
    const member: Member = { stopping: false, abortNow, aborted, loops: new Set() };
    const deps: DeliveryDeps<T> = { spec, options, logger, deadLetter, aborted };
    memberDeps.set(member, deps as DeliveryDeps<unknown>);
    state.members.push(member);
    rebalance(log, state, memberDeps);
    const leave = async (abort: boolean): Promise<void> => {
      if (member.stopping) return;
      member.stopping = true;
      if (abort) member.abortNow();
      state.members = state.members.filter((m) => m !== member);
      rebalance(log, state, memberDeps);
      await Promise.all(member.loops);
      memberDeps.delete(member);
      subscriptions.delete(subscription);
    };
    const subscription: Subscription = { stop: () => leave(false), abort: () => leave(true) };
    subscriptions.add(subscription);
    return subscription;
  }

  return {
    publish<T>(spec: TopicSpec<T>, events: OutgoingEvent<T>[]): Promise<void> {
      const records = events.map((e) => ({
        key: e.key,
        headers: outgoingHeaders(e.id, e.headers),
        bytes: spec.codec.encode(e.value),
      }));
      append(spec.name, records);
      return Promise.resolve();
    },
    async subscribe<T>(spec: TopicSpec<T>, options: SubscribeOptions<T>): Promise<Subscription> {
      await Promise.resolve();
      return join(spec, resolveOptions(options));
    },
    publishRaw(topic: string, key: string, id: string, bytes: Uint8Array): Promise<void> {
      append(topic, [{ key, headers: { [busHeaders.id]: id }, bytes }]);
      return Promise.resolve();
    },
    async close(): Promise<void> {
      await Promise.all([...subscriptions].map((s) => s.stop()));
    },
  };
}
