import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '@cqb/runtime';
import type { CqbProcess } from './support/cqb-process.js';
import { spawnCqb, stopProcess, waitForLog } from './support/cqb-process.js';
import type { ServiceName } from './support/distributed.js';
import {
  freshDatabase,
  randomName,
  requiredEnv,
  seedRouterBenchRegistry,
  serviceOrder,
  startSimBackend,
} from './support/distributed.js';
import type { Jaeger, JaegerTrace } from './support/jaeger.js';
import { createAllTopics, parentOf, startJaeger, telemetryEnv } from './support/jaeger.js';
import type { TestRouterClient } from './support/router-client.js';
import { createTestRouterClient } from './support/router-client.js';

/**
 * One query through the distributed system (five processes over Kafka and Postgres), every
 * process started with the telemetry preload and exporting to a real Jaeger; the trace is read
 * back from Jaeger's query API.
 */

describe('tracing: one query, one trace across all five services', () => {
  const running = new Map<ServiceName, CqbProcess>();
  const cleanups: (() => Promise<void>)[] = [];
  const suffix = randomName('');
  const serviceName = (name: ServiceName) => `cqb-${name}-${suffix}`;
  let jaeger: Jaeger;
  let client: TestRouterClient;

  beforeAll(async () => {
    // The first run builds Jaeger from the Go module proxy (minutes); later runs reuse it.
    jaeger = await startJaeger();
    cleanups.push(() => jaeger.stop());

    const database = await freshDatabase(requiredEnv('CQB_TEST_DATABASE_URL'));
    cleanups.push(() => database.drop());
    const backend = await startSimBackend(['--latency', 'lognormal', '--median-ms', '20']);
    cleanups.push(() => stopProcess(backend.process));
    const env = {
      CQB_KAFKA_BROKERS: requiredEnv('CQB_TEST_KAFKA_BROKERS'),
      CQB_DATABASE_URL: database.url,
      CQB_TOPIC_PREFIX: `${randomName('trace')}.`,
      CQB_RETRY_WINDOW_MS: '1000',
      CQB_FEEDBACK_GRACE_MS: '200',
      CQB_METRICS_PORT: '0',
      CQB_GRPC_ADDRESS: '127.0.0.1:0',
    };
    // A consumer that subscribes before its topic exists is not assigned the topic later.
    await createAllTopics(env.CQB_KAFKA_BROKERS, env.CQB_TOPIC_PREFIX);
    let port = '';
    for (const name of serviceOrder) {
      const started = spawnCqb(['serve', '--service', name], {
        ...env,
        ...telemetryEnv(jaeger, serviceName(name)),
      });
      running.set(name, started);
      const ready = await waitForLog(started, 'ready', 180_000).catch((err: unknown) => {
        throw new Error(`${name} did not start: ${String(err)}\n${started.stdout.join('\n')}`);
      });
      if (name === 'feedback') {
        const db = new pg.Client({ connectionString: database.url });
        await db.connect();
        await seedRouterBenchRegistry(db, backend.url, 2);
        await db.end();
      }
      if (name === 'ingest') port = String(ready['port']);
    }
    client = createTestRouterClient(`127.0.0.1:${port}`, 300_000);
  }, 1_800_000);

  afterAll(async () => {
    client?.close();
    for (const name of [...serviceOrder].reverse()) {
      const p = running.get(name);
      if (p) await stopProcess(p);
    }
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('holds spans of ingest, embedder, scheduler, dispatcher and feedback with intact parent links', async () => {
    const answer = await client.submit({ tenant: 'trace', user: 'u1', text: 'What is 2 + 2?' });
    expect(answer.ok).toBe(true);
    const expected = serviceOrder.map(serviceName).sort();

    const rootsOf = (t: JaegerTrace) => {
      const ids = new Set(t.spans.map((s) => s.spanID));
      return t.spans.filter((s) => !ids.has(parentOf(s) ?? ''));
    };
    // Spans reach Jaeger in per-process batches, each when it ends, so a child can arrive before
    // its parent: wait until the trace is whole (bounded), then check its shape.
    const trace = await pollUntil(
      async () => {
        const found = await jaeger.traces(serviceName('ingest'));
        return found.find((t) => {
          const services = new Set(Object.values(t.processes).map((p) => p.serviceName));
          const submitted = t.spans.some((s) => s.operationName === 'grpc.cqb.v1.Router/Submit');
          return submitted && expected.every((s) => services.has(s)) && rootsOf(t).length === 1;
        });
      },
      {
        timeoutMs: 120_000,
        intervalMs: 500,
        what: 'a whole trace with spans of all five services',
      },
    );
    const services = new Set(Object.values(trace.processes).map((p) => p.serviceName));
    expect([...services].sort()).toEqual(expected);
    // One root: the ingest server span of the Submit call. Every other span's parent is a span
    // of the same trace, so the hops between services kept their parent links.
    const roots = rootsOf(trace);
    expect(roots.map((s) => s.operationName)).toEqual(['grpc.cqb.v1.Router/Submit']);
    expect(trace.processes[roots[0]?.processID ?? '']?.serviceName).toBe(serviceName('ingest'));
    const text = JSON.stringify(trace);
    expect(text).not.toContain('What is 2 + 2?');
  });
});
