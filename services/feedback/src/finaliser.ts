import type { Database, Queryable } from '@cqb/runtime';
import { createPosterior, deserializePosterior, serializePosterior, updatePosterior } from '@cqb/policy';
import type { OutcomeDecision, OutcomeName, SourceName } from './outcomes.js';
import { unpackFloat64 } from './vectors.js';

/** One applied feedback, as committed: the row of `applied_feedback`, ready to publish. */
export interface AppliedFeedback {
  queryId: string;
  llm: string;
  tenant: string;
  user: string;
  outcome: OutcomeName;
  source: SourceName;
  retriedBy: string;
  answeredAtMs: number;
  decidedAtMs: number;
  /** This LLM's posterior version right after this update. */
  posteriorVersion: number;
  /** W3C traceparent of the answered query's trace, when known (for the span link). */
  answerTraceParent?: string;
  /** W3C traceparent of the retrying query's trace, when known. */
  retryTraceParent?: string;
}

/** A stored posterior could not be used for an update; finalising is refused and retried. */
export class PosteriorUpdateError extends Error {
  constructor(
    readonly llm: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`posterior of LLM ${llm}: ${message}`, options);
    this.name = 'PosteriorUpdateError';
  }
}

interface ClaimedRow {
  query_id: string;
  tenant: string;
  user_id: string;
  llm: string;
  context: Uint8Array;
  encoder_version: string;
  head_version: string;
  answered_at_ms: number | string;
  trace_parent: string | null;
  retry_trace_parent: string | null;
}

/** Marks the answer finalised if it is still pending; returns the row, or undefined. */
async function claim(tx: Queryable, d: OutcomeDecision, now: number) {
  const { rows } = await tx.query<ClaimedRow>(
    `UPDATE pending_answers
        SET status = $2, source = $3, retried_by = $4, finalised_at_ms = $5
      WHERE query_id = $1 AND status = 'pending'
      RETURNING query_id, tenant, user_id, llm, context, encoder_version, head_version,
                answered_at_ms, trace_parent,
                (SELECT r.trace_parent FROM recent_queries r WHERE r.query_id = $4)
                  AS retry_trace_parent`,
    [d.queryId, d.outcome, d.source, d.retriedBy, now],
  );
  return rows[0];
}

