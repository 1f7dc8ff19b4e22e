/**
 * Telemetry names used across cqb-router, declared once.
 *
 * Span attributes use the `cqb.` prefix (OpenTelemetry style, dotted). Prometheus metric names
 * use the `cqb_` prefix (Prometheus allows no dots) and end in their unit (`_seconds`, `_total`).
 * Never put prompt or answer text, API keys or whole payloads in an attribute.
 */

/** Span attribute names. The unit, where there is one, is in the comment. */
export const SpanAttr = {
  /** Query id (string); the same id the events carry. */
  queryId: 'cqb.query.id',
  /** Tenant id (string). */
  tenant: 'cqb.tenant',
  /** Id of the query a retry re-asks (string), set on the retry's ingest span. */
  retryOf: 'cqb.query.retry_of',
  /** LLM id chosen or called (string). */
  llm: 'cqb.llm',
  /** Policy name that made the decision (string, e.g. `acqb`). */
  policy: 'cqb.policy',
  /** Whether the decision was forced exploration (boolean). */
  explored: 'cqb.decision.explored',
  /** Sampled satisfaction score of the chosen pair (number in [0, 1]). */
  score: 'cqb.decision.score',
  /** Waiting queries when the decision was made (count). */
  queueLength: 'cqb.queue.length',
  /** Time the query waited in the scheduler's queue (milliseconds). */
  queueWaitMs: 'cqb.queue.wait_ms',
  /** Queries embedded together in one encoder call (count). */
  embedBatchSize: 'cqb.embed.batch_size',
  /** Feedback outcome (`satisfied` | `retried`). */
  feedbackOutcome: 'cqb.feedback.outcome',
  /** Whether the feedback changed the stored posterior (boolean). */
  feedbackApplied: 'cqb.feedback.applied',
  /** Posterior version after an update (integer). */
  posteriorVersion: 'cqb.posterior.version',
  /** Delivery attempt of an event (0 on first delivery). */
  attempt: 'cqb.event.attempt',
  /** Backend answer status (`ok` | `error` | `timeout`). */
  answerStatus: 'cqb.answer.status',
} as const;

/** One span attribute name. */
export type SpanAttrName = (typeof SpanAttr)[keyof typeof SpanAttr];

/** Span names, one per pipeline stage, so dashboards and tests can find them. */
export const SpanName = {
  ingestSubmit: 'cqb.ingest.submit',
  embedBatch: 'cqb.embed.batch',
  queueWait: 'cqb.schedule.queue_wait',
  scheduleDecision: 'cqb.schedule.decision',
  dispatch: 'cqb.dispatch',
  backendCall: 'cqb.backend.call',
  feedbackDecision: 'cqb.feedback.decision',
  posteriorUpdate: 'cqb.feedback.posterior_update',
} as const;

/** Prometheus metric names (prefix `cqb_`, unit suffix). */
export const MetricName = {
  queueLength: 'cqb_queue_length',
  queueOldestWait: 'cqb_queue_oldest_wait_seconds',
  decisions: 'cqb_decisions_total',
  llmFreeCapacity: 'cqb_llm_free_capacity',
  queries: 'cqb_queries_total',
  answers: 'cqb_answers_total',
  feedback: 'cqb_feedback_total',
  retries: 'cqb_retries_total',
  answerToFeedback: 'cqb_answer_to_feedback_seconds',
  posteriorVersionLag: 'cqb_posterior_version_lag',
  stageDuration: 'cqb_stage_duration_seconds',
  embedBatchSize: 'cqb_embed_batch_size',
  consumerLag: 'cqb_kafka_consumer_lag',
  deadLetters: 'cqb_dead_letters_total',
} as const;

/** One metric name. */
export type MetricNameValue = (typeof MetricName)[keyof typeof MetricName];
