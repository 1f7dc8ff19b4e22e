import type { TopicSpec } from '@cqb/contracts';

/** One event to publish: the partitioning key, a stable id for consumer dedupe, the payload. */
export interface OutgoingEvent<T> {
  /** Kafka key; events with the same key keep their order. */
  key: string;
  /** Stable event id (for example the query id); consumers dedupe on it. */
  id: string;
  value: T;
  /** Extra headers (trace context is added by the bus itself). */
  headers?: Record<string, string>;
}

/** One delivered event. Delivery is at least once: the same id may arrive again. */
export interface IncomingEvent<T> {
  topic: string;
  partition: number;
  /** Offset within the partition, as a decimal string (Kafka offsets exceed 2^53). */
  offset: string;
  key: string;
  id: string;
  value: T;
  headers: Record<string, string>;
  /** How many times this event was handed to a handler before (0 on first delivery). */
  attempt: number;
}

/** Handles one event; the bus commits its offset only after the returned promise resolves. */
export type EventHandler<T> = (event: IncomingEvent<T>) => Promise<void>;

/** Handles a batch of events from one partition, in order; committed together on success. */
export type BatchHandler<T> = (events: IncomingEvent<T>[]) => Promise<void>;

/** Options for {@link EventBus.subscribe}. */
export interface SubscribeOptions<T> {
  /** Consumer group; consumers in one group share the topic's partitions. */
  groupId: string;
  /** Exactly one of handler or batchHandler. */
  handler?: EventHandler<T>;
  batchHandler?: BatchHandler<T>;
  /** Largest batch handed to batchHandler. Default 32. */
  maxBatchSize?: number;
  /** Attempts per event before it goes to the dead-letter topic. Default 3. */
  maxAttempts?: number;
  /**
   * Start from the earliest retained event when the group has no committed offset. Default true.
   * When false, a new group starts at the end of each partition as of subscribe: every event
   * published after subscribe resolves is delivered (on Kafka, subscribe waits for the group's
   * first fetch, where that end is read). Partitions of a group that has committed nothing there
   * yet start at the end again after a rebalance or restart, skipping what was not handled.
   */
  fromBeginning?: boolean;
}

/** A running subscription; stop() finishes the in-flight handler, commits, and leaves the group. */
export interface Subscription {
  stop(): Promise<void>;
  /**
   * Leaves at once as a crash would: the in-flight handler is abandoned (not awaited) and nothing
   * more is committed, so uncommitted events are delivered again to the group. For tests and for
   * shutting down when a handler hangs past the drain time.
   */
  abort(): Promise<void>;
}

/**
 * Keyed, typed publish/subscribe with at-least-once delivery and explicit commit after handling.
 * Events that cannot be decoded, or whose handler fails maxAttempts times, are published to the
 * dead-letter topic `<topic>.dlq` with the failure in headers, then committed, so the consumer
 * keeps going. Implemented over Kafka (distributed mode) and in memory (all-in-one mode).
 */
export interface EventBus {
  publish<T>(topic: TopicSpec<T>, events: OutgoingEvent<T>[]): Promise<void>;
  subscribe<T>(topic: TopicSpec<T>, options: SubscribeOptions<T>): Promise<Subscription>;
  /** Publishes raw bytes, bypassing the codec: for tests of the dead-letter path. */
  publishRaw(topic: string, key: string, id: string, bytes: Uint8Array): Promise<void>;
  /** Stops every subscription and the producer. */
  close(): Promise<void>;
}
