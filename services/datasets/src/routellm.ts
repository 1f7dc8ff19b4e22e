import { z } from 'zod';
import { loadDatasetFile } from './dataset-format.js';
import type { DatasetRow } from './dataset-format.js';
import { readJson } from './jsonl.js';
import { datasetPath } from './paths.js';

/** RouteLLM evaluation tasks in the committed fixtures. */
export type RouteLlmTask = 'mmlu' | 'gsm8k';

/** A RouteLLM row: `subject` is the MMLU subject (`"gsm8k"` for GSM8K); cost from list prices. */
export type RouteLlmRow = DatasetRow & { subject: string; cost: Record<string, number> };

/** List prices of a RouteLLM LLM in USD per 1k tokens (see data/NOTICE.md for the source). */
export interface RouteLlmLlm {
  id: string;
  pricePer1kPrompt: number;
  pricePer1kCompletion: number;
}

/** Options of {@link loadRouteLlm}. */
export interface LoadRouteLlmOptions {
  task: RouteLlmTask;
}

const llmSchema = z.array(
  z.object({ id: z.string(), pricePer1kPrompt: z.number(), pricePer1kCompletion: z.number() }),
);

/** The two RouteLLM LLMs (GPT-4-1106 and Mixtral-8x7B) with their list prices. */
export const routeLlmLlms: readonly RouteLlmLlm[] = llmSchema.parse(
  await readJson(datasetPath('routellm', 'llms.json')),
);

/**
 * Loads RouteLLM outcomes for one task. Cost per query is list price × approximate tokens
 * (chars/4; completion = the recorded response for GSM8K, one token for MMLU's letter answer).
 */
export async function loadRouteLlm(options: LoadRouteLlmOptions): Promise<RouteLlmRow[]> {
  const rows = await loadDatasetFile(datasetPath('routellm', `${options.task}.jsonl`));
  return rows as RouteLlmRow[];
}
