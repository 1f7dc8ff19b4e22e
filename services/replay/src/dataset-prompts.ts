import type { DatasetRow } from '@cqb/datasets';
import type { ReplayPrompt } from './prompts.js';

/**
 * Turns rows of the dataset file format into replay prompts. Rows with empty text are dropped:
 * ingest rightly refuses them, and a replay measures routing, not input validation.
 */
export function promptsFromRows(rows: readonly DatasetRow[]): ReplayPrompt[] {
  return rows
    .filter((r) => r.prompt.trim().length > 0)
    .map((r) => ({
      id: r.id,
      text: r.prompt,
      task: r.task,
      outcomes: r.correct,
      costs: r.cost ?? {},
    }));
}
