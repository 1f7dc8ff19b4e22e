import { describe, expect, it } from 'vitest';
import type { ReplayPrompt, ReplaySubmit, ReplayTarget, SubmitResult } from './index.js';
import { arrivalSchedule, buildPolicyReport, loggedModel, runReplay } from './index.js';

const prompts: ReplayPrompt[] = [
  { id: 'a', text: 'add two numbers', task: 'math', outcomes: { good: 1, bad: 0 }, costs: {} },
  { id: 'b', text: 'name a colour', task: 'chat', outcomes: { good: 1, bad: 1 }, costs: {} },
  { id: 'c', text: 'prove it', task: 'math', outcomes: { good: 0, bad: 0 }, costs: {} },
];

/** A front door that always routes to one LLM and charges a fixed price. */
function fixedTarget(llm: string, calls: ReplaySubmit[]): ReplayTarget {
  let n = 0;
  return {
    submit: (request): Promise<SubmitResult> => {
      calls.push(request);
      n += 1;
      return Promise.resolve({ ok: true, queryId: `q${n}`, llm, serverLatencyMs: 1, costUsd: 0.5 });
    },
    queueLength: () => Promise.resolve(0),
  };
}

const base = {
  prompts,
  offered: ['good', 'bad'],
  horizon: 30,
  ratePerSec: 2000,
  seed: 7,
  model: loggedModel,
  thinkTimeMs: 1,
  maxAttempts: 3,
  explicitRetry: false,
  tenant: 't',
  sampleIntervalMs: 5,
};

describe('arrivalSchedule', () => {
  it('is a pure function of the seed with increasing times', () => {
    const a = arrivalSchedule(50, 10, 3, 1);
    expect(arrivalSchedule(50, 10, 3, 1)).toEqual(a);
    expect(arrivalSchedule(50, 10, 3, 2)).not.toEqual(a);
    for (let i = 1; i < a.length; i += 1) expect(a[i]!.atMs).toBeGreaterThan(a[i - 1]!.atMs);
    // Mean gap of a rate-10/s Poisson process is 100 ms; 50 draws stay well within 50..200.
    expect(a[49]!.atMs / 50).toBeGreaterThan(50);
    expect(a[49]!.atMs / 50).toBeLessThan(200);
  });
});

describe('runReplay', () => {
  it('accounts for every call and retries exactly the unsatisfied answers', async () => {
    const calls: ReplaySubmit[] = [];
    const log = await runReplay(fixedTarget('bad', calls), base);
    const report = buildPolicyReport('fixed-bad', log);
    const c = report.counts;
    expect(c.submitted).toBe(calls.length);
    expect(c.answered).toBe(c.satisfied + c.retried + c.abandoned);
    // 'bad' only satisfies prompt b, so every other user re-asks until abandoning after 3 tries.
    const bUsers = log.submissions.filter((s) => s.promptId === 'b' && s.attempt === 1).length;
    expect(c.satisfied).toBe(bUsers);
    expect(c.abandoned).toBe(30 - bUsers);
    expect(c.retried).toBe(2 * (30 - bUsers));
    expect(calls.every((r) => r.retryOf === '')).toBe(true);
    // Regret: 1 on prompt a (good solves it), 0 on b and c.
    const aAnswers = log.submissions.filter((s) => s.promptId === 'a').length;
    expect(report.totalRegret).toBe(aAnswers);
    expect(Object.values(report.shareByLlm)).toEqual([1]);
    expect(report.costPerSatisfiedUsd).toBeCloseTo((0.5 * calls.length) / bUsers, 12);
  });

  it('names the earlier query with explicit retries and has zero regret with one LLM', async () => {
    const calls: ReplaySubmit[] = [];
    const log = await runReplay(fixedTarget('bad', calls), {
      ...base,
      offered: ['bad'],
      explicitRetry: true,
    });
    const report = buildPolicyReport('single', log);
    expect(report.totalRegret).toBe(0);
    const retries = calls.filter((r) => r.retryOf !== '');
    expect(retries.length).toBe(report.counts.retried);
    expect(retries.every((r) => /^q\d+$/.test(r.retryOf))).toBe(true);
  });

  it('counts front-door errors as failed calls and abandons after the last attempt', async () => {
    const target: ReplayTarget = {
      submit: () => Promise.resolve({ ok: false, code: 'UNAVAILABLE', message: 'down' }),
    };
    const log = await runReplay(target, { ...base, horizon: 5 });
    const report = buildPolicyReport('down', log);
    expect(report.counts.failed).toBe(15);
    expect(report.counts.answered).toBe(0);
    expect(log.users.abandoned).toBe(5);
    expect(report.satisfactionRate).toBe(0);
  });
});
