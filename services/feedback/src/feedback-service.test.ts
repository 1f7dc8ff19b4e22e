import type { Feedback } from '@cqb/contracts';
import { topics } from '@cqb/contracts';
import { deserializePosterior } from '@cqb/policy';
import type { Database, EventBus } from '@cqb/runtime';
import {
  createLogger,
  createMemoryBus,
  createPgliteDatabase,
  pollUntil,
  runMigrations,
} from '@cqb/runtime';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from './config.js';
import type { FeedbackService } from './feedback-service.js';
import { createFeedbackService } from './feedback-service.js';
import { finalise, finaliseDue } from './finaliser.js';
import { answerOf, embeddedQuery } from './test-events.js';

const config = configSchema.parse({ CQB_RETRY_WINDOW_MS: '30000', CQB_FEEDBACK_GRACE_MS: '1000' });
const logger = createLogger({ service: 'feedback-test', level: 'silent' });

let db: Database;
let bus: EventBus;
let service: FeedbackService;
let now: number;
let published: Feedback[];

async function count(sql: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`);
  return Number(rows[0]!.n);
}

async function posterior(llm: string) {
  const { rows } = await db.query<{ state: Uint8Array; version: string; observations: string }>(
    'SELECT state, version, observations FROM llm_posterior WHERE llm = $1',
    [llm],
  );
  const row = rows[0];
  return row && { version: Number(row.version), observations: Number(row.observations), row };
}

// One embedded database per file (starting PGlite takes seconds); tables are emptied per test.
beforeAll(async () => {
  db = await createPgliteDatabase();
  await runMigrations(db);
}, 120_000);

afterAll(async () => {
  await db.close();
});

beforeEach(async () => {
  await db.query('TRUNCATE pending_answers, recent_queries, applied_feedback, llm_posterior');
  bus = createMemoryBus();
  now = 100_000;
  published = [];
  service = createFeedbackService({
    bus,
    db,
    logger,
    config,
    clock: { now: () => now },
    timers: false,
    serve: false,
  });
  await service.start();
  await bus.subscribe(topics.feedback, {
    groupId: 'observer',
    handler: (e) => {
      published.push(e.value);
      return Promise.resolve();
    },
  });
});

afterEach(async () => {
  await service.stop();
  await bus.close();
});

async function deliverAnswer(queryId: string, answeredAtMs: number, llm = 'm1') {
  const query = embeddedQuery({ queryId, receivedAtMs: answeredAtMs - 10 });
  await bus.publish(topics.answers, [
    { key: 't/alice', id: queryId, value: answerOf(query, llm, answeredAtMs) },
  ]);
  await pollUntil(async () => (await count(`pending_answers WHERE query_id = '${queryId}'`)) === 1);
}

describe('feedback service', () => {
  it('finalises an answer as satisfied once its window and grace have passed, exactly once', async () => {
    await deliverAnswer('a1', 100_000);
    now = 130_500;
    expect(await service.sweep()).toBe(0);
    now = 131_001;
    expect(await service.sweep()).toBe(1);
    await pollUntil(() => published.length === 1);
    expect(published[0]).toMatchObject({
      queryId: 'a1',
      llm: 'm1',
      outcome: 'OUTCOME_SATISFIED',
      source: 'FEEDBACK_SOURCE_WINDOW_CLOSED',
      posteriorVersion: 1,
    });
    const stored = await posterior('m1');
    expect(stored).toMatchObject({ version: 1, observations: 1 });
    expect(deserializePosterior(stored!.row.state, 2).mean[0]).toBeGreaterThan(0);
    // A redelivered answer neither reopens nor re-applies it.
    await bus.publish(topics.answers, [
      { key: 't/alice', id: 'a1', value: answerOf(embeddedQuery({ queryId: 'a1' }), 'm1', 100_000) },
    ]);
    await bus.publish(topics.embedded, [{ key: 't/alice', id: 'z', value: embeddedQuery({ queryId: 'z' }) }]);
    await pollUntil(async () => (await count('recent_queries')) === 1);
    expect(await service.sweep()).toBe(0);
    expect(await count('applied_feedback')).toBe(1);
    expect(await posterior('m1')).toMatchObject({ version: 1, observations: 1 });
  });

  it('marks an answer retried when a similar query of the same user comes inside the window', async () => {
    await deliverAnswer('a1', 100_000);
    const other = embeddedQuery({ queryId: 'b1', user: 'bob', receivedAtMs: 101_000 });
    const retry = embeddedQuery({ queryId: 'q2', receivedAtMs: 105_000, embedding: [0.95, 0.31, 0] });
    await bus.publish(topics.embedded, [
      { key: 't/bob', id: 'b1', value: other },
      { key: 't/alice', id: 'q2', value: retry },
    ]);
    await pollUntil(() => published.length === 1);
    expect(published[0]).toMatchObject({
      queryId: 'a1',
      outcome: 'OUTCOME_RETRIED',
      source: 'FEEDBACK_SOURCE_SIMILAR_QUERY',
      retriedBy: 'q2',
    });
    const stored = await posterior('m1');
    expect(deserializePosterior(stored!.row.state, 2).mean[0]).toBeLessThan(0);
    now = 200_000;
    expect(await service.sweep()).toBe(0);
  });

  it('matches a retry processed before the answer it names', async () => {
    const retry = embeddedQuery({ queryId: 'q2', receivedAtMs: 100_500, retryOf: 'a1', embedding: [0, 1, 0] });
    await bus.publish(topics.embedded, [{ key: 't/alice', id: 'q2', value: retry }]);
    await pollUntil(async () => (await count('recent_queries')) === 1);
    await deliverAnswer('a1', 100_000);
    await pollUntil(() => published.length === 1);
    expect(published[0]).toMatchObject({ queryId: 'a1', source: 'FEEDBACK_SOURCE_RETRY_OF' });
  });

  it('creates nothing for a failed answer: backend failures are not user retries', async () => {
    const query = embeddedQuery({ queryId: 'f1' });
    const failed = answerOf(query, 'm1', 100_000, 'ANSWER_STATUS_FAILED');
    await bus.publish(topics.answers, [{ key: 't/alice', id: 'f1', value: failed }]);
    await deliverAnswer('ok', 100_000);
    expect(await count(`pending_answers WHERE query_id = 'f1'`)).toBe(0);
  });

  it('applies an explicit verdict of the owner and ignores a foreign one', async () => {
    await deliverAnswer('a1', 100_000);
    const verdict = (user: string, v: 'VERDICT_SATISFIED' | 'VERDICT_UNSATISFIED') => ({
      key: `t/${user}`,
      id: 'a1',
      value: { queryId: 'a1', tenant: 't', user, verdict: v, givenAtMs: 0 },
    });
    await bus.publish(topics.verdicts, [verdict('mallory', 'VERDICT_SATISFIED')]);
    await bus.publish(topics.verdicts, [verdict('alice', 'VERDICT_UNSATISFIED')]);
    await pollUntil(() => published.length === 1);
    expect(published[0]).toMatchObject({ outcome: 'OUTCOME_RETRIED', source: 'FEEDBACK_SOURCE_EXPLICIT' });
  });

  it('lets only one of two concurrent finalisers apply an answer', async () => {
    await deliverAnswer('a1', 100_000);
    const options = { now: 200_000, lambda: 1 };
    const decision = { queryId: 'a1', outcome: 'retried', source: 'explicit', retriedBy: '' } as const;
    const [one, many] = await Promise.all([
      finalise(db, decision, options),
      finaliseDue(db, { ...options, closedBefore: 200_000, batchSize: 10 }),
    ]);
    expect([one ? 1 : 0, many.length].reduce((a, b) => a + b)).toBe(1);
    expect(await posterior('m1')).toMatchObject({ version: 1, observations: 1 });
  });

  it('publishes from the outbox what a crash left unpublished', async () => {
    await deliverAnswer('a1', 100_000);
    const decision = { queryId: 'a1', outcome: 'satisfied', source: 'explicit', retriedBy: '' } as const;
    await finalise(db, decision, { now: 100_100, lambda: 1 });
    now = 200_000;
    expect(await service.flushOutbox()).toBe(1);
    await pollUntil(() => published.length === 1);
    expect(await service.flushOutbox()).toBe(0);
    expect(published[0]).toMatchObject({ queryId: 'a1', outcome: 'OUTCOME_SATISFIED' });
  });
});

// The embedder can lag the answers by more than the grace period (a backlog on a busy machine),
// so a retry's embedded event may come after its answer's window closed by the wall clock. The
// service learns of the query from the queries topic (no embedder in between) and holds the
// answer until the retry's embedding has been compared, within a bound.
describe('feedback service: retries still in the embedder when the window closes', () => {
  const received = (queryId: string, receivedAtMs: number, retryOf = '', user = 'alice') =>
    embeddedQuery({ queryId, receivedAtMs, retryOf, user }).query;

  async function deliverQuery(queryId: string, receivedAtMs: number, retryOf = '', user = 'alice') {
    await bus.publish(topics.queries, [
      { key: `t/${user}`, id: queryId, value: received(queryId, receivedAtMs, retryOf, user) },
    ]);
    await pollUntil(async () => (await count(`recent_queries WHERE query_id = '${queryId}'`)) === 1);
  }

  it('counts a similar retry whose embedding arrives after the window and grace', async () => {
    await deliverAnswer('a1', 100_000);
    await deliverQuery('q2', 105_000);
    now = 160_000;
    expect(await service.sweep()).toBe(0);
    const retry = embeddedQuery({ queryId: 'q2', receivedAtMs: 105_000, embedding: [0.95, 0.31, 0] });
    await bus.publish(topics.embedded, [{ key: 't/alice', id: 'q2', value: retry }]);
    await pollUntil(() => published.length === 1);
    expect(published[0]).toMatchObject({
      queryId: 'a1',
      outcome: 'OUTCOME_RETRIED',
      source: 'FEEDBACK_SOURCE_SIMILAR_QUERY',
      retriedBy: 'q2',
    });
    expect(await count(`pending_answers WHERE status = 'retried'`)).toBe(1);
  });

  it('finalises as satisfied once the late query is embedded and not similar', async () => {
    await deliverAnswer('a1', 100_000);
    await deliverQuery('q2', 105_000);
    now = 160_000;
    expect(await service.sweep()).toBe(0);
    const other = embeddedQuery({ queryId: 'q2', receivedAtMs: 105_000, embedding: [0, 0, 1] });
    await bus.publish(topics.embedded, [{ key: 't/alice', id: 'q2', value: other }]);
    await pollUntil(async () => (await service.sweep()) === 1);
    expect(published.map((f) => f.outcome)).toEqual(['OUTCOME_SATISFIED']);
  });

  it('counts an explicit retry from the queries topic alone, before any embedding', async () => {
    await deliverAnswer('a1', 100_000);
    await deliverQuery('q2', 100_500, 'a1');
    await pollUntil(() => published.length === 1);
    expect(published[0]).toMatchObject({ queryId: 'a1', source: 'FEEDBACK_SOURCE_RETRY_OF', retriedBy: 'q2' });
  });

  it('holds an answer only for queries of the same user inside its window, and only so long', async () => {
    await deliverAnswer('a1', 100_000);
    await deliverQuery('b1', 105_000, '', 'bob');
    await deliverQuery('q3', 135_000);
    now = 131_001;
    expect(await service.sweep()).toBe(1);
    await deliverAnswer('a2', 140_000);
    await deliverQuery('q4', 141_000);
    now = 141_000 + config.CQB_FEEDBACK_MAX_HOLD_MS - 1;
    expect(await service.sweep()).toBe(0);
    now += 1;
    expect(await service.sweep()).toBe(1);
    expect(published.map((f) => f.outcome)).toEqual(['OUTCOME_SATISFIED', 'OUTCOME_SATISFIED']);
  });
});
