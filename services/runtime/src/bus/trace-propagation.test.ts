import { context, propagation, trace } from '@opentelemetry/api';
import { node, tracing } from '@opentelemetry/sdk-node';
import { afterAll, describe, expect, it } from 'vitest';
import { renameTopic, topics } from '@cqb/contracts';
import { pollUntil } from '../testing/poll-until.js';
import { createMemoryBus } from './memory-bus.js';

const provider = new node.NodeTracerProvider({
  spanProcessors: [new tracing.SimpleSpanProcessor(new tracing.InMemorySpanExporter())],
});
provider.register();

afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
});

describe('trace context across the bus', () => {
  it('runs the handler in the trace of the publisher', async () => {
    const bus = createMemoryBus();
    const topic = renameTopic(topics.capacity, 'traced');
    const value = {
      llm: 'k',
      seq: 1,
      capacity: 1,
      inFlight: 0,
      dispatcherId: 'd',
      reportedAtMs: 0,
    };
    const span = trace.getTracer('test').startSpan('publish');
    await context.with(trace.setSpan(context.active(), span), () =>
      bus.publish(topic, [{ key: 'k', id: 'q1', value }]),
    );
    span.end();
    const seen: { traceId?: string; header?: string }[] = [];
    await bus.subscribe(topic, {
      groupId: 'g',
      handler: (e) => {
        seen.push({
          traceId: trace.getActiveSpan()?.spanContext().traceId,
          header: e.headers.traceparent,
        });
        return Promise.resolve();
      },
    });
    await pollUntil(() => seen.length === 1);
    await bus.close();
    const traceId = span.spanContext().traceId;
    expect(seen[0]!.header).toContain(traceId);
    expect(seen[0]!.traceId).toBe(traceId);
  });
});
