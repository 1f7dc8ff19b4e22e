/** Options of {@link createMicroBatcher}. */
export interface MicroBatcherOptions<T> {
  /** Most items per run. */
  maxBatchSize: number;
  /** How long a partial batch waits for more items before it runs; 0 runs at once. */
  maxWaitMs: number;
  /** Processes one batch; its failure rejects every add() whose items were in it. */
  run(items: T[]): Promise<void>;
}

/** Collects items from concurrent callers into batches by size and by a time budget; runs one batch at a time. */
export interface MicroBatcher<T> {
  /** Resolves when every given item has been processed. */
  add(items: readonly T[]): Promise<void>;
}

interface Pending<T> {
  item: T;
  done: { resolve(): void; reject(err: unknown): void };
}

/**
 * Creates a micro-batcher: the bus hands each partition's events to its own handler, and this
 * joins them into one model run, which is far cheaper than several small ones.
 */
export function createMicroBatcher<T>(options: MicroBatcherOptions<T>): MicroBatcher<T> {
  const queue: Pending<T>[] = [];
  let timer: NodeJS.Timeout | undefined;

  // Runs are chained so batches publish in the order their items arrived.
  let tail: Promise<void> = Promise.resolve();

  function flush(): void {
    clearTimeout(timer);
    timer = undefined;
    while (queue.length > 0) {
      const batch = queue.splice(0, options.maxBatchSize);
      tail = tail.then(async () => {
        try {
          await options.run(batch.map((p) => p.item));
          for (const p of batch) p.done.resolve();
        } catch (err) {
          for (const p of batch) p.done.reject(err);
        }
      });
    }
  }

  return {
    add(items) {
      const promises = items.map(
        (item) =>
          new Promise<void>((resolve, reject) => queue.push({ item, done: { resolve, reject } })),
      );
      if (queue.length >= options.maxBatchSize || options.maxWaitMs === 0) flush();
      else timer ??= setTimeout(flush, options.maxWaitMs);
      return Promise.all(promises).then(() => undefined);
    },
  };
}
