/** Builds dataset environments from labelled prompts (the rows of `@cqb/datasets`). */
import { createDatasetEnvironment, type Environment } from './environment.js';
import { HASHED_BOW_VERSION, hashedBagOfWords } from './text-features.js';

/** One recorded prompt: its text, 0/1 correctness per LLM id and optional cost per LLM id. */
export interface LabelledPrompt {
  prompt: string;
  correct: Readonly<Record<string, number>>;
  cost?: Readonly<Record<string, number>>;
}

/** Options of `environmentFromPrompts`. */
export interface PromptEnvironmentOptions {
  name: string;
  /** LLM ids in arm order. */
  llms: readonly string[];
  truth: 'fitted' | 'logged';
  /** Context dimension of the hashed bag-of-words features. Default 32. */
  d?: number;
  /** Ridge strength of the truth fit. Default 1. */
  lambda?: number;
  /**
   * Precomputed contexts, one per row (for example the embedder's projected embeddings); when
   * absent, hashed bag-of-words vectors of the prompts are used.
   */
  contexts?: readonly Float64Array[];
  /** What the precomputed contexts are (recorded in results). */
  contextsName?: string;
}

/**
 * A dataset environment over `rows`. Contexts are the given precomputed vectors or else hashed
 * bag-of-words vectors of the prompts (see `hashedBagOfWords`), a deterministic stand-in where no
 * sentence embeddings are available.
 */
export function environmentFromPrompts(
  rows: readonly LabelledPrompt[],
  o: PromptEnvironmentOptions,
): Environment {
  const d = o.contexts?.[0]?.length ?? o.d ?? 32;
  return createDatasetEnvironment({
    name: o.name,
    truth: o.truth,
    lambda: o.lambda ?? 1,
    contexts: o.contexts ?? rows.map((r) => hashedBagOfWords(r.prompt, d)),
    correct: rows.map((r) => Uint8Array.from(o.llms, (id) => (r.correct[id] === 1 ? 1 : 0))),
    costs: rows.map((r) => Float64Array.from(o.llms, (id) => r.cost?.[id] ?? 0)),
    info: {
      contexts: o.contexts ? (o.contextsName ?? 'precomputed') : HASHED_BOW_VERSION,
      d,
      llms: o.llms.join(','),
    },
  });
}
