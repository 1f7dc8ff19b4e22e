// Original file: ../../proto/cqb/v1/router.proto

import type { Long } from '@grpc/proto-loader';

export interface SubmitResponse {
  'queryId'?: (string);
  'llm'?: (string);
  'answer'?: (string);
  /**
   * Time from receipt at ingest to answer, in milliseconds.
   */
  'latencyMs'?: (number | string | Long);
  'promptTokens'?: (number);
  'completionTokens'?: (number);
  'costUsd'?: (number | string);
}

export interface SubmitResponse__Output {
  'queryId': (string);
  'llm': (string);
  'answer': (string);
  /**
   * Time from receipt at ingest to answer, in milliseconds.
   */
  'latencyMs': (number);
  'promptTokens': (number);
  'completionTokens': (number);
  'costUsd': (number);
}
