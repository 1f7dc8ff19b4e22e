// Original file: ../../proto/cqb/v1/router.proto

import type { Verdict as _cqb_v1_Verdict, Verdict__Output as _cqb_v1_Verdict__Output } from '../../cqb/v1/Verdict.js';

export interface GiveFeedbackRequest {
  'tenant'?: (string);
  'user'?: (string);
  'queryId'?: (string);
  'verdict'?: (_cqb_v1_Verdict);
}

export interface GiveFeedbackRequest__Output {
  'tenant': (string);
  'user': (string);
  'queryId': (string);
  'verdict': (_cqb_v1_Verdict__Output);
}
