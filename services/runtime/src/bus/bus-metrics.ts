import type { Registry } from 'prom-client';
import { consumerLag, deadLetters } from '../telemetry/metrics.js';

/** What the buses report to Prometheus; every method is a no-op without a registry. */
export interface BusMetrics {
  deadLettered(topic: string, group: string): void;
  /** Events of a partition not yet committed by the group, after a commit. */
  lag(topic: string, partition: number, group: string, events: bigint | number): void;
}

/** Bus metrics on a registry (`cqb_dead_letters_total`, `cqb_kafka_consumer_lag`). */
export function createBusMetrics(registry: Registry | undefined): BusMetrics {
  if (!registry) return { deadLettered: () => undefined, lag: () => undefined };
  const dead = deadLetters(registry);
  const lag = consumerLag(registry);
  return {
    deadLettered: (topic, group) => dead.inc({ topic, group }),
    lag: (topic, partition, group, events) =>
      lag.set({ topic, partition: String(partition), group }, Number(events)),
  };
}
