import { afterEach, describe, expect, it } from 'vitest';
import type { DatasetRow } from '@cqb/datasets';
import { createLogger, createMemoryBus, createMetricsRegistry, pollUntil } from '@cqb/runtime';
import type { EventBus } from '@cqb/runtime';
import { defaultDispatcherConfig } from './config.js';
import { createDispatcherService } from './dispatcher-service.js';
import type { DispatcherService } from './dispatcher-service.js';
import type { LlmEntry } from './llm-registry.js';
import { createSimulatedBackend } from './simulated-backend/server.js';
import type { SimulatedBackend, SimulatedBackendOptions } from './simulated-backend/server.js';
import { collect, makeAssignment, prefixedTopics } from './test-support.js';

const rows: DatasetRow[] = [
  { id: 'q1', task: 'x', prompt: 'alpha', correct: { a: 1, b: 0 }, response: { a: 'A1', b: 'B1' } },
  { id: 'q2', task: 'x', prompt: 'beta', correct: { a: 0, b: 1 }, response: { a: 'A2', b: 'B2' } },
];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups.length = 0;
});

const metrics = createMetricsRegistry('dispatcher');

async function setup(
  backendOptions: Partial<SimulatedBackendOptions> = {},
  capacity = 4,
  timeoutMs = 20_000,
): Promise<{
  bus: EventBus;
  backend: SimulatedBackend;
  service: DispatcherService;
  t: ReturnType<typeof prefixedTopics>;
}> {
  const backend = await createSimulatedBackend({
    rows,
    llms: ['a', 'b'],
    latency: { kind: 'fixed', medianMs: 0 },
    seed: 1,
    ...backendOptions,
  });
  const llms: LlmEntry[] = ['a', 'b'].map((id) => ({
    id,
    endpoint: backend.url,
    model: id,
    capacity,
    price: { kind: 'per-token', per1kPrompt: 1, per1kCompletion: 2 },
  }));
  const bus = createMemoryBus();
  const config = defaultDispatcherConfig({
    CQB_TOPIC_PREFIX: 'unit.',
    CQB_LLM_TIMEOUT_MS: timeoutMs,
    CQB_DISPATCH_BACKOFF_MS: 1,
    CQB_DISPATCHER_ID: 'd1',
  });
  const service = createDispatcherService({
    bus,
    config,
    logger: createLogger({ service: 'dispatcher', level: 'silent' }),
    registry: { list: () => Promise.resolve(llms) },
    metrics,
  });
  cleanups.push(
    () => backend.close(),
    () => bus.close(),
    () => service.stop(),
  );
  await service.start();
  return { bus, backend, service, t: prefixedTopics('unit.') };
}

