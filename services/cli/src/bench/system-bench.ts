/**
 * `cqb bench --sections system`: end-to-end overhead of the running system under a steady
 * open-loop load, in all-in-one mode (in process) and in distributed mode (one process per
 * service over Kafka and Postgres, when CQB_TEST_KAFKA_BROKERS and CQB_TEST_DATABASE_URL are set,
 * as infra/with-infra.sh does). Backends are simulated with zero latency, so the round trip is
 * almost all router overhead; the backend time the dispatcher measured is still subtracted.
 *
 * Environment knobs (all optional): CQB_BENCH_SYSTEM_MODES (all-in-one,distributed),
 * CQB_BENCH_SYSTEM_RATES (comma list of q/s; default 200 plus the highest sustainable rate
 * derived from the 200 q/s run), CQB_BENCH_SYSTEM_COUNT (queries per rate after warm-up).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Answer, Feedback } from '@cqb/contracts';
import { prefixTopic, topics } from '@cqb/contracts';
import {
  createSimulatedBackend,
  loadSimulatedDataset,
  routerBenchRegistry,
  seedRegistry,
} from '@cqb/dispatcher';
import type { EventBus, Logger, Subscription } from '@cqb/runtime';
import { createKafkaBus, createLogger, createPgDatabase, pollUntil } from '@cqb/runtime';
import { startAllInOne } from '../all-in-one/all-in-one.js';
import type { Driver } from './system-driver.js';
import { startDriver } from './system-driver.js';
import type { ClientTiming, QueryBreakdown, ServerTiming } from './system-stats.js';
import { breakdown, summarizeBreakdowns } from './system-stats.js';

const RETRY_WINDOW_MS = 1000;
const CAPACITY = 4;
const WARMUP = 40;
const round2 = (v: number): number => Math.round(v * 100) / 100;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Server timestamps gathered from the answers and feedback topics, by query id. */
class Observed {
  readonly byId = new Map<string, ServerTiming>();
  onAnswer(a: Answer): void {
    const e = a.assignment.query;
    const prev = this.byId.get(e.query.queryId);
    this.byId.set(e.query.queryId, {
      ...prev,
      queryReceivedAtMs: Number(e.query.receivedAtMs),
      embeddedAtMs: Number(e.embeddedAtMs),
      decidedAtMs: Number(a.assignment.decidedAtMs),
      answeredAtMs: Number(a.answeredAtMs),
      backendLatencyMs: a.backendLatencyMs,
    });
  }
  onFeedback(f: Feedback): void {
    const prev = this.byId.get(f.queryId);
    if (prev) prev.feedbackDecidedAtMs = Number(f.decidedAtMs);
  }
  async watch(bus: EventBus, prefix: string, groupId: string): Promise<Subscription[]> {
    return [
      await bus.subscribe(prefixTopic(topics.answers, prefix), {
        groupId: `${groupId}.answers`,
        handler: (e) => Promise.resolve(this.onAnswer(e.value)),
      }),
      await bus.subscribe(prefixTopic(topics.feedback, prefix), {
        groupId: `${groupId}.feedback`,
        handler: (e) => Promise.resolve(this.onFeedback(e.value)),
      }),
    ];
  }
}

interface RateResult {
  targetRatePerSec: number;
  sent: number;
  answered: number;
  errors: Record<string, number>;
  /** Sends per second actually issued by the driver (open loop, so close to the target). */
  achievedSendRatePerSec: number;
  /** Answers per second from the first send to the last answer (includes draining a backlog). */
  achievedAnswerRatePerSec: number;
  /** Answers per second between the first and the last answer: the throughput when saturated. */
  completionRatePerSec: number;
  /** Answers whose server timestamps were observed on the bus. */
  matched: number;
  loadAverage1m: number;
  overheadMs: ReturnType<typeof summarizeBreakdowns>['overhead'];
  overheadExclEmbedMs: ReturnType<typeof summarizeBreakdowns>['overhead'];
  roundTripMs: ReturnType<typeof summarizeBreakdowns>['overhead'];
  stagesMs: ReturnType<typeof summarizeBreakdowns>['stages'];
}

