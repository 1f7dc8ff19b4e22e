import type { ReplayPrompt, SatisfactionModel } from './prompts.js';
import { promptRegret } from './prompts.js';
import { exponentialAt, uniformAt } from './random.js';

/** What one Router.Submit call returned, as the replay needs it. */
export type SubmitResult =
  | { ok: true; queryId: string; llm: string; serverLatencyMs: number; costUsd: number }
  | { ok: false; code: string; message: string };

/** One query as a simulated user sends it. */
export interface ReplaySubmit {
  tenant: string;
  user: string;
  text: string;
  /** Query id of the earlier attempt, set only with explicit retries. */
  retryOf: string;
}

/** The running system as seen from its front door (and, when available, its Admin service). */
export interface ReplayTarget {
  submit(request: ReplaySubmit): Promise<SubmitResult>;
  /** Length of the scheduler's waiting queue, when the Admin service is reachable. */
  queueLength?(): Promise<number | undefined>;
  /** Mean trace of the posterior covariance over LLMs: the posterior's remaining uncertainty. */
  covarianceTrace?(): Promise<number | undefined>;
}

/** How a submission ended for its user. */
export type SubmissionOutcome = 'satisfied' | 'retried' | 'abandoned' | 'failed';

/** One call to Submit and what the simulated user made of it. */
export interface SubmissionRecord {
  user: number;
  attempt: number;
  promptId: string;
  task: string;
  sentAtMs: number;
  doneAtMs: number;
  outcome: SubmissionOutcome;
  llm?: string;
  queryId?: string;
  errorCode?: string;
  costUsd: number;
  /** Client-side latency, send to answer, in ms. */
  latencyMs: number;
  /** Latency reported by ingest (receipt to answer), in ms. */
  serverLatencyMs: number;
  /** Satisfaction probability of the chosen LLM on this prompt under the user model. */
  probability: number;
  /** Best offered LLM's probability minus the chosen one's (0 for failed calls). */
  regret: number;
}

/** A periodic observation of the system while the replay runs. */
export interface SampleRecord {
  atMs: number;
  queueLength?: number;
  covarianceTrace?: number;
}

/** Progress shown while a replay runs. */
export interface ReplayProgress {
  elapsedMs: number;
  /** Estimated time until the last arrival, then 0 while draining. */
  remainingMs: number;
  arrived: number;
  horizon: number;
  finishedUsers: number;
  answered: number;
  satisfied: number;
  queueLength?: number;
}

/** Everything a replay observed; the report is built from it. */
export interface ReplayLog {
  durationMs: number;
  offered: string[];
  submissions: SubmissionRecord[];
  samples: SampleRecord[];
  users: { total: number; satisfied: number; abandoned: number; unfinished: number };
}

