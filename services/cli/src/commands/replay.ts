/** `cqb replay`: drives the system with simulated retrying users and writes a report. */
import { parseArgs } from 'node:util';
import { summaryRows, verdictText } from '@cqb/replay';
import { runComparison } from '../replay/run-comparison.js';
import { formatTable } from '../replay/table.js';

export const summary = 'replay recorded prompts with retrying users through the system; report';

const usage = `usage: cqb replay [options]
  --dataset NAME        routerbench (test split) or FILE.jsonl in the dataset format (routerbench)
  --horizon T           number of arriving users, one prompt each (200)
  --policy NAME         policy of the started system (acqb)
  --compare A,B,...     run each policy on a fresh system, same arrivals and users (overrides --policy)
  --out DIR             write DIR/report.json and DIR/report.html (replay-out)
  --target HOST:PORT    drive this running system instead of starting one (policy is a label only)
  --admin HOST:PORT     its Admin service for queue and posterior samples (default: --target)
  --rate QPS            mean user arrivals per second, Poisson (5)
  --seed S              seed of arrivals, prompts and user judgements (1)
  --user-model M        logged (recorded correctness) | fitted (per-task fitted rate) (logged)
  --think-time-ms MS    delay before an unsatisfied user asks again (200)
  --max-attempts N      attempts before a user gives up (3)
  --explicit-retry      name the earlier query in retry_of instead of re-asking implicitly
  --retry-window-ms MS  retry window of the started system (2000; must exceed the think time)
  --llms A,B,...        restrict the started system's LLMs (and the regret reference) to these
  --llm-capacity N      concurrent calls per simulated LLM in the started system (2)
  --quiet               no progress line`;

const options = {
  dataset: { type: 'string', default: 'routerbench' },
  horizon: { type: 'string', default: '200' },
  policy: { type: 'string', default: 'acqb' },
  compare: { type: 'string' },
  out: { type: 'string', default: 'replay-out' },
  target: { type: 'string' },
  admin: { type: 'string' },
  rate: { type: 'string', default: '5' },
  seed: { type: 'string', default: '1' },
  'user-model': { type: 'string', default: 'logged' },
  'think-time-ms': { type: 'string', default: '200' },
  'max-attempts': { type: 'string', default: '3' },
  'explicit-retry': { type: 'boolean', default: false },
  'retry-window-ms': { type: 'string', default: '2000' },
  llms: { type: 'string' },
  'llm-capacity': { type: 'string', default: '2' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

const list = (s: string | undefined): string[] | undefined =>
  s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const num = (
    k: 'horizon' | 'rate' | 'seed' | 'think-time-ms' | 'max-attempts' | 'retry-window-ms',
  ) => Number(values[k]);
  const problems = (
    ['horizon', 'rate', 'seed', 'think-time-ms', 'max-attempts', 'retry-window-ms'] as const
  )
    .filter((k) => !Number.isFinite(num(k)) || num(k) < 0)
    .map((k) => `--${k} must be a non-negative number`);
  if (num('horizon') < 1 || num('rate') <= 0 || num('max-attempts') < 1) {
    problems.push('--horizon, --rate and --max-attempts must be positive');
  }
  const llmCapacity = Number(values['llm-capacity']);
  if (!Number.isInteger(llmCapacity) || llmCapacity < 1) {
    problems.push('--llm-capacity must be a positive integer');
  }
  if (values['user-model'] !== 'logged' && values['user-model'] !== 'fitted') {
    problems.push('--user-model must be logged or fitted');
  }
  const policies = list(values.compare) ?? [values.policy];
  if (values.target && policies.length > 1) {
    problems.push('--compare starts one system per policy; it cannot be used with --target');
  }
  if (problems.length > 0) {
    process.stderr.write(`cqb replay: ${problems.join('; ')}\n${usage}\n`);
    return 2;
  }
  const report = await runComparison({
    dataset: values.dataset,
    policies,
    horizon: num('horizon'),
    ratePerSec: num('rate'),
    seed: num('seed'),
    userModel: values['user-model'] as 'logged' | 'fitted',
    thinkTimeMs: num('think-time-ms'),
    maxAttempts: num('max-attempts'),
    explicitRetry: values['explicit-retry'],
    target: values.target,
    admin: values.admin,
    retryWindowMs: num('retry-window-ms'),
    llms: list(values.llms),
    llmCapacity,
    outDir: values.out,
    progress: !values.quiet,
    env: process.env,
  });
  process.stdout.write(`${formatTable(summaryRows(report))}\n`);
  const verdict = verdictText(report);
  if (verdict) process.stdout.write(`${verdict}\n`);
  process.stdout.write(`report: ${values.out}/report.html (data: ${values.out}/report.json)\n`);
  return 0;
}
