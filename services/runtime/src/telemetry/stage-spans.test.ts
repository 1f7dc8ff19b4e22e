import { context, propagation, trace } from '@opentelemetry/api';
import { node, tracing } from '@opentelemetry/sdk-node';
import { afterAll, describe, expect, it } from 'vitest';
import { renameTopic, topics } from '@cqb/contracts';
import type { CapacityReport } from '@cqb/contracts';
import { incomingContext, outgoingHeaders } from '../bus/headers.js';
import { createMemoryBus } from '../bus/memory-bus.js';
import { pollUntil } from '../testing/poll-until.js';
import {
  contextWithSpan,
  eventTraceContext,
  publishInContexts,
  startStageSpan,
  traceparentHeaders,
  traceparentOf,
} from './stage-spans.js';

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

const report = (seq: number): CapacityReport => ({
  llm: 'k',
  seq,
  capacity: 1,
  inFlight: 0,
  dispatcherId: 'd',
  reportedAtMs: 0,
});

describe('stage spans', () => {
  it('reads the publisher context from the bus copy when traceparent was rewritten', () => {
    const publisher = startStageSpan('publisher');
    const headers = context.with(contextWithSpan(publisher), () => outgoingHeaders('q1', {}));
    publisher.end();
    // What the KafkaJS instrumentation does: its own producer span, of another trace.
    const other = startStageSpan('other');
    headers['traceparent'] = traceparentOf(contextWithSpan(other)) ?? '';
    other.end();
    const seen = trace.getSpanContext(incomingContext(headers));
    expect(seen?.traceId).toBe(publisher.spanContext().traceId);
    expect(seen?.spanId).toBe(publisher.spanContext().spanId);
    expect(trace.getSpanContext(eventTraceContext(headers))?.spanId).toBe(
      publisher.spanContext().spanId,
    );
  });

  it('publishes each event of one call in its own trace; links by stored traceparent', async () => {
    const bus = createMemoryBus();
    const topic = renameTopic(topics.capacity, 'stage-spans');
    const spans = [startStageSpan('a'), startStageSpan('b')];
    await publishInContexts(
      bus,
      topic,
      spans.map((span, i) => ({
        event: { key: 'k', id: `q${i}`, value: report(i) },
        context: contextWithSpan(span),
      })),
    );
    for (const span of spans) span.end();
    const seen = new Map<string, string | undefined>();
    await bus.subscribe(topic, {
      groupId: 'g',
      handler: (e) => {
        seen.set(e.id, trace.getActiveSpan()?.spanContext().traceId);
        return Promise.resolve();
      },
    });
    await pollUntil(() => seen.size === 2);
    await bus.close();
    expect(seen.get('q0')).toBe(spans[0]!.spanContext().traceId);
    expect(seen.get('q1')).toBe(spans[1]!.spanContext().traceId);
    expect(seen.get('q0')).not.toBe(seen.get('q1'));

    const stored = traceparentOf(contextWithSpan(spans[0]!));
    const linked = startStageSpan('feedback', { links: [traceparentHeaders(stored), {}] });
    linked.end();
    const finished = exporter.getFinishedSpans().find((s) => s.name === 'feedback');
    expect(finished?.links.map((l) => l.context.spanId)).toEqual([spans[0]!.spanContext().spanId]);
  });
});
