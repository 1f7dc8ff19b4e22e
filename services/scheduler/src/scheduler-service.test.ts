import * as grpc from '@grpc/grpc-js';
import type {
  AdminClient,
  Answer,
  Assignment,
  GetPosteriorResponse,
  QueryEmbedded,
} from '@cqb/contracts';
import { loadGrpcPackage, topics } from '@cqb/contracts';
import { createPosterior, serializePosterior, updatePosterior } from '@cqb/policy';
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
import type { SchedulerService } from './scheduler-service.js';
import { createSchedulerService } from './scheduler-service.js';

const logger = createLogger({ service: 'scheduler-test', level: 'silent' });
const config = configSchema.parse({
  CQB_GRPC_ADDRESS: '127.0.0.1:0',
  CQB_CONTEXT_DIM: '2',
  CQB_HEAD_VERSION: 'head1',
  CQB_SCHEDULER_TICK_MS: '20',
});
const llms = [
  { id: 'm1', capacity: 1 },
  { id: 'm2', capacity: 1 },
];

let db: Database;
let bus: EventBus;
let running: SchedulerService[];
let assigned: Assignment[];

function embedded(queryId: string, deadlineAtMs = 0): QueryEmbedded {
  return {
    query: {
      queryId,
      tenant: 't',
      user: 'u',
      session: '',
      text: 'x',
      retryOf: '',
      receivedAtMs: 0,
      deadlineAtMs,
    },
    embedding: [1, 0],
    context: [0.6, 0.8],
    encoderVersion: 'enc1',
    headVersion: 'head1',
    tokenCount: 1,
    truncated: false,
    embeddedAtMs: 0,
  };
}

async function publishQueries(...events: QueryEmbedded[]): Promise<void> {
  const batch = events.map((value) => ({ key: 't/u', id: value.query.queryId, value }));
  await bus.publish(topics.embedded, batch);
}

async function startScheduler(): Promise<SchedulerService> {
  const service = createSchedulerService({ bus, db, logger, config, llms });
  await service.start();
  running.push(service);
  return service;
}

async function storePosterior(llm: string, state: Uint8Array, version: number, dim = 2) {
  await db.query(
    `INSERT INTO llm_posterior (llm, dim, encoder_version, head_version, state, version)
     VALUES ($1, $2, 'enc1', 'head1', $3, $4)
     ON CONFLICT (llm) DO UPDATE SET state = $3, version = $4, dim = $2`,
    [llm, dim, Buffer.from(state), version],
  );
}

/** The dispatcher's side of a finished call: the answer to `a`, then a report of its free slot. */
async function finish(a: Assignment, seq: number): Promise<void> {
  const value = {
    assignment: a,
    status: 'ANSWER_STATUS_OK',
    text: 'ok',
    error: '',
    backendLatencyMs: 1,
    promptTokens: 1,
    completionTokens: 1,
    costUsd: 0,
    attempts: 1,
    answeredAtMs: Date.now(),
  } as unknown as Answer;
  await bus.publish(topics.answers, [{ key: 't/u', id: a.query.query.queryId, value }]);
  await bus.publish(topics.capacity, [report(a.llm, seq, 0)]);
}

const report = (llm: string, seq: number, inFlight: number) => ({
  key: llm,
  id: `d:${seq}`,
  value: { llm, capacity: 1, inFlight, dispatcherId: 'd', seq, reportedAtMs: Date.now() },
});

beforeAll(async () => {
  db = await createPgliteDatabase();
  await runMigrations(db);
}, 120_000);

afterAll(async () => {
  await db.close();
});

beforeEach(async () => {
  await db.query('TRUNCATE decision_log, llm_posterior');
  bus = createMemoryBus();
  running = [];
  assigned = [];
  await bus.subscribe(topics.assignments, {
    groupId: 'observer',
    handler: (e) => Promise.resolve(void assigned.push(e.value)),
  });
});

afterEach(async () => {
  await Promise.all(running.map((s) => s.stop()));
  await bus.close();
});

