import type { Assignment, QueryEmbedded } from '@cqb/contracts';
import { createPolicy, createRng } from '@cqb/policy';
import { createLogger } from '@cqb/runtime';
import { describe, expect, it } from 'vitest';
import { createCapacityTracker } from './capacity-tracker.js';
import { createSchedulerCore } from './scheduler-core.js';
import type { SchedulerCoreDeps } from './scheduler-core.js';

const logger = createLogger({ service: 'test', level: 'silent' });

function embedded(queryId: string, deadlineAtMs = 0, context = [0.6, 0.8]): QueryEmbedded {
  return { query: { queryId, deadlineAtMs }, context } as unknown as QueryEmbedded;
}

function setup(patch: Partial<SchedulerCoreDeps> = {}) {
  const published: Assignment[] = [];
  const logged: Assignment[] = [];
  const dropped: string[] = [];
  let clock = 1_000;
  const llms = [
    { id: 'a', capacity: 1 },
    { id: 'b', capacity: 1 },
  ];
  const capacity = createCapacityTracker(llms);
  const core = createSchedulerCore({
    policy: createPolicy('acqb', { k: 2, d: 2 }),
    policyName: 'acqb',
    llms: llms.map((l) => l.id),
    capacity,
    rng: createRng(7),
    now: () => clock,
    logger,
    schedulerId: 's1',
    dim: 2,
    initialRound: 10,
    publish: (a) => {
      published.push(...a);
      return Promise.resolve();
    },
    record: (a) => {
      logged.push(...a);
      return Promise.resolve();
    },
    decided: () => Promise.resolve(new Set<string>()),
    onDropped: (q, reason) => dropped.push(`${'id' in q ? q.id : q.query.queryId}:${reason}`),
    ...patch,
  });
  const tick = (ms: number) => (clock += ms);
  return { core, capacity, published, logged, dropped, tick };
}

const report = (llm: string, seq: number, inFlight: number) => ({
  llm,
  capacity: 1,
  inFlight,
  dispatcherId: 'd',
  seq,
  reportedAtMs: 5_000,
});

describe('createSchedulerCore', () => {
  it('assigns one query per free slot and releases the batch once all are assigned', async () => {
    const { core, published, logged } = setup();
    let released = false;
    const done = core.enqueue([embedded('q1'), embedded('q2'), embedded('q3')]).then(() => {
      released = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(published.map((a) => a.llm).sort()).toEqual(['a', 'b']);
    expect(released).toBe(false);
    expect(core.stats()).toMatchObject({ queueLength: 1, rounds: 12, freeSlots: { a: 0, b: 0 } });
    const first = published.find((a) => a.llm === 'a')!;
    // The dispatcher reports its slot free; the answer to the assignment frees it here too.
    await core.applyCapacity(report('a', 1, 0));
    expect(core.stats()).toMatchObject({ queueLength: 1, freeSlots: { a: 0 } });
    await core.applyAnswer('a', first.query.query.queryId);
    await done;
    expect(released).toBe(true);
    expect(published.map((a) => a.round)).toEqual([11, 12, 13]);
    expect(new Set(published.map((a) => a.query.query.queryId))).toEqual(
      new Set(['q1', 'q2', 'q3']),
    );
    expect(published[2]).toMatchObject({
      llm: 'a',
      policy: 'acqb',
      schedulerId: 's1',
      queueLength: 1,
    });
    expect(logged).toEqual(published);
  });

  it('skips queries that were already decided and drops contexts of the wrong size', async () => {
    const { core, published, dropped } = setup({
      decided: (ids) => Promise.resolve(new Set(ids.filter((id) => id === 'old'))),
    });
    await core.enqueue([embedded('old'), embedded('bad', 0, [1, 0, 0])]);
    expect(published).toEqual([]);
    expect(dropped).toEqual(['bad:bad-context']);
  });

  it('drops a waiting query once its deadline passes', async () => {
    const { core, published, dropped, capacity, tick } = setup();
    capacity.take('a', 0);
    capacity.take('b', 0);
    const done = core.enqueue([embedded('late', 1_500)]);
    tick(600);
    await core.pump();
    await done;
    expect(dropped).toEqual(['late:expired']);
    expect(published).toEqual([]);
    expect(core.stats().queueLength).toBe(0);
  });

  it('requeues and frees the slot when publishing fails', async () => {
    let fail = true;
    const sent: Assignment[] = [];
    const { core } = setup({
      publish: (a) => {
        if (fail) return Promise.reject(new Error('broker down'));
        sent.push(...a);
        return Promise.resolve();
      },
    });
    const done = core.enqueue([embedded('q1')]);
    await new Promise((r) => setImmediate(r));
    expect(core.stats()).toMatchObject({ queueLength: 1, freeSlots: { a: 1, b: 1 } });
    fail = false;
    await core.pump();
    await done;
    expect(sent.map((a) => a.query.query.queryId)).toEqual(['q1']);
  });

  it('keeps a slot taken while its assignment is unanswered, whatever later reports say', async () => {
    const { core, published } = setup();
    const done = core.enqueue(['q1', 'q2', 'q3', 'q4', 'q5'].map((id) => embedded(id)));
    await new Promise((r) => setImmediate(r));
    expect(published).toHaveLength(2);
    // Reports made after the decisions that do not (yet) show the assignments, as when they
    // still wait on the bus behind a slower batch: no further assignment may go out.
    await core.applyCapacity(report('a', 1, 0));
    await core.applyCapacity(report('b', 2, 0));
    await core.pump();
    expect(published).toHaveLength(2);
    expect(core.stats().queueLength).toBe(3);
    // Each finished call: its answer, then the dispatcher's report of the freed slot.
    for (let i = 0; i < 3; i++) {
      const a = published[i]!;
      await core.applyAnswer(a.llm, a.query.query.queryId);
      await core.applyCapacity(report(a.llm, 10 + i, 0));
    }
    await done;
    expect(published).toHaveLength(5);
    expect(core.stats().queueLength).toBe(0);
  });
});
