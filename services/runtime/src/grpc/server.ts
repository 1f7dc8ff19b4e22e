import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../logging/logger.js';

/** One service to serve: its definition (from the loaded package) and its handlers. */
export interface GrpcServiceBinding {
  definition: grpc.ServiceDefinition;
  handlers: grpc.UntypedServiceImplementation;
}

/** Options for {@link startGrpcServer}. */
export interface GrpcServerOptions {
  /** `host:port`; port 0 picks a free port (tests bind `127.0.0.1:0`). */
  address: string;
  services: GrpcServiceBinding[];
  logger: Logger;
  /** Extra channel options (message size limits and the like). */
  channelOptions?: grpc.ChannelOptions;
}

/** A listening server. */
export interface RunningGrpcServer {
  /** The bound port (useful when the address asked for port 0). */
  port: number;
  server: grpc.Server;
  /**
   * Stops accepting calls, lets in-flight calls finish for up to graceMs, then cancels what is
   * left. Resolves when the server is down.
   */
  stop(graceMs: number): Promise<void>;
}

function bind(server: grpc.Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve(port),
    );
  });
}

function stopServer(server: grpc.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Starts a plaintext gRPC server with the given services and logs where it listens. */
export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const server = new grpc.Server(options.channelOptions);
  for (const { definition, handlers } of options.services) server.addService(definition, handlers);
  const port = await bind(server, options.address);
  options.logger.info({ address: options.address, port }, 'gRPC server listening');
  return {
    port,
    server,
    stop: async (graceMs) => {
      await stopServer(server, graceMs);
      options.logger.info({ port }, 'gRPC server stopped');
    },
  };
}
