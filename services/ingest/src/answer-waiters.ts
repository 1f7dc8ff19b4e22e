import type { Answer } from '@cqb/contracts';
import { CallAbortedError, DeadlineError, OverloadedError } from './errors.js';

/** How long one call may wait and how it can be cancelled. */
export interface WaitOptions {
  /** Absolute deadline in epoch ms; 0 or absent means none. */
  deadlineAtMs?: number;
  /** Aborts the wait (client cancelled); the promise rejects with {@link CallAbortedError}. */
  signal?: AbortSignal;
}

/**
 * The calls of one ingest replica that wait for their answers, bounded in number. Registering
 * happens before the query is published, so an answer can never arrive unclaimed; every exit
 * (answer, deadline, cancel, shutdown) releases the slot exactly once.
 */
export interface AnswerWaiters {
  /**
   * Reserves a slot and returns the promise of the answer. Throws {@link OverloadedError}
   * synchronously when `maxInFlight` calls already wait.
   */
  register(queryId: string, options?: WaitOptions): Promise<Answer>;
  /** Completes the call waiting for this answer; false when no call here waits for it. */
  deliver(answer: Answer): boolean;
  /** Fails one waiting call (for example when publishing its query failed). */
  fail(queryId: string, error: Error): void;
  /** Fails every waiting call (shutdown). */
  failAll(error: Error): void;
  readonly inFlight: number;
}

interface Waiter {
  resolve(answer: Answer): void;
  reject(error: Error): void;
}

/** Builds {@link AnswerWaiters} allowing at most `maxInFlight` concurrent calls. */
export function createAnswerWaiters(
  maxInFlight: number,
  now: () => number = Date.now,
): AnswerWaiters {
  const waiters = new Map<string, Waiter>();

  function register(queryId: string, options: WaitOptions = {}): Promise<Answer> {
    if (waiters.size >= maxInFlight) {
      throw new OverloadedError(`${waiters.size} queries in flight, the limit is ${maxInFlight}`);
    }
    const promise = new Promise<Answer>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => waiter.reject(new CallAbortedError('call cancelled'));
      const release = (): void => {
        waiters.delete(queryId);
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        resolve: (answer) => {
          release();
          resolve(answer);
        },
        reject: (error) => {
          release();
          reject(error);
        },
      };
      waiters.set(queryId, waiter);
      const deadline = options.deadlineAtMs ?? 0;
      if (deadline > 0) {
        const onDeadline = (): void => waiter.reject(new DeadlineError('deadline passed'));
        timer = setTimeout(onDeadline, Math.max(0, deadline - now()));
      }
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
    });
    // Marks the rejection as handled: the caller awaits only after publishing the query.
    promise.catch(() => undefined);
    return promise;
  }

  return {
    register,
    deliver(answer) {
      const waiter = waiters.get(answer.assignment.query.query.queryId);
      waiter?.resolve(answer);
      return waiter !== undefined;
    },
    fail: (queryId, error) => waiters.get(queryId)?.reject(error),
    failAll: (error) => [...waiters.values()].forEach((w) => w.reject(error)),
    get inFlight() {
      return waiters.size;
    },
  };
}
