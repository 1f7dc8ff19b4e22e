import type { CapacityReport } from '@cqb/contracts';

/**
 * Free slots per LLM as the scheduler believes them. Each dispatcher reports (capacity,
 * in-flight) per LLM with an increasing sequence number; the scheduler counts a slot as taken as
 * soon as it publishes an assignment, until a newer report from that LLM's dispatchers replaces
 * the estimate. Reports with a sequence number at or below the last one seen from the same
 * dispatcher and LLM are stale (reordered or redelivered) and ignored.
 */
export interface CapacityTracker {
  /** Applies a report; false when it was stale. */
  apply(report: CapacityReport): boolean;
  /** Counts one slot of `llm` as taken by an assignment just published. */
  take(llm: string): void;
  /** Undoes {@link take} for an assignment that could not be published. */
  release(llm: string): void;
  free(llm: string): number;
  /** Free slots of every known LLM. */
  snapshot(): Record<string, number>;
}

interface DispatcherView {
  seq: number;
  capacity: number;
  inFlight: number;
}

interface LlmView {
  dispatchers: Map<string, DispatcherView>;
  /** Slots taken by assignments published since the last report. */
  taken: number;
  /** Capacity assumed before any report arrives (from the LLM registry). */
  initialCapacity: number;
}

/**
 * Builds a tracker for the given LLMs. Before its first report an LLM is assumed idle with its
 * registry capacity, so a fresh system starts serving at once; a dispatcher that is in fact busy
 * corrects this with its next report (the dispatcher enforces the real limit either way).
 */
export function createCapacityTracker(
  llms: readonly { id: string; capacity: number }[],
): CapacityTracker {
  const views = new Map<string, LlmView>();
  for (const { id, capacity } of llms) {
    views.set(id, { dispatchers: new Map(), taken: 0, initialCapacity: capacity });
  }

  function free(llm: string): number {
    const view = views.get(llm);
    if (!view) return 0;
    let capacity = 0;
    let inFlight = 0;
    if (view.dispatchers.size === 0) capacity = view.initialCapacity;
    for (const d of view.dispatchers.values()) {
      capacity += d.capacity;
      inFlight += d.inFlight;
    }
    return Math.max(0, capacity - inFlight - view.taken);
  }

  return {
    apply(report) {
      const view = views.get(report.llm);
      if (!view) return false;
      const last = view.dispatchers.get(report.dispatcherId);
      if (last && report.seq <= last.seq) return false;
      view.dispatchers.set(report.dispatcherId, {
        seq: report.seq,
        capacity: report.capacity,
        inFlight: report.inFlight,
      });
      view.taken = 0;
      return true;
    },
    take(llm) {
      const view = views.get(llm);
      if (view) view.taken += 1;
    },
    release(llm) {
      const view = views.get(llm);
      if (view && view.taken > 0) view.taken -= 1;
    },
    free,
    snapshot: () => Object.fromEntries([...views.keys()].map((llm) => [llm, free(llm)])),
  };
}
