import { routerBenchLlms } from '@cqb/datasets';
import type { RouterBenchLlm } from '@cqb/datasets';

/** The served RouterBench LLMs, best train accuracy first, so `best-fixed` prefers the best. */
export function servedLlms(ids?: readonly string[]): RouterBenchLlm[] {
  const known = new Set(routerBenchLlms.map((l) => l.id));
  const unknown = (ids ?? []).filter((id) => !known.has(id));
  if (unknown.length > 0) throw new Error(`unknown RouterBench LLM ids: ${unknown.join(', ')}`);
  return routerBenchLlms
    .filter((l) => !ids || ids.includes(l.id))
    .sort((a, b) => b.accuracy - a.accuracy || a.id.localeCompare(b.id));
}
