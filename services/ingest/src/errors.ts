import { status } from '@grpc/grpc-js';
import {
  DeadlineExceededError,
  GrpcMappedError,
  InvalidArgumentError,
  PermissionDeniedError,
  ResourceExhaustedError,
  UnavailableError,
} from '@cqb/runtime';

/** Why a Submit or GiveFeedback request was refused before anything was published. */
export class InvalidRequestError extends InvalidArgumentError {}

/** The request names a query that belongs to another tenant or user (PERMISSION_DENIED). */
export class ForeignQueryError extends PermissionDeniedError {}

/** Too many calls are waiting for answers; the client should back off and retry. */
export class OverloadedError extends ResourceExhaustedError {}

/** The backend failed to answer after the dispatcher's bounded retries (UNAVAILABLE). */
export class AnswerFailedError extends UnavailableError {}

/** The query could not be published to the bus; nothing was accepted (UNAVAILABLE). */
export class PublishFailedError extends UnavailableError {}

/** The client's deadline passed before the answer arrived. */
export class DeadlineError extends DeadlineExceededError {}

/** The call ended before its answer: the client cancelled, or ingest is shutting down. */
export class CallAbortedError extends GrpcMappedError {
  readonly code = status.CANCELLED;
}
