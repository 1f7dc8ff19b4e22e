// Original file: ../../proto/cqb/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface LlmPosterior {
  'llm'?: (string);
  'version'?: (number | string | Long);
  'observations'?: (number | string | Long);
  'mean'?: (number | string)[];
  /**
   * Trace of the posterior covariance H^-1: a scalar measure of remaining uncertainty.
   */
  'covarianceTrace'?: (number | string);
}

export interface LlmPosterior__Output {
  'llm': (string);
  'version': (number);
  'observations': (number);
  'mean': (number)[];
  /**
   * Trace of the posterior covariance H^-1: a scalar measure of remaining uncertainty.
   */
  'covarianceTrace': (number);
}
