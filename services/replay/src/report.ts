import type { ReplayLog, SubmissionRecord } from './driver.js';
import type { Percentiles } from './stats.js';
import { percentiles, shares } from './stats.js';

/** Latency samples per pipeline stage in ms, as observed on the answers stream (optional). */
export type StageSamples = Record<string, number[]>;

/** Figures of one policy's live run. Rates are fractions in [0, 1], money in USD, time in ms. */
export interface PolicyReport {
  policy: string;
  durationMs: number;
  counts: {
    users: number;
    submitted: number;
    answered: number;
    failed: number;
    satisfied: number;
    retried: number;
    abandoned: number;
    unfinishedUsers: number;
  };
  /** Satisfied users over all users. */
  satisfactionRate: number;
  /** Share of answers the user was not satisfied with (retried or abandoned after). */
  retryRate: number;
  /** Sum over answers of (best offered LLM's probability − chosen LLM's) on that prompt. */
  totalRegret: number;
  meanRegretPerAnswer: number;
  costUsd: number;
  costPerSatisfiedUsd: number;
  meanQueueLength: number;
  finalQueueLength: number;
  /** Cumulative regret at each checkpoint (same kind of figure as the simulator's). */
  routingRegret: number[];
  /**
   * Mean regret of users' first attempts in each fifth of them (in answer order): a learning
   * policy's figure falls from the first fifth to the last, a fixed one's stays level up to the
   * prompt mix. First attempts only, because retries are of prompts the chosen LLM failed and
   * crowd the end of a run (its drain is all retries), which would bias every policy upward.
   */
  regretByFifth: number[];
  checkpointsMs: number[];
  latencyMs: Record<string, Percentiles>;
  shareByLlm: Record<string, number>;
  shareByTask: Record<string, Record<string, number>>;
  series: {
    atMs: number[];
    queueLength: (number | null)[];
    satisfaction: (number | null)[];
    /** Share of the calls sent in each window that were a user's repeated attempt. */
    retryRate: (number | null)[];
    cumulativeRegret: number[];
    covarianceTrace: (number | null)[];
  };
}

/** A whole replay report: run settings and one entry per policy, in run order. */
export interface ReplayReport {
  dataset: string;
  horizon: number;
  ratePerSec: number;
  seed: number;
  userModel: string;
  thinkTimeMs: number;
  maxAttempts: number;
  explicitRetry: boolean;
  createdAt: string;
  /** LLMs offered to the router (the regret reference), when known. */
  llms?: string[];
  /** Concurrent calls per simulated LLM, when the replay started the system. */
  llmCapacity?: number;
  policies: Record<string, PolicyReport>;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);

/** Builds one policy's figures from a replay log; `buckets` time windows for the series. */
export function buildPolicyReport(
  policy: string,
  log: ReplayLog,
  stages: StageSamples = {},
  buckets = 40,
): PolicyReport {
  const subs = log.submissions;
  const answered = subs.filter((s) => s.outcome !== 'failed');
  const count = (o: SubmissionRecord['outcome']): number =>
    subs.filter((s) => s.outcome === o).length;
  const queue = log.samples.flatMap((s) => (s.queueLength === undefined ? [] : [s.queueLength]));
  const series = buildSeries(log, buckets);
  const costUsd = sum(answered.map((s) => s.costUsd));
  return {
    policy,
    durationMs: log.durationMs,
    counts: {
      users: log.users.total,
      submitted: subs.length,
      answered: answered.length,
      failed: count('failed'),
      satisfied: count('satisfied'),
      retried: count('retried'),
      abandoned: count('abandoned'),
      unfinishedUsers: log.users.unfinished,
    },
    satisfactionRate: ratio(log.users.satisfied, log.users.total),
    retryRate: ratio(answered.length - count('satisfied'), answered.length),
    totalRegret: sum(answered.map((s) => s.regret)),
    meanRegretPerAnswer: ratio(sum(answered.map((s) => s.regret)), answered.length),
    costUsd,
    costPerSatisfiedUsd: ratio(costUsd, count('satisfied')),
    meanQueueLength: ratio(sum(queue), queue.length),
    finalQueueLength: queue[queue.length - 1] ?? 0,
    routingRegret: series.cumulativeRegret,
    regretByFifth: regretByBlock(
      answered.filter((s) => s.attempt === 1),
      5,
    ),
    checkpointsMs: series.atMs,
    latencyMs: {
      client: percentiles(answered.map((s) => s.latencyMs)),
      server: percentiles(answered.map((s) => s.serverLatencyMs)),
      ...Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, percentiles(v)])),
    },
    shareByLlm: shares(answered.map((s) => s.llm ?? '')),
    shareByTask: shareByTask(answered),
    series,
  };
}

function regretByBlock(answered: readonly SubmissionRecord[], blocks: number): number[] {
  const ordered = [...answered].sort((a, b) => a.doneAtMs - b.doneAtMs);
  return Array.from({ length: blocks }, (_, b) => {
    const part = ordered.slice(
      Math.floor((b * ordered.length) / blocks),
      Math.floor(((b + 1) * ordered.length) / blocks),
    );
    return ratio(sum(part.map((s) => s.regret)), part.length);
  });
}

function shareByTask(
  answered: readonly SubmissionRecord[],
): Record<string, Record<string, number>> {
  const tasks = [...new Set(answered.map((s) => s.task))].sort();
  return Object.fromEntries(
    tasks.map((t) => [t, shares(answered.filter((s) => s.task === t).map((s) => s.llm ?? ''))]),
  );
}

function buildSeries(log: ReplayLog, buckets: number): PolicyReport['series'] {
  const width = Math.max(1, log.durationMs / buckets);
  const series: PolicyReport['series'] = {
    atMs: [],
    queueLength: [],
    satisfaction: [],
    retryRate: [],
    cumulativeRegret: [],
    covarianceTrace: [],
  };
  const answered = log.submissions.filter((s) => s.outcome !== 'failed');
  for (let b = 0; b < buckets; b += 1) {
    const lo = b * width;
    const hi = (b + 1) * width;
    const inBucket = answered.filter((s) => s.doneAtMs >= lo && s.doneAtMs < hi);
    const last = lastSampleBefore(log, hi);
    series.atMs.push(Math.round(hi));
    series.queueLength.push(last?.queueLength ?? null);
    series.covarianceTrace.push(last?.covarianceTrace ?? null);
    const sat = inBucket.filter((s) => s.outcome === 'satisfied').length;
    series.satisfaction.push(inBucket.length ? sat / inBucket.length : null);
    const sent = log.submissions.filter((s) => s.sentAtMs >= lo && s.sentAtMs < hi);
    const resent = sent.filter((s) => s.attempt > 1).length;
    series.retryRate.push(sent.length ? resent / sent.length : null);
    const upTo = b === buckets - 1 ? answered : answered.filter((s) => s.doneAtMs < hi);
    series.cumulativeRegret.push(sum(upTo.map((s) => s.regret)));
  }
  return series;
}

function lastSampleBefore(log: ReplayLog, atMs: number): ReplayLog['samples'][number] | undefined {
  let found: ReplayLog['samples'][number] | undefined;
  for (const s of log.samples) if (s.atMs < atMs) found = s;
  return found;
}
