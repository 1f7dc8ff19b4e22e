import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { afterAll, expect, it } from 'vitest';
import { loadGrpcPackage } from '@cqb/contracts';
import { pollUntil } from '@cqb/runtime';
import { createFreshDatabase } from '@cqb/runtime/testing';
import type { FreshDatabase } from '@cqb/runtime/testing';

const brokers = process.env.CQB_TEST_KAFKA_BROKERS;
const serverUrl = process.env.CQB_TEST_DATABASE_URL;
if (!brokers || !serverUrl) {
  throw new Error(
    'CQB_TEST_KAFKA_BROKERS and CQB_TEST_DATABASE_URL must be set: run through infra/with-infra.sh',
  );
}

const mainPath = fileURLToPath(new URL('./main.ts', import.meta.url));
const cleanups: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

type HealthClient = InstanceType<
  ReturnType<typeof loadGrpcPackage>['grpc']['health']['v1']['Health']
>;

/** The whole server's status from Health/Check, or the gRPC error code. */
function check(client: HealthClient): Promise<string> {
  return new Promise((resolve) => {
    client.Check({ service: '' }, (err, reply) =>
      resolve(err ? `error ${err.code}` : String(reply?.status)),
    );
  });
}

it('serves health and metrics, and exits 0 on SIGTERM', async () => {
  const fresh: FreshDatabase = await createFreshDatabase(serverUrl, 'cqb_dispatcher_main');
  cleanups.push(() => fresh.drop());
  const child = spawn(process.execPath, ['--import', 'tsx', mainPath], {
    env: {
      ...process.env,
      CQB_KAFKA_BROKERS: brokers,
      CQB_DATABASE_URL: fresh.url,
      CQB_GRPC_ADDRESS: '127.0.0.1:0',
      CQB_METRICS_PORT: '0',
      CQB_TOPIC_PREFIX: `it-${randomUUID().slice(0, 8)}.`,
      CQB_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  const lines: Record<string, unknown>[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (buffered + chunk.toString()).split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  const ready = await pollUntil(() => lines.find((l) => l.msg === 'ready'), {
    timeoutMs: 90_000,
    what: 'the ready log',
  });
  const Health = loadGrpcPackage().grpc.health.v1.Health;
  const client = new Health(`127.0.0.1:${String(ready.port)}`, grpc.credentials.createInsecure());
  cleanups.push(() => Promise.resolve(client.close()));
  expect(await check(client)).toBe('SERVING');
  const metrics = await fetch(`http://127.0.0.1:${String(ready.metricsPort)}/metrics`);
  expect(await metrics.text()).toContain('cqb_process_cpu_seconds_total{service="dispatcher"}');
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(lines.map((l) => l.msg)).toContain('gRPC server stopped');
});