/** Options of {@link runReplay}. */
export interface ReplayOptions {
  prompts: readonly ReplayPrompt[];
  /** LLM ids the system may route to (regret is measured against the best of these). */
  offered: readonly string[];
  /** Number of user arrivals (each a new user with one prompt). */
  horizon: number;
  /** Mean arrivals per second (Poisson process). */
  ratePerSec: number;
  seed: number;
  /** Satisfaction probability of an answer: recorded outcome (`logged`) or fitted (`fitted`). */
  model: SatisfactionModel;
  /** Delay before an unsatisfied user asks again, in ms. */
  thinkTimeMs: number;
  /** Attempts after which an unsatisfied user gives up. */
  maxAttempts: number;
  /** Name the earlier query in retry_of (a "regenerate" click) instead of re-asking implicitly. */
  explicitRetry: boolean;
  tenant: string;
  /** Interval between queue and posterior samples and progress callbacks, in ms. Default 500. */
  sampleIntervalMs?: number;
  /** Longest wait for unfinished users after the last arrival, in ms. Default 120000. */
  drainTimeoutMs?: number;
  onProgress?(progress: ReplayProgress): void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Arrival offsets (ms from start) and prompt indices; a pure function of the seed. */
export function arrivalSchedule(
  horizon: number,
  ratePerSec: number,
  promptCount: number,
  seed: number,
): { atMs: number; prompt: number }[] {
  const order = Array.from({ length: promptCount }, (_, i) => i);
  for (let i = promptCount - 1; i > 0; i -= 1) {
    const j = Math.floor(uniformAt(seed, 1, i) * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const out: { atMs: number; prompt: number }[] = [];
  let t = 0;
  for (let i = 0; i < horizon; i += 1) {
    t += exponentialAt(ratePerSec / 1000, seed, 2, i);
    out.push({ atMs: t, prompt: order[i % promptCount] as number });
  }
  return out;
}

/**
 * Drives a running system with simulated retrying users: users arrive as a Poisson process, each
 * asks one recorded prompt, judges each answer with the user model (a seeded coin per user and
 * attempt, so every policy meets the same users), and re-asks the same text after the think time
 * until satisfied or out of attempts. Returns the log of every call and periodic samples.
 */
export async function runReplay(target: ReplayTarget, options: ReplayOptions): Promise<ReplayLog> {
  const schedule = arrivalSchedule(
    options.horizon,
    options.ratePerSec,
    options.prompts.length,
    options.seed,
  );
  const start = Date.now();
  const elapsed = (): number => Date.now() - start;
  const submissions: SubmissionRecord[] = [];
  const samples: SampleRecord[] = [];
  const users = { total: schedule.length, satisfied: 0, abandoned: 0, unfinished: 0 };
  let arrived = 0;
  let finished = 0;
  let stopping = false;

  const runUser = async (user: number, prompt: ReplayPrompt): Promise<void> => {
    let retryOf = '';
    for (let attempt = 1; attempt <= options.maxAttempts && !stopping; attempt += 1) {
      const record = await callOnce(target, options, user, attempt, prompt, retryOf, elapsed);
      submissions.push(record);
      if (record.outcome === 'satisfied') users.satisfied += 1;
      if (record.outcome === 'abandoned') users.abandoned += 1;
      if (record.outcome === 'satisfied' || record.outcome === 'abandoned') return;
      if (attempt === options.maxAttempts) {
        users.abandoned += 1; // the last attempt failed at the front door
        return;
      }
      retryOf = options.explicitRetry && record.queryId ? record.queryId : '';
      await sleep(options.thinkTimeMs);
    }
    users.unfinished += 1;
  };

  const progress = (queueLength?: number): ReplayProgress => {
    const lastArrival = schedule[schedule.length - 1]?.atMs ?? 0;
    const answered = submissions.filter((s) => s.outcome !== 'failed');
    return {
      elapsedMs: elapsed(),
      remainingMs: Math.max(0, Math.round(lastArrival - elapsed())),
      arrived,
      horizon: schedule.length,
      finishedUsers: finished,
      answered: answered.length,
      satisfied: answered.filter((s) => s.outcome === 'satisfied').length,
      queueLength,
    };
  };

  const sampler = startSampler(target, options, elapsed, samples, (q) =>
    options.onProgress?.(progress(q)),
  );
  const running: Promise<void>[] = [];
  for (const [user, arrival] of schedule.entries()) {
    const wait = arrival.atMs - elapsed();
    if (wait > 0) await sleep(wait);
    arrived += 1;
    const prompt = options.prompts[arrival.prompt] as ReplayPrompt;
    running.push(
      runUser(user, prompt).finally(() => {
        finished += 1;
      }),
    );
  }
  // The drain timer is cleared once every user is done: left running, it kept the process (and
  // `npm run demo`) alive for two minutes after the report was written.
  let drainTimer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    Promise.all(running).then(() => true),
    new Promise<boolean>((resolve) => {
      drainTimer = setTimeout(() => resolve(false), options.drainTimeoutMs ?? 120_000);
    }),
  ]).finally(() => clearTimeout(drainTimer));
  if (!drained) {
    stopping = true;
    await Promise.all(running);
  }
  await sampler.stop();
  options.onProgress?.(progress(samples[samples.length - 1]?.queueLength));
  return { durationMs: elapsed(), offered: [...options.offered], submissions, samples, users };
}

async function callOnce(
  target: ReplayTarget,
  options: ReplayOptions,
  user: number,
  attempt: number,
  prompt: ReplayPrompt,
  retryOf: string,
  elapsed: () => number,
): Promise<SubmissionRecord> {
  const sentAtMs = elapsed();
  const result = await target.submit({
    tenant: options.tenant,
    user: `replay-${options.seed}-${user}`,
    text: prompt.text,
    retryOf,
  });
  const doneAtMs = elapsed();
  const base = { user, attempt, promptId: prompt.id, task: prompt.task, sentAtMs, doneAtMs };
  if (!result.ok) {
    return {
      ...base,
      outcome: 'failed',
      errorCode: result.code,
      costUsd: 0,
      latencyMs: doneAtMs - sentAtMs,
      serverLatencyMs: 0,
      probability: 0,
      regret: 0,
    };
  }
  const probability = options.model(prompt, result.llm);
  const satisfied = uniformAt(options.seed, 3, user, attempt) < probability;
  const outcome: SubmissionOutcome = satisfied
    ? 'satisfied'
    : attempt >= options.maxAttempts
      ? 'abandoned'
      : 'retried';
  return {
    ...base,
    outcome,
    llm: result.llm,
    queryId: result.queryId,
    costUsd: result.costUsd,
    latencyMs: doneAtMs - sentAtMs,
    serverLatencyMs: result.serverLatencyMs,
    probability,
    regret: promptRegret(options.model, prompt, result.llm, options.offered),
  };
}

function startSampler(
  target: ReplayTarget,
  options: ReplayOptions,
  elapsed: () => number,
  samples: SampleRecord[],
  onSample: (queueLength?: number) => void,
): { stop(): Promise<void> } {
  let stopped = false;
  const loop = async (): Promise<void> => {
    while (!stopped) {
      const [queueLength, covarianceTrace] = await Promise.all([
        target.queueLength?.().catch(() => undefined),
        target.covarianceTrace?.().catch(() => undefined),
      ]);
      samples.push({ atMs: elapsed(), queueLength, covarianceTrace });
      onSample(queueLength);
      await sleep(options.sampleIntervalMs ?? 500);
    }
  };
  const done = loop();
  return {
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}
