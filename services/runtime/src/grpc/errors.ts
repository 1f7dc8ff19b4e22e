import { status } from '@grpc/grpc-js';
import type { Logger } from '../logging/logger.js';

/** Options of every typed error: a cause, as for any Error. */
export interface TypedErrorOptions {
  cause?: unknown;
}

/** Base class of the errors the gRPC edge maps to a specific status code. */
export abstract class GrpcMappedError extends Error {
  /** The grpc status code this error becomes at the edge. */
  abstract readonly code: status;
  /** Whether the client may retry the same request. */
  readonly retriable: boolean = false;
  constructor(message: string, options?: TypedErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The request is malformed (missing field, text too long, ...). */
export class InvalidArgumentError extends GrpcMappedError {
  readonly code = status.INVALID_ARGUMENT;
}

/** A bound was reached (in-flight queries, queue length); retry later. */
export class ResourceExhaustedError extends GrpcMappedError {
  readonly code = status.RESOURCE_EXHAUSTED;
  override readonly retriable = true;
}

/** A dependency is down or the service is draining; retry later. */
export class UnavailableError extends GrpcMappedError {
  readonly code = status.UNAVAILABLE;
  override readonly retriable = true;
}

/** The deadline passed before the work finished. */
export class DeadlineExceededError extends GrpcMappedError {
  readonly code = status.DEADLINE_EXCEEDED;
}

/** The named thing (query, LLM) does not exist. */
export class NotFoundError extends GrpcMappedError {
  readonly code = status.NOT_FOUND;
}

/** The caller may not do this (for example a `retry_of` naming another user's query). */
export class PermissionDeniedError extends GrpcMappedError {
  readonly code = status.PERMISSION_DENIED;
}

/** What a handler sends to the client: a code and a message safe to show. */
export interface GrpcStatus {
  code: status;
  details: string;
}

/**
 * Maps an error to the status the client sees. Our typed errors keep their code and message;
 * anything else becomes INTERNAL with a generic message (never UNKNOWN) and is logged with the
 * error when a logger is given, so internals do not leak to clients.
 */
export function toGrpcStatus(err: unknown, logger?: Logger): GrpcStatus {
  if (err instanceof GrpcMappedError) return { code: err.code, details: err.message };
  logger?.error({ err }, 'unexpected error in gRPC handler');
  return { code: status.INTERNAL, details: 'internal error' };
}
