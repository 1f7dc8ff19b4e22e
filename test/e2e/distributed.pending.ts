// NOT YET IN THE SUITE (named .pending.ts so vitest does not collect it). Rename to
// distributed.test.ts once these pass repeatedly. Observed on 2026-12-04 on a quiet broker:
// 200 queries answered, exactly-once invariants and bad-input codes pass; but (1) implicit and
// explicit retries are counted as RETRIED only partly (0/50 with a 1.5 s window, 15/50 with 8 s)
// and (2) under load, 2 of 120 queries hit DEADLINE_EXCEEDED across the kill -9 sequence. Also the
// services' consumer groups (cqb-dispatcher, ...) are not scoped by CQB_TOPIC_PREFIX, so
// concurrent runs on one broker stall each other in rebalances.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRouterBench } from '@cqb/datasets';
import { pollUntil } from '@cqb/runtime';
import type { CqbProcess } from './support/cqb-process.js';
import { stopProcess } from './support/cqb-process.js';
import type { ServiceName } from './support/distributed.js';
import {
  freshDatabase,
  randomName,
  requiredEnv,
  seedRouterBenchRegistry,
  serviceOrder,
  startService,
  startSimBackend,
} from './support/distributed.js';
import type { TestRouterClient } from './support/router-client.js';
import { createTestRouterClient } from './support/router-client.js';

/** How a scripted user behaves after the first answer. */
type Script = 'keep' | 'implicit-retry' | 'explicit-retry';

interface UserRun {
  queryIds: string[];
  failures: string[];
}

const scriptOf = (i: number): Script =>
  i % 8 === 0 ? 'implicit-retry' : i % 8 === 4 ? 'explicit-retry' : 'keep';

/** One scripted user: asks, and for a retry script asks the same text again 100 ms later. */
async function runUser(client: TestRouterClient, user: string, text: string, script: Script) {
  const run: UserRun = { queryIds: [], failures: [] };
  const first = await client.submit({ tenant: 'e2e', user, text });
  if (!first.ok) return { ...run, failures: [first.code] };
  run.queryIds.push(first.response.queryId);
  if (script === 'keep') return run;
  await new Promise((r) => setTimeout(r, 100));
  const retryOf = script === 'explicit-retry' ? first.response.queryId : '';
  const second = await client.submit({ tenant: 'e2e', user, text, retryOf });
  if (second.ok) run.queryIds.push(second.response.queryId);
  else run.failures.push(second.code);
  return run;
}

/** Runs users from `from` to `to` (exclusive), one starting every 25 ms; counts answers live. */
async function runUsers(
  client: TestRouterClient,
  prompts: string[],
  from: number,
  to: number,
  answered: { count: number },
): Promise<UserRun[]> {
  const runs: Promise<UserRun>[] = [];
  for (let i = from; i < to; i += 1) {
    runs.push(
      runUser(client, `u${i}`, prompts[i % prompts.length] as string, scriptOf(i)).then((r) => {
        answered.count += r.queryIds.length;
        return r;
      }),
    );
    await new Promise((r) => setTimeout(r, 25));
  }
  return Promise.all(runs);
}

describe('distributed mode: one process per service over Kafka and Postgres', () => {
  const brokers = requiredEnv('CQB_TEST_KAFKA_BROKERS');
  const serverUrl = requiredEnv('CQB_TEST_DATABASE_URL');
  const running = new Map<ServiceName, CqbProcess>();
  const cleanups: (() => Promise<void>)[] = [];
  let env: Record<string, string>;
  let db: pg.Client;
  let client: TestRouterClient;
  let prompts: string[];

  const count = async (sql: string): Promise<number> =>
    Number((await db.query<{ n: string }>(sql)).rows[0]?.n ?? -1);

  async function start(name: ServiceName): Promise<Record<string, unknown>> {
    return startService(name, env, (p) => running.set(name, p));
  }

  beforeAll(async () => {
    const database = await freshDatabase(serverUrl);
    cleanups.push(() => database.drop());
    const backend = await startSimBackend(['--latency', 'lognormal', '--median-ms', '20']);
    cleanups.push(() => stopProcess(backend.process));
    env = {
      CQB_KAFKA_BROKERS: brokers,
      CQB_DATABASE_URL: database.url,
      CQB_TOPIC_PREFIX: `${randomName('e2e')}.`,
      CQB_RETRY_WINDOW_MS: '8000',
      CQB_FEEDBACK_GRACE_MS: '2000',
      CQB_METRICS_PORT: '0',
      CQB_GRPC_ADDRESS: '127.0.0.1:0',
      CQB_LLM_TIMEOUT_MS: '5000',
    };
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    cleanups.push(() => db.end());
    // The first service applies the migrations; the registry is seeded once they exist.
    await start('feedback');
    await seedRouterBenchRegistry(db, backend.url, 2);
    let ingestReady: Record<string, unknown> = {};
    for (const name of serviceOrder.slice(1)) {
      const ready = await start(name);
      if (name === 'ingest') ingestReady = ready;
    }
    client = createTestRouterClient(`127.0.0.1:${String(ingestReady.port)}`, 180_000);
    prompts = (await loadRouterBench({ split: 'test' })).map((r) => r.prompt);
  });

  afterAll(async () => {
    client?.close();
    for (const name of [...serviceOrder].reverse()) {
      const p = running.get(name);
      if (p) await stopProcess(p, 'SIGKILL');
    }
    for (const c of cleanups.reverse()) await c();
  });

  const scriptedRetries = (from: number, to: number): number =>
    Array.from({ length: to - from }, (_, k) => scriptOf(from + k)).filter((s) => s !== 'keep').length;

  async function settled(): Promise<void> {
    await pollUntil(
      async () => (await count(`SELECT count(*) AS n FROM pending_answers WHERE status = 'pending'`)) === 0,
      { timeoutMs: 120_000, intervalMs: 250, what: 'every answer finalised' },
    );
  }

  async function expectExactlyOnce(answeredIds: string[]): Promise<void> {
    expect(new Set(answeredIds).size).toBe(answeredIds.length);
    const decisions = await count('SELECT count(*) AS n FROM decision_log');
    const pending = await count('SELECT count(*) AS n FROM pending_answers');
    const finalised = await count(`SELECT count(*) AS n FROM pending_answers WHERE status <> 'pending'`);
    const applied = await count('SELECT count(*) AS n FROM applied_feedback');
    const observations = await count('SELECT coalesce(sum(observations), 0) AS n FROM llm_posterior');
    expect(decisions).toBe(answeredIds.length);
    expect(pending).toBe(answeredIds.length);
    expect(finalised).toBe(answeredIds.length);
    expect(applied).toBe(finalised);
    expect(observations).toBe(applied);
  }

  const allIds: string[] = [];

  it('answers 200 queries with retrying users; one update per finalised answer', async () => {
    const answered = { count: 0 };
    const runs = await runUsers(client, prompts, 0, 200, answered);
    expect(runs.flatMap((r) => r.failures)).toEqual([]);
    allIds.push(...runs.flatMap((r) => r.queryIds));
    expect(allIds.length).toBe(200 + scriptedRetries(0, 200));
    await settled();
    await expectExactlyOnce(allIds);
    const retried = await count(`SELECT count(*) AS n FROM pending_answers WHERE status = 'retried'`);
    expect(retried).toBe(scriptedRetries(0, 200));
  });

  it('survives kill -9 of feedback, then scheduler, then dispatcher, without loss or doubles', async () => {
    const answered = { count: 0 };
    const users = runUsers(client, prompts, 200, 320, answered);
    for (const [name, after] of [['feedback', 20], ['scheduler', 50], ['dispatcher', 80]] as const) {
      await pollUntil(() => answered.count >= after, { timeoutMs: 120_000, what: `${after} answers` });
      await stopProcess(running.get(name) as CqbProcess, 'SIGKILL');
      await start(name);
    }
    const runs = await users;
    expect(runs.flatMap((r) => r.failures)).toEqual([]);
    allIds.push(...runs.flatMap((r) => r.queryIds));
    await settled();
    await expectExactlyOnce(allIds);
  });

  it('refuses bad input through gRPC with specific status codes', async () => {
    const bad = await Promise.all([
      client.submit({ tenant: 'e2e', user: 'x', text: '' }),
      client.submit({ tenant: 'e2e', user: 'x', text: 'a'.repeat(40_000) }),
      client.submit({ tenant: '', user: 'x', text: 'hello' }),
      client.submit({ tenant: 'e2e', user: '', text: 'hello' }),
      client.submit({ tenant: 'e2e', user: 'someone-else', text: 'hello', retryOf: allIds[0] }),
    ]);
    expect(bad.map((b) => (b.ok ? 'OK' : b.code))).toEqual([
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
      'PERMISSION_DENIED',
    ]);
  });
});
