import { context, propagation, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Context, Link, Span, SpanContext, SpanKind } from '@opentelemetry/api';

/** Tracer name for every span the project creates itself. */
export const tracerName = 'cqb-router';

/** The project's tracer (a no-op until the telemetry preload has started the SDK). */
export function cqbTracer() {
  return trace.getTracer(tracerName);
}

/**
 * Writes the W3C trace context (`traceparent`, `tracestate`, baggage) of `ctx` into `headers`
 * and returns them. The bus calls this on publish; the dispatcher on backend HTTP calls.
 */
export function injectTraceContext(
  headers: Record<string, string> = {},
  ctx: Context = context.active(),
): Record<string, string> {
  propagation.inject(ctx, headers);
  return headers;
}

/** Reads W3C trace context from event headers into a context whose parent is the sender's span. */
export function extractTraceContext(
  headers: Readonly<Record<string, string>>,
  base: Context = ROOT_CONTEXT,
): Context {
  return propagation.extract(base, headers);
}

/**
 * The sender's span context carried in `headers`, for a span link (for example the feedback
 * span links to the answered query's trace). Undefined when the headers carry none.
 */
export function spanContextFromHeaders(
  headers: Readonly<Record<string, string>>,
): SpanContext | undefined {
  const spanContext = trace.getSpanContext(extractTraceContext(headers));
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** Options for {@link startLinkedSpan} and {@link withSpan}. */
export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** Parent context; default the active one. Use {@link extractTraceContext} for an event. */
  parent?: Context;
  /** Header maps (or span contexts) of related traces: each valid one becomes a span link. */
  links?: ReadonlyArray<Readonly<Record<string, string>> | SpanContext>;
}

function toLinks(sources: SpanOptions['links']): Link[] {
  const links: Link[] = [];
  for (const source of sources ?? []) {
    const spanContext = isSpanContext(source) ? source : spanContextFromHeaders(source);
    if (spanContext && trace.isSpanContextValid(spanContext)) links.push({ context: spanContext });
  }
  return links;
}

function isSpanContext(value: unknown): value is SpanContext {
  return typeof value === 'object' && value !== null && 'traceId' in value && 'spanId' in value;
}

/** Starts a span (not made active) with links to the given traces. The caller ends it. */
export function startLinkedSpan(name: string, options: SpanOptions = {}): Span {
  return cqbTracer().startSpan(
    name,
    { kind: options.kind, attributes: options.attributes, links: toLinks(options.links) },
    options.parent ?? context.active(),
  );
}

/**
 * Runs `fn` inside a new active span and ends it. A thrown error is recorded on the span, sets
 * its status to ERROR and is rethrown.
 */
export async function withSpan<T>(
  name: string,
  options: SpanOptions,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const span = startLinkedSpan(name, options);
  const ctx = trace.setSpan(options.parent ?? context.active(), span);
  try {
    return await context.with(ctx, () => fn(span));
  } catch (err) {
    span.recordException(err instanceof Error ? err : String(err));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: err instanceof Error ? err.message : '',
    });
    throw err;
  } finally {
    span.end();
  }
}
