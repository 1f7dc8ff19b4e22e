// Original file: ../../proto/cqb/v1/events.proto

import type { Verdict as _cqb_v1_Verdict, Verdict__Output as _cqb_v1_Verdict__Output } from '../../cqb/v1/Verdict.js';
import type { Long } from '@grpc/proto-loader';

/**
 * Topic cqb.verdicts.v1, keyed by tenant/user. Published by ingest for Router.GiveFeedback.
 */
export interface VerdictGiven {
  'queryId'?: (string);
  'tenant'?: (string);
  'user'?: (string);
  'verdict'?: (_cqb_v1_Verdict);
  'givenAtMs'?: (number | string | Long);
}

/**
 * Topic cqb.verdicts.v1, keyed by tenant/user. Published by ingest for Router.GiveFeedback.
 */
export interface VerdictGiven__Output {
  'queryId': (string);
  'tenant': (string);
  'user': (string);
  'verdict': (_cqb_v1_Verdict__Output);
  'givenAtMs': (number);
}
