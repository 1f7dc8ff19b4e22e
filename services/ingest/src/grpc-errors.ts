import { status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { Metadata } from '@grpc/grpc-js';
import type { Logger } from '@cqb/runtime';
import {
  AnswerFailedError,
  CallAbortedError,
  DeadlineError,
  ForeignQueryError,
  InvalidRequestError,
  OverloadedError,
  PublishFailedError,
} from './errors.js';

const codes: [new (...args: never[]) => Error, status][] = [
  [InvalidRequestError, status.INVALID_ARGUMENT],
  [ForeignQueryError, status.PERMISSION_DENIED],
  [OverloadedError, status.RESOURCE_EXHAUSTED],
  [AnswerFailedError, status.UNAVAILABLE],
  [PublishFailedError, status.UNAVAILABLE],
  [DeadlineError, status.DEADLINE_EXCEEDED],
  [CallAbortedError, status.CANCELLED],
];

/**
 * Maps an ingest error to the gRPC status the client sees. Anything unexpected becomes INTERNAL
 * with a generic message (the cause is logged, never sent), so no raw exception reaches a client.
 */
export function toServiceError(err: unknown, logger: Logger): Partial<ServiceError> {
  for (const [type, code] of codes) {
    if (err instanceof type) return { code, details: err.message, metadata: new Metadata() };
  }
  logger.error({ err }, 'unexpected error in a Router call');
  return { code: status.INTERNAL, details: 'internal error', metadata: new Metadata() };
}