describe('scheduler service', () => {
  it('assigns while slots are free, logs each decision, and waits for capacity', async () => {
    await startScheduler();
    await publishQueries(embedded('q1'), embedded('q2'), embedded('q3'));
    await pollUntil(() => assigned.length === 2, { what: 'two assignments' });
    expect(assigned.map((a) => a.llm).sort()).toEqual(['m1', 'm2']);
    await finish(
      assigned.find((a) => a.llm === 'm2')!,
      2,
    );
    await pollUntil(() => assigned.length === 3, { what: 'third assignment' });
    expect(assigned[2]!.llm).toBe('m2');
    const { rows } = await db.query<{ query_id: string; llm: string }>(
      'SELECT query_id, llm FROM decision_log ORDER BY round',
    );
    expect(rows.map((r) => [r.query_id, r.llm])).toEqual(
      assigned.map((a) => [a.query.query.queryId, a.llm]),
    );
  });

  it('recovers waiting queries after a restart without assigning any twice', async () => {
    const first = await startScheduler();
    await publishQueries(embedded('q1'), embedded('q2'), embedded('q3'), embedded('q4'));
    await pollUntil(() => assigned.length === 2);
    await first.stop();
    running = [];
    await startScheduler();
    await bus.publish(topics.capacity, [report('m1', 1, 0), report('m2', 1, 0)]);
    await pollUntil(() => assigned.length === 4, { what: 'recovered queries assigned' });
    const ids = assigned.map((a) => a.query.query.queryId).sort();
    expect(ids).toEqual(['q1', 'q2', 'q3', 'q4']);
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM decision_log');
    expect(Number(rows[0]!.n)).toBe(4);
  });

  it('drops a query whose deadline passed while it waited', async () => {
    await startScheduler();
    await publishQueries(embedded('q1'), embedded('q2'));
    await pollUntil(() => assigned.length === 2);
    const deadline = Date.now() + 50;
    await publishQueries(embedded('late', deadline));
    await pollUntil(() => Date.now() > deadline + 1, { what: 'deadline passed' });
    await finish(
      assigned.find((a) => a.llm === 'm1')!,
      1,
    );
    await publishQueries(embedded('q4'));
    await pollUntil(() => assigned.length === 3);
    expect(assigned[2]!.query.query.queryId).toBe('q4');
  });

  it('refuses to start on a corrupt or mismatched stored posterior, naming the LLM', async () => {
    const bytes = serializePosterior(createPosterior(2));
    const corrupt = bytes.slice();
    corrupt[corrupt.length - 9] = (corrupt[corrupt.length - 9]! + 1) % 256;
    await storePosterior('m2', corrupt, 1);
    const service = createSchedulerService({ bus, db, logger, config, llms });
    await expect(service.start()).rejects.toThrow(/posterior of LLM m2: stored state refused/);
    await storePosterior('m2', serializePosterior(createPosterior(3)), 1, 3);
    await expect(service.start()).rejects.toThrow(/posterior of LLM m2: dimension 3, expected 2/);
  });

  it('reloads a posterior when the feedback service announces a new version', async () => {
    const service = await startScheduler();
    const { Admin } = loadGrpcPackage().cqb.v1;
    const admin: AdminClient = new Admin(
      `127.0.0.1:${service.port}`,
      grpc.credentials.createInsecure(),
    );
    const read = () =>
      new Promise<GetPosteriorResponse>((resolve, reject) =>
        admin.GetPosterior({ llm: 'm1' }, (err, res) => (err ? reject(err) : resolve(res!))),
      );
    expect((await read()).posteriors).toMatchObject([{ llm: 'm1', version: 0, observations: 0 }]);
    const state = updatePosterior(createPosterior(2), Float64Array.from([0.6, 0.8]), 1);
    await storePosterior('m1', serializePosterior(state), 3);
    await bus.publish(topics.posterior, [
      { key: 'm1', id: 'm1:3', value: { llm: 'm1', version: 3, changedAtMs: 0 } },
    ]);
    const updated = await pollUntil(async () => {
      const p = (await read()).posteriors?.[0];
      return p?.version === 3 && p;
    });
    expect(updated.observations).toBe(1);
    expect(updated.mean?.[0]).toBeCloseTo(state.mean[0]!, 12);
    admin.close();
  });
});
