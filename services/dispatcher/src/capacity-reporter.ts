import type { CapacityReport, TopicSpec } from '@cqb/contracts';
import type { EventBus, Logger } from '@cqb/runtime';
import type { SlotState } from './slots.js';

/** Publishes capacity reports, in order, without ever blocking the caller. */
export interface CapacityReporter {
  report(state: SlotState): void;
  /** Resolves when every report queued so far is published (or has failed and been logged). */
  flush(): Promise<void>;
}

/** Options of {@link createCapacityReporter}. */
export interface CapacityReporterOptions {
  bus: EventBus;
  topic: TopicSpec<CapacityReport>;
  dispatcherId: string;
  logger: Logger;
}

/**
 * Creates a reporter: each report is keyed by LLM with id `dispatcherId:seq`, seq increasing per
 * dispatcher, so a scheduler can drop reports older than one it has already applied. Reports
 * queued while a publish is under way are coalesced (the latest state per LLM wins) and sent
 * together, so a burst of slot changes costs one publish, not one per change.
 */
export function createCapacityReporter(options: CapacityReporterOptions): CapacityReporter {
  const { bus, topic, dispatcherId, logger } = options;
  const pending = new Map<string, SlotState>();
  let seq = 0;
  let draining: Promise<void> | undefined;

  const toEvent = (state: SlotState) => {
    seq++;
    const value: CapacityReport = {
      llm: state.llm,
      capacity: state.capacity,
      inFlight: state.inFlight,
      dispatcherId,
      seq,
      reportedAtMs: Date.now(),
    };
    return { key: state.llm, id: `${dispatcherId}:${seq}`, value };
  };

  const drain = async (): Promise<void> => {
    while (pending.size > 0) {
      const events = [...pending.values()].map(toEvent);
      pending.clear();
      try {
        await bus.publish(topic, events);
      } catch (err) {
        logger.warn({ err, topic: topic.name }, 'capacity report failed');
      }
    }
    draining = undefined;
  };

  return {
    report(state) {
      pending.set(state.llm, state);
      draining ??= drain();
    },
    flush: () => draining ?? Promise.resolve(),
  };
}
