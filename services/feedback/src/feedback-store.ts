import type { Answer, QueryEmbedded, QueryReceived } from '@cqb/contracts';
import type { Queryable } from '@cqb/runtime';
import type { AppliedFeedback } from './finaliser.js';
import type { AnsweredQuery, LaterQuery } from './retry-correlation.js';
import { packFloat32, packFloat64, unpackFloat32 } from './vectors.js';

/** A pending answer as correlation reads it back. */
export interface PendingAnswer extends AnsweredQuery {
  tenant: string;
  user: string;
}

/** A recent query as correlation reads it back. */
export type RecentQuery = LaterQuery;

/**
 * Stores an OK answer as pending until `answeredAt + retryWindowMs`. Returns false when it was
 * already known, pending or finalised (a redelivery), so it is never finalised twice.
 */
export async function insertPendingAnswer(
  db: Queryable,
  answer: Answer,
  retryWindowMs: number,
  traceParent?: string,
): Promise<boolean> {
  const embedded = answer.assignment.query;
  const q = embedded.query;
  const { rows } = await db.query(
    `INSERT INTO pending_answers (query_id, tenant, user_id, llm, context, embedding,
       encoder_version, head_version, answered_at_ms, window_closes_ms, trace_parent)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11
      WHERE NOT EXISTS (SELECT 1 FROM applied_feedback WHERE feedback_id = $1)
     ON CONFLICT (query_id) DO NOTHING RETURNING query_id`,
    [q.queryId, q.tenant, q.user, answer.assignment.llm, packFloat64(embedded.context),
      packFloat32(embedded.embedding), embedded.encoderVersion, embedded.headVersion,
      answer.answeredAtMs, answer.answeredAtMs + retryWindowMs, traceParent ?? null],
  );
  return rows.length === 1;
}

/**
 * Remembers a query for one retry window (for retries processed before their answer), or adds
 * the embedding to a query first seen on the queries topic.
 */
export async function insertRecentQuery(
  db: Queryable,
  event: QueryEmbedded,
  traceParent?: string,
): Promise<void> {
  const q = event.query;
  await db.query(
    `INSERT INTO recent_queries (query_id, tenant, user_id, retry_of, embedding, received_at_ms,
       trace_parent)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (query_id) DO UPDATE
       SET embedding = EXCLUDED.embedding,
           trace_parent = coalesce(EXCLUDED.trace_parent, recent_queries.trace_parent)
     WHERE length(recent_queries.embedding) = 0`,
    [q.queryId, q.tenant, q.user, q.retryOf, packFloat32(event.embedding), q.receivedAtMs,
      traceParent ?? null],
  );
}

/**
 * Remembers a query as ingest accepted it, before its embedding exists (empty `embedding`): it
 * can already match as an explicit retry, and it holds the user's answers whose window it falls
 * in open until the embedded event arrives (see `finaliseDue`'s `holdSinceMs`).
 */
export async function insertReceivedQuery(
  db: Queryable,
  q: QueryReceived,
  traceParent?: string,
): Promise<void> {
  await db.query(
    `INSERT INTO recent_queries (query_id, tenant, user_id, retry_of, embedding, received_at_ms,
       trace_parent)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (query_id) DO NOTHING`,
    [q.queryId, q.tenant, q.user, q.retryOf, Buffer.alloc(0), q.receivedAtMs, traceParent ?? null],
  );
}

interface PendingRow {
  query_id: string;
  tenant: string;
  user_id: string;
  answered_at_ms: number | string;
  embedding: Uint8Array;
}