describe('dispatcher service', () => {
  it('answers an assignment with the recorded response, tokens and cost', async () => {
    const { bus, t } = await setup();
    const answers = await collect(bus, t.answers, 'test');
    await bus.publish(t.assignments, [
      { key: 'b', id: 'q1', value: makeAssignment('q1', 'b', 'alpha') },
    ]);
    const [event] = await pollUntil(() => answers.length === 1 && answers);
    const answer = event!.value;
    expect([event!.id, event!.key]).toEqual(['q1', 't/u-q1']);
    expect([answer.status, answer.text, answer.dispatchAttempts]).toEqual([
      'ANSWER_STATUS_OK',
      'B1',
      1,
    ]);
    // 'alpha' → 2 prompt tokens at $1/1k, 'B1' → 1 completion token at $2/1k.
    expect([answer.promptTokens, answer.completionTokens]).toEqual([2, 1]);
    expect(answer.costUsd).toBeCloseTo(0.004, 12);
    const counted = await metrics.getSingleMetricAsString('cqb_answers_total');
    expect(counted).toMatch(/cqb_answers_total\{[^}]*llm="b"[^}]*status="ok"[^}]*\} [1-9]/);
  });

  it('retries 500s within the bounded budget and then succeeds', async () => {
    const { bus, backend, t } = await setup({ failFirst: 2 });
    const answers = await collect(bus, t.answers, 'test');
    await bus.publish(t.assignments, [
      { key: 'a', id: 'q2', value: makeAssignment('q2', 'a', 'beta') },
    ]);
    const [event] = await pollUntil(() => answers.length === 1 && answers);
    expect([event!.value.status, event!.value.text, event!.value.dispatchAttempts]).toEqual([
      'ANSWER_STATUS_OK',
      'A2',
      3,
    ]);
    expect(backend.stats().failures).toBe(2);
  });

  it('fails a hanging call with a timeout error and frees the slot', async () => {
    const { bus, service, t } = await setup({ hangRate: 1 }, 4, 300);
    const answers = await collect(bus, t.answers, 'test');
    await bus.publish(t.assignments, [
      { key: 'a', id: 'q1', value: makeAssignment('q1', 'a', 'alpha') },
    ]);
    const [event] = await pollUntil(() => answers.length === 1 && answers);
    expect(event!.value.status).toBe('ANSWER_STATUS_FAILED');
    expect(event!.value.error).toBe('a: backend timed out after 300 ms');
    expect(event!.value.dispatchAttempts).toBe(1);
    expect(service.slots().find((s) => s.llm === 'a')?.inFlight).toBe(0);
  });

  it('never holds more than the capacity of an LLM at once', async () => {
    const { bus, backend, t } = await setup({ latency: { kind: 'fixed', medianMs: 50 } }, 2);
    const answers = await collect(bus, t.answers, 'test');
    const reports = await collect(bus, t.capacity, 'test');
    const events = Array.from({ length: 8 }, (_, i) => ({
      key: 'a',
      id: `c${i}`,
      value: makeAssignment(`c${i}`, 'a', 'alpha'),
    }));
    await bus.publish(t.assignments, events);
    await pollUntil(() => answers.length === 8);
    expect(backend.stats().maxInFlight.a).toBeLessThanOrEqual(2);
    const aReports = reports.filter((r) => r.value.llm === 'a').map((r) => r.value.inFlight);
    expect(Math.max(...aReports)).toBe(2);
    expect(answers.every((a) => a.value.status === 'ANSWER_STATUS_OK')).toBe(true);
  });

  it('reports capacity of every LLM at start', async () => {
    const { bus, t } = await setup();
    const reports = await collect(bus, t.capacity, 'test');
    const first = await pollUntil(() => reports.length >= 2 && reports.slice(0, 2));
    expect(
      first.map((r) => [r.value.llm, r.value.capacity, r.value.inFlight, r.value.dispatcherId]),
    ).toEqual([
      ['a', 4, 0, 'd1'],
      ['b', 4, 0, 'd1'],
    ]);
    expect(first.map((r) => r.id)).toEqual(['d1:1', 'd1:2']);
  });

  it('does not call the backend twice for a redelivered assignment', async () => {
    const { bus, backend, t } = await setup();
    const answers = await collect(bus, t.answers, 'test');
    const event = { key: 'a', id: 'q1', value: makeAssignment('q1', 'a', 'alpha') };
    await bus.publish(t.assignments, [event]);
    await pollUntil(() => answers.length === 1);
    await bus.publish(t.assignments, [
      event,
      { ...event, id: 'q9', value: makeAssignment('q9', 'a', 'beta') },
    ]);
    await pollUntil(() => answers.length === 2);
    expect(answers.map((a) => a.id)).toEqual(['q1', 'q9']);
    expect(backend.stats().requests).toBe(2);
  });

  it('fails an assignment to an unregistered LLM without calling any backend', async () => {
    const { bus, backend, t } = await setup();
    const answers = await collect(bus, t.answers, 'test');
    await bus.publish(t.assignments, [
      { key: 'z', id: 'q1', value: makeAssignment('q1', 'z', 'alpha') },
    ]);
    const [event] = await pollUntil(() => answers.length === 1 && answers);
    expect([event!.value.status, event!.value.error]).toEqual([
      'ANSWER_STATUS_FAILED',
      'unknown LLM z',
    ]);
    expect(backend.stats().requests).toBe(0);
  });
});

describe('dispatcher service lifecycle and deadlines', () => {
  it('answers as failed when the registry cannot be re-read for an unknown LLM', async () => {
    const bus = createMemoryBus();
    let reads = 0;
    const service = createDispatcherService({
      bus,
      config: defaultDispatcherConfig({ CQB_TOPIC_PREFIX: 'down.' }),
      logger: createLogger({ service: 'dispatcher', level: 'silent' }),
      registry: {
        list: () => (reads++ === 0 ? Promise.resolve([]) : Promise.reject(new Error('db down'))),
      },
    });
    cleanups.push(
      () => bus.close(),
      () => service.stop(),
    );
    await service.start();
    const t = prefixedTopics('down.');
    const answers = await collect(bus, t.answers, 'test');
    const value = makeAssignment('q1', 'z', 'alpha');
    await bus.publish(t.assignments, [{ key: 'z', id: 'q1', value }]);
    const [event] = await pollUntil(() => answers.length === 1 && answers);
    expect([event!.value.status, event!.value.error]).toEqual([
      'ANSWER_STATUS_FAILED',
      'unknown LLM z',
    ]);
    expect(reads).toBe(2);
  });

  it('drains an in-flight call on stop: its answer is published before stop resolves', async () => {
    const { bus, service, backend, t } = await setup({
      latency: { kind: 'fixed', medianMs: 1000 },
    });
    const answers = await collect(bus, t.answers, 'test');
    await bus.publish(t.assignments, [
      { key: 'a', id: 'q1', value: makeAssignment('q1', 'a', 'alpha') },
    ]);
    // requests only grows, so this cannot miss the moment the call started
    await pollUntil(() => backend.stats().requests === 1);
    await service.stop();
    expect(answers.map((a) => [a.id, a.value.status])).toEqual([['q1', 'ANSWER_STATUS_OK']]);
  });

  it('fails without calling the backend when the client deadline has passed', async () => {
    const { bus, backend, t } = await setup();
    const answers = await collect(bus, t.answers, 'test');
    const late = makeAssignment('q1', 'a', 'alpha');
    late.query.query.deadlineAtMs = Date.now() - 1;
    await bus.publish(t.assignments, [{ key: 'a', id: 'q1', value: late }]);
    const [event] = await pollUntil(() => answers.length === 1 && answers);
    expect(event!.value.error).toBe('deadline passed before dispatch');
    expect(backend.stats().requests).toBe(0);
  });
});
