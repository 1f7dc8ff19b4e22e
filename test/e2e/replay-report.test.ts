import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ComparisonOptions, PolicyReport } from '@cqb/cli';
import { runComparison } from '@cqb/cli';

const sumOf = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

function expectAccounted(p: PolicyReport): void {
  const c = p.counts;
  // Every call ended as an answer or a front-door failure; every answer was kept, retried, or
  // was the last attempt of a user who gave up.
  expect(c.answered + c.failed).toBe(c.submitted);
  expect(c.satisfied + c.retried + c.abandoned).toBe(c.answered);
  expect(c.unfinishedUsers).toBe(0);
  expect(c.failed).toBe(0);
  expect(c.submitted).toBeGreaterThanOrEqual(c.users);
}

describe('cqb replay through the all-in-one system', () => {
  const dirs: string[] = [];
  const base: ComparisonOptions = {
    dataset: 'routerbench',
    policies: ['acqb'],
    horizon: 40,
    ratePerSec: 20,
    seed: 11,
    userModel: 'logged',
    thinkTimeMs: 100,
    maxAttempts: 3,
    explicitRetry: false,
    retryWindowMs: 1000,
    progress: false,
    env: process.env,
  };

  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('accounts for every query, keeps regret non-negative and shares summing to one', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'cqb-replay-'));
    dirs.push(outDir);
    const report = await runComparison({ ...base, outDir });
    const p = report.policies.acqb as PolicyReport;
    expectAccounted(p);
    expect(p.counts.users).toBe(40);
    expect(p.totalRegret).toBeGreaterThanOrEqual(0);
    const curve = p.series.cumulativeRegret;
    for (let i = 1; i < curve.length; i += 1) expect(curve[i]).toBeGreaterThanOrEqual(curve[i - 1]!);
    expect(sumOf(p.shareByLlm)).toBeCloseTo(1, 12);
    for (const shares of Object.values(p.shareByTask)) expect(sumOf(shares)).toBeCloseTo(1, 12);
    expect(p.latencyMs.queueWait?.count).toBeGreaterThan(0);
    const written = JSON.parse(await readFile(join(outDir, 'report.json'), 'utf8')) as unknown;
    expect(written).toEqual(JSON.parse(JSON.stringify(report)));
    const html = await readFile(join(outDir, 'report.html'), 'utf8');
    expect(html).toContain('Cumulative per-query regret');
    expect(html).not.toMatch(/<script/);
  });

  it('has zero regret and a single share when only one LLM is offered', async () => {
    const report = await runComparison({ ...base, horizon: 20, llms: ['claude-v2'] });
    const p = report.policies.acqb as PolicyReport;
    expectAccounted(p);
    expect(p.totalRegret).toBe(0);
    expect(p.shareByLlm).toEqual({ 'claude-v2': 1 });
  });
});
