import { routerBenchLlms } from '@cqb/datasets';
import type { LlmEntry } from './llm-registry.js';

/**
 * Registry entries for the 11 RouterBench LLMs served by one simulated backend at `endpoint`.
 * Prices are the data's USD per 1k tokens for prompt and completion alike, so costs computed from
 * the backend's token estimate match the recorded costs on average.
 */
export function routerBenchRegistry(endpoint: string, capacity: number): LlmEntry[] {
  return routerBenchLlms.map((llm) => ({
    id: llm.id,
    endpoint,
    model: llm.id,
    capacity,
    price: {
      kind: 'per-token',
      per1kPrompt: llm.pricePer1kTokens,
      per1kCompletion: llm.pricePer1kTokens,
    },
  }));
}
