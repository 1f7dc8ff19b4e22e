// Original file: ../../proto/cqb/v1/events.proto

import type { QueryReceived as _cqb_v1_QueryReceived, QueryReceived__Output as _cqb_v1_QueryReceived__Output } from '../../cqb/v1/QueryReceived.js';
import type { Long } from '@grpc/proto-loader';

/**
 * Topic cqb.embedded.v1, keyed by tenant/user. Published by the embedder.
 */
export interface QueryEmbedded {
  'query'?: (_cqb_v1_QueryReceived | null);
  /**
   * Base sentence embedding (L2-normalised), used for retry similarity.
   */
  'embedding'?: (number | string)[];
  /**
   * Projected context x (L2-normalised, dimension d), used by the policy.
   */
  'context'?: (number | string)[];
  'encoderVersion'?: (string);
  'headVersion'?: (string);
  'tokenCount'?: (number);
  'truncated'?: (boolean);
  'embeddedAtMs'?: (number | string | Long);
}

/**
 * Topic cqb.embedded.v1, keyed by tenant/user. Published by the embedder.
 */
export interface QueryEmbedded__Output {
  'query': (_cqb_v1_QueryReceived__Output | null);
  /**
   * Base sentence embedding (L2-normalised), used for retry similarity.
   */
  'embedding': (number)[];
  /**
   * Projected context x (L2-normalised, dimension d), used by the policy.
   */
  'context': (number)[];
  'encoderVersion': (string);
  'headVersion': (string);
  'tokenCount': (number);
  'truncated': (boolean);
  'embeddedAtMs': (number);
}
