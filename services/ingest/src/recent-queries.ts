/** Who submitted a query. */
export interface QueryOwner {
  tenant: string;
  user: string;
  /** W3C traceparent of the query's ingest span, for the trace link of a later retry. */
  traceparent?: string;
}

/** A bounded map from recent query ids to their owners (oldest entries are evicted first). */
export interface RecentQueries {
  remember(queryId: string, owner: QueryOwner): void;
  get(queryId: string): QueryOwner | undefined;
  readonly size: number;
}

/**
 * Builds a {@link RecentQueries} holding at most `capacity` ids. Only this ingest replica's
 * queries are known: behind a load balancer a `retry_of` naming a query accepted by another
 * replica is refused as unknown. That is a documented limitation, not a silent acceptance.
 */
export function createRecentQueries(capacity: number): RecentQueries {
  const entries = new Map<string, QueryOwner>();
  return {
    remember(queryId, owner) {
      entries.delete(queryId);
      entries.set(queryId, owner);
      while (entries.size > capacity) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    get: (queryId) => entries.get(queryId),
    get size() {
      return entries.size;
    },
  };
}
