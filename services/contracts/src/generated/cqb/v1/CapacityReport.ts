// Original file: ../../proto/cqb/v1/events.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Topic cqb.capacity.v1, keyed by LLM id. Published by the dispatcher whenever a slot frees or
 * fills, and periodically.
 */
export interface CapacityReport {
  'llm'?: (string);
  'capacity'?: (number);
  'inFlight'?: (number);
  'dispatcherId'?: (string);
  'seq'?: (number | string | Long);
  'reportedAtMs'?: (number | string | Long);
}

/**
 * Topic cqb.capacity.v1, keyed by LLM id. Published by the dispatcher whenever a slot frees or
 * fills, and periodically.
 */
export interface CapacityReport__Output {
  'llm': (string);
  'capacity': (number);
  'inFlight': (number);
  'dispatcherId': (string);
  'seq': (number);
  'reportedAtMs': (number);
}
