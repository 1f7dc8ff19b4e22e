import { context, propagation, trace } from '@opentelemetry/api';
import { node, tracing } from '@opentelemetry/sdk-node';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SpanAttr } from './attributes.js';
import {
  extractTraceContext,
  injectTraceContext,
  spanContextFromHeaders,
  startLinkedSpan,
  withSpan,
} from './context.js';

const exporter = new tracing.InMemorySpanExporter();
const provider = new node.NodeTracerProvider({
  spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
});
provider.register();

afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
});

beforeEach(() => exporter.reset());

describe('trace context in event headers', () => {
  it('round-trips the active span through headers as a W3C traceparent', async () => {
    const headers = await withSpan('producer', {}, (span) => {
      const sent = injectTraceContext({ 'cqb-id': 'q1' });
      expect(sent['traceparent']).toContain(span.spanContext().traceId);
      return Promise.resolve(sent);
    });
    const consumer = startLinkedSpan('consumer', { parent: extractTraceContext(headers) });
    consumer.end();
    const [producer, child] = exporter.getFinishedSpans();
    expect(child?.spanContext().traceId).toBe(producer?.spanContext().traceId);
    expect(child?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
  });

  it('yields no span context, and no link, for headers without trace context', () => {
    expect(spanContextFromHeaders({ 'cqb-id': 'q1' })).toBeUndefined();
    startLinkedSpan('lonely', { links: [{ 'cqb-id': 'q1' }] }).end();
    expect(exporter.getFinishedSpans()[0]?.links).toEqual([]);
  });
});

describe('linked spans', () => {
  it('links a feedback span in a new trace to the answered query trace', () => {
    const query = startLinkedSpan('query', { parent: context.active() });
    const stored = injectTraceContext({}, trace.setSpan(context.active(), query));
    query.end();
    const feedback = startLinkedSpan('feedback', {
      links: [stored],
      attributes: { [SpanAttr.feedbackOutcome]: 'retried' },
    });
    feedback.end();
    const [first, second] = exporter.getFinishedSpans();
    expect(second?.spanContext().traceId).not.toBe(first?.spanContext().traceId);
    expect(second?.links.map((link) => link.context.spanId)).toEqual([first?.spanContext().spanId]);
    expect(second?.attributes[SpanAttr.feedbackOutcome]).toBe('retried');
  });

  it('records a thrown error on the span and rethrows it', async () => {
    await expect(
      withSpan('fails', {}, () => Promise.reject(new Error('backend down'))),
    ).rejects.toThrow('backend down');
    const [span] = exporter.getFinishedSpans();
    expect(span?.status.code).toBe(2);
    expect(span?.events.map((event) => event.name)).toEqual(['exception']);
  });
});
