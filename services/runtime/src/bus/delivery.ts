import { context } from '@opentelemetry/api';
import type { TopicSpec } from '@cqb/contracts';
import type { Logger } from '../logging/logger.js';
import type { IncomingEvent, SubscribeOptions } from './bus.js';
import type { DeadLetterInfo } from './headers.js';
import { busHeaders, incomingContext } from './headers.js';

/** One stored event as both buses see it before decoding. */
export interface RawRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  headers: Record<string, string>;
  bytes: Uint8Array;
}

/** Subscribe options with defaults applied. */
export interface ResolvedOptions<T> extends SubscribeOptions<T> {
  maxBatchSize: number;
  maxAttempts: number;
  fromBeginning: boolean;
}

/** Applies the documented defaults and checks that exactly one handler kind is given. */
export function resolveOptions<T>(options: SubscribeOptions<T>): ResolvedOptions<T> {
  if (Boolean(options.handler) === Boolean(options.batchHandler)) {
    throw new TypeError('subscribe needs exactly one of handler or batchHandler');
  }
  return {
    ...options,
    maxBatchSize: Math.max(1, options.maxBatchSize ?? 32),
    maxAttempts: Math.max(1, options.maxAttempts ?? 3),
    fromBeginning: options.fromBeginning ?? true,
  };
}

/** What {@link deliver} needs from the bus that calls it. */
export interface DeliveryDeps<T> {
  spec: TopicSpec<T>;
  options: ResolvedOptions<T>;
  logger: Logger;
  deadLetter(record: RawRecord, info: DeadLetterInfo): Promise<void>;
  /** Resolves when the subscription is aborted: in-flight work is abandoned, nothing committed. */
  aborted: Promise<void>;
  /** Pause between handler attempts; default none. */
  retryDelayMs?: (attempt: number) => number;
}

/** Outcome of one delivery: `handled` means every record may be committed. */
export type DeliveryResult = 'handled' | 'aborted';

const abortedMarker = { aborted: true } as const;

async function raceAbort<R>(
  work: Promise<R>,
  aborted: Promise<void>,
): Promise<R | typeof abortedMarker> {
  return Promise.race([work, aborted.then(() => abortedMarker)]);
}

function decodeAll<T>(
  records: RawRecord[],
  spec: TopicSpec<T>,
): { events: IncomingEvent<T>[]; failed: { record: RawRecord; error: unknown }[] } {
  const events: IncomingEvent<T>[] = [];
  const failed: { record: RawRecord; error: unknown }[] = [];
  for (const record of records) {
    const { topic, partition, offset, key, headers } = record;
    try {
      const value = spec.codec.decode(record.bytes);
      const id = headers[busHeaders.id] ?? '';
      events.push({ topic, partition, offset, key, id, value, headers, attempt: 0 });
    } catch (error) {
      failed.push({ record, error });
    }
  }
  return { events, failed };
}

function recordOf<T>(event: IncomingEvent<T>, bytes: Map<string, RawRecord>): RawRecord {
  const record = bytes.get(event.offset);
  if (!record) throw new Error(`no record at offset ${event.offset}`);
  return record;
}

async function handleWithAttempts<T>(
  events: IncomingEvent<T>[],
  deps: DeliveryDeps<T>,
): Promise<{ result: DeliveryResult; error?: unknown }> {
  const { options, logger } = deps;
  let lastError: unknown;
  for (let attempt = 0; attempt < options.maxAttempts; attempt++) {
    const batch = events.map((event) => ({ ...event, attempt }));
    const first = batch[0];
    if (!first) return { result: 'handled' };
    const run = (): Promise<void> =>
      options.batchHandler ? options.batchHandler(batch) : options.handler!(first);
    try {
      const outcome = await raceAbort(
        context.with(incomingContext(first.headers), run),
        deps.aborted,
      );
      return { result: outcome === abortedMarker ? 'aborted' : 'handled' };
    } catch (error) {
      lastError = error;
      logger.warn(
        {
          err: error,
          topic: first.topic,
          partition: first.partition,
          offset: first.offset,
          attempt,
        },
        'event handler failed',
      );
    }
    const delay = deps.retryDelayMs?.(attempt + 1) ?? 0;
    if (delay > 0 && attempt + 1 < options.maxAttempts) {
      const waited = await raceAbort(new Promise((r) => setTimeout(r, delay)), deps.aborted);
      if (waited === abortedMarker) return { result: 'aborted' };
    }
  }
  return { result: 'handled', error: lastError ?? new Error('handler failed') };
}

/**
 * Hands records of one partition (consecutive, in order) to the subscription's handler: undecodable
 * records go straight to the dead-letter topic; the rest are handled (one by one, or as one batch)
 * with up to maxAttempts attempts, and dead-lettered when every attempt failed. A batch that keeps
 * failing is dead-lettered as a whole. Returns `handled` when the caller may commit all records.
 */
export async function deliver<T>(
  records: RawRecord[],
  deps: DeliveryDeps<T>,
): Promise<DeliveryResult> {
  const { events, failed } = decodeAll(records, deps.spec);
  const byOffset = new Map(records.map((r) => [r.offset, r]));
  const groupId = deps.options.groupId;
  for (const { record, error } of failed) {
    deps.logger.warn(
      { err: error, topic: record.topic, partition: record.partition, offset: record.offset },
      'undecodable event dead-lettered',
    );
    await deps.deadLetter(record, { ...record, groupId, reason: 'decode', error, attempts: 0 });
  }
  const units = deps.options.batchHandler ? [events] : events.map((e) => [e]);
  for (const unit of units) {
    const { result, error } = await handleWithAttempts(unit, deps);
    if (result === 'aborted') return 'aborted';
    if (error === undefined) continue;
    for (const event of unit) {
      const record = recordOf(event, byOffset);
      deps.logger.error(
        {
          err: error,
          topic: record.topic,
          partition: record.partition,
          offset: record.offset,
          groupId,
        },
        'event dead-lettered after failed attempts',
      );
      await deps.deadLetter(record, {
        ...record,
        groupId,
        reason: 'handler',
        error,
        attempts: deps.options.maxAttempts,
      });
    }
  }
  return 'handled';
}
