// Original file: ../../proto/cqb/v1/admin.proto

import type { LlmPosterior as _cqb_v1_LlmPosterior, LlmPosterior__Output as _cqb_v1_LlmPosterior__Output } from '../../cqb/v1/LlmPosterior.js';

export interface GetPosteriorResponse {
  'posteriors'?: (_cqb_v1_LlmPosterior)[];
}

export interface GetPosteriorResponse__Output {
  'posteriors': (_cqb_v1_LlmPosterior__Output)[];
}
