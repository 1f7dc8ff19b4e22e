import type { Queryable } from '@cqb/runtime';

/** Price of an LLM's answers in USD: per query, or per 1k prompt and completion tokens. */
export type LlmPrice =
  | { kind: 'per-query'; perQuery: number }
  | { kind: 'per-token'; per1kPrompt: number; per1kCompletion: number };

/** One LLM the system may route to (a row of the `llms` table). */
export interface LlmEntry {
  id: string;
  /** Base URL of the OpenAI-compatible API, including the version path (`.../v1`). */
  endpoint: string;
  /** Model name sent in the request body. */
  model: string;
  /** Concurrent requests one dispatcher may hold open to this LLM. */
  capacity: number;
  price: LlmPrice;
  /** Name of the environment variable holding the bearer token, if any. */
  apiKeyEnv?: string;
  /** Disabled LLMs are listed but get no new work. Default true. */
  enabled?: boolean;
}

/** Reads the LLM registry. */
export interface LlmRegistry {
  /** Every registered LLM, ordered by id. */
  list(): Promise<LlmEntry[]>;
}

interface LlmRow {
  id: string;
  endpoint: string;
  model: string;
  capacity: number;
  price_per_1k_prompt: number | null;
  price_per_1k_completion: number | null;
  price_per_query: number | null;
  api_key_env: string | null;
  enabled: boolean;
}

/** A registry row that cannot be used (no usable price). */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
}

function toEntry(row: LlmRow): LlmEntry {
  const entry: LlmEntry = {
    id: row.id,
    endpoint: row.endpoint.replace(/\/+$/, ''),
    model: row.model,
    capacity: Number(row.capacity),
    price: toPrice(row),
    enabled: row.enabled,
  };
  if (row.api_key_env) entry.apiKeyEnv = row.api_key_env;
  return entry;
}

function toPrice(row: LlmRow): LlmPrice {
  if (row.price_per_query !== null)
    return { kind: 'per-query', perQuery: Number(row.price_per_query) };
  if (row.price_per_1k_prompt === null || row.price_per_1k_completion === null) {
    throw new RegistryError(`LLM ${row.id} has no price`);
  }
  return {
    kind: 'per-token',
    per1kPrompt: Number(row.price_per_1k_prompt),
    per1kCompletion: Number(row.price_per_1k_completion),
  };
}

/** Creates a registry reading table `llms` (migration 0003_llm_registry.sql). */
export function createLlmRegistry(db: Queryable): LlmRegistry {
  return {
    async list() {
      const { rows } = await db.query<LlmRow>(
        `SELECT id, endpoint, model, capacity, price_per_1k_prompt, price_per_1k_completion,
                price_per_query, api_key_env, enabled
           FROM llms ORDER BY id`,
      );
      return rows.map(toEntry);
    },
  };
}

/** Inserts or replaces registry rows (all-in-one mode, demos and tests). */
export async function seedRegistry(db: Queryable, llms: readonly LlmEntry[]): Promise<void> {
  for (const llm of llms) {
    const perQuery = llm.price.kind === 'per-query' ? llm.price.perQuery : null;
    const per1kPrompt = llm.price.kind === 'per-token' ? llm.price.per1kPrompt : null;
    const per1kCompletion = llm.price.kind === 'per-token' ? llm.price.per1kCompletion : null;
    await db.query(
      `INSERT INTO llms (id, endpoint, model, capacity, price_per_1k_prompt,
                         price_per_1k_completion, price_per_query, api_key_env, enabled)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET endpoint = EXCLUDED.endpoint, model = EXCLUDED.model,
         capacity = EXCLUDED.capacity, price_per_1k_prompt = EXCLUDED.price_per_1k_prompt,
         price_per_1k_completion = EXCLUDED.price_per_1k_completion,
         price_per_query = EXCLUDED.price_per_query, api_key_env = EXCLUDED.api_key_env,
         enabled = EXCLUDED.enabled, updated_at = now()`,
      [
        llm.id,
        llm.endpoint,
        llm.model,
        llm.capacity,
        per1kPrompt,
        per1kCompletion,
        perQuery,
        llm.apiKeyEnv ?? null,
        llm.enabled ?? true,
      ],
    );
  }
}

/** Cost in USD of one answer under `price`. */
export function answerCost(
  price: LlmPrice,
  promptTokens: number,
  completionTokens: number,
): number {
  if (price.kind === 'per-query') return price.perQuery;
  return (promptTokens * price.per1kPrompt + completionTokens * price.per1kCompletion) / 1000;
}
