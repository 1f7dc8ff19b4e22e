import { tracing } from '@opentelemetry/sdk-node';
import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';

/**
 * Root spans never recorded: the dispatcher's periodic capacity reports (Kafka send, poll and
 * process of the capacity topic). Each would be a one-span trace every second per dispatcher,
 * burying the query traces.
 */
const untracedRoots = /^(send|poll|process) \S*capacity\.v\d+$/;

/** Samples everything except {@link untracedRoots}; children follow their parent's decision. */
class ChatterFilterSampler implements tracing.Sampler {
  shouldSample(
    _context: Context,
    _traceId: string,
    spanName: string,
    _kind: SpanKind,
    _attributes: Attributes,
    _links: Link[],
  ): tracing.SamplingResult {
    return {
      decision: untracedRoots.test(spanName)
        ? tracing.SamplingDecision.NOT_RECORD
        : tracing.SamplingDecision.RECORD_AND_SAMPLED,
    };
  }

  toString(): string {
    return 'ChatterFilterSampler';
  }
}

/** The project's sampler: parent-based, with {@link ChatterFilterSampler} for root spans. */
export function createCqbSampler(): tracing.Sampler {
  return new tracing.ParentBasedSampler({ root: new ChatterFilterSampler() });
}
