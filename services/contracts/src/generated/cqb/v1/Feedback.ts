// Original file: ../../proto/cqb/v1/events.proto

import type { Outcome as _cqb_v1_Outcome, Outcome__Output as _cqb_v1_Outcome__Output } from '../../cqb/v1/Outcome.js';
import type { FeedbackSource as _cqb_v1_FeedbackSource, FeedbackSource__Output as _cqb_v1_FeedbackSource__Output } from '../../cqb/v1/FeedbackSource.js';
import type { Long } from '@grpc/proto-loader';

/**
 * Topic cqb.feedback.v1, keyed by LLM id. Published by feedback once per finalised answer.
 */
export interface Feedback {
  'queryId'?: (string);
  'tenant'?: (string);
  'user'?: (string);
  'llm'?: (string);
  'outcome'?: (_cqb_v1_Outcome);
  'source'?: (_cqb_v1_FeedbackSource);
  'answeredAtMs'?: (number | string | Long);
  'decidedAtMs'?: (number | string | Long);
  /**
   * Posterior version of this LLM after the update.
   */
  'posteriorVersion'?: (number | string | Long);
  /**
   * Query id of the retry that decided this outcome, when there was one.
   */
  'retriedBy'?: (string);
}

/**
 * Topic cqb.feedback.v1, keyed by LLM id. Published by feedback once per finalised answer.
 */
export interface Feedback__Output {
  'queryId': (string);
  'tenant': (string);
  'user': (string);
  'llm': (string);
  'outcome': (_cqb_v1_Outcome__Output);
  'source': (_cqb_v1_FeedbackSource__Output);
  'answeredAtMs': (number);
  'decidedAtMs': (number);
  /**
   * Posterior version of this LLM after the update.
   */
  'posteriorVersion': (number);
  /**
   * Query id of the retry that decided this outcome, when there was one.
   */
  'retriedBy': (string);
}
