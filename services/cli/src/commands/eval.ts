/**
 * `cqb eval`: runs policies in the queueing simulator against the oracle on common random numbers
 * and writes DIR/results.json, SVG plots (routing regret, queue-length regret, queue length) and
 * DIR/table.md (the table is also printed).
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  datasetPath,
  loadRouteLlm,
  loadRouterBench,
  routeLlmLlms,
  routerBenchLlms,
} from '@cqb/datasets';
import { readEmbeddingsFile } from '@cqb/embedder';
import {
  aggregateResults,
  createRng,
  createSyntheticEnvironment,
  environmentFromPrompts,
  isPolicyName,
  makeCheckpoints,
  freshRates,
  resultPlots,
  resultTable,
  runSeed,
  type Environment,
  type SeedResult,
  type ServiceModel,
} from '@cqb/policy';

export const summary = 'simulate policies against the oracle and write results.json and plots';

const ENVS = [
  'synthetic',
  'routerbench',
  'routerbench-logged',
  'routellm-mmlu',
  'routellm-gsm8k',
  'routellm-mmlu-logged',
  'routellm-gsm8k-logged',
] as const;
const DEFAULT_POLICIES = 'acqb,ts,greedy,fifo-lints,fifo-linucb,cqb-eps,q-ucb,best-fixed,random';

const USAGE = `usage: cqb eval --env ${ENVS.join('|')} --out DIR
  [--policies ${DEFAULT_POLICIES}] [--horizon 5000] [--seeds 10] [--first-seed 1]
  [--arrival-rate R (synthetic 0.7; datasets: best single LLM's rate - slack)]
  [--slack 0.1] [--mode paper|multi] [--capacity 1] [--service-rounds 1] [--abandon 0 (logged: 0.2)]
  [--c-epsilon 1] [--nu 1] [--lambda 1] [--cost-beta 0] [--dim 32] [--checkpoints 50]
  [--contexts auto|embedder|hashed (auto: the embedder's committed RouterBench contexts when
   present, else hashed bag-of-words of dimension --dim)]
`;

const OPTIONS = {
  env: { type: 'string' },
  out: { type: 'string' },
  policies: { type: 'string', default: DEFAULT_POLICIES },
  horizon: { type: 'string', default: '5000' },
  seeds: { type: 'string', default: '10' },
  'first-seed': { type: 'string', default: '1' },
  'arrival-rate': { type: 'string' },
  slack: { type: 'string', default: '0.1' },
  mode: { type: 'string', default: 'paper' },
  capacity: { type: 'string', default: '1' },
  'service-rounds': { type: 'string', default: '1' },
  abandon: { type: 'string' },
  'c-epsilon': { type: 'string', default: '1' },
  nu: { type: 'string', default: '1' },
  lambda: { type: 'string', default: '1' },
  'cost-beta': { type: 'string', default: '0' },
  dim: { type: 'string', default: '32' },
  contexts: { type: 'string', default: 'auto' },
  checkpoints: { type: 'string', default: '50' },
  help: { type: 'boolean', default: false },
} as const;

type EnvName = (typeof ENVS)[number];

function isEnvName(s: string): s is EnvName {
  return (ENVS as readonly string[]).includes(s);
}

/**
 * The embedder's committed contexts for RouterBench train rows (data/embeddings), in row order,
 * or undefined when the file is absent or does not cover every row.
 */
function embedderContexts(
  ids: readonly string[],
): { contexts: Float64Array[]; name: string } | undefined {
  const path = datasetPath('embeddings', 'routerbench-train.json');
  if (!existsSync(path)) return undefined;
  const table = readEmbeddingsFile(path);
  const byId = new Map(table.ids.map((id, i) => [id, table.contexts[i]!]));
  if (!ids.every((id) => byId.has(id))) return undefined;
  const name = `embedder ${table.meta.encoderVersion} + head ${table.meta.headVersion}`;
  return { contexts: ids.map((id) => Float64Array.from(byId.get(id)!)), name };
}

/** Builds a dataset environment (the same for every seed) from the committed fixtures. */
async function datasetEnvironment(name: EnvName, d: number, source: string): Promise<Environment> {
  const truth = name.endsWith('-logged') ? 'logged' : 'fitted';
  if (name.startsWith('routerbench')) {
    const rows = await loadRouterBench({ split: 'train' });
    const llms = routerBenchLlms.map((l) => l.id);
    const pre = source === 'hashed' ? undefined : embedderContexts(rows.map((r) => r.id));
    if (source === 'embedder' && !pre) throw new Error('no embedder contexts in data/embeddings');
    const ctx = pre ? { contexts: pre.contexts, contextsName: pre.name } : {};
    return environmentFromPrompts(rows, { name: `${name} (train split)`, llms, truth, d, ...ctx });
  }
  if (source === 'embedder') throw new Error('embedder contexts exist for RouterBench only');
  const task = name.includes('gsm8k') ? 'gsm8k' : 'mmlu';
  const rows = await loadRouteLlm({ task });
  const llms = routeLlmLlms.map((l) => l.id);
  return environmentFromPrompts(rows, { name, llms, truth, d });
}

