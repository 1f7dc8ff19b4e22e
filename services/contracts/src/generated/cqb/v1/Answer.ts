// Original file: ../../proto/cqb/v1/events.proto

import type { Assignment as _cqb_v1_Assignment, Assignment__Output as _cqb_v1_Assignment__Output } from '../../cqb/v1/Assignment.js';
import type { AnswerStatus as _cqb_v1_AnswerStatus, AnswerStatus__Output as _cqb_v1_AnswerStatus__Output } from '../../cqb/v1/AnswerStatus.js';
import type { Long } from '@grpc/proto-loader';

/**
 * Topic cqb.answers.v1, keyed by tenant/user. Published by the dispatcher.
 */
export interface Answer {
  'assignment'?: (_cqb_v1_Assignment | null);
  'status'?: (_cqb_v1_AnswerStatus);
  'text'?: (string);
  'error'?: (string);
  'backendLatencyMs'?: (number);
  'promptTokens'?: (number);
  'completionTokens'?: (number);
  'costUsd'?: (number | string);
  'dispatchAttempts'?: (number);
  'answeredAtMs'?: (number | string | Long);
}

/**
 * Topic cqb.answers.v1, keyed by tenant/user. Published by the dispatcher.
 */
export interface Answer__Output {
  'assignment': (_cqb_v1_Assignment__Output | null);
  'status': (_cqb_v1_AnswerStatus__Output);
  'text': (string);
  'error': (string);
  'backendLatencyMs': (number);
  'promptTokens': (number);
  'completionTokens': (number);
  'costUsd': (number);
  'dispatchAttempts': (number);
  'answeredAtMs': (number);
}
