import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import { describe, expect, it } from 'vitest';
import { createCqbSampler } from './sampler.js';

const sampler = createCqbSampler();
const decide = (name: string, parent = ROOT_CONTEXT) =>
  sampler.shouldSample(parent, 'a'.repeat(32), name, SpanKind.PRODUCER, {}, []).decision;

describe('cqb sampler', () => {
  it('drops root spans of capacity reports and keeps query traffic', () => {
    expect(decide('send e2e.cqb.capacity.v1')).toBe(tracing.SamplingDecision.NOT_RECORD);
    expect(decide('poll cqb.capacity.v1')).toBe(tracing.SamplingDecision.NOT_RECORD);
    expect(decide('send cqb.queries.v1')).toBe(tracing.SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide('grpc.cqb.v1.Router/Submit')).toBe(tracing.SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('keeps a capacity span inside a sampled trace', () => {
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: 'b'.repeat(32),
      spanId: 'c'.repeat(16),
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    expect(decide('send cqb.capacity.v1', parent)).toBe(
      tracing.SamplingDecision.RECORD_AND_SAMPLED,
    );
  });
});
