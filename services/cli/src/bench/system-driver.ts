/**
 * The load client of the system benchmark. It runs in a worker thread with its own event loop, so
 * that the all-in-one system (in the bench process) and the client do not delay each other's
 * timers and callbacks; the client's clock readings are then those of an outside caller.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as grpc from '@grpc/grpc-js';
import type { RouterClient } from '@cqb/contracts';
import { loadGrpcPackage } from '@cqb/contracts';
import { loadRouterBench } from '@cqb/datasets';
import type { ClientTiming } from './system-stats.js';
import { steadySchedule } from './system-stats.js';

/** What one open-loop run saw. */
export interface DriveResult {
  timings: ClientTiming[];
  errors: Record<string, number>;
  /** From the first to the last send, ms. */
  sendSpanMs: number;
  /** From the first send to the last response, ms. */
  spanMs: number;
}

/** A load client; drive() sends `count` queries at `ratePerSec`, users numbered from `offset`. */
export interface Driver {
  drive(count: number, ratePerSec: number, offset: number): Promise<DriveResult>;
  close(): Promise<void>;
}

const nowMs = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sends `count` queries at a steady rate without waiting for answers (open loop). */
export async function drive(
  client: RouterClient,
  prompts: readonly string[],
  count: number,
  ratePerSec: number,
  offset: number,
): Promise<{
  timings: ClientTiming[];
  errors: Record<string, number>;
  sendSpanMs: number;
  spanMs: number;
}> {
  const schedule = steadySchedule(count, ratePerSec);
  const timings: ClientTiming[] = [];
  const errors: Record<string, number> = {};
  const calls: Promise<void>[] = [];
  const start = performance.now();
  let lastSend = start;
  for (const [i, at] of schedule.entries()) {
    const wait = at - (performance.now() - start);
    if (wait > 1) await sleep(wait);
    const sentAtMs = nowMs();
    lastSend = performance.now();
    const text = prompts[(offset + i) % prompts.length] as string;
    calls.push(
      new Promise<void>((resolve) => {
        const deadline = new Date(Date.now() + 300_000);
        const req = { tenant: 'bench', user: `u${offset + i}`, session: '', text, retryOf: '' };
        client.submit(req, { deadline }, (err, res) => {
          const receivedAtMs = nowMs();
          if (err || !res) {
            const code = err ? (grpc.status[err.code] ?? String(err.code)) : 'EMPTY';
            errors[code] = (errors[code] ?? 0) + 1;
          } else timings.push({ queryId: res.queryId, sentAtMs, receivedAtMs });
          resolve();
        });
      }),
    );
  }
  await Promise.all(calls);
  return {
    timings,
    errors,
    sendSpanMs: lastSend - start,
    spanMs: performance.now() - start,
  };
}

interface DriveMessage {
  id: number;
  count: number;
  ratePerSec: number;
  offset: number;
}

/** Starts the client in a worker thread connected to the Router at `address`. */
export function startDriver(address: string): Promise<Driver> {
  // Workers do not inherit tsx's loader: register it in the worker before importing this file.
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { address } });
  const pending = new Map<number, { done(r: DriveResult): void; fail(e: unknown): void }>();
  worker.on('error', (err) => {
    for (const p of pending.values()) p.fail(err);
    pending.clear();
  });
  let next = 0;
  worker.on('message', (m: { id: number; result: DriveResult }) => {
    pending.get(m.id)?.done(m.result);
    pending.delete(m.id);
  });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('online', () =>
      resolve({
        drive: (count, ratePerSec, offset) =>
          new Promise<DriveResult>((done, fail) => {
            const id = next++;
            pending.set(id, { done, fail });
            worker.postMessage({ id, count, ratePerSec, offset } satisfies DriveMessage);
          }),
        close: async () => {
          await worker.terminate();
        },
      }),
    );
  });
}

async function workerMain(): Promise<void> {
  const { address } = workerData as { address: string };
  const prompts = (await loadRouterBench({ split: 'test' })).map((r) => r.prompt);
  const pkg = loadGrpcPackage();
  const client: RouterClient = new pkg.cqb.v1.Router(address, grpc.credentials.createInsecure());
  parentPort?.on('message', (m: DriveMessage) => {
    void drive(client, prompts, m.count, m.ratePerSec, m.offset).then((result) =>
      parentPort?.postMessage({ id: m.id, result }),
    );
  });
}

if (!isMainThread && parentPort) void workerMain();