/** Runs one rate against a started system and computes its figures. */
async function measureRate(
  driver: Driver,
  observed: Observed,
  count: number,
  ratePerSec: number,
  offset: number,
): Promise<RateResult> {
  const run = await driver.drive(count, ratePerSec, offset);
  // Feedback finalises after the retry window (plus the service's sweep); wait for most of it.
  await pollUntil(
    () =>
      Promise.resolve(
        run.timings.every((t) => observed.byId.get(t.queryId)?.feedbackDecidedAtMs !== undefined),
      ),
    { timeoutMs: RETRY_WINDOW_MS + 15_000, intervalMs: 200, what: 'feedback observed' },
  ).catch(() => undefined);
  const rows: QueryBreakdown[] = [];
  for (const t of run.timings) {
    const s = observed.byId.get(t.queryId);
    if (s) rows.push(breakdown(t, s, RETRY_WINDOW_MS));
  }
  const sum = summarizeBreakdowns(rows);
  return {
    targetRatePerSec: ratePerSec,
    sent: count,
    answered: run.timings.length,
    errors: run.errors,
    achievedSendRatePerSec: round2(((count - 1) * 1000) / Math.max(1, run.sendSpanMs)),
    achievedAnswerRatePerSec: round2((run.timings.length * 1000) / Math.max(1, run.spanMs)),
    completionRatePerSec: completionRate(run.timings),
    matched: rows.length,
    loadAverage1m: round2(loadavg()[0] ?? 0),
    overheadMs: sum.overhead,
    overheadExclEmbedMs: sum.overheadExclEmbed,
    roundTripMs: sum.roundTrip,
    stagesMs: sum.stages,
  };
}

/** Answers per second between the first and the last answer received. */
function completionRate(timings: readonly ClientTiming[]): number {
  if (timings.length < 2) return 0;
  const recv = timings.map((t) => t.receivedAtMs);
  const span = Math.max(...recv) - Math.min(...recv);
  return round2(((timings.length - 1) * 1000) / Math.max(1, span));
}

function envList(name: string): string[] | undefined {
  const v = process.env[name];
  return v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

/**
 * Warms up, then measures each configured rate; without an explicit rate list, measures 200 q/s
 * and, when that overloads the system, 70 % of the completion rate it reached while saturated
 * (the highest rate it can sustain with headroom for the noise of a shared machine).
 */
async function runRates(
  address: string,
  observed: Observed,
  quick: boolean,
): Promise<RateResult[]> {
  const driver = await startDriver(address);
  try {
    const count = Number(process.env.CQB_BENCH_SYSTEM_COUNT ?? (quick ? 200 : 2000));
    let offset = 0;
    const warmup = quick ? 10 : WARMUP;
    await driver.drive(warmup, 10, offset);
    offset += warmup;
    const explicit = envList('CQB_BENCH_SYSTEM_RATES')?.map(Number);
    const results: RateResult[] = [];
    for (const rate of explicit ?? [200]) {
      process.stderr.write(`cqb bench system: ${count} queries at ${rate} q/s\n`);
      results.push(await measureRate(driver, observed, count, rate, offset));
      offset += count;
    }
    const first = results[0];
    if (!explicit && first && first.completionRatePerSec < 0.95 * first.targetRatePerSec) {
      const rate = Math.max(1, Math.floor(0.7 * first.completionRatePerSec));
      const n = Math.min(count, Math.max(60, rate * (quick ? 10 : 30)));
      process.stderr.write(`cqb bench system: ${n} queries at ${rate} q/s (sustainable)\n`);
      results.push(await measureRate(driver, observed, n, rate, offset));
    }
    return results;
  } finally {
    await driver.close();
  }
}

async function allInOne(quick: boolean): Promise<unknown> {
  const logger = createLogger({ service: 'bench', destination: process.stderr, level: 'warn' });
  const system = await startAllInOne({
    grpcAddress: '127.0.0.1:0',
    backendLatency: { kind: 'fixed', medianMs: 0 },
    llmCapacity: CAPACITY,
    retryWindowMs: RETRY_WINDOW_MS,
    env: { CQB_FEEDBACK_GRACE_MS: '200', CQB_LOG_LEVEL: 'warn' },
    logger,
  });
  const observed = new Observed();
  const subs = await observed.watch(system.bus, '', 'bench-observer');
  try {
    return { rates: await runRates(system.address, observed, quick) };
  } finally {
    for (const s of subs) await s.stop();
    await system.stop();
  }
}

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Starts `cqb serve --service NAME` and resolves with its ready log line. */
function startService(
  name: string,
  env: Record<string, string>,
  children: ChildProcess[],
): Promise<Record<string, unknown>> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'services/cli/src/main.ts', 'serve', '--service', name],
    {
      cwd: repoRoot,
      env: { ...process.env, CQB_LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready in 180 s`)), 180_000);
    const tail: string[] = [];
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.startsWith('{')) continue;
        tail.push(line);
        if (tail.length > 5) tail.shift();
        try {
          const log = JSON.parse(line) as Record<string, unknown>;
          if (log.msg === 'ready') {
            clearTimeout(timer);
            resolve(log);
          }
        } catch {
          // a partial line: ready lines are short and arrive whole
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${String(code)}) before ready:\n${tail.join('\n')}`));
    });
  });
}

