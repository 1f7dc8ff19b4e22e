import * as grpc from '@grpc/grpc-js';
import type { AdminHandlers, HealthHandlers, RouterHandlers } from '@cqb/contracts';
import { loadGrpcPackage } from '@cqb/contracts';

/** A gRPC server bound to an address; stop() drains calls for up to graceMs, then forces. */
export interface BoundServer {
  /** The bound host:port (the real port when 0 was asked for). */
  address: string;
  stop(graceMs?: number): Promise<void>;
}

/** Handlers of the one all-in-one port. */
export interface AllInOneHandlers {
  router: RouterHandlers;
  admin: AdminHandlers;
}

function healthHandlers(): HealthHandlers {
  return {
    Check: (_call, callback) => callback(null, { status: 'SERVING' }),
    Watch: (call) => {
      call.write({ status: 'SERVING' });
    },
  };
}

/** Serves Router, Admin and grpc.health.v1 on one address. */
export async function serveAllInOne(address: string, handlers: AllInOneHandlers): Promise<BoundServer> {
  const pkg = loadGrpcPackage();
  const server = new grpc.Server();
  server.addService(pkg.cqb.v1.Router.service, handlers.router);
  server.addService(pkg.cqb.v1.Admin.service, handlers.admin);
  server.addService(pkg.grpc.health.v1.Health.service, healthHandlers());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  const host = address.slice(0, address.lastIndexOf(':'));
  return {
    address: `${host}:${port}`,
    stop: (graceMs = 5000) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), graceMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
