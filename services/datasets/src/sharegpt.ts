import { z } from 'zod';
import { readJsonl } from './jsonl.js';
import { datasetPath } from './paths.js';

/** A real user's first turn from ShareGPT; `text` is empty for 21 rows (bad-input cases). */
export interface ShareGptPrompt {
  id: string;
  text: string;
}

const promptSchema = z.object({ id: z.string().min(1), text: z.string() });

/** Loads the 2,978 ShareGPT first-turn prompts (arrival traffic without outcomes). */
export async function loadShareGptPrompts(): Promise<ShareGptPrompt[]> {
  return readJsonl(datasetPath('sharegpt', 'prompts.jsonl'), promptSchema);
}
