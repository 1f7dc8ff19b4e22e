/** A bounded set of recently seen ids; the oldest is forgotten when the bound is reached. */
export interface RecentIds {
  has(id: string): boolean;
  add(id: string): void;
  readonly size: number;
}

/** Creates a {@link RecentIds} holding at most `limit` ids (insertion-ordered eviction). */
export function createRecentIds(limit: number): RecentIds {
  const ids = new Set<string>();
  return {
    has: (id) => ids.has(id),
    add(id) {
      ids.delete(id);
      ids.add(id);
      if (ids.size > limit) {
        const oldest = ids.values().next();
        if (!oldest.done) ids.delete(oldest.value);
      }
    },
    get size() {
      return ids.size;
    },
  };
}
