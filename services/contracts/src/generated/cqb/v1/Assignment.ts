// Original file: ../../proto/cqb/v1/events.proto

import type { QueryEmbedded as _cqb_v1_QueryEmbedded, QueryEmbedded__Output as _cqb_v1_QueryEmbedded__Output } from '../../cqb/v1/QueryEmbedded.js';
import type { Long } from '@grpc/proto-loader';

/**
 * Topic cqb.assignments.v1, keyed by LLM id. Published by the scheduler for each decision.
 */
export interface Assignment {
  'query'?: (_cqb_v1_QueryEmbedded | null);
  'llm'?: (string);
  'policy'?: (string);
  'explored'?: (boolean);
  'sampledScore'?: (number | string);
  'round'?: (number | string | Long);
  'queueLength'?: (number);
  'decidedAtMs'?: (number | string | Long);
  'schedulerId'?: (string);
  /**
   * Posterior version of this LLM the decision used.
   */
  'posteriorVersion'?: (number | string | Long);
}

/**
 * Topic cqb.assignments.v1, keyed by LLM id. Published by the scheduler for each decision.
 */
export interface Assignment__Output {
  'query': (_cqb_v1_QueryEmbedded__Output | null);
  'llm': (string);
  'policy': (string);
  'explored': (boolean);
  'sampledScore': (number);
  'round': (number);
  'queueLength': (number);
  'decidedAtMs': (number);
  'schedulerId': (string);
  /**
   * Posterior version of this LLM the decision used.
   */
  'posteriorVersion': (number);
}
