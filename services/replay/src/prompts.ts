/** One recorded prompt that simulated users ask, with what each LLM did on it. */
export interface ReplayPrompt {
  /** Stable id from the dataset (for example RouterBench's sample id). */
  id: string;
  text: string;
  /** Source task (for example `mbpp`), used to split routing shares. */
  task: string;
  /** Recorded correctness per LLM id: 1 solved, 0 not. LLMs without a record are absent. */
  outcomes: Readonly<Record<string, number>>;
  /** Recorded cost in USD per LLM id. */
  costs: Readonly<Record<string, number>>;
}

/**
 * The satisfaction probability each LLM has on a prompt under a judge: the recorded outcome in
 * `logged` mode, a fitted probability in `fitted` mode.
 */
export type SatisfactionModel = (prompt: ReplayPrompt, llm: string) => number;

/** The `logged` model: the user is satisfied exactly when the LLM's recorded answer was correct. */
export const loggedModel: SatisfactionModel = (prompt, llm) => prompt.outcomes[llm] ?? 0;

/**
 * Builds the `fitted` model: per task and LLM, the smoothed success rate over a training set
 * (Beta(1, 1) prior), so a user's satisfaction is a coin with that probability rather than the
 * recorded 0/1. Unknown tasks fall back to the LLM's overall rate.
 */
export function createFittedModel(training: readonly ReplayPrompt[]): SatisfactionModel {
  const counts = new Map<string, { wins: number; total: number }>();
  const bump = (key: string, y: number): void => {
    const c = counts.get(key) ?? { wins: 0, total: 0 };
    c.wins += y;
    c.total += 1;
    counts.set(key, c);
  };
  for (const p of training) {
    for (const [llm, y] of Object.entries(p.outcomes)) {
      bump(`${p.task}\u0000${llm}`, y);
      bump(`\u0000${llm}`, y);
    }
  }
  return (prompt, llm) => {
    const c = counts.get(`${prompt.task}\u0000${llm}`) ?? counts.get(`\u0000${llm}`);
    return c ? (c.wins + 1) / (c.total + 2) : 0.5;
  };
}

/**
 * Regret of serving a prompt with one LLM: the best satisfaction probability among the offered
 * LLMs minus the chosen one's. Non-negative by construction; zero when only one LLM is offered.
 */
export function promptRegret(
  model: SatisfactionModel,
  prompt: ReplayPrompt,
  llm: string,
  offered: readonly string[],
): number {
  const chosen = model(prompt, llm);
  let best = chosen;
  for (const k of offered) best = Math.max(best, model(prompt, k));
  return best - chosen;
}
