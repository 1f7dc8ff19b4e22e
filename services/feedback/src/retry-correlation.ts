import { cosine } from './vectors.js';

/** An answer still inside its retry window, as correlation needs it. */
export interface AnsweredQuery {
  queryId: string;
  answeredAtMs: number;
  embedding: ArrayLike<number>;
}

/** A later query of the same tenant and user that may be a retry. */
export interface LaterQuery {
  queryId: string;
  /** The query id this one explicitly regenerates, or ''. */
  retryOf: string;
  receivedAtMs: number;
  embedding: ArrayLike<number>;
}

/** The two knobs of retry correlation. */
export interface RetryRules {
  /** How long after an answer a new query still counts as its retry, in ms. */
  retryWindowMs: number;
  /** Minimum cosine similarity of the base embeddings for an implicit retry. */
  retrySimilarity: number;
}

/** Why a query counts as a retry of an answer. */
export type RetryReason = 'retry_of' | 'similar_query';

/**
 * Decides whether `later` retries `answered` (both of the same tenant and user, which callers
 * ensure). An explicit `retry_of` counts whenever the query arrived before the window closed,
 * even if the answer was logged after it (the two topics race); similarity counts only for a
 * query received inside [answeredAt, answeredAt + window).
 */
export function retryReason(
  answered: AnsweredQuery,
  later: LaterQuery,
  rules: RetryRules,
): { reason: RetryReason; similarity: number } | undefined {
  if (later.queryId === answered.queryId) return undefined;
  const closesAt = answered.answeredAtMs + rules.retryWindowMs;
  if (later.receivedAtMs >= closesAt) return undefined;
  if (later.retryOf !== '') {
    return later.retryOf === answered.queryId ? { reason: 'retry_of', similarity: 1 } : undefined;
  }
  // A query not embedded yet (seen on the queries topic only) can only be an explicit retry.
  if (later.receivedAtMs < answered.answeredAtMs || later.embedding.length === 0) return undefined;
  const similarity = cosine(answered.embedding, later.embedding);
  return similarity >= rules.retrySimilarity ? { reason: 'similar_query', similarity } : undefined;
}

/**
 * Picks the one answer a new query retries among the user's pending answers: the one it names,
 * else the most similar above the threshold (the most recent on ties). A retry marks at most one
 * answer unsatisfied.
 */
export function pickRetriedAnswer<A extends AnsweredQuery>(
  later: LaterQuery,
  candidates: readonly A[],
  rules: RetryRules,
): { answer: A; reason: RetryReason } | undefined {
  let best: { answer: A; reason: RetryReason; similarity: number } | undefined;
  for (const answer of candidates) {
    const match = retryReason(answer, later, rules);
    if (!match) continue;
    const better =
      !best ||
      match.similarity > best.similarity ||
      (match.similarity === best.similarity && answer.answeredAtMs > best.answer.answeredAtMs);
    if (better) best = { answer, ...match };
  }
  return best && { answer: best.answer, reason: best.reason };
}

/**
 * Picks the one later query that retries a just-logged answer, among the user's recent queries
 * (the mirror of {@link pickRetriedAnswer}, for a retry processed before its answer): the
 * earliest match decides.
 */
export function pickRetryingQuery<Q extends LaterQuery>(
  answered: AnsweredQuery,
  candidates: readonly Q[],
  rules: RetryRules,
): { query: Q; reason: RetryReason } | undefined {
  const matches = candidates
    .map((query) => ({ query, match: retryReason(answered, query, rules) }))
    .filter((m) => m.match !== undefined)
    .sort((a, b) => a.query.receivedAtMs - b.query.receivedAtMs);
  const first = matches[0];
  return first && { query: first.query, reason: first.match!.reason };
}
