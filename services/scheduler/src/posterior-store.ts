import type { Queryable } from '@cqb/runtime';
import { createPosterior, deserializePosterior } from '@cqb/policy';
import type { LogisticPosterior } from '@cqb/policy';

/** A stored posterior was refused: corrupt bytes, or made for other contexts than ours. */
export class PosteriorLoadError extends Error {
  constructor(
    readonly llm: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`posterior of LLM ${llm}: ${message}`, options);
    this.name = 'PosteriorLoadError';
  }
}

/** What a stored posterior must match to be used. */
export interface PosteriorExpectation {
  /** Context dimension d. */
  dim: number;
  /** Encoder and head versions the contexts come from; unset means not checked. */
  encoderVersion?: string;
  headVersion?: string;
  /** Prior precision λ used when an LLM has no stored posterior yet. */
  lambda: number;
}

/** One LLM's posterior as the scheduler uses it. `version` 0 means the prior (no row yet). */
export interface LoadedPosterior {
  state: LogisticPosterior;
  version: number;
}

interface PosteriorRow {
  dim: number;
  encoder_version: string;
  head_version: string;
  state: Uint8Array;
  version: number | string | bigint;
}

function check(llm: string, row: PosteriorRow, expect: PosteriorExpectation): void {
  if (row.dim !== expect.dim) {
    throw new PosteriorLoadError(llm, `dimension ${row.dim}, expected ${expect.dim}`);
  }
  if (expect.encoderVersion !== undefined && row.encoder_version !== expect.encoderVersion) {
    const detail = `encoder ${row.encoder_version}, expected ${expect.encoderVersion}`;
    throw new PosteriorLoadError(llm, detail);
  }
  if (expect.headVersion !== undefined && row.head_version !== expect.headVersion) {
    throw new PosteriorLoadError(llm, `head ${row.head_version}, expected ${expect.headVersion}`);
  }
}

/**
 * Loads and validates one LLM's stored posterior, or returns the prior at version 0 when there
 * is no row. Throws {@link PosteriorLoadError} naming the LLM for a row that fails the format
 * checks (checksum, finiteness, positive-definite factor) or does not match `expect`: a bad
 * posterior is refused, never silently replaced by the prior.
 */
export async function loadPosterior(
  db: Queryable,
  llm: string,
  expect: PosteriorExpectation,
): Promise<LoadedPosterior> {
  const { rows } = await db.query<PosteriorRow>(
    'SELECT dim, encoder_version, head_version, state, version FROM llm_posterior WHERE llm = $1',
    [llm],
  );
  const row = rows[0];
  if (!row) return { state: createPosterior(expect.dim, expect.lambda), version: 0 };
  check(llm, row, expect);
  try {
    return { state: deserializePosterior(row.state, expect.dim), version: Number(row.version) };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PosteriorLoadError(llm, `stored state refused (${reason})`, { cause });
  }
}

/** Query ids among `ids` that already have a decision-log row (assigned before a restart). */
export async function decidedAmong(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ query_id: string }>(
    'SELECT query_id FROM decision_log WHERE query_id = ANY($1)',
    [ids],
  );
  return new Set(rows.map((r) => r.query_id));
}

/** The largest round number logged for `policy`, so ε_t continues across restarts. */
export async function lastRound(db: Queryable, policy: string): Promise<number> {
  const { rows } = await db.query<{ round: number | string | null }>(
    'SELECT MAX(round) AS round FROM decision_log WHERE policy = $1',
    [policy],
  );
  return Number(rows[0]?.round ?? 0);
}

/**
 * The LLMs of the registry (table `llms`, migration 0003) in id order, the policy's arm order.
 * A disabled LLM keeps its arm but counts zero capacity until a dispatcher reports otherwise.
 */
export async function listRegistryLlms(db: Queryable): Promise<{ id: string; capacity: number }[]> {
  const { rows } = await db.query<{ id: string; capacity: number; enabled: boolean }>(
    'SELECT id, capacity, enabled FROM llms ORDER BY id',
  );
  return rows.map((r) => ({ id: r.id, capacity: r.enabled ? Number(r.capacity) : 0 }));
}