/** The user's pending answers whose window is still open at `atMs` (plus a named one). */
export async function pendingAnswersOf(
  db: Queryable,
  tenant: string,
  user: string,
  atMs: number,
  retryOf: string,
): Promise<PendingAnswer[]> {
  const { rows } = await db.query<PendingRow>(
    `SELECT query_id, tenant, user_id, answered_at_ms, embedding FROM pending_answers
      WHERE tenant = $1 AND user_id = $2 AND status = 'pending'
        AND (window_closes_ms > $3 OR query_id = $4)`,
    [tenant, user, atMs, retryOf],
  );
  return rows.map((r) => ({
    queryId: r.query_id,
    tenant: r.tenant,
    user: r.user_id,
    answeredAtMs: Number(r.answered_at_ms),
    embedding: unpackFloat32(r.embedding),
  }));
}

interface RecentRow {
  query_id: string;
  retry_of: string;
  received_at_ms: number | string;
  embedding: Uint8Array;
}

/** The user's recent queries not yet counted as a retry, received before `beforeMs`. */
export async function recentQueriesOf(
  db: Queryable,
  tenant: string,
  user: string,
  beforeMs: number,
): Promise<RecentQuery[]> {
  const { rows } = await db.query<RecentRow>(
    `SELECT query_id, retry_of, received_at_ms, embedding FROM recent_queries
      WHERE tenant = $1 AND user_id = $2 AND retried = '' AND received_at_ms < $3`,
    [tenant, user, beforeMs],
  );
  return rows.map((r) => ({
    queryId: r.query_id,
    retryOf: r.retry_of,
    receivedAtMs: Number(r.received_at_ms),
    embedding: unpackFloat32(r.embedding),
  }));
}

/** Marks a recent query as the retry of `answerId`, so it marks no other answer. */
export async function markRetryUsed(db: Queryable, queryId: string, answerId: string) {
  await db.query(`UPDATE recent_queries SET retried = $2 WHERE query_id = $1`, [queryId, answerId]);
}

/**
 * Deletes recent queries received before `beforeMs` (past every window they could matter to);
 * a query still waiting for its embedding is kept until `unembeddedBeforeMs` (its hold bound).
 */
export async function pruneRecentQueries(
  db: Queryable,
  beforeMs: number,
  unembeddedBeforeMs = beforeMs,
): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM recent_queries WHERE received_at_ms < $1
        AND (length(embedding) > 0 OR received_at_ms < $2)`,
    [beforeMs, Math.min(beforeMs, unembeddedBeforeMs)],
  );
  return rowCount;
}

interface AppliedRow {
  feedback_id: string;
  llm: string;
  tenant: string;
  user_id: string;
  outcome: AppliedFeedback['outcome'];
  source: AppliedFeedback['source'];
  retried_by: string;
  answered_at_ms: number | string;
  decided_at_ms: number | string;
  posterior_version: number | string;
}

/** Applied feedback not yet published (the outbox), decided at or before `decidedBefore`. */
export async function unpublished(
  db: Queryable,
  decidedBefore: number,
  limit: number,
): Promise<AppliedFeedback[]> {
  const { rows } = await db.query<AppliedRow>(
    `SELECT feedback_id, llm, tenant, user_id, outcome, source, retried_by, answered_at_ms,
            decided_at_ms, posterior_version
       FROM applied_feedback WHERE published_at_ms IS NULL AND decided_at_ms <= $1
      ORDER BY decided_at_ms LIMIT $2`,
    [decidedBefore, limit],
  );
  return rows.map((r) => ({
    queryId: r.feedback_id,
    llm: r.llm,
    tenant: r.tenant,
    user: r.user_id,
    outcome: r.outcome,
    source: r.source,
    retriedBy: r.retried_by,
    answeredAtMs: Number(r.answered_at_ms),
    decidedAtMs: Number(r.decided_at_ms),
    posteriorVersion: Number(r.posterior_version),
  }));
}

/** Marks applied feedback as published. */
export async function markPublished(db: Queryable, ids: readonly string[], now: number) {
  if (ids.length === 0) return;
  await db.query(
    'UPDATE applied_feedback SET published_at_ms = $2 WHERE feedback_id = ANY($1)',
    [ids, now],
  );
}