/** Records the feedback id; false when it was already applied (a duplicate). */
async function recordApplied(tx: Queryable, f: AppliedFeedback): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO applied_feedback (feedback_id, llm, tenant, user_id, outcome, source,
       retried_by, answered_at_ms, decided_at_ms, posterior_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (feedback_id) DO NOTHING RETURNING feedback_id`,
    [f.queryId, f.llm, f.tenant, f.user, f.outcome, f.source, f.retriedBy, f.answeredAtMs,
      f.decidedAtMs, f.posteriorVersion],
  );
  return rows.length === 1;
}

interface PosteriorRow {
  dim: number;
  encoder_version: string;
  head_version: string;
  state: Uint8Array;
  version: number | string;
  observations: number | string;
}

/** Locks (creating from the prior if absent) and returns one LLM's posterior row. */
async function lockPosterior(tx: Queryable, claimed: ClaimedRow, lambda: number) {
  const dim = claimed.context.byteLength / 8;
  const prior = Buffer.from(serializePosterior(createPosterior(dim, lambda)));
  await tx.query(
    `INSERT INTO llm_posterior (llm, dim, encoder_version, head_version, state)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (llm) DO NOTHING`,
    [claimed.llm, dim, claimed.encoder_version, claimed.head_version, prior],
  );
  const { rows } = await tx.query<PosteriorRow>(
    `SELECT dim, encoder_version, head_version, state, version, observations
       FROM llm_posterior WHERE llm = $1 FOR UPDATE`,
    [claimed.llm],
  );
  return rows[0]!;
}

/** Applies one outcome's Newton step to the locked posterior and writes it at version + 1. */
async function updateStored(tx: Queryable, claimed: ClaimedRow, y: 0 | 1, lambda: number) {
  const row = await lockPosterior(tx, claimed, lambda);
  const context = unpackFloat64(claimed.context);
  const mismatch =
    row.dim !== context.length ||
    row.encoder_version !== claimed.encoder_version ||
    row.head_version !== claimed.head_version;
  if (mismatch) {
    const detail = `stored for d=${row.dim} ${row.encoder_version}/${row.head_version}`;
    throw new PosteriorUpdateError(claimed.llm, `${detail}, answer has d=${context.length}`);
  }
  let state;
  try {
    state = deserializePosterior(row.state, row.dim);
  } catch (cause) {
    throw new PosteriorUpdateError(claimed.llm, 'stored state refused', { cause });
  }
  updatePosterior(state, context, y);
  const version = Number(row.version) + 1;
  await tx.query(
    `UPDATE llm_posterior SET state = $2, observations = observations + 1, version = $3,
       updated_at = now() WHERE llm = $1`,
    [claimed.llm, Buffer.from(serializePosterior(state)), version],
  );
  return version;
}

/**
 * Finalises one pending answer, exactly once: in a single transaction it marks the row
 * finalised (only if still pending), records the feedback id in `applied_feedback` (a second
 * delivery finds it there), locks the LLM's posterior row, applies the update and writes it
 * with version + 1. Returns the applied feedback, or undefined when the answer was not pending
 * (unknown, or already finalised by a duplicate or a concurrent finaliser).
 */
export async function finaliseOne(
  tx: Queryable,
  decision: OutcomeDecision,
  options: { now: number; lambda: number },
): Promise<AppliedFeedback | undefined> {
  const claimed = await claim(tx, decision, options.now);
  if (!claimed) return undefined;
  const applied: AppliedFeedback = {
    queryId: claimed.query_id,
    llm: claimed.llm,
    tenant: claimed.tenant,
    user: claimed.user_id,
    outcome: decision.outcome,
    source: decision.source,
    retriedBy: decision.retriedBy,
    answeredAtMs: Number(claimed.answered_at_ms),
    decidedAtMs: options.now,
    posteriorVersion: 0,
  };
  if (claimed.trace_parent) applied.answerTraceParent = claimed.trace_parent;
  if (claimed.retry_trace_parent) applied.retryTraceParent = claimed.retry_trace_parent;
  if (!(await recordApplied(tx, applied))) return undefined;
  const y = decision.outcome === 'satisfied' ? 1 : 0;
  applied.posteriorVersion = await updateStored(tx, claimed, y, options.lambda);
  await tx.query('UPDATE applied_feedback SET posterior_version = $2 WHERE feedback_id = $1', [
    applied.queryId,
    applied.posteriorVersion,
  ]);
  return applied;
}

/** {@link finaliseOne} in its own transaction. */
export function finalise(
  db: Database,
  decision: OutcomeDecision,
  options: { now: number; lambda: number },
): Promise<AppliedFeedback | undefined> {
  return db.transaction((tx) => finaliseOne(tx, decision, options));
}

/**
 * Finalises, as satisfied, up to `batchSize` pending answers whose window closed at or before
 * `closedBefore`, in one transaction. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so
 * concurrent sweepers (replicas) take disjoint batches instead of waiting on each other, and
 * ordered by LLM so that posterior row locks are always taken in the same order.
 */
export async function finaliseDue(
  db: Database,
  options: {
    now: number;
    closedBefore: number;
    lambda: number;
    batchSize: number;
    /**
     * Holds an answer while a query of the same user, received inside its window after this
     * time, is not embedded yet (it may be a retry still in the embedder's pipeline).
     * Omitted: no hold.
     */
    holdSinceMs?: number;
    /** Called for an answer that could not be finalised (it stays pending). */
    onError?: (queryId: string, err: unknown) => void;
  },
): Promise<AppliedFeedback[]> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ query_id: string }>(
      `SELECT query_id FROM pending_answers p
        WHERE status = 'pending' AND window_closes_ms <= $1
          AND NOT EXISTS (
            SELECT 1 FROM recent_queries r
             WHERE r.tenant = p.tenant AND r.user_id = p.user_id AND r.retried = ''
               AND r.retry_of = '' AND length(r.embedding) = 0
               AND r.received_at_ms >= p.answered_at_ms AND r.received_at_ms < p.window_closes_ms
               AND r.received_at_ms > $3)
        ORDER BY llm, window_closes_ms
        LIMIT $2 FOR UPDATE OF p SKIP LOCKED`,
      [options.closedBefore, options.batchSize, options.holdSinceMs ?? Number.MAX_SAFE_INTEGER],
    );
    const applied: AppliedFeedback[] = [];
    for (const { query_id: queryId } of rows) {
      const decision: OutcomeDecision = {
        queryId,
        outcome: 'satisfied',
        source: 'window_closed',
        retriedBy: '',
      };
      // A savepoint per row: one unusable posterior must not hold back the rest of the batch.
      await tx.query('SAVEPOINT finalise_row');
      try {
        const one = await finaliseOne(tx, decision, options);
        if (one) applied.push(one);
        await tx.query('RELEASE SAVEPOINT finalise_row');
      } catch (err) {
        await tx.query('ROLLBACK TO SAVEPOINT finalise_row');
        options.onError?.(queryId, err);
      }
    }
    return applied;
  });
}
