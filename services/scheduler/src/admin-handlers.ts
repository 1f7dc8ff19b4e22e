import type { AdminHandlers, LlmPosterior } from '@cqb/contracts';
import { covarianceTrace } from '@cqb/policy';
import type { LogisticPosterior } from '@cqb/policy';
import type { QueueStats } from './scheduler-core.js';

/** What the Admin service reads. */
export interface AdminSource {
  stats(): QueueStats;
  /** Current posterior and version per LLM, in registry order. */
  posteriors(): { llm: string; state: LogisticPosterior; version: number }[];
}

/** Builds the `cqb.v1.Admin` handlers: queue statistics and the posteriors in use. */
export function createAdminHandlers(source: AdminSource): AdminHandlers {
  return {
    GetQueueStats(_call, callback) {
      const s = source.stats();
      callback(null, {
        queueLength: s.queueLength,
        oldestWaitMs: s.oldestWaitMs,
        rounds: s.rounds,
        freeSlots: s.freeSlots,
      });
    },
    GetPosterior(call, callback) {
      const wanted = call.request.llm;
      const posteriors: LlmPosterior[] = source
        .posteriors()
        .filter((p) => wanted === '' || p.llm === wanted)
        .map((p) => ({
          llm: p.llm,
          version: p.version,
          observations: p.state.observations,
          mean: [...p.state.mean],
          covarianceTrace: covarianceTrace(p.state),
        }));
      callback(null, { posteriors });
    },
  };
}
