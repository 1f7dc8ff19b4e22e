import { z } from 'zod';
import { loadDatasetFile } from './dataset-format.js';
import type { DatasetRow } from './dataset-format.js';
import { readJson } from './jsonl.js';
import { datasetPath } from './paths.js';

/** The three RouterBench tasks in the committed subset. */
export type RouterBenchTask = 'arc' | 'mbpp' | 'winogrande';

/** A RouterBench row: every field of the dataset format is present. */
export type RouterBenchRow = DatasetRow & {
  task: RouterBenchTask;
  cost: Record<string, number>;
  response: Record<string, string>;
};

/** Prices of a RouterBench LLM, fitted on the train split. */
export interface RouterBenchLlm {
  /** LLM id as named in the data (also the model name the simulated backend serves). */
  id: string;
  /** Mean recorded cost of one query in USD. */
  pricePerQuery: number;
  /** Recorded cost divided by approximate tokens (prompt + response, chars/4), USD per 1k. */
  pricePer1kTokens: number;
  /** Share of train prompts this LLM answered correctly. */
  accuracy: number;
}

/** Options of {@link loadRouterBench}. */
export interface LoadRouterBenchOptions {
  split: 'train' | 'test';
}

const llmSchema = z.array(
  z.object({
    id: z.string(),
    pricePerQuery: z.number(),
    pricePer1kTokens: z.number(),
    accuracy: z.number(),
  }),
);

/**
 * The 11 RouterBench LLMs with prices derived from the recorded costs (data/routerbench/llms.json,
 * written by tools/derive-fixtures). Loaded once at import.
 */
export const routerBenchLlms: readonly RouterBenchLlm[] = llmSchema.parse(
  await readJson(datasetPath('routerbench', 'llms.json')),
);

/** Loads the RouterBench 0-shot rows (ARC-Challenge, MBPP, Winogrande) of one split. */
export async function loadRouterBench(options: LoadRouterBenchOptions): Promise<RouterBenchRow[]> {
  const rows = await loadDatasetFile(datasetPath('routerbench', `${options.split}.jsonl`));
  return rows as RouterBenchRow[];
}
