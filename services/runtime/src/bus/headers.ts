import type { Context } from '@opentelemetry/api';
import { extractTraceContext, injectTraceContext } from '../telemetry/context.js';

/** Header names the buses set on every event and on dead-lettered copies. */
export const busHeaders = {
  /** The event id (for consumer dedupe). */
  id: 'cqb-id',
  /** Why the event was dead-lettered (error message). */
  error: 'cqb-dlq-error',
  /** `decode` when the bytes could not be decoded, `handler` when the handler kept failing. */
  reason: 'cqb-dlq-reason',
  originalTopic: 'cqb-dlq-topic',
  originalPartition: 'cqb-dlq-partition',
  originalOffset: 'cqb-dlq-offset',
  consumerGroup: 'cqb-dlq-group',
  /** Handler attempts made before dead-lettering. */
  attempts: 'cqb-dlq-attempts',
} as const;

/** Name of the dead-letter topic of a topic. */
export function dlqTopicName(topic: string): string {
  return `${topic}.dlq`;
}

/** What a consumer knows about an event it gives up on. */
export interface DeadLetterInfo {
  topic: string;
  partition: number;
  offset: string;
  groupId: string;
  reason: 'decode' | 'handler';
  error: unknown;
  attempts: number;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Headers of the dead-lettered copy: the original headers plus where and why it failed. */
export function deadLetterHeaders(
  original: Record<string, string>,
  info: DeadLetterInfo,
): Record<string, string> {
  return {
    ...original,
    [busHeaders.error]: errorMessage(info.error).slice(0, 1000),
    [busHeaders.reason]: info.reason,
    [busHeaders.originalTopic]: info.topic,
    [busHeaders.originalPartition]: String(info.partition),
    [busHeaders.originalOffset]: info.offset,
    [busHeaders.consumerGroup]: info.groupId,
    [busHeaders.attempts]: String(info.attempts),
  };
}

/**
 * Copies of the publisher's W3C trace context. The KafkaJS instrumentation overwrites
 * `traceparent` with its producer span, whose parent is whatever context was active when the
 * send queue flushed: with several publishes folded into one produce request that is the first
 * publisher's trace, not each event's own. Consumers therefore read these copies first.
 */
const traceCopies = { traceparent: 'cqb-traceparent', tracestate: 'cqb-tracestate' } as const;

/** Headers of a new event: caller's headers, the id, and the active trace context (W3C). */
export function outgoingHeaders(
  id: string,
  extra: Record<string, string> | undefined,
): Record<string, string> {
  const headers = injectTraceContext({ ...extra, [busHeaders.id]: id });
  for (const [w3c, copy] of Object.entries(traceCopies)) {
    const value = headers[w3c];
    if (value !== undefined) headers[copy] = value;
  }
  return headers;
}

/** The trace context carried by an event's headers (the publisher's own), to run its handler in. */
export function incomingContext(headers: Record<string, string>): Context {
  const traceparent = headers[traceCopies.traceparent];
  if (traceparent === undefined) return extractTraceContext(headers);
  const tracestate = headers[traceCopies.tracestate];
  return extractTraceContext({ ...headers, traceparent, ...(tracestate ? { tracestate } : {}) });
}
