import type { Answer, Feedback } from '@cqb/contracts';
import type { StageSamples } from './report.js';

/** Collects per-stage latencies (ms) from the answers and feedback streams of a running system. */
export interface StageCollector {
  onAnswer(answer: Answer): void;
  onFeedback(feedback: Feedback): void;
  samples(): StageSamples;
}

/**
 * Splits each answer's life into stages from the timestamps the services stamp on it: embed
 * (ingest receipt to embedding), queueWait (embedding to the scheduler's decision), dispatch
 * (decision to answer, minus backend time), backend (the LLM call itself), and feedback (answer
 * to the finalised outcome, which includes the retry window by design).
 */
export function createStageCollector(): StageCollector {
  const stages: StageSamples = {
    embed: [],
    queueWait: [],
    dispatch: [],
    backend: [],
    feedback: [],
  };
  const push = (name: string, v: number): void => {
    if (Number.isFinite(v) && v >= 0) stages[name]?.push(v);
  };
  return {
    onAnswer: (answer) => {
      const embedded = answer.assignment.query;
      push('embed', Number(embedded.embeddedAtMs) - Number(embedded.query.receivedAtMs));
      push('queueWait', Number(answer.assignment.decidedAtMs) - Number(embedded.embeddedAtMs));
      const total = Number(answer.answeredAtMs) - Number(answer.assignment.decidedAtMs);
      push('dispatch', total - answer.backendLatencyMs);
      push('backend', answer.backendLatencyMs);
    },
    onFeedback: (feedback) => {
      push('feedback', Number(feedback.decidedAtMs) - Number(feedback.answeredAtMs));
    },
    samples: () => stages,
  };
}
