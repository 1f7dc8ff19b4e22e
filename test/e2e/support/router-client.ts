import * as grpc from '@grpc/grpc-js';
import type { RouterClient, SubmitResponse } from '@cqb/contracts';
import { loadGrpcPackage } from '@cqb/contracts';

/** The outcome of one Submit call: the response, or the gRPC status name of the failure. */
export type SubmitOutcome =
  | { ok: true; response: Required<SubmitResponse> }
  | { ok: false; code: string };

/** A Router client with a promise-returning submit. */
export interface TestRouterClient {
  submit(request: {
    tenant: string;
    user: string;
    text: string;
    retryOf?: string;
  }): Promise<SubmitOutcome>;
  close(): void;
}

/** Connects to the Router at host:port. */
export function createTestRouterClient(address: string, deadlineMs = 60_000): TestRouterClient {
  const pkg = loadGrpcPackage();
  const client: RouterClient = new pkg.cqb.v1.Router(address, grpc.credentials.createInsecure());
  return {
    submit: (request) =>
      new Promise((resolve) => {
        client.submit(
          { session: '', retryOf: '', ...request },
          { deadline: Date.now() + deadlineMs },
          (err, res) =>
            resolve(
              err || !res
                ? { ok: false, code: grpc.status[err?.code ?? grpc.status.UNKNOWN] ?? 'UNKNOWN' }
                : { ok: true, response: res },
            ),
        );
      }),
    close: () => client.close(),
  };
}
