// Original file: ../../proto/cqb/v1/events.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Topic cqb.posterior.v1, keyed by LLM id. Published by feedback after committing an update, so
 * schedulers refresh without polling.
 */
export interface PosteriorChanged {
  'llm'?: (string);
  'version'?: (number | string | Long);
  'changedAtMs'?: (number | string | Long);
}

/**
 * Topic cqb.posterior.v1, keyed by LLM id. Published by feedback after committing an update, so
 * schedulers refresh without polling.
 */
export interface PosteriorChanged__Output {
  'llm': (string);
  'version': (number);
  'changedAtMs': (number);
}
