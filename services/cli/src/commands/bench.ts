/**
 * `cqb bench --out DIR`: runs the benchmark sections and writes DIR/bench.json, one key per
 * section. Sections are entries of `sections` below; add one by appending `{ name, run }`.
 * Speed is reported beside a plain reference run in the same process, so ratios carry over
 * between machines even where absolute numbers do not.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchEmbedder } from '@cqb/embedder';
import {
  createPolicy,
  createPosterior,
  createRng,
  packContexts,
  referenceAcqbDecide,
  referenceUpdate,
  updatePosterior,
  type LogisticPosterior,
  type QueueItem,
  type Rng,
} from '@cqb/policy';
import { benchSystem } from '../bench/system-bench.js';

export const summary = 'run benchmarks and write DIR/bench.json';

/** Context handed to every section. */
export interface BenchContext {
  /** Shorter time budgets (for smoke runs); figures are noisier. */
  quick: boolean;
}

/** One benchmark section: its key in bench.json and the function producing its figures. */
export interface BenchSection {
  name: string;
  run(ctx: BenchContext): Promise<unknown>;
}

interface Timing {
  runs: number;
  /** Calls per second of wall-clock time. */
  perSecond: number;
  /** Calls per second of this process's CPU time: less sensitive to other load on the machine. */
  perCpuSecond: number;
  p50Us: number;
  p99Us: number;
}

/** Calls `fn` repeatedly for about `budgetMs` (after a short warm-up) and times every call. */
function measure(fn: () => void, budgetMs: number, maxRuns = 1_000_000): Timing {
  const warmEnd = performance.now() + Math.min(200, budgetMs / 4);
  while (performance.now() < warmEnd) fn();
  const lat: number[] = [];
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  let total = 0n;
  while (lat.length < maxRuns && (lat.length < 5 || performance.now() - start < budgetMs)) {
    const t0 = process.hrtime.bigint();
    fn();
    const dt = process.hrtime.bigint() - t0;
    total += dt;
    lat.push(Number(dt) / 1000);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuUs = Math.max(1, cpu.user + cpu.system);
  lat.sort((a, b) => a - b);
  const q = (p: number) =>
    Math.round(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]! * 100) / 100;
  return {
    runs: lat.length,
    perSecond: Math.round((lat.length * 1e9) / Number(total)),
    perCpuSecond: Math.round((lat.length * 1e6) / cpuUs),
    p50Us: q(0.5),
    p99Us: q(0.99),
  };
}

function unit(rng: Rng, d: number): Float64Array {
  const x = Float64Array.from({ length: d }, () => rng.normal());
  const n = Math.hypot(...x);
  return x.map((v) => v / n);
}

function trainedPosteriors(k: number, d: number, rng: Rng): LogisticPosterior[] {
  return Array.from({ length: k }, () => {
    const p = createPosterior(d, 1);
    for (let i = 0; i < 200; i++) updatePosterior(p, unit(rng, d), rng.uniform() < 0.6 ? 1 : 0);
    return p;
  });
}

const K = 11;
const D = 32;
/** Decisions are timed in steady state: round 10^6, so forced exploration fires 0.1 % of rounds. */
const ROUND = 1_000_000;

function policySection(ctx: BenchContext): Promise<unknown> {
  const budget = ctx.quick ? 150 : 1000;
  const rng = createRng(2026);
  const posts = trainedPosteriors(K, D, rng);
  const free = Array.from({ length: K }, (_, i) => i);
  const decisions = [10, 100, 1000, 10000].map((n) => {
    const queue: QueueItem[] = Array.from({ length: n }, (_, i) => ({
      id: String(i),
      context: unit(rng, D),
      arrivalSeq: i,
    }));
    const contexts = packContexts(queue, D);
    const policy = createPolicy('acqb', { k: K, d: D });
    posts.forEach((p, k) => policy.setPosterior(k, p));
    const fastRng = createRng(1);
    const refRng = createRng(1);
    const fast = measure(() => {
      policy.decide({ round: ROUND, queue, freeLlms: free, rng: fastRng, contexts });
    }, budget);
    const reference = measure(() => {
      referenceAcqbDecide(posts, queue, free, ROUND, refRng);
    }, budget);
    return { queue: n, fast, reference, speedup: round2(fast.perSecond / reference.perSecond) };
  });
  const updates = [32, 384].map((d) => {
    const fastPost = createPosterior(d, 1);
    const refPost = createPosterior(d, 1);
    const xs = Array.from({ length: 64 }, () => unit(rng, d));
    let i = 0;
    const fast = measure(() => updatePosterior(fastPost, xs[i++ % 64]!, i % 3 ? 1 : 0), budget);
    const reference = measure(() => referenceUpdate(refPost, xs[i++ % 64]!, i % 3 ? 1 : 0), budget);
    return { d, fast, reference, speedup: round2(fast.perSecond / reference.perSecond) };
  });
  return Promise.resolve({
    setup: { policy: 'acqb', k: K, d: D, round: ROUND, allLlmsFree: true, packedContexts: true },
    decisions,
    updates,
  });
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** The registered sections, run in this order. */
export const sections: BenchSection[] = [
  { name: 'policy', run: policySection },
  { name: 'embedder', run: (ctx) => benchEmbedder({ quick: ctx.quick }) },
  { name: 'system', run: (ctx) => benchSystem({ quick: ctx.quick }) },
];

/** Runs the command; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      sections: { type: 'string' },
      quick: { type: 'boolean', default: false },
    },
  });
  if (!values.out) {
    process.stderr.write('usage: cqb bench --out DIR [--sections policy,...] [--quick]\n');
    return 2;
  }
  const wanted = values.sections?.split(',') ?? sections.map((s) => s.name);
  const result: Record<string, unknown> = {
    meta: {
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      quick: values.quick,
      date: new Date().toISOString(),
    },
  };
  for (const section of sections.filter((s) => wanted.includes(s.name))) {
    process.stderr.write(`cqb bench: ${section.name}\n`);
    result[section.name] = await section.run({ quick: values.quick });
  }
  await mkdir(values.out, { recursive: true });
  await writeFile(join(values.out, 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}
