import { describe, expect, it } from 'vitest';
import type { ReplayLog, ReplayReport } from './index.js';
import { buildPolicyReport, renderReportHtml, summaryRows, verdictText } from './index.js';

const log: ReplayLog = {
  durationMs: 1000,
  offered: ['x', 'y'],
  users: { total: 2, satisfied: 1, abandoned: 1, unfinished: 0 },
  samples: [
    { atMs: 100, queueLength: 3, covarianceTrace: 30 },
    { atMs: 900, queueLength: 1, covarianceTrace: 20 },
  ],
  submissions: [
    {
      user: 0,
      attempt: 1,
      promptId: 'p',
      task: 'mbpp',
      sentAtMs: 0,
      doneAtMs: 200,
      outcome: 'satisfied',
      llm: 'x',
      queryId: 'q1',
      costUsd: 0.002,
      latencyMs: 200,
      serverLatencyMs: 190,
      probability: 1,
      regret: 0,
    },
    {
      user: 1,
      attempt: 1,
      promptId: 'r',
      task: 'arc<&>',
      sentAtMs: 300,
      doneAtMs: 600,
      outcome: 'abandoned',
      llm: 'y',
      queryId: 'q2',
      costUsd: 0.001,
      latencyMs: 300,
      serverLatencyMs: 280,
      probability: 0,
      regret: 1,
    },
  ],
};

describe('renderReportHtml', () => {
  const report: ReplayReport = {
    dataset: 'routerbench',
    horizon: 2,
    ratePerSec: 1,
    seed: 1,
    userModel: 'logged',
    thinkTimeMs: 200,
    maxAttempts: 1,
    explicitRetry: false,
    createdAt: '2026-01-01T00:00:00Z',
    policies: { acqb: buildPolicyReport('acqb', log, { embed: [1, 2, 3] }, 10) },
  };
  const html = renderReportHtml(report);

  it('is self-contained and escapes data', () => {
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html).toContain('arc&lt;&amp;&gt;');
    expect(html).not.toContain('arc<&>');
  });

  it('draws every view of the report', () => {
    for (const title of [
      'Waiting queue length',
      'Satisfaction per window',
      'Retry rate per window',
      'Cumulative per-query regret',
      'routing share per LLM',
      'USD per satisfied user',
      'Latency per stage',
      'Mean trace of posterior covariance',
      'Regret per first attempt, by fifth',
    ]) {
      expect(html).toContain(title);
    }
    expect(html.match(/<svg /g)?.length).toBe(8);
  });

  it('puts the figures in the summary rows', () => {
    const rows = summaryRows(report);
    expect(rows[1]).toEqual(['satisfied users', '50.0%']);
    // Two first attempts in answer order: the first (regret 0) opens the run, the second (1) ends it.
    expect(rows[5]).toEqual(['  first attempts: 1st → 5th fifth', '0 → 1']);
    expect(rows[6]).toEqual(['cost per satisfied', '$0.00300']);
    expect(report.policies.acqb!.finalQueueLength).toBe(1);
    expect(report.policies.acqb!.series.cumulativeRegret.at(-1)).toBe(1);
  });

  it('names the leader of each figure with its standard error', () => {
    const worse: ReplayLog = {
      ...log,
      users: { ...log.users, satisfied: 0 },
      submissions: log.submissions.map((x) => ({ ...x, regret: 1, costUsd: 0.01 })),
    };
    const two: ReplayReport = {
      ...report,
      policies: { ...report.policies, other: buildPolicyReport('other', worse, {}, 10) },
    };
    const text = verdictText(two);
    expect(text).toContain('Most satisfied users: acqb (50.0%)');
    expect(text).toContain('lowest regret per answer: acqb (0.5)');
    expect(text).toContain('cheapest per satisfied user: acqb ($0.00300)');
    // Satisfaction 0.5 over 2 users: sqrt(0.25 / 2) = 35.4 points.
    expect(text).toContain('about 35.4 points');
    expect(verdictText(report)).toBe('');
  });
});
