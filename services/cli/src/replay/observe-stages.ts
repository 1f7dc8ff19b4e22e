/**
 * Per-stage latencies of a running distributed system (`cqb replay --target`): the answers and
 * feedback topics read from Kafka, as the all-in-one path reads them from its in-memory bus.
 */
import { randomBytes } from 'node:crypto';
import { prefixTopic, topics } from '@cqb/contracts';
import type { StageCollector } from '@cqb/replay';
import type { EventBus, Subscription } from '@cqb/runtime';
import { createKafkaBus, createLogger } from '@cqb/runtime';

/** What to stop once the replay is over. */
export interface StageObserver {
  stop(): Promise<void>;
}

/**
 * Subscribes to the answers and feedback topics at CQB_KAFKA_BROKERS (topics prefixed by
 * CQB_TOPIC_PREFIX, as the services name them) and feeds the collector with events of queries
 * received from `sinceMs` on; undefined when no brokers are set (stage latencies stay empty).
 */
export async function observeKafkaStages(
  env: Record<string, string | undefined>,
  stages: StageCollector,
  sinceMs: number,
): Promise<StageObserver | undefined> {
  const brokers = env.CQB_KAFKA_BROKERS?.split(',').filter(Boolean) ?? [];
  if (brokers.length === 0) return undefined;
  const prefix = env.CQB_TOPIC_PREFIX ?? '';
  const logger = createLogger({
    service: 'replay-observer',
    level: 'warn',
    destination: process.stderr,
  });
  const bus: EventBus = createKafkaBus({ brokers, clientId: 'replay-observer', logger });
  // Groups of its own, from the beginning: nothing answered before the join is missed.
  const groupId = `${prefix}replay-observer.${randomBytes(4).toString('hex')}`;
  const subscriptions: Subscription[] = [];
  try {
    subscriptions.push(
      await bus.subscribe(prefixTopic(topics.answers, prefix), {
        groupId: `${groupId}.answers`,
        fromBeginning: true,
        handler: (e) => {
          if (Number(e.value.assignment.query.query.receivedAtMs) >= sinceMs)
            stages.onAnswer(e.value);
          return Promise.resolve();
        },
      }),
      await bus.subscribe(prefixTopic(topics.feedback, prefix), {
        groupId: `${groupId}.feedback`,
        fromBeginning: true,
        handler: (e) => {
          if (Number(e.value.answeredAtMs) >= sinceMs) stages.onFeedback(e.value);
          return Promise.resolve();
        },
      }),
    );
  } catch (err) {
    for (const s of subscriptions) await s.stop();
    await bus.close();
    throw err;
  }
  return {
    stop: async () => {
      for (const s of subscriptions.reverse()) await s.stop();
      await bus.close();
    },
  };
}
