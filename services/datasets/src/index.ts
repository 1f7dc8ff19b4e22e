/**
 * Loaders for the committed data fixtures under `data/` (derived by tools/derive-fixtures from
 * public datasets; sources and licences in data/NOTICE.md).
 *
 * API:
 * - `loadRouterBench({ split: 'train' | 'test' })` → `RouterBenchRow[]` (id, task arc|mbpp|winogrande,
 *   prompt, correct {llm: 0|1}, cost {llm: usd}, response {llm: text}); train 2,205, test 945.
 * - `routerBenchLlms`: the 11 LLMs with `pricePerQuery`, `pricePer1kTokens`, train `accuracy`.
 * - `loadRouteLlm({ task: 'mmlu' | 'gsm8k' })` → `RouteLlmRow[]` (plus `subject`; cost from list
 *   prices); `routeLlmLlms`: the 2 LLMs with list prices per 1k prompt/completion tokens.
 * - `loadShareGptPrompts()` → `{ id, text }[]` (2,978; 21 have empty text).
 * - `loadDatasetFile(path)`, `datasetRowSchema`, `DatasetRow`: the documented dataset file format
 *   (JSON lines) used by `cqb replay --dataset FILE`; `datasetLlms(rows)`.
 * - `datasetsDir`, `datasetPath(...)`: absolute paths into `data/`, independent of the cwd.
 * - `approxTokens(text)`: the project's token estimate, ceil(chars / 4), at least 1.
 */
export { datasetsDir, datasetPath } from './paths.js';
export { DatasetFormatError } from './jsonl.js';
export { datasetLlms, datasetRowSchema, loadDatasetFile } from './dataset-format.js';
export type { DatasetRow } from './dataset-format.js';
export { loadRouterBench, routerBenchLlms } from './routerbench.js';
export type {
  LoadRouterBenchOptions,
  RouterBenchLlm,
  RouterBenchRow,
  RouterBenchTask,
} from './routerbench.js';
export { loadRouteLlm, routeLlmLlms } from './routellm.js';
export type { LoadRouteLlmOptions, RouteLlmLlm, RouteLlmRow, RouteLlmTask } from './routellm.js';
export { loadShareGptPrompts } from './sharegpt.js';
export type { ShareGptPrompt } from './sharegpt.js';
export { approxTokens } from './tokens.js';
