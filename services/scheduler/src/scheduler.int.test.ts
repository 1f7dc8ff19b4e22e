import { randomUUID } from 'node:crypto';
import type { Assignment, QueryEmbedded, TopicSpec } from '@cqb/contracts';
import { renameTopic, topics } from '@cqb/contracts';
import type { Database, EventBus } from '@cqb/runtime';
import {
  createKafkaBus,
  createLogger,
  createPgDatabase,
  pollUntil,
  runMigrations,
} from '@cqb/runtime';
import type { FreshDatabase } from '@cqb/runtime/testing';
import { createFreshDatabase } from '@cqb/runtime/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from './config.js';
import { createSchedulerService } from './scheduler-service.js';
import type { SchedulerService } from './scheduler-service.js';

const serverUrl = process.env.CQB_TEST_DATABASE_URL;
const brokers = process.env.CQB_TEST_KAFKA_BROKERS;
if (!serverUrl || !brokers) {
  throw new Error(
    'CQB_TEST_DATABASE_URL and CQB_TEST_KAFKA_BROKERS must be set: use infra/with-infra.sh',
  );
}

const logger = createLogger({
  service: 'scheduler-int',
  level: process.env.CQB_TEST_LOG_LEVEL === 'debug' ? 'debug' : 'silent',
});
const llms = [
  { id: 'm1', capacity: 1 },
  { id: 'm2', capacity: 1 },
];

let fresh: FreshDatabase;
let db: Database;
let bus: EventBus;
let prefix: string;
const named = <T>(spec: TopicSpec<T>) => renameTopic(spec, prefix + spec.name);

function embedded(queryId: string): QueryEmbedded {
  return {
    query: {
      queryId,
      tenant: 't',
      user: queryId,
      session: '',
      text: 'x',
      retryOf: '',
      receivedAtMs: 0,
      deadlineAtMs: 0,
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

beforeEach(async () => {
  fresh = await createFreshDatabase(serverUrl, 'cqb_scheduler');
  db = createPgDatabase({ connectionString: fresh.url, max: 4 });
  await runMigrations(db);
  bus = createKafkaBus({ brokers: brokers.split(','), clientId: 'scheduler-int', logger });
  prefix = `t${randomUUID().slice(0, 8)}.`;
  // Creating a topic on a fresh broker can fail with UNKNOWN_TOPIC_OR_PARTITION while kafkajs
  // waits for its leaders (the bus then forgets the topic, so a retry creates it). Create every
  // topic of the test up front, retrying; the undecodable warm-up record goes to the DLQ.
  const used = [topics.embedded, topics.capacity, topics.posterior, topics.assignments, topics.answers];
  for (const spec of used) {
    const warm = () =>
      bus.publishRaw(prefix + spec.name, 'warmup', 'warmup', new Uint8Array([0xff]));
    await pollUntil(
      () =>
        warm().then(
          () => true,
          () => false,
        ),
      { what: 'topic', timeoutMs: 60_000 },
    );
  }
}, 120_000);

afterEach(async () => {
  await bus.close();
  await db.close();
  await fresh.drop();
});

describe('scheduler on Kafka and Postgres', () => {
  it('recovers its waiting queue from the topic after a restart, assigning each query once', async () => {
    const config = configSchema.parse({
      CQB_GRPC_ADDRESS: '127.0.0.1:0',
      CQB_CONTEXT_DIM: '2',
      CQB_TOPIC_PREFIX: prefix,
      CQB_INSTANCE_ID: 'first',
    });
    const assigned: Assignment[] = [];
    await bus.subscribe(named(topics.assignments), {
      groupId: `${prefix}observer`,
      handler: (e) => Promise.resolve(void assigned.push(e.value)),
    });
    const start = async (instance: string): Promise<SchedulerService> => {
      const service = createSchedulerService({
        bus,
        db,
        logger,
        config: { ...config, CQB_INSTANCE_ID: instance },
        llms,
      });
      await service.start();
      return service;
    };
    const first = await start('first');
    const ids = ['q1', 'q2', 'q3', 'q4', 'q5'];
    await bus.publish(
      named(topics.embedded),
      ids.map((id) => ({ key: `t/${id}`, id, value: embedded(id) })),
    );
    await pollUntil(() => assigned.length === 2, {
      what: 'first two assignments',
      timeoutMs: 60_000,
    });
    await first.stop();
    const second = await start('second');
    // Like the dispatcher, report periodically: a broadcast group that has just joined starts at
    // the latest offset and may miss a report published while it was joining.
    let seq = 0;
    const report = (llm: string) => ({
      key: llm,
      id: `${llm}:${seq}`,
      value: { llm, capacity: 3, inFlight: 0, dispatcherId: 'd', seq, reportedAtMs: Date.now() },
    });
    await pollUntil(
      async () => {
        seq += 1;
        await bus.publish(named(topics.capacity), [report('m1'), report('m2')]);
        return assigned.length >= ids.length;
      },
      { what: 'recovered', timeoutMs: 60_000, intervalMs: 500 },
    );
    await second.stop();
    expect(assigned.map((a) => a.query.query.queryId).sort()).toEqual(ids);
    const { rows } = await db.query<{ query_id: string; scheduler_id: string }>(
      'SELECT query_id, scheduler_id FROM decision_log ORDER BY query_id',
    );
    expect(rows.map((r) => r.query_id)).toEqual(ids);
    expect(rows.filter((r) => r.scheduler_id === 'second')).toHaveLength(3);
  });
});
