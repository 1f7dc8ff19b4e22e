import type { Logger } from '@cqb/runtime';

/** Stoppers of started components, run in reverse start order. */
export interface StopStack {
  push(name: string, stop: () => Promise<void> | void): void;
  /** Stops everything pushed so far, last first; logs and continues past a failing stopper. */
  stopAll(): Promise<void>;
}

/** Builds a stop stack that logs each component it stops. */
export function createStopStack(logger: Logger): StopStack {
  const entries: { name: string; stop: () => Promise<void> | void }[] = [];
  return {
    push: (name, stop) => {
      entries.push({ name, stop });
    },
    stopAll: async () => {
      for (let e = entries.pop(); e; e = entries.pop()) {
        try {
          await e.stop();
          logger.debug({ component: e.name }, 'component stopped');
        } catch (err) {
          logger.warn({ component: e.name, err }, 'component failed to stop');
        }
      }
    },
  };
}
