import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as AdminProto } from './generated/admin.js';
import type { ProtoGrpcType as HealthProto } from './generated/health.js';
import type { ProtoGrpcType as RouterProto } from './generated/router.js';
import { protoFiles, protoRoot } from './proto-files.js';

/** Typed gRPC package object for every service of the cqb.v1 API plus grpc.health.v1. */
export type CqbGrpcPackage = RouterProto & AdminProto & HealthProto;

/** Options shared by every loader so that clients, servers and codecs agree on field shapes. */
export const loaderOptions: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  arrays: true,
  includeDirs: [protoRoot],
};

let cached: CqbGrpcPackage | undefined;

/** Loads (once) and returns the typed gRPC package; use it to build servers and clients. */
export function loadGrpcPackage(): CqbGrpcPackage {
  if (!cached) {
    const definition = protoLoader.loadSync([...protoFiles], loaderOptions);
    cached = grpc.loadPackageDefinition(definition) as unknown as CqbGrpcPackage;
  }
  return cached;
}