function num(v: string | undefined, flag: string): number {
  const n = Number(v);
  if (v === undefined || !Number.isFinite(n)) throw new RangeError(`--${flag} must be a number`);
  return n;
}

/** Runs the command; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({ args: argv, options: OPTIONS, strict: true });
  if (v.help || !v.env || !v.out || !isEnvName(v.env) || !['paper', 'multi'].includes(v.mode)) {
    process.stderr.write(USAGE);
    return v.help ? 0 : 2;
  }
  const policies = v.policies.split(',').filter(Boolean);
  const unknown = policies.filter((p) => !isPolicyName(p));
  if (unknown.length) {
    process.stderr.write(`cqb eval: unknown policies ${unknown.join(',')}\n${USAGE}`);
    return 2;
  }
  const horizon = num(v.horizon, 'horizon');
  // Logged outcomes are deterministic per (prompt, LLM): a user whose query keeps failing gives
  // up eventually instead of retrying forever, so logged environments default to abandonment 0.2.
  const abandon = num(v.abandon ?? (v.env.endsWith('-logged') ? '0.2' : '0'), 'abandon');
  const seeds = num(v.seeds, 'seeds');
  const firstSeed = num(v['first-seed'], 'first-seed');
  const slack = num(v.slack, 'slack');
  const d = num(v.dim, 'dim');
  const checkpoints = makeCheckpoints(horizon, num(v.checkpoints, 'checkpoints'));
  const k0 = v.env === 'synthetic' ? 5 : 0;
  const shared = v.env === 'synthetic' ? undefined : await datasetEnvironment(v.env, d, v.contexts);
  const rates = shared ? freshRates(shared, createRng(0, 99)) : undefined;
  // Datasets: arrivals at the best single LLM's rate minus the slack, so the queue is stable for
  // a good router. The oracle's fresh-arrival rate (1.0 in the logged variant) is out of reach
  // of any policy that does not memorise prompts.
  const arrivalRate =
    v['arrival-rate'] !== undefined
      ? num(v['arrival-rate'], 'arrival-rate')
      : rates
        ? Math.max(0.05, rates.bestFixed - slack)
        : 0.7;
  const service = (k: number): ServiceModel => ({
    mode: v.mode as 'paper' | 'multi',
    capacities: Array.from({ length: k }, () => num(v.capacity, 'capacity')),
    serviceRounds: Array.from({ length: k }, () => num(v['service-rounds'], 'service-rounds')),
    abandonProbability: abandon,
  });
  const policyOptions = {
    cEpsilon: num(v['c-epsilon'], 'c-epsilon'),
    nu: num(v.nu, 'nu'),
    lambda: num(v.lambda, 'lambda'),
    costBeta: num(v['cost-beta'], 'cost-beta'),
  };
  const started = performance.now();
  const runs: SeedResult[] = [];
  let info: Record<string, string | number> = {};
  for (let s = 0; s < seeds; s++) {
    const seed = firstSeed + s;
    const env = shared ?? createSyntheticEnvironment({ seed, k: k0, d: 5, slack });
    const rateInfo: Record<string, number> = rates
      ? { oracleFreshRate: rates.oracle, bestFixedRate: rates.bestFixed }
      : {};
    info = { ...env.info, ...rateInfo, arrivalRate, abandon, mode: v.mode, ...policyOptions };
    runs.push(
      runSeed({
        env,
        policies,
        horizon,
        arrivalRate,
        seed,
        checkpoints,
        service: service(env.k),
        policyOptions,
      }),
    );
    process.stderr.write(
      `cqb eval: seed ${seed} done (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
    );
  }
  const results = aggregateResults(runs, {
    env: v.env,
    horizon,
    checkpoints,
    info: { ...info, firstSeed, seconds: Math.round((performance.now() - started) / 100) / 10 },
  });
  await mkdir(v.out, { recursive: true });
  await writeFile(join(v.out, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
  for (const [file, svg] of Object.entries(resultPlots(results))) {
    await writeFile(join(v.out, file), svg);
  }
  const table = resultTable(results);
  await writeFile(join(v.out, 'table.md'), table);
  process.stdout.write(table);
  return 0;
}
