import { context, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { Context, Link, Span, SpanContext } from '@opentelemetry/api';
import type { TopicSpec } from '@cqb/contracts';
import type { EventBus, OutgoingEvent } from '../bus/bus.js';
import { incomingContext } from '../bus/headers.js';
import type { SpanOptions } from './context.js';
import { cqbTracer, injectTraceContext, spanContextFromHeaders } from './context.js';

/**
 * Helpers for the services' stage spans, so that service packages need no OpenTelemetry
 * dependency of their own. All of them are no-ops (cheap, valid) while telemetry is off.
 */

export { SpanKind };
export type { Context as TraceContext, Span };

/** The empty context: parent of a span that starts a new trace. */
export const rootTraceContext: Context = ROOT_CONTEXT;

/** Options of {@link startStageSpan}: those of `startLinkedSpan` plus an explicit start time. */
export interface StageSpanOptions extends SpanOptions {
  /** Start time in epoch ms (default now), for a span opened after the fact. */
  startTimeMs?: number;
}

/** Starts a span (not made active) under `parent` (default: the active context); caller ends it. */
export function startStageSpan(name: string, options: StageSpanOptions = {}): Span {
  const links: Link[] = [];
  for (const source of options.links ?? []) {
    const spanContext = isSpanContext(source) ? source : spanContextFromHeaders(source);
    if (spanContext && trace.isSpanContextValid(spanContext)) links.push({ context: spanContext });
  }
  return cqbTracer().startSpan(
    name,
    {
      kind: options.kind,
      attributes: options.attributes,
      links,
      startTime: options.startTimeMs,
    },
    options.parent ?? context.active(),
  );
}

function isSpanContext(value: object): value is SpanContext {
  return 'traceId' in value && 'spanId' in value;
}

/**
 * The trace context an event's publisher sent (the bus's own copy, which Kafka instrumentation
 * does not rewrite), as the parent of the consumer's stage span.
 */
export function eventTraceContext(headers: Readonly<Record<string, string>>): Context {
  return incomingContext({ ...headers });
}

/** `parent` (default the active context) with `span` as its current span. */
export function contextWithSpan(span: Span, parent: Context = context.active()): Context {
  return trace.setSpan(parent, span);
}

/** Runs `fn` with `ctx` as the active context (the bus then puts it into published headers). */
export function runInTraceContext<T>(ctx: Context, fn: () => T): T {
  return context.with(ctx, fn);
}

/** The W3C `traceparent` of `ctx` (default the active context); undefined without a valid span. */
export function traceparentOf(ctx: Context = context.active()): string | undefined {
  return injectTraceContext({}, ctx)['traceparent'];
}

/** Headers holding one stored `traceparent` (empty when there is none), for span links. */
export function traceparentHeaders(traceparent: string | null | undefined): Record<string, string> {
  return traceparent ? { traceparent } : {};
}

/**
 * Publishes events that belong to different traces: each event's headers carry its own
 * context. One publish call per event, issued in order (the bus keeps the order of calls and
 * folds concurrent calls into one produce request).
 */
export async function publishInContexts<T>(
  bus: EventBus,
  spec: TopicSpec<T>,
  items: ReadonlyArray<{ event: OutgoingEvent<T>; context: Context }>,
): Promise<void> {
  await Promise.all(items.map((i) => context.with(i.context, () => bus.publish(spec, [i.event]))));
}
