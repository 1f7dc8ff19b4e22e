import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKafkaBus,
  createLogger,
  createPgDatabase,
  pollUntil,
  runMigrations,
} from '@cqb/runtime';
import type { Database, EventBus, IncomingEvent } from '@cqb/runtime';
import type { Answer, CapacityReport } from '@cqb/contracts';
import { createFreshDatabase } from '@cqb/runtime/testing';
import type { FreshDatabase } from '@cqb/runtime/testing';
import type { DatasetRow } from '@cqb/datasets';
import { defaultDispatcherConfig } from './config.js';
import { createDispatcherService } from './dispatcher-service.js';
import { createLlmRegistry, seedRegistry } from './llm-registry.js';
import { createSimulatedBackend } from './simulated-backend/server.js';
import type { SimulatedBackend, SimulatedBackendOptions } from './simulated-backend/server.js';
import { collect, makeAssignment, prefixedTopics } from './test-support.js';

const brokers = process.env.CQB_TEST_KAFKA_BROKERS;
const serverUrl = process.env.CQB_TEST_DATABASE_URL;
if (!brokers || !serverUrl) {
  throw new Error(
    'CQB_TEST_KAFKA_BROKERS and CQB_TEST_DATABASE_URL must be set: run through infra/with-infra.sh',
  );
}

const rows: DatasetRow[] = [
  {
    id: 'q1',
    task: 'x',
    prompt: 'alpha',
    correct: { flaky: 1, hang: 1, busy: 1 },
    response: { flaky: 'F', hang: 'H', busy: 'B' },
  },
];
const logger = createLogger({ service: 'dispatcher-int', level: 'error' });
const backends: Record<string, SimulatedBackend> = {};
let fresh: FreshDatabase;
let db: Database;
const cleanups: (() => Promise<unknown>)[] = [];

async function backend(
  llm: string,
  options: Partial<SimulatedBackendOptions>,
): Promise<SimulatedBackend> {
  const b = await createSimulatedBackend({
    rows,
    llms: [llm],
    latency: { kind: 'fixed', medianMs: 0 },
    seed: 3,
    ...options,
  });
  backends[llm] = b;
  return b;
}

beforeAll(async () => {
  fresh = await createFreshDatabase(serverUrl, 'cqb_dispatcher');
  db = createPgDatabase({ connectionString: fresh.url, max: 4 });
  await runMigrations(db);
  const flaky = await backend('flaky', { failFirst: 2 });
  const hang = await backend('hang', { hangRate: 1 });
  const busy = await backend('busy', { latency: { kind: 'fixed', medianMs: 50 } });
  const price = { kind: 'per-query', perQuery: 0.001 } as const;
  await seedRegistry(db, [
    { id: 'flaky', endpoint: flaky.url, model: 'flaky', capacity: 4, price },
    { id: 'hang', endpoint: hang.url, model: 'hang', capacity: 1, price },
    { id: 'busy', endpoint: busy.url, model: 'busy', capacity: 3, price },
  ]);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  for (const b of Object.values(backends)) await b.close();
  await db.close();
  await fresh.drop();
});

interface Harness {
  bus: EventBus;
  t: ReturnType<typeof prefixedTopics>;
  answers: IncomingEvent<Answer>[];
  reports: IncomingEvent<CapacityReport>[];
}

/**
 * A dispatcher on real Kafka and Postgres, on topics of its own. The collectors subscribe first,
 * so the answers and capacity topics exist before the service starts.
 */
async function startDispatcher(timeoutMs: number): Promise<Harness> {
  const prefix = `it-${randomUUID().slice(0, 8)}.`;
  const t = prefixedTopics(prefix);
  const bus = createKafkaBus({ brokers: brokers!.split(','), clientId: 'dispatcher-int', logger });
  cleanups.push(() => bus.close());
  const answers = await collect(bus, t.answers, `${prefix}answers`);
  const reports = await collect(bus, t.capacity, `${prefix}capacity`);
  const config = defaultDispatcherConfig({
    CQB_TOPIC_PREFIX: prefix,
    CQB_LLM_TIMEOUT_MS: timeoutMs,
    CQB_DISPATCH_BACKOFF_MS: 10,
    CQB_DISPATCHER_ID: 'it',
  });
  const registry = createLlmRegistry(db);
  const groupId = `${prefix}dispatcher`;
  const service = createDispatcherService({ bus, logger, registry, config, groupId });
  cleanups.push(() => service.stop());
  await service.start();
  return { bus, t, answers, reports };
}

describe('dispatcher on Kafka and Postgres', () => {
  it('retries a backend that answers 500 twice and publishes an OK answer', async () => {
    const { bus, t, answers } = await startDispatcher(20_000);
    await bus.publish(t.assignments, [
      { key: 'flaky', id: 'a1', value: makeAssignment('a1', 'flaky', 'alpha') },
    ]);
    const [event] = await pollUntil(() => answers.length > 0 && answers, { timeoutMs: 60_000 });
    expect([event!.id, event!.key, event!.value.status, event!.value.text]).toEqual([
      'a1',
      't/u-a1',
      'ANSWER_STATUS_OK',
      'F',
    ]);
    expect(event!.value.dispatchAttempts).toBe(3);
    expect(event!.value.costUsd).toBe(0.001);
  });

  it('fails a hanging backend with a timeout error', async () => {
    const { bus, t, answers } = await startDispatcher(1000);
    await bus.publish(t.assignments, [
      { key: 'hang', id: 'h1', value: makeAssignment('h1', 'hang', 'alpha') },
    ]);
    const [event] = await pollUntil(() => answers.length > 0 && answers, { timeoutMs: 60_000 });
    expect([event!.value.status, event!.value.error]).toEqual([
      'ANSWER_STATUS_FAILED',
      'hang: backend timed out after 1000 ms',
    ]);
    expect(event!.value.dispatchAttempts).toBe(1);
  });

  it('never exceeds the registry capacity at the backend and answers every assignment once', async () => {
    const { bus, t, answers, reports } = await startDispatcher(20_000);
    const events = Array.from({ length: 12 }, (_, i) => ({
      key: 'busy',
      id: `b${i}`,
      value: makeAssignment(`b${i}`, 'busy', 'alpha'),
    }));
    await bus.publish(t.assignments, events);
    await pollUntil(() => new Set(answers.map((a) => a.id)).size === 12, { timeoutMs: 60_000 });
    expect(backends.busy!.stats().maxInFlight.busy).toBeLessThanOrEqual(3);
    expect(answers.every((a) => a.value.status === 'ANSWER_STATUS_OK')).toBe(true);
    expect(reports.some((r) => r.value.llm === 'busy' && r.value.capacity === 3)).toBe(true);
  });
});
