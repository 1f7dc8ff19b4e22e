import type { Feedback } from '@cqb/contracts';
import { topics } from '@cqb/contracts';
import type { Database, EventBus } from '@cqb/runtime';
import { createLogger, createMemoryBus, createPgDatabase, pollUntil, runMigrations } from '@cqb/runtime';
import type { FreshDatabase } from '@cqb/runtime/testing';
import { createFreshDatabase } from '@cqb/runtime/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from './config.js';
import { createFeedbackService } from './feedback-service.js';
import { insertPendingAnswer } from './feedback-store.js';
import { finalise, finaliseDue } from './finaliser.js';
import { answerOf, embeddedQuery } from './test-events.js';

const serverUrl = process.env.CQB_TEST_DATABASE_URL;
if (!serverUrl) throw new Error('CQB_TEST_DATABASE_URL is not set: run through infra/with-infra.sh');

const logger = createLogger({ service: 'feedback-int', level: 'silent' });
const llms = ['m1', 'm2', 'm3'];

let fresh: FreshDatabase;
let db: Database;

beforeEach(async () => {
  fresh = await createFreshDatabase(serverUrl, 'cqb_feedback');
  db = createPgDatabase({ connectionString: fresh.url, max: 8 });
  await runMigrations(db);
});

afterEach(async () => {
  await db.close();
  await fresh.drop();
});

async function counts() {
  const { rows } = await db.query<{ llm: string; version: string; observations: string }>(
    'SELECT llm, version, observations FROM llm_posterior ORDER BY llm',
  );
  const applied = await db.query<{ n: string }>('SELECT count(*) AS n FROM applied_feedback');
  const pending = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM pending_answers WHERE status = 'pending'`,
  );
  return {
    posteriors: rows.map((r) => [r.llm, Number(r.version), Number(r.observations)]),
    applied: Number(applied.rows[0]!.n),
    pending: Number(pending.rows[0]!.n),
  };
}

describe('exactly-once finalisation on real Postgres', () => {
  it('applies each answer once under concurrent sweepers and duplicate explicit finalisers', async () => {
    const n = 60;
    for (let i = 0; i < n; i++) {
      const query = embeddedQuery({ queryId: `a${i}`, context: [Math.cos(i), Math.sin(i)] });
      await insertPendingAnswer(db, answerOf(query, llms[i % 3]!, 1_000), 1_000);
    }
    const options = { now: 5_000, closedBefore: 5_000, lambda: 1, batchSize: 7 };
    const sweeper = async () => {
      let total = 0;
      for (let got = -1; got !== 0; ) {
        got = (await finaliseDue(db, options)).length;
        total += got;
      }
      return total;
    };
    const duplicate = async (i: number) => {
      const decision = { queryId: `a${i}`, outcome: 'retried', source: 'explicit', retriedBy: '' } as const;
      return (await finalise(db, decision, options)) ? 1 : 0;
    };
    const results = await Promise.all([
      sweeper(),
      sweeper(),
      sweeper(),
      ...Array.from({ length: n }, (_, i) => duplicate(i)),
      ...Array.from({ length: n }, (_, i) => duplicate(i)),
    ]);
    expect(results.reduce((a, b) => a + b, 0)).toBe(n);
    expect(await counts()).toEqual({
      posteriors: llms.map((llm) => [llm, n / 3, n / 3]),
      applied: n,
      pending: 0,
    });
  });

  it('finalises once across two service replicas receiving every event twice', async () => {
    const bus: EventBus = createMemoryBus();
    let now = 100_000;
    const config = configSchema.parse({ CQB_FEEDBACK_GRACE_MS: '0', CQB_FEEDBACK_BATCH: '5' });
    const make = () =>
      createFeedbackService({ bus, db, logger, config, clock: { now: () => now }, timers: false, serve: false });
    const replicas = [make(), make()];
    await Promise.all(replicas.map((r) => r.start()));
    const seen: Feedback[] = [];
    await bus.subscribe(topics.feedback, {
      groupId: 'observer',
      handler: (e) => Promise.resolve(void seen.push(e.value)),
    });
    const n = 30;
    for (let i = 0; i < n; i++) {
      const user = `u${i % 5}`;
      const query = embeddedQuery({ queryId: `a${i}`, user, embedding: [1, i, 0] });
      const answer = { key: `t/${user}`, id: `a${i}`, value: answerOf(query, llms[i % 3]!, 100_000 + i) };
      await bus.publish(topics.answers, [answer, answer]);
    }
    await pollUntil(async () => (await counts()).pending === n, { what: 'pending answers' });
    const retries = [0, 7, 14, 21].map((i) => {
      const retry = embeddedQuery({ queryId: `r${i}`, user: `u${i % 5}`, retryOf: `a${i}`, receivedAtMs: 101_000 });
      return { key: `t/u${i % 5}`, id: `r${i}`, value: retry };
    });
    await bus.publish(topics.embedded, [...retries, ...retries]);
    await pollUntil(() => seen.length === retries.length, { what: 'retry feedback' });
    now = 200_000;
    await Promise.all(replicas.map((r) => r.sweep()));
    await pollUntil(() => seen.length === n, { what: 'all feedback' });
    expect(new Set(seen.map((f) => f.queryId)).size).toBe(n);
    expect(seen.filter((f) => f.outcome === 'OUTCOME_RETRIED').map((f) => f.queryId).sort()).toEqual(
      ['a0', 'a14', 'a21', 'a7'],
    );
    const final = await counts();
    expect(final.applied).toBe(n);
    expect(final.posteriors.reduce((sum, p) => sum + (p[2] as number), 0)).toBe(n);
    await Promise.all(replicas.map((r) => r.stop()));
    await bus.close();
  });
});