async function distributed(quick: boolean): Promise<unknown> {
  const brokers = process.env.CQB_TEST_KAFKA_BROKERS;
  const serverUrl = process.env.CQB_TEST_DATABASE_URL;
  if (!brokers || !serverUrl) {
    return {
      skipped: 'CQB_TEST_KAFKA_BROKERS / CQB_TEST_DATABASE_URL unset; run via infra/with-infra.sh',
    };
  }
  const logger: Logger = createLogger({
    service: 'bench',
    destination: process.stderr,
    level: 'warn',
  });
  const dbName = `cqb_bench_${randomBytes(4).toString('hex')}`;
  const admin = createPgDatabase({ connectionString: serverUrl, max: 1, logger });
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  const children: ChildProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const dataset = await loadSimulatedDataset('routerbench');
    const backend = await createSimulatedBackend({
      rows: dataset.rows,
      llms: dataset.llms,
      latency: { kind: 'fixed', medianMs: 0 },
      seed: 1,
    });
    cleanups.push(() => backend.close());
    const prefix = `bench${randomBytes(4).toString('hex')}.`;
    const env: Record<string, string> = {
      CQB_KAFKA_BROKERS: brokers,
      CQB_DATABASE_URL: url.toString(),
      CQB_TOPIC_PREFIX: prefix,
      CQB_RETRY_WINDOW_MS: String(RETRY_WINDOW_MS),
      CQB_FEEDBACK_GRACE_MS: '200',
      CQB_METRICS_PORT: '0',
      CQB_GRPC_ADDRESS: '127.0.0.1:0',
      CQB_LLM_TIMEOUT_MS: '30000',
    };
    await startService('feedback', env, children);
    const db = createPgDatabase({ connectionString: url.toString(), max: 1, logger });
    cleanups.push(() => db.close());
    await seedRegistry(db, routerBenchRegistry(backend.url, CAPACITY));
    let ready: Record<string, unknown> = {};
    for (const name of ['dispatcher', 'scheduler', 'embedder', 'ingest']) {
      ready = await startService(name, env, children);
    }
    const bus = createKafkaBus({ brokers: brokers.split(','), clientId: 'cqb-bench', logger });
    cleanups.push(() => bus.close());
    const observed = new Observed();
    const subs = await observed.watch(bus, prefix, `${prefix}bench-observer`);
    cleanups.push(async () => {
      for (const s of subs) await s.stop();
    });
    return { rates: await runRates(`127.0.0.1:${String(ready.port)}`, observed, quick) };
  } finally {
    for (const c of children.reverse()) {
      if (c.exitCode === null && c.signalCode === null) {
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        await Promise.race([exited, sleep(10_000)]);
        if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      }
    }
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.close();
  }
}

/** The `system` section of `cqb bench`. */
export async function benchSystem(options: { quick: boolean }): Promise<unknown> {
  const modes = envList('CQB_BENCH_SYSTEM_MODES') ?? ['all-in-one', 'distributed'];
  const out: Record<string, unknown> = {
    setup: {
      backendLatencyMs: 0,
      llmCapacity: CAPACITY,
      retryWindowMs: RETRY_WINDOW_MS,
      arrivals: 'steady open loop (one query every 1000/rate ms, no waiting for answers)',
      warmupQueries: options.quick ? 10 : WARMUP,
      loadAverageAtStart: loadavg().map(round2),
      note: 'overhead = client round trip - backend latency; stages: ingest = client->ingest + answer->client, embed = ingest receipt->embedding, queueWait = embedding->decision, dispatch = decision->answer - backend, feedback = answer->finalised outcome - retry window',
    },
  };
  for (const mode of modes) {
    process.stderr.write(`cqb bench system: mode ${mode}\n`);
    out[mode] =
      mode === 'distributed' ? await distributed(options.quick) : await allInOne(options.quick);
  }
  return out;
}
