import type { Assignment } from '@cqb/contracts';
import type { Queryable } from '@cqb/runtime';

/**
 * Writes one decision-log row per assignment in one statement. A row that already exists (the
 * same query decided before a crash, then redelivered) is left as it was.
 */
export async function recordDecisions(db: Queryable, assignments: readonly Assignment[]) {
  if (assignments.length === 0) return;
  const params: unknown[] = [];
  const tuples = assignments.map((a) => {
    const values = [
      a.query.query.queryId,
      a.llm,
      a.explored,
      a.sampledScore,
      a.policy,
      a.round,
      a.queueLength,
      a.posteriorVersion,
      a.schedulerId,
    ];
    const start = params.length;
    params.push(...values);
    return `(${values.map((_, i) => `$${start + i + 1}`).join(', ')})`;
  });
  await db.query(
    `INSERT INTO decision_log (query_id, llm, explored, sampled_score, policy, round,
       queue_length, posterior_version, scheduler_id)
     VALUES ${tuples.join(', ')}
     ON CONFLICT (query_id) DO NOTHING`,
    params,
  );
}
