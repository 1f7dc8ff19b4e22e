// Original file: ../../proto/cqb/v1/events.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Topic cqb.queries.v1, keyed by tenant/user. Published by ingest when it accepts a query.
 */
export interface QueryReceived {
  'queryId'?: (string);
  'tenant'?: (string);
  'user'?: (string);
  'session'?: (string);
  'text'?: (string);
  'retryOf'?: (string);
  'receivedAtMs'?: (number | string | Long);
  /**
   * Absolute deadline (epoch ms) after which nobody waits for the answer; 0 means none.
   */
  'deadlineAtMs'?: (number | string | Long);
}

/**
 * Topic cqb.queries.v1, keyed by tenant/user. Published by ingest when it accepts a query.
 */
export interface QueryReceived__Output {
  'queryId': (string);
  'tenant': (string);
  'user': (string);
  'session': (string);
  'text': (string);
  'retryOf': (string);
  'receivedAtMs': (number);
  /**
   * Absolute deadline (epoch ms) after which nobody waits for the answer; 0 means none.
   */
  'deadlineAtMs': (number);
}
