/**
 * Multi-seed evaluation: for each seed, one scenario, one oracle run and one run per policy on it;
 * then means and standard deviations over seeds, in the results.json shape of DESIGN.md §6.
 */
import type { Environment } from './environment.js';
import { hindsightOrder } from './environment.js';
import { createPolicy } from './policies.js';
import type { PolicyOptions } from './policy-types.js';
import { createRng } from './rng.js';
import { isSimItem } from './sim-queue.js';
import { createScenario, simulate, type ServiceModel, type Trace } from './simulator.js';

/** What to evaluate on one seed. */
export interface SeedRunOptions {
  env: Environment;
  policies: readonly string[];
  horizon: number;
  arrivalRate: number;
  seed: number;
  checkpoints: readonly number[];
  service: ServiceModel;
  /** Policy hyperparameters besides k, d, horizon and the truth (filled in here). */
  policyOptions?: Partial<PolicyOptions>;
}

/** Per-policy figures of one seed (plain arrays, so they cross worker boundaries). */
export interface SeedResult {
  seed: number;
  policies: Record<
    string,
    { routingRegret: number[]; queueLengthRegret: number[]; queueLength: number[]; rate: number }
  >;
  oracleQueueLength: number[];
}

/** Evenly spaced checkpoints 1..horizon (`count` of them, always including the horizon). */
export function makeCheckpoints(horizon: number, count = 50): number[] {
  const n = Math.min(count, horizon);
  return Array.from({ length: n }, (_, i) => Math.round(((i + 1) * horizon) / n));
}

/** Runs the oracle and every policy on one seed's scenario. */
export function runSeed(o: SeedRunOptions): SeedResult {
  const { env } = o;
  const slots =
    o.service.mode === 'multi'
      ? (o.service.capacities ?? []).reduce((a, b) => a + b, 0) || env.k
      : 1;
  const scenario = createScenario(env, { ...o, slots });
  const base: PolicyOptions = {
    ...o.policyOptions,
    k: env.k,
    d: env.d,
    horizon: o.horizon,
    fixedOrder: hindsightOrder(env, scenario.arrivals),
    ...(env.thetaStar ? { thetaStar: env.thetaStar } : {}),
    trueProbability: (item, llm) => (isSimItem(item) ? item.trueP[llm]! : 0),
  };
  const run = (name: string): Trace =>
    simulate({
      env,
      scenario,
      policy: createPolicy(name, base),
      service: o.service,
      checkpoints: o.checkpoints,
      rng: createRng(o.seed, 7),
    });
  const oracle = run('oracle');
  const result: SeedResult = {
    seed: o.seed,
    policies: {},
    oracleQueueLength: [...oracle.queueLength],
  };
  for (const name of o.policies) {
    const tr = name === 'oracle' ? oracle : run(name);
    result.policies[name] = {
      routingRegret: [...tr.routingRegret],
      queueLength: [...tr.queueLength],
      queueLengthRegret: Array.from(tr.queueLength, (q, i) => q - oracle.queueLength[i]!),
      rate: tr.served ? tr.satisfied / tr.served : 0,
    };
  }
  return result;
}

/** Mean and standard deviation (n − 1 denominator; 0 for one sample). */
export interface MeanSd {
  mean: number;
  sd: number;
}

function meanSd(xs: readonly number[]): MeanSd {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const v = n > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, sd: Math.sqrt(v) };
}

function bands(series: readonly (readonly number[])[]): { mean: number[]; sd: number[] } {
  const stats = series[0]!.map((_, i) => meanSd(series.map((s) => s[i]!)));
  return { mean: stats.map((s) => s.mean), sd: stats.map((s) => s.sd) };
}

/** Figures of one policy over all seeds; arrays are per checkpoint. */
export interface PolicyResult {
  routingRegret: number[];
  routingRegretSd: number[];
  queueLengthRegret: number[];
  queueLengthRegretSd: number[];
  queueLength: number[];
  finalRoutingRegret: MeanSd;
  finalQueueLength: MeanSd;
  satisfactionRate: MeanSd;
}

/** The results.json document (DESIGN.md section 6, plus standard deviations and run facts). */
export interface EvaluationResults {
  env: string;
  horizon: number;
  seeds: number;
  checkpoints: number[];
  policies: Record<string, PolicyResult>;
  oracleQueueLength: number[];
  info: Record<string, string | number>;
}

/** Averages per-seed results into the results.json document. */
export function aggregateResults(
  runs: readonly SeedResult[],
  meta: {
    env: string;
    horizon: number;
    checkpoints: number[];
    info: Record<string, string | number>;
  },
): EvaluationResults {
  const names = Object.keys(runs[0]?.policies ?? {});
  const policies: Record<string, PolicyResult> = {};
  for (const name of names) {
    const per = runs.map((r) => r.policies[name]!);
    const rr = bands(per.map((p) => p.routingRegret));
    const qr = bands(per.map((p) => p.queueLengthRegret));
    policies[name] = {
      routingRegret: rr.mean,
      routingRegretSd: rr.sd,
      queueLengthRegret: qr.mean,
      queueLengthRegretSd: qr.sd,
      queueLength: bands(per.map((p) => p.queueLength)).mean,
      finalRoutingRegret: meanSd(per.map((p) => p.routingRegret.at(-1) ?? 0)),
      finalQueueLength: meanSd(per.map((p) => p.queueLength.at(-1) ?? 0)),
      satisfactionRate: meanSd(per.map((p) => p.rate)),
    };
  }
  return {
    ...meta,
    seeds: runs.length,
    policies,
    oracleQueueLength: bands(runs.map((r) => r.oracleQueueLength)).mean,
  };
}
