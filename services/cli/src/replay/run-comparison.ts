import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { topics } from '@cqb/contracts';
import type { PolicyReport, ReplayReport } from '@cqb/replay';
import {
  buildPolicyReport,
  createGrpcTarget,
  createStageCollector,
  renderReportHtml,
  runReplay,
} from '@cqb/replay';
import type { Subscription } from '@cqb/runtime';
import { createLogger } from '@cqb/runtime';
import type { AllInOneSystem } from '../all-in-one/all-in-one.js';
import { startAllInOne } from '../all-in-one/all-in-one.js';
import { loadReplayInput } from './load-prompts.js';
import { observeKafkaStages } from './observe-stages.js';
import type { StageObserver } from './observe-stages.js';
import { createProgressPrinter } from './progress.js';

/** Options of {@link runComparison}; see `cqb replay --help` for their meaning and defaults. */
export interface ComparisonOptions {
  dataset: string;
  policies: string[];
  horizon: number;
  ratePerSec: number;
  seed: number;
  userModel: 'logged' | 'fitted';
  thinkTimeMs: number;
  maxAttempts: number;
  explicitRetry: boolean;
  /** Drive this running system (host:port of the Router) instead of starting one per policy. */
  target?: string;
  /** Admin service of the running system (defaults to the target address). */
  admin?: string;
  /** Retry window of each started system, in ms. */
  retryWindowMs: number;
  /** Restrict the started systems' registry (and the regret reference) to these LLMs. */
  llms?: string[];
  /** Concurrent calls per simulated LLM of each started system (default 2). */
  llmCapacity?: number;
  outDir?: string;
  progress: boolean;
  /** Environment for the started systems' service settings (the command passes its own). */
  env?: Record<string, string | undefined>;
}

/**
 * Replays the same arrivals and users against each policy in turn (one fresh all-in-one system
 * per policy, or the given running system), then writes report.json and report.html.
 */
export async function runComparison(options: ComparisonOptions): Promise<ReplayReport> {
  const input = await loadReplayInput(options.dataset, options.userModel);
  const offered = options.llms ?? input.llms;
  const report: ReplayReport = {
    dataset: options.dataset,
    horizon: options.horizon,
    ratePerSec: options.ratePerSec,
    seed: options.seed,
    userModel: options.userModel,
    thinkTimeMs: options.thinkTimeMs,
    maxAttempts: options.maxAttempts,
    explicitRetry: options.explicitRetry,
    createdAt: new Date().toISOString(),
    llms: offered,
    ...(options.target ? {} : { llmCapacity: options.llmCapacity ?? 2 }),
    policies: {},
  };
  for (const policy of options.policies) {
    report.policies[policy] = await replayOnePolicy(policy, options, input, offered);
  }
  if (options.outDir) {
    await mkdir(options.outDir, { recursive: true });
    await writeFile(join(options.outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(join(options.outDir, 'report.html'), renderReportHtml(report));
  }
  return report;
}

async function replayOnePolicy(
  policy: string,
  options: ComparisonOptions,
  input: Awaited<ReturnType<typeof loadReplayInput>>,
  offered: string[],
): Promise<PolicyReport> {
  let system: AllInOneSystem | undefined;
  const subscriptions: Subscription[] = [];
  const stages = createStageCollector();
  let observer: StageObserver | undefined;
  try {
    if (options.target) {
      observer = await observeKafkaStages(options.env ?? {}, stages, Date.now());
    }
    if (!options.target) {
      system = await startAllInOne({
        policy,
        seed: options.seed,
        retryWindowMs: options.retryWindowMs,
        llms: options.llms,
        llmCapacity: options.llmCapacity,
        grpcAddress: '127.0.0.1:0',
        env: options.env,
        logger: createLogger({ service: 'all-in-one', level: 'warn', destination: process.stderr }),
      });
      subscriptions.push(
        await system.bus.subscribe(topics.answers, {
          groupId: 'replay-observer',
          handler: (e) => Promise.resolve(stages.onAnswer(e.value)),
        }),
        await system.bus.subscribe(topics.feedback, {
          groupId: 'replay-observer',
          handler: (e) => Promise.resolve(stages.onFeedback(e.value)),
        }),
      );
    }
    const address = options.target ?? (system as AllInOneSystem).address;
    const target = createGrpcTarget({
      routerAddress: address,
      adminAddress: options.admin ?? address,
    });
    const printer = createProgressPrinter(policy);
    const log = await runReplay(target, {
      prompts: input.prompts,
      offered,
      horizon: options.horizon,
      ratePerSec: options.ratePerSec,
      seed: options.seed,
      model: input.model,
      thinkTimeMs: options.thinkTimeMs,
      maxAttempts: options.maxAttempts,
      explicitRetry: options.explicitRetry,
      tenant: 'replay',
      onProgress: options.progress ? (p) => printer.update(p) : undefined,
    }).finally(() => target.close());
    if (options.progress) printer.done();
    return buildPolicyReport(policy, log, stages.samples());
  } finally {
    for (const s of subscriptions.reverse()) await s.stop();
    await system?.stop();
    await observer?.stop();
  }
}
