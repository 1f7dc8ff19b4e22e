import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { Logger } from '../logging/logger.js';
import { toGrpcStatus } from './errors.js';

/**
 * Adapts an async function to a grpc unary handler: its result is the response; a thrown error is
 * mapped by {@link toGrpcStatus}, so the callback is called exactly once either way.
 */
export function unaryHandler<Req, Res>(
  fn: (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>,
  logger: Logger,
): (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void {
  return (call, callback) => {
    // Starting inside then() turns a synchronous throw into a rejection, mapped like any other.
    Promise.resolve()
      .then(() => fn(call.request, call))
      .then(
        (response) => callback(null, response),
        (err: unknown) => callback(toGrpcStatus(err, logger)),
      );
  };
}
