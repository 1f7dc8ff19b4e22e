import { status } from '@grpc/grpc-js';
import type { HealthHandlers } from '@cqb/contracts';
import { loadGrpcPackage } from '@cqb/contracts';
import type { GrpcServiceBinding } from './server.js';

/** Serving status of grpc.health.v1. */
export type ServingStatus = 'SERVING' | 'NOT_SERVING';

type Watcher = (serving: ServingStatus) => void;

/** The grpc.health.v1 service of one server, and the switch that sets its statuses. */
export interface HealthService extends GrpcServiceBinding {
  handlers: HealthHandlers;
  /** Sets the status of a service name; `''` is the whole server. Watchers are told at once. */
  setStatus(service: string, serving: ServingStatus): void;
  /** Marks every known service NOT_SERVING (when draining before shutdown). */
  shutdown(): void;
}

/**
 * grpc.health.v1 Check and Watch (Kubernetes gRPC probes use Check). The whole server (`''`)
 * starts SERVING; other names are unknown until set. Check of an unknown name answers
 * NOT_FOUND, Watch of it streams SERVICE_UNKNOWN until the name is set, as the protocol says.
 */
export function createHealthService(): HealthService {
  const statuses = new Map<string, ServingStatus>([['', 'SERVING']]);
  const watchers = new Map<string, Set<Watcher>>();

  function setStatus(service: string, serving: ServingStatus): void {
    statuses.set(service, serving);
    for (const watch of watchers.get(service) ?? []) watch(serving);
  }

  function watch(call: Parameters<HealthHandlers['Watch']>[0]): void {
    const service = call.request.service;
    const send: Watcher = (serving) => call.write({ status: serving });
    const set = watchers.get(service) ?? new Set<Watcher>();
    watchers.set(service, set.add(send));
    call.write({ status: statuses.get(service) ?? 'SERVICE_UNKNOWN' });
    call.on('cancelled', () => set.delete(send));
  }

  const handlers: HealthHandlers = {
    Check(call, callback) {
      const serving = statuses.get(call.request.service);
      if (serving) callback(null, { status: serving });
      else callback({ code: status.NOT_FOUND, details: `unknown service ${call.request.service}` });
    },
    Watch: watch,
  };
  return {
    definition: loadGrpcPackage().grpc.health.v1.Health.service,
    handlers,
    setStatus,
    shutdown: () => [...statuses.keys()].forEach((name) => setStatus(name, 'NOT_SERVING')),
  };
}
