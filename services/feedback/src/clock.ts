/** The feedback service's only time source, injected so tests decide when windows close. */
export interface Clock {
  /** Current time in epoch milliseconds. */
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };
