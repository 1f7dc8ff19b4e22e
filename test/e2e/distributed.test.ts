// Distributed mode end to end (issue 5, Tests): each service in its own process against real
// Kafka and Postgres. Scripted users retry some answers (explicitly and by asking the same text
// again); kill -9 of feedback, scheduler and dispatcher mid-run; bad input; a malformed message
// on a topic; LLM backends that return 500s or hang. Invariants are checked from Postgres and
// from the topics themselves (every accepted query on the queries topic is answered).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, QueryReceived } from '@cqb/contracts';
import { topics } from '@cqb/contracts';
import { loadRouterBench } from '@cqb/datasets';
import type { EventBus } from '@cqb/runtime';
import { busHeaders, createKafkaBus, createLogger, dlqTopicName, pollUntil, rawTopic } from '@cqb/runtime';
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
import type { SubmitOutcome, TestRouterClient } from './support/router-client.js';
import { createTestRouterClient } from './support/router-client.js';

/** How a scripted user behaves after the first answer. */
type Script = 'keep' | 'implicit-retry' | 'explicit-retry';

interface UserRun {
  user: string;
  script: Script;
  queryIds: string[];
  failures: string[];
  /** Submissions abandoned on DEADLINE_EXCEEDED or UNAVAILABLE and sent again. */
  resubmitted: number;
}

const scriptOf = (i: number): Script =>
  i % 8 === 0 ? 'implicit-retry' : i % 8 === 4 ? 'explicit-retry' : 'keep';

/** The users' think time between an answer and their retry. */
const thinkMs = 100;
/** Retry window: far above think time plus answer delivery to the client, even under load. */
const retryWindowMs = 10_000;
const tenant = 'e2e';

/**
 * Submits; when `resubmit`, a submission that hit the client's deadline or found the service
 * unavailable (a query in flight in a killed process) is sent again, at most three times.
 */
async function submit(
  client: TestRouterClient,
  request: { user: string; text: string; retryOf?: string },
  run: UserRun,
  resubmit: boolean,
): Promise<SubmitOutcome> {
  for (let attempt = 0; ; attempt += 1) {
    const out = await client.submit({ tenant, ...request });
    const transient = !out.ok && (out.code === 'DEADLINE_EXCEEDED' || out.code === 'UNAVAILABLE');
    if (!resubmit || !transient || attempt === 3) return out;
    run.resubmitted += 1;
  }
}

/** One scripted user: asks, and for a retry script asks the same text again after think time. */
async function runUser(
  client: TestRouterClient,
  user: string,
  text: string,
  script: Script,
  resubmit: boolean,
): Promise<UserRun> {
  const run: UserRun = { user, script, queryIds: [], failures: [], resubmitted: 0 };
  const first = await submit(client, { user, text }, run, resubmit);
  if (!first.ok) return { ...run, failures: [first.code] };
  run.queryIds.push(first.response.queryId);
  if (script === 'keep') return run;
  await new Promise((r) => setTimeout(r, thinkMs));
  const retryOf = script === 'explicit-retry' ? first.response.queryId : '';
  const second = await submit(client, { user, text, retryOf }, run, resubmit);
  if (second.ok) run.queryIds.push(second.response.queryId);
  else run.failures.push(second.code);
  return run;
}

/** Runs users from `from` to `to` (exclusive), one starting every 40 ms; counts answers live. */
async function runUsers(
  client: TestRouterClient,
  prompts: string[],
  range: { from: number; to: number; resubmit: boolean },
  answered: { count: number },
): Promise<UserRun[]> {
  const runs: Promise<UserRun>[] = [];
  for (let i = range.from; i < range.to; i += 1) {
    const text = prompts[i % prompts.length] as string;
    runs.push(
      runUser(client, `u${i}`, text, scriptOf(i), range.resubmit).then((r) => {
        answered.count += r.queryIds.length;
        return r;
      }),
    );
    await new Promise((r) => setTimeout(r, 40));
  }
  return Promise.all(runs);
}

describe('distributed mode: one process per service over Kafka and Postgres', () => {
  const brokers = requiredEnv('CQB_TEST_KAFKA_BROKERS');
  const serverUrl = requiredEnv('CQB_TEST_DATABASE_URL');
  const running = new Map<ServiceName, CqbProcess>();
  const cleanups: (() => Promise<void>)[] = [];
  let env: Record<string, string>;
  let prefix: string;
  let db: pg.Client;
  let client: TestRouterClient;
  let prompts: string[];
  let observer: EventBus;
  /** Every query accepted by ingest and every answer, as read from the topics. */
  const queriesSeen = new Map<string, QueryReceived>();
  const answersSeen = new Map<string, Answer>();
  const undecodable: string[] = [];

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await db.query<{ n: string }>(sql, params)).rows[0]?.n ?? -1);

  async function start(name: ServiceName, extra: Record<string, string> = {}) {
    return startService(name, { ...env, ...extra }, (p) => running.set(name, p));
  }

  beforeAll(async () => {
    const database = await freshDatabase(serverUrl);
    cleanups.push(() => database.drop());
    const backend = await startSimBackend(['--latency', 'lognormal', '--median-ms', '20']);
    cleanups.push(() => stopProcess(backend.process));
    prefix = `${randomName('e2e')}.`;
    env = {
      CQB_KAFKA_BROKERS: brokers,
      CQB_DATABASE_URL: database.url,
      CQB_TOPIC_PREFIX: prefix,
      CQB_RETRY_WINDOW_MS: String(retryWindowMs),
      CQB_FEEDBACK_GRACE_MS: '2000',
      CQB_METRICS_PORT: '0',
      CQB_GRPC_ADDRESS: '127.0.0.1:0',
      CQB_LLM_TIMEOUT_MS: '10000',
    };
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    cleanups.push(() => db.end());
    // The test's own view of the topics, as raw bytes (a malformed message is recorded, not
    // dead-lettered by this observer).
    const logger = createLogger({ service: 'e2e-observer', level: 'warn' });
    observer = createKafkaBus({ brokers: brokers.split(','), clientId: 'e2e-observer', logger });
    cleanups.push(() => observer.close());
    const observe = (name: string, onBytes: (bytes: Uint8Array, id: string) => void) =>
      observer.subscribe(rawTopic(prefix + name), {
        groupId: `${prefix}e2e-observer.${name}`,
        fromBeginning: true,
        handler: (e) => {
          onBytes(e.value, e.id);
          return Promise.resolve();
        },
      });
    await observe(topics.queries.name, (bytes, id) => {
      try {
        const q = topics.queries.codec.decode(bytes);
        queriesSeen.set(q.queryId, q);
      } catch {
        undecodable.push(id);
      }
    });
    await observe(topics.answers.name, (bytes) => {
      const a = topics.answers.codec.decode(bytes);
      answersSeen.set(a.assignment.query.query.queryId, a);
    });
    // The first service applies the migrations; the registry is seeded once they exist.
    await start('feedback');
    await seedRouterBenchRegistry(db, backend.url, 2);
    let ingestReady: Record<string, unknown> = {};
    for (const name of serviceOrder.slice(1)) {
      const ready = await start(name);
      if (name === 'ingest') ingestReady = ready;
    }
    client = createTestRouterClient(`127.0.0.1:${String(ingestReady.port)}`, 90_000);
    prompts = (await loadRouterBench({ split: 'test' })).map((r) => r.prompt);
  });

  afterAll(async () => {
    client?.close();
    for (const name of [...serviceOrder].reverse()) {
      const p = running.get(name);
      if (p) await stopProcess(p, 'SIGKILL');
    }
    // Every cleanup runs even when one fails (a bus that never connected, say).
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  const scriptedRetries = (runs: UserRun[]): number =>
    runs.filter((r) => r.script !== 'keep').length;

  async function settled(): Promise<void> {
    await pollUntil(
      async () => (await count(`SELECT count(*) AS n FROM pending_answers WHERE status = 'pending'`)) === 0,
      { timeoutMs: 180_000, intervalMs: 250, what: 'every answer finalised' },
    );
  }

  /**
   * No loss and no doubles: every query accepted on the queries topic has an OK answer, a
   * decision row and a finalised pending answer; one posterior update per finalised answer.
   */
  async function expectExactlyOnce(clientIds: string[]): Promise<void> {
    expect(new Set(clientIds).size).toBe(clientIds.length);
    await pollUntil(() => clientIds.every((id) => queriesSeen.has(id)), {
      timeoutMs: 60_000,
      what: 'every answered query on the queries topic',
    });
    const accepted = [...queriesSeen.keys()];
    await pollUntil(() => accepted.every((id) => answersSeen.has(id)), {
      timeoutMs: 120_000,
      intervalMs: 250,
      what: 'an answer on the answers topic for every accepted query',
    });
    // Each OK answer becomes a pending answer once the feedback service consumed it.
    await pollUntil(
      async () => (await count('SELECT count(*) AS n FROM pending_answers')) >= accepted.length,
      { timeoutMs: 120_000, intervalMs: 250, what: 'a pending answer for every accepted query' },
    );
    await settled();
    const stored = await db.query<{ query_id: string }>('SELECT query_id FROM pending_answers');
    const storedIds = new Set(stored.rows.map((r) => r.query_id));
    expect(accepted.filter((id) => !storedIds.has(id))).toEqual([]);
    expect(clientIds.filter((id) => !storedIds.has(id))).toEqual([]);
    const decisions = await count('SELECT count(*) AS n FROM decision_log');
    const finalised = await count(`SELECT count(*) AS n FROM pending_answers WHERE status <> 'pending'`);
    const applied = await count('SELECT count(*) AS n FROM applied_feedback');
    const observations = await count('SELECT coalesce(sum(observations), 0) AS n FROM llm_posterior');
    expect(storedIds.size).toBe(accepted.length);
    expect(decisions).toBe(accepted.length);
    expect(finalised).toBe(accepted.length);
    expect(applied).toBe(finalised);
    expect(observations).toBe(applied);
  }

  const allIds: string[] = [];

  it('answers 200 queries; every scripted retry counts as RETRIED; one update per finalised answer', async () => {
    const answered = { count: 0 };
    const runs = await runUsers(client, prompts, { from: 0, to: 200, resubmit: false }, answered);
    expect(runs.flatMap((r) => r.failures)).toEqual([]);
    allIds.push(...runs.flatMap((r) => r.queryIds));
    expect(allIds.length).toBe(200 + scriptedRetries(runs));
    await expectExactlyOnce(allIds);
    // Each retrying user's first answer is retried by their second query, for the right reason;
    // every other answer is satisfied.
    const { rows } = await db.query<{ query_id: string; status: string; source: string; retried_by: string }>(
      'SELECT query_id, status, source, retried_by FROM pending_answers',
    );
    const byId = new Map(rows.map((r) => [r.query_id, r]));
    const expected = runs.map((r) => [r.queryIds[0], r.script === 'keep' ? 'satisfied' : 'retried']);
    expect(expected.map(([id]) => [id, byId.get(id as string)?.status])).toEqual(expected);
    for (const r of runs.filter((run) => run.script !== 'keep')) {
      expect(byId.get(r.queryIds[0] as string)).toMatchObject({
        source: r.script === 'explicit-retry' ? 'retry_of' : 'similar_query',
        retried_by: r.queryIds[1],
      });
    }
    const retried = await count(`SELECT count(*) AS n FROM pending_answers WHERE status = 'retried'`);
    expect(retried).toBe(scriptedRetries(runs));
  });

  it('survives kill -9 of feedback, then scheduler, then dispatcher, without loss or doubles', async () => {
    const answered = { count: 0 };
    const users = runUsers(client, prompts, { from: 200, to: 320, resubmit: true }, answered);
    for (const [name, after] of [['feedback', 20], ['scheduler', 50], ['dispatcher', 80]] as const) {
      await pollUntil(() => answered.count >= after, { timeoutMs: 180_000, what: `${after} answers` });
      await stopProcess(running.get(name) as CqbProcess, 'SIGKILL');
      await start(name);
    }
    const runs = await users;
    // A query in flight in a killed process may outlast the client's deadline; the client then
    // sends it again. Every user is answered in the end, and nothing accepted is lost.
    expect(runs.flatMap((r) => r.failures)).toEqual([]);
    const resubmitted = runs.reduce((n, r) => n + r.resubmitted, 0);
    console.info(`kill -9 sequence: ${resubmitted} submissions sent again after a transient failure`);
    allIds.push(...runs.flatMap((r) => r.queryIds));
    await expectExactlyOnce(allIds);
  });

  it('refuses bad input through gRPC with specific status codes', async () => {
    const bad = await Promise.all([
      client.submit({ tenant, user: 'x', text: '' }),
      client.submit({ tenant, user: 'x', text: 'a'.repeat(40_000) }),
      client.submit({ tenant: '', user: 'x', text: 'hello' }),
      client.submit({ tenant, user: '', text: 'hello' }),
      client.submit({ tenant, user: 'someone-else', text: 'hello', retryOf: allIds[0] }),
    ]);
    expect(bad.map((b) => (b.ok ? 'OK' : b.code))).toEqual([
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
      'PERMISSION_DENIED',
    ]);
  });

  it('dead-letters a malformed message on a topic, and its consumers keep going', async () => {
    const dead: { groupId: string; reason: string; topic: string; bytes: string }[] = [];
    const queriesTopic = prefix + topics.queries.name;
    await observer.subscribe(rawTopic(dlqTopicName(queriesTopic)), {
      groupId: `${prefix}e2e-observer.dlq`,
      fromBeginning: true,
      handler: (e) => {
        dead.push({
          groupId: e.headers[busHeaders.consumerGroup] ?? '',
          reason: e.headers[busHeaders.reason] ?? '',
          topic: e.headers[busHeaders.originalTopic] ?? '',
          bytes: Buffer.from(e.value).toString('hex'),
        });
        return Promise.resolve();
      },
    });
    const garbage = Buffer.from([0xff, 0xff, 0xff, 0x01, 0x02]);
    await observer.publishRaw(queriesTopic, `${tenant}/mallory`, 'malformed-1', garbage);
    // The embedder and the feedback service both read the queries topic: each dead-letters it.
    const groups = [`${prefix}cqb-embedder`, `${prefix}cqb-feedback.queries`];
    await pollUntil(() => groups.every((g) => dead.some((d) => d.groupId === g)), {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: 'the malformed message in the dead-letter topic from both consumers',
    });
    for (const d of dead) {
      expect(d).toEqual({ groupId: d.groupId, reason: 'decode', topic: queriesTopic, bytes: garbage.toString('hex') });
    }
    expect(undecodable).toEqual(['malformed-1']);
    // The consumers go on: a query published after the malformed one is answered and finalised.
    const after = await client.submit({ tenant, user: 'after-dlq', text: prompts[0] as string });
    expect(after.ok).toBe(true);
    if (after.ok) allIds.push(after.response.queryId);
    await expectExactlyOnce(allIds);
  });

  it('fails queries to backends that return 500s or hang with UNAVAILABLE, not as user retries', async () => {
    const failing = await startSimBackend(['--failure-rate', '1']);
    cleanups.push(() => stopProcess(failing.process));
    const hanging = await startSimBackend(['--hang-rate', '1']);
    cleanups.push(() => stopProcess(hanging.process));
    // Every LLM now points at a broken backend: even-numbered ones answer 500, the others hang.
    const llms = (await db.query<{ id: string }>('SELECT id FROM llms ORDER BY id')).rows.map((r) => r.id);
    const to500 = new Set(llms.filter((_, i) => i % 2 === 0));
    for (const id of llms) {
      await db.query('UPDATE llms SET endpoint = $2 WHERE id = $1', [id, to500.has(id) ? failing.url : hanging.url]);
    }
    await stopProcess(running.get('dispatcher') as CqbProcess);
    await start('dispatcher', { CQB_LLM_TIMEOUT_MS: '1500' });
    const before = {
      pending: await count('SELECT count(*) AS n FROM pending_answers'),
      applied: await count('SELECT count(*) AS n FROM applied_feedback'),
      retried: await count(`SELECT count(*) AS n FROM pending_answers WHERE status = 'retried'`),
    };
    // Each user asks, fails, and asks again explicitly (a real user retry of a failed query).
    const outcomes = await Promise.all(
      [0, 1, 2, 3, 4, 5].map(async (i) => {
        const text = prompts[i] as string;
        const first = await client.submit({ tenant: 'e2e-fault', user: `f${i}`, text });
        const second = await client.submit({ tenant: 'e2e-fault', user: `f${i}`, text });
        return [first, second];
      }),
    );
    expect(outcomes.flat().map((o) => (o.ok ? 'OK' : o.code))).toEqual(Array(12).fill('UNAVAILABLE'));
    // Exactly the 12 user submissions were accepted (the dispatcher's own attempts are not
    // queries), each answered FAILED; a 500 is retried by the dispatcher, within its bound.
    const faultQueries = () => [...queriesSeen.values()].filter((q) => q.tenant === 'e2e-fault');
    await pollUntil(() => faultQueries().length >= 12, { timeoutMs: 30_000, what: '12 queries' });
    const faultIds = faultQueries().map((q) => q.queryId);
    expect(faultIds).toHaveLength(12);
    await pollUntil(() => faultIds.every((id) => answersSeen.has(id)), { timeoutMs: 30_000, what: 'failed answers' });
    const failed = faultIds.map((id) => answersSeen.get(id) as Answer);
    expect(failed.map((a) => a.status)).toEqual(Array(12).fill('ANSWER_STATUS_FAILED'));
    for (const a of failed.filter((f) => to500.has(f.assignment.llm))) expect(a.dispatchAttempts).toBe(3);
    // Failed answers create no pending answer, so neither they nor the users' second tries are
    // counted as retries, and the posterior is not updated for them.
    await settled();
    expect(await count('SELECT count(*) AS n FROM pending_answers')).toBe(before.pending);
    expect(await count('SELECT count(*) AS n FROM applied_feedback')).toBe(before.applied);
    expect(await count(`SELECT count(*) AS n FROM pending_answers WHERE status = 'retried'`)).toBe(before.retried);
    expect(await count(`SELECT count(*) AS n FROM pending_answers WHERE tenant = 'e2e-fault'`)).toBe(0);
  });
});
