import type { CapacityReport } from '@cqb/contracts';

/**
 * Free slots per LLM as the scheduler believes them. Each dispatcher reports (capacity,
 * in-flight) per LLM with an increasing sequence number; the scheduler counts a slot as taken as
 * soon as it decides an assignment, until a report made after that decision (by `reportedAtMs`)
 * can reflect it. Reports with a sequence number at or below the last one seen from the same
 * dispatcher and LLM are stale (reordered or redelivered) and ignored. The comparison of the
 * dispatcher's report time with the scheduler's decision time assumes roughly synchronised
 * clocks; an assignment still in transit when a later report is made may be counted twice
 * (over-assignment by a few slots, which the dispatcher's own per-LLM limit absorbs).
 *
 * Reports alone are not enough: an assignment the dispatcher has not consumed yet (it waits on
 * the bus behind a slower batch of its partition) appears in no report, so a later report would
 * free its slot again and the scheduler would keep over-assigning, moving its queue onto the
 * bus where no policy orders it. The tracker therefore also counts this scheduler's own
 * outstanding assignments (decided, no answer seen yet) per LLM, and never counts more slots
 * free than the capacity minus those. An entry with no answer lapses at `expiresAtMs`.
 */
export interface CapacityTracker {
  /** Applies a report; false when it was stale. */
  apply(report: CapacityReport): boolean;
  /**
   * Counts one slot of `llm` as taken by an assignment decided at `atMs` (epoch ms). With an
   * `id`, the slot also stays taken until {@link answered} is called for that id (or until
   * `expiresAtMs`, default 2 minutes after `atMs`).
   */
  take(llm: string, atMs: number, id?: string, expiresAtMs?: number): void;
  /** Undoes a {@link take} (of assignment `id`) that could not be published. */
  release(llm: string, id?: string): void;
  /** The answer to assignment `id` was seen: its slot is free as far as this scheduler knows. */
  answered(llm: string, id: string): void;
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
  /** Decision times of assignments no report has reflected yet. */
  taken: number[];
  /** Capacity assumed before any report arrives (from the LLM registry). */
  initialCapacity: number;
  /** This scheduler's assignments with no answer seen yet: id → expiry (epoch ms). */
  outstanding: Map<string, number>;
}

/** How long an assignment without an answer keeps its slot when no expiry is given. */
const DEFAULT_OUTSTANDING_MS = 120_000;

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
    views.set(id, {
      dispatchers: new Map(),
      taken: [],
      initialCapacity: capacity,
      outstanding: new Map(),
    });
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
    const reported = capacity - inFlight - view.taken.length;
    return Math.max(0, Math.min(reported, capacity - view.outstanding.size));
  }

  function prune(view: LlmView, nowMs: number): void {
    for (const [id, expiresAtMs] of view.outstanding) {
      if (expiresAtMs <= nowMs) view.outstanding.delete(id);
    }
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
      view.taken = view.taken.filter((atMs) => atMs > report.reportedAtMs);
      return true;
    },
    take(llm, atMs, id, expiresAtMs) {
      const view = views.get(llm);
      if (!view) return;
      view.taken.push(atMs);
      prune(view, atMs);
      if (id !== undefined) view.outstanding.set(id, expiresAtMs ?? atMs + DEFAULT_OUTSTANDING_MS);
    },
    release(llm, id) {
      const view = views.get(llm);
      if (!view) return;
      view.taken.pop();
      if (id !== undefined) view.outstanding.delete(id);
    },
    answered(llm, id) {
      views.get(llm)?.outstanding.delete(id);
    },
    free,
    snapshot: () => Object.fromEntries([...views.keys()].map((llm) => [llm, free(llm)])),
  };
}
