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

function gauge<L extends string = never>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Gauge<L> {
  return getOrCreate(
    registry,
    name,
    () => new Gauge({ name, help, labelNames, registers: [registry] }),
  );
}

function counter<L extends string = never>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Counter<L> {
  return getOrCreate(
    registry,
    name,
    () => new Counter({ name, help, labelNames, registers: [registry] }),
  );
}

function histogram<L extends string = never>(
  registry: Registry,
  name: string,
  help: string,
  buckets: number[],
  labelNames: readonly L[] = [],
): Histogram<L> {
  return getOrCreate(
    registry,
    name,
    () => new Histogram({ name, help, buckets, labelNames, registers: [registry] }),
  );
}

/** Waiting queries in the scheduler's queue. */
export function queueLength(registry: Registry): Gauge {
  return gauge(registry, MetricName.queueLength, 'Queries waiting in the scheduler queue');
}

/** Age in seconds of the oldest waiting query (0 when the queue is empty). */
export function queueOldestWait(registry: Registry): Gauge {
  return gauge(registry, MetricName.queueOldestWait, 'Age of the oldest waiting query, seconds');
}

/** Scheduling decisions, by policy and whether they were forced exploration (`true`/`false`). */
export function decisions(registry: Registry): Counter<'policy' | 'explored'> {
  return counter(registry, MetricName.decisions, 'Scheduling decisions by policy and exploration', [
    'policy',
    'explored',
  ]);
}

/** Free concurrent slots per LLM, as last reported by the dispatcher. */
export function llmFreeCapacity(registry: Registry): Gauge<'llm'> {
  return gauge(registry, MetricName.llmFreeCapacity, 'Free concurrent slots per LLM', ['llm']);
}

/** Queries accepted at the front door (`retry`: `true` when it names an earlier query). */
export function queries(registry: Registry): Counter<'retry'> {
  return counter(registry, MetricName.queries, 'Queries accepted by ingest', ['retry']);
}

/** Answers from backends by LLM and status (`ok`, `error`, `timeout`). */
export function answers(registry: Registry): Counter<'llm' | 'status'> {
  return counter(registry, MetricName.answers, 'Backend answers by LLM and status', [
    'llm',
    'status',
  ]);
}

/** Feedback decisions by LLM and outcome (`satisfied`, `retried`). */
export function feedback(registry: Registry): Counter<'llm' | 'outcome'> {
  return counter(registry, MetricName.feedback, 'Feedback decisions by LLM and outcome', [
    'llm',
    'outcome',
  ]);
}

/** User retries detected, by how (`explicit`: names the earlier query, `similar`: embedding). */
export function retries(registry: Registry): Counter<'kind'> {
  return counter(registry, MetricName.retries, 'User retries detected by feedback', ['kind']);
}

/** Seconds from an answer to its feedback decision, by outcome (the feedback delay). */
export function answerToFeedback(registry: Registry): Histogram<'outcome'> {
  return histogram(
    registry,
    MetricName.answerToFeedback,
    'Time from answer to feedback decision, seconds',
    [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
    ['outcome'],
  );
}

/** Posterior versions the scheduler is behind the latest stored one, per LLM. */
export function posteriorVersionLag(registry: Registry): Gauge<'llm'> {
  return gauge(
    registry,
    MetricName.posteriorVersionLag,
    'Stored posterior version minus the version the scheduler uses',
    ['llm'],
  );
}

/** Latency of one pipeline stage in seconds. */
export function stageDuration(registry: Registry): Histogram<'stage'> {
  return histogram(
    registry,
    MetricName.stageDuration,
    'Latency per pipeline stage, seconds',
    latencyBuckets,
    ['stage'],
  );
}

/** Queries embedded per encoder call. */
export function embedBatchSize(registry: Registry): Histogram {
  return histogram(
    registry,
    MetricName.embedBatchSize,
    'Queries per embedding batch',
    [1, 2, 4, 8, 16, 32, 64, 128],
  );
}

/** Messages a consumer group is behind the partition's high watermark. */
export function consumerLag(registry: Registry): Gauge<'topic' | 'partition' | 'group'> {
  return gauge(registry, MetricName.consumerLag, 'Kafka consumer lag, messages', [
    'topic',
    'partition',
    'group',
  ]);
}

/** Events sent to a dead-letter topic, by source topic and consumer group. */
export function deadLetters(registry: Registry): Counter<'topic' | 'group'> {
  return counter(registry, MetricName.deadLetters, 'Events moved to a dead-letter topic', [
    'topic',
    'group',
  ]);
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
