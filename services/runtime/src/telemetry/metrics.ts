import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Metric } from 'prom-client';
import { MetricName } from './attributes.js';

/**
 * Prometheus metrics of cqb-router. Each service builds one registry with
 * {@link createMetricsRegistry} and asks for the metrics it reports with the factories below.
 * A factory returns the already registered metric when called twice with the same registry,
 * so modules can ask independently. Names are declared in `MetricName`.
 */

/** Pipeline stages timed by {@link stageDuration}. */
export type Stage =
  | 'ingest'
  | 'embed'
  | 'queue_wait'
  | 'schedule'
  | 'dispatch'
  | 'backend'
  | 'feedback'
  | 'end_to_end';

/** Latency buckets in seconds, from 1 ms (an in-memory hop) to 2 min (a slow LLM). */
const latencyBuckets = [
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
];

/** Creates a registry with `service` as a default label and Node.js process metrics. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'cqb_' });
  return registry;
}

function getOrCreate<M extends Metric>(registry: Registry, name: string, make: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? make();
}

/** Waiting queries in the scheduler's queue. */
export function queueLength(registry: Registry): Gauge {
  return getOrCreate(
    registry,
    MetricName.queueLength,
    () =>
      new Gauge({
        name: MetricName.queueLength,
        help: 'Queries waiting in the scheduler queue',
        registers: [registry],
      }),
  );
}

/** Age in seconds of the oldest waiting query (0 when the queue is empty). */
export function queueOldestWait(registry: Registry): Gauge {
  return getOrCreate(
    registry,
    MetricName.queueOldestWait,
    () =>
      new Gauge({
        name: MetricName.queueOldestWait,
        help: 'Age of the oldest waiting query, seconds',
        registers: [registry],
      }),
  );
}

/** Scheduling decisions, by policy and whether they were forced exploration (`true`/`false`). */
export function decisions(registry: Registry): Counter<'policy' | 'explored'> {
  return getOrCreate(
    registry,
    MetricName.decisions,
    () =>
      new Counter({
        name: MetricName.decisions,
        help: 'Scheduling decisions by policy and forced exploration',
        labelNames: ['policy', 'explored'] as const,
        registers: [registry],
      }),
  );
}

/** Free concurrent slots per LLM, as last reported by the dispatcher. */
export function llmFreeCapacity(registry: Registry): Gauge<'llm'> {
  return getOrCreate(
    registry,
    MetricName.llmFreeCapacity,
    () =>
      new Gauge({
        name: MetricName.llmFreeCapacity,
        help: 'Free concurrent slots per LLM',
        labelNames: ['llm'] as const,
        registers: [registry],
      }),
  );
}

/** Queries accepted at the front door (`retry`: `true` when it names or resembles an earlier one). */
export function queries(registry: Registry): Counter<'retry'> {
  return getOrCreate(
    registry,
    MetricName.queries,
    () =>
      new Counter({
        name: MetricName.queries,
        help: 'Queries accepted by ingest',
        labelNames: ['retry'] as const,
        registers: [registry],
      }),
  );
}

/** Answers from backends by LLM and status (`ok`, `error`, `timeout`). */
export function answers(registry: Registry): Counter<'llm' | 'status'> {
  return getOrCreate(
    registry,
    MetricName.answers,
    () =>
      new Counter({
        name: MetricName.answers,
        help: 'Backend answers by LLM and status',
        labelNames: ['llm', 'status'] as const,
        registers: [registry],
      }),
  );
}

/** Feedback decisions by LLM and outcome (`satisfied`, `retried`). */
export function feedback(registry: Registry): Counter<'llm' | 'outcome'> {
  return getOrCreate(
    registry,
    MetricName.feedback,
    () =>
      new Counter({
        name: MetricName.feedback,
        help: 'Feedback decisions by LLM and outcome',
        labelNames: ['llm', 'outcome'] as const,
        registers: [registry],
      }),
  );
}

/** User retries detected, by how (`explicit`: names the earlier query, `similar`: embedding). */
export function retries(registry: Registry): Counter<'kind'> {
  return getOrCreate(
    registry,
    MetricName.retries,
    () =>
      new Counter({
        name: MetricName.retries,
        help: 'User retries detected by the feedback service',
        labelNames: ['kind'] as const,
        registers: [registry],
      }),
  );
}

/** Seconds from an answer to its feedback decision, by outcome (the feedback delay). */
export function answerToFeedback(registry: Registry): Histogram<'outcome'> {
  return getOrCreate(
    registry,
    MetricName.answerToFeedback,
    () =>
      new Histogram({
        name: MetricName.answerToFeedback,
        help: 'Time from answer to feedback decision, seconds',
        labelNames: ['outcome'] as const,
        buckets: [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
        registers: [registry],
      }),
  );
}

/** Posterior versions the scheduler is behind the latest stored one, per LLM. */
export function posteriorVersionLag(registry: Registry): Gauge<'llm'> {
  return getOrCreate(
    registry,
    MetricName.posteriorVersionLag,
    () =>
      new Gauge({
        name: MetricName.posteriorVersionLag,
        help: 'Stored posterior version minus the version the scheduler uses',
        labelNames: ['llm'] as const,
        registers: [registry],
      }),
  );
}

/** Latency of one pipeline stage in seconds. */
export function stageDuration(registry: Registry): Histogram<'stage'> {
  return getOrCreate(
    registry,
    MetricName.stageDuration,
    () =>
      new Histogram({
        name: MetricName.stageDuration,
        help: 'Latency per pipeline stage, seconds',
        labelNames: ['stage'] as const,
        buckets: latencyBuckets,
        registers: [registry],
      }),
  );
}

/** Queries embedded per encoder call. */
export function embedBatchSize(registry: Registry): Histogram {
  return getOrCreate(
    registry,
    MetricName.embedBatchSize,
    () =>
      new Histogram({
        name: MetricName.embedBatchSize,
        help: 'Queries per embedding batch',
        buckets: [1, 2, 4, 8, 16, 32, 64, 128],
        registers: [registry],
      }),
  );
}

/** Messages a consumer group is behind the partition's high watermark. */
export function consumerLag(registry: Registry): Gauge<'topic' | 'partition' | 'group'> {
  return getOrCreate(
    registry,
    MetricName.consumerLag,
    () =>
      new Gauge({
        name: MetricName.consumerLag,
        help: 'Kafka consumer lag, messages',
        labelNames: ['topic', 'partition', 'group'] as const,
        registers: [registry],
      }),
  );
}

/** Events sent to a dead-letter topic, by source topic and consumer group. */
export function deadLetters(registry: Registry): Counter<'topic' | 'group'> {
  return getOrCreate(
    registry,
    MetricName.deadLetters,
    () =>
      new Counter({
        name: MetricName.deadLetters,
        help: 'Events moved to a dead-letter topic',
        labelNames: ['topic', 'group'] as const,
        registers: [registry],
      }),
  );
}

/** Times `fn` and observes its duration on {@link stageDuration} for `stage`. */
export async function timeStage<T>(
  registry: Registry,
  stage: Stage,
  fn: () => Promise<T>,
): Promise<T> {
  const stop = stageDuration(registry).startTimer({ stage });
  try {
    return await fn();
  } finally {
    stop();
  }
}
