import type { Database } from '@cqb/runtime';
import type { AppliedFeedback } from './finaliser.js';
import { finaliseOne } from './finaliser.js';
import type { RetryReason } from './retry-correlation.js';

class AnswerNotPending extends Error {}

/**
 * Finalises answer `answerId` as retried by query `retryId`, in one transaction that also marks
 * the retry as used: one retry marks at most one answer, even when the answer-side and the
 * query-side correlation race. Locks the retry's row first, then the answer, then the posterior.
 * Returns undefined when the retry was already used or the answer was no longer pending.
 */
export async function applyRetry(
  db: Database,
  answerId: string,
  retryId: string,
  reason: RetryReason,
  options: { now: number; lambda: number },
): Promise<AppliedFeedback | undefined> {
  try {
    return await db.transaction(async (tx) => {
      const marked = await tx.query(
        `UPDATE recent_queries SET retried = $2 WHERE query_id = $1 AND retried = ''
         RETURNING query_id`,
        [retryId, answerId],
      );
      if (marked.rows.length === 0) return undefined;
      const decision = { queryId: answerId, outcome: 'retried', source: reason, retriedBy: retryId };
      const applied = await finaliseOne(tx, { ...decision, outcome: 'retried' }, options);
      // Rolls back the mark: the retry stays available for another pending answer.
      if (!applied) throw new AnswerNotPending();
      return applied;
    });
  } catch (err) {
    if (err instanceof AnswerNotPending) return undefined;
    throw err;
  }
}
