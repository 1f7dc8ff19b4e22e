/** `cqb sim-backend`: runs a simulated OpenAI-compatible LLM backend that answers from a dataset. */
import { parseArgs } from 'node:util';
import { createSimulatedBackend, loadSimulatedDataset } from '@cqb/dispatcher';
import type { LatencyModel } from '@cqb/dispatcher';

export const summary = 'run a simulated OpenAI-compatible LLM backend answering from a dataset';

const usage = `usage: cqb sim-backend [options]
  --port P            port on 127.0.0.1 (default 0: a free port, printed at start)
  --dataset NAME      routerbench | routellm-mmlu | routellm-gsm8k | FILE.jsonl (default routerbench)
  --latency KIND      fixed | lognormal (default fixed)
  --median-ms MS      median latency in ms (default 0)
  --sigma S           lognormal sigma (default 0.5)
  --seed N            seed of latency and fault draws (default 1)
  --failure-rate P    probability of an HTTP 500 (default 0)
  --hang-rate P       probability of never answering (default 0)`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      dataset: { type: 'string', default: 'routerbench' },
      latency: { type: 'string', default: 'fixed' },
      'median-ms': { type: 'string', default: '0' },
      sigma: { type: 'string', default: '0.5' },
      seed: { type: 'string', default: '1' },
      'failure-rate': { type: 'string', default: '0' },
      'hang-rate': { type: 'string', default: '0' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const numbers = ['port', 'median-ms', 'sigma', 'seed', 'failure-rate', 'hang-rate'] as const;
  const bad = numbers.filter((k) => !Number.isFinite(Number(values[k])) || Number(values[k]) < 0);
  if (bad.length > 0 || !['fixed', 'lognormal'].includes(values.latency)) {
    process.stderr.write(`cqb sim-backend: invalid ${[...bad, 'latency'].join(', ')}\n${usage}\n`);
    return 2;
  }
  const medianMs = Number(values['median-ms']);
  const latency: LatencyModel =
    values.latency === 'lognormal'
      ? { kind: 'lognormal', medianMs, sigma: Number(values.sigma) }
      : { kind: 'fixed', medianMs };
  const { rows, llms } = await loadSimulatedDataset(values.dataset);
  const backend = await createSimulatedBackend({
    rows,
    llms,
    latency,
    seed: Number(values.seed),
    failureRate: Number(values['failure-rate']),
    hangRate: Number(values['hang-rate']),
    port: Number(values.port),
  });
  process.stdout.write(
    `sim-backend listening on ${backend.url} (${llms.length} models, ${rows.length} prompts)\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await backend.close();
  return 0;
}
