import type { QueryEmbedded } from '@cqb/contracts';

/** One query waiting for an LLM, as the policy sees it plus what the scheduler needs to publish. */
export interface WaitingQuery {
  id: string;
  /** Projected context x (the policy's input), copied to float64 once on arrival. */
  context: Float64Array;
  /** Arrival order at this scheduler; the policy's "most recent arrival" uses it. */
  arrivalSeq: number;
  /** When the scheduler received it (epoch ms), for the wait-time measures. */
  enqueuedAtMs: number;
  /** Absolute deadline (epoch ms) after which nobody waits for the answer; 0 means none. */
  deadlineAtMs: number;
  event: QueryEmbedded;
}

/**
 * The scheduler's waiting queue, in arrival order, unique by query id. Small enough to scan
 * (the policy scores every waiting query each round anyway).
 */
export interface WaitingQueue {
  /** Adds a query; false when a query with this id already waits. */
  add(event: QueryEmbedded, nowMs: number): boolean;
  remove(id: string): WaitingQuery | undefined;
  has(id: string): boolean;
  /** Waiting queries in arrival order (a fresh array). */
  list(): WaitingQuery[];
  /** Removes and returns the queries whose deadline is at or before `nowMs`. */
  dropExpired(nowMs: number): WaitingQuery[];
  /** Wait of the oldest query in ms (0 when empty). */
  oldestWaitMs(nowMs: number): number;
  readonly length: number;
}

/** Builds an empty {@link WaitingQueue}. */
export function createWaitingQueue(): WaitingQueue {
  const entries = new Map<string, WaitingQuery>();
  let seq = 0;
  return {
    add(event, nowMs) {
      const id = event.query.queryId;
      if (entries.has(id)) return false;
      entries.set(id, {
        id,
        context: Float64Array.from(event.context),
        arrivalSeq: seq++,
        enqueuedAtMs: nowMs,
        deadlineAtMs: event.query.deadlineAtMs,
        event,
      });
      return true;
    },
    remove(id) {
      const entry = entries.get(id);
      entries.delete(id);
      return entry;
    },
    has: (id) => entries.has(id),
    list: () => [...entries.values()],
    dropExpired(nowMs) {
      const expired = [...entries.values()].filter(
        (q) => q.deadlineAtMs > 0 && q.deadlineAtMs <= nowMs,
      );
      for (const q of expired) entries.delete(q.id);
      return expired;
    },
    oldestWaitMs(nowMs) {
      const first = entries.values().next();
      return first.done ? 0 : Math.max(0, nowMs - first.value.enqueuedAtMs);
    },
    get length() {
      return entries.size;
    },
  };
}
