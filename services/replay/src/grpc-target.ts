import * as grpc from '@grpc/grpc-js';
import type { AdminClient, RouterClient } from '@cqb/contracts';
import { loadGrpcPackage } from '@cqb/contracts';
import type { ReplayTarget, SubmitResult } from './driver.js';

/** Options of {@link createGrpcTarget}. */
export interface GrpcTargetOptions {
  /** host:port of the Router service (ingest). */
  routerAddress: string;
  /** host:port of the Admin service (scheduler); the same as the router in all-in-one mode. */
  adminAddress?: string;
  /** Deadline of each Submit call, in ms. Default 60000. */
  submitDeadlineMs?: number;
}

/** A replay target speaking gRPC to a running system; close() releases the channels. */
export interface GrpcTarget extends ReplayTarget {
  close(): void;
}

/** Connects to a running system's front door (and Admin service when given). */
export function createGrpcTarget(options: GrpcTargetOptions): GrpcTarget {
  const pkg = loadGrpcPackage();
  const credentials = grpc.credentials.createInsecure();
  const router: RouterClient = new pkg.cqb.v1.Router(options.routerAddress, credentials);
  const admin: AdminClient | undefined = options.adminAddress
    ? new pkg.cqb.v1.Admin(options.adminAddress, credentials)
    : undefined;
  const deadlineMs = options.submitDeadlineMs ?? 60_000;
  return {
    submit: (request) =>
      new Promise<SubmitResult>((resolve) => {
        const deadline = new Date(Date.now() + deadlineMs);
        router.submit({ ...request, session: '' }, { deadline }, (err, res) => {
          if (err || !res) {
            const code = err ? (grpc.status[err.code] ?? String(err.code)) : 'UNKNOWN';
            resolve({ ok: false, code, message: err?.details ?? 'empty response' });
            return;
          }
          resolve({
            ok: true,
            queryId: res.queryId,
            llm: res.llm,
            serverLatencyMs: Number(res.latencyMs),
            costUsd: res.costUsd,
          });
        });
      }),
    queueLength: admin
      ? () =>
          new Promise((resolve) => {
            admin.getQueueStats({}, { deadline: Date.now() + 2000 }, (err, res) =>
              resolve(err || !res ? undefined : res.queueLength),
            );
          })
      : undefined,
    covarianceTrace: admin
      ? () =>
          new Promise((resolve) => {
            admin.getPosterior({ llm: '' }, { deadline: Date.now() + 2000 }, (err, res) => {
              const ps = res?.posteriors ?? [];
              if (err || ps.length === 0) return resolve(undefined);
              resolve(ps.reduce((a, p) => a + p.covarianceTrace, 0) / ps.length);
            });
          })
      : undefined,
    close: () => {
      router.close();
      admin?.close();
    },
  };
}
