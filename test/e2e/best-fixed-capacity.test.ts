import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Assignment } from '@cqb/contracts';
import { topics } from '@cqb/contracts';
import type { AllInOneSystem } from '@cqb/cli';
import { startAllInOne } from '@cqb/cli';
import { createLogger, pollUntil } from '@cqb/runtime';
import { loadReplayInput } from '../../services/cli/src/replay/load-prompts.js';
import { createTestRouterClient } from './support/router-client.js';

/**
 * Regression test of the live best-fixed failure: the scheduler counted a slot free as soon as a
 * capacity report no longer showed its assignment, although the dispatcher had not yet consumed
 * it (it waited on the bus behind a slower batch). A policy that always prefers the same LLMs
 * then kept assigning to them, the queue moved onto the bus, latencies grew past client
 * deadlines and most calls failed at the front door. Here a burst of queries meets two LLMs with
 * one slot each: every query must be answered, and no LLM may ever hold more assignments
 * (decided, not yet answered) than its capacity.
 */
describe('best-fixed through the all-in-one system', () => {
  const llms = ['gpt-3.5-turbo-1106', 'claude-v2'];
  const assignments: Assignment[] = [];
  const answers: Answer[] = [];
  let system: AllInOneSystem;

  beforeAll(async () => {
    system = await startAllInOne({
      policy: 'best-fixed',
      llms,
      llmCapacity: 1,
      grpcAddress: '127.0.0.1:0',
      env: process.env,
      logger: createLogger({ service: 'e2e', level: 'silent' }),
    });
    await system.bus.subscribe(topics.assignments, {
      groupId: 'e2e-observer',
      handler: (e) => Promise.resolve(void assignments.push(e.value)),
    });
    await system.bus.subscribe(topics.answers, {
      groupId: 'e2e-observer',
      handler: (e) => Promise.resolve(void answers.push(e.value)),
    });
  }, 240_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('answers every query of a burst and never assigns an LLM beyond its capacity', async () => {
    const { prompts } = await loadReplayInput('routerbench', 'logged');
    const client = createTestRouterClient(system.address);
    const burst = prompts.slice(0, 16);
    const results = await Promise.all(
      burst.map((p, i) => client.submit({ tenant: 'e2e', user: `u${i}`, text: p.text })),
    ).finally(() => client.close());
    expect(results.filter((r) => !r.ok)).toEqual([]);
    await pollUntil(() => answers.length === 16, { what: 'observer saw every answer' });
    // The best LLM (by train accuracy) comes first in best-fixed's order and takes the first query.
    expect(system.llms).toEqual(llms);
    expect(assignments).toHaveLength(16);
    expect(assignments.map((a) => a.llm)).toContain('claude-v2');
    const answeredAt = new Map(answers.map((a) => [a.assignment.query.query.queryId, a]));
    for (const llm of llms) {
      // Each assignment holds its LLM's slot from its decision until its answer; the scheduler
      // may decide the next only once it has seen that answer, so the intervals never overlap.
      const spans = assignments
        .filter((a) => a.llm === llm)
        .map((a) => {
          const answer = answeredAt.get(a.query.query.queryId);
          expect(answer?.status).toBe('ANSWER_STATUS_OK');
          return [Number(a.decidedAtMs), Number(answer?.answeredAtMs ?? 0)] as const;
        })
        .sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < spans.length; i += 1) {
        expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
      }
    }
  }, 240_000);
});
