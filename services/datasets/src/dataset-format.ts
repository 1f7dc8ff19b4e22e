import { z } from 'zod';
import { readJsonl } from './jsonl.js';

/**
 * The dataset file format read by `cqb replay --dataset FILE`, the simulated backend and the
 * evaluation environments: JSON lines, UTF-8, one prompt per line.
 *
 * ```json
 * {"id":"q1","task":"arc","prompt":"Which ...?","correct":{"llm-a":1,"llm-b":0},
 *  "cost":{"llm-a":0.002,"llm-b":0.0001},"response":{"llm-a":"B","llm-b":"C"}}
 * ```
 *
 * - `id` (string, unique in the file) and `prompt` (string, may be empty) are required.
 * - `correct` (required): the recorded outcome per LLM id, 1 when that LLM's answer was correct.
 *   Every row should name the same LLMs.
 * - `task` (optional, default `"default"`): a label used to split reports (e.g. share per task).
 * - `subject` (optional): a finer label (the MMLU subject).
 * - `cost` (optional): USD per query per LLM; absent means the price table applies.
 * - `response` (optional): the recorded answer text per LLM, replayed by the simulated backend.
 */
export const datasetRowSchema = z.object({
  id: z.string().min(1),
  task: z.string().min(1).default('default'),
  subject: z.string().optional(),
  prompt: z.string(),
  correct: z.record(z.string(), z.union([z.literal(0), z.literal(1)])),
  cost: z.record(z.string(), z.number().nonnegative()).optional(),
  response: z.record(z.string(), z.string()).optional(),
});

/** One prompt with its recorded outcome per LLM (see {@link datasetRowSchema}). */
export type DatasetRow = z.output<typeof datasetRowSchema>;

/** Reads a file in the dataset file format, failing with the line number of a bad row. */
export async function loadDatasetFile(file: string): Promise<DatasetRow[]> {
  return readJsonl(file, datasetRowSchema);
}

/** LLM ids named in the `correct` field of the first row, in file order. */
export function datasetLlms(rows: readonly DatasetRow[]): string[] {
  return rows[0] ? Object.keys(rows[0].correct) : [];
}
