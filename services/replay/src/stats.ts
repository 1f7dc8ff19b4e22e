/** Percentiles of a sample (nearest rank), in the sample's unit. */
export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles; all zero for an empty sample. */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => {
    if (sorted.length === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * sorted.length));
    return sorted[rank - 1] as number;
  };
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
}

/** Shares of each key in a list of labels; the shares sum to one (empty for no labels). */
export function shares(labels: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const l of labels) counts[l] = (counts[l] ?? 0) + 1;
  const out: Record<string, number> = {};
  for (const [k, c] of Object.entries(counts).sort(([a], [b]) => a.localeCompare(b))) {
    out[k] = c / labels.length;
  }
  return out;
}
