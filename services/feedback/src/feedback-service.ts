import type {
  Answer,
  Feedback,
  PosteriorChanged,
  QueryEmbedded,
  QueryReceived,
  TopicSpec,
  VerdictGiven,
} from '@cqb/contracts';
import { prefixTopic, topics } from '@cqb/contracts';
import type {
  Database,
  EventBus,
  GrpcServiceBinding,
  IncomingEvent,
  Logger,
  RunningGrpcServer,
  Subscription,
  TraceContext,
} from '@cqb/runtime';
import {
  answerToFeedback,
  contextWithSpan,
  createHealthService,
  eventTraceContext,
  feedback,
  publishInContexts,
  retries,
  rootTraceContext,
  SpanAttr,
  SpanName,
  startGrpcServer,
  startStageSpan,
  traceparentHeaders,
  traceparentOf,
} from '@cqb/runtime';
import type { createMetricsRegistry } from '@cqb/runtime';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { FeedbackConfig } from './config.js';
import {
  insertPendingAnswer,
  insertReceivedQuery,
  insertRecentQuery,
  markPublished,
  pendingAnswersOf,
  pruneRecentQueries,
  recentQueriesOf,
  unpublished,
} from './feedback-store.js';
import type { AppliedFeedback } from './finaliser.js';
import { finalise, finaliseDue } from './finaliser.js';
import { outcomeToProto, sourceToProto } from './outcomes.js';
import { applyRetry } from './retry-apply.js';
import { pickRetriedAnswer, pickRetryingQuery } from './retry-correlation.js';

/** Dependencies of {@link createFeedbackService}. */
export interface FeedbackServiceDeps {
  /** Consumes queries, answers, embedded and verdicts; publishes feedback and posterior events. */
  bus: EventBus;
  /** Postgres (or PGlite) with migrations 0002 applied. */
  db: Database;
  logger: Logger;
  config: FeedbackConfig;
  /** Prometheus registry for the feedback counters; optional. */
  metrics?: ReturnType<typeof createMetricsRegistry>;
  /** Time source of windows and decisions; default the wall clock. Tests inject their own. */
  clock?: Clock;
  /** Run the window-closing sweep on a timer; default true. Tests call `sweep()` instead. */
  timers?: boolean;
  /** Start a health-only gRPC server on CQB_GRPC_ADDRESS (default true; false when composed). */
  serve?: boolean;
}

/** A running feedback service. */
export interface FeedbackService {
  start(): Promise<void>;
  /** Stops the timer and the consumers (in-flight handlers finish and commit). */
  stop(): Promise<void>;
  /** Finalises every answer whose window (plus grace) has closed; returns how many. */
  sweep(): Promise<number>;
  /** Publishes applied feedback left unpublished (after a crash between commit and publish). */
  flushOutbox(olderThanMs?: number): Promise<number>;
  /** No service of its own besides health: empty, for symmetry with the other services. */
  readonly bindings: GrpcServiceBinding[];
  /** The bound gRPC port (after start, when serving). */
  readonly port: number | undefined;
}

/**
 * Builds the feedback service: retry correlation and the exactly-once Bayesian update.
 * - `answers`: an OK answer becomes a pending answer (FAILED answers are backend failures, not
 *   user retries, and create nothing); a retry already seen for it finalises it at once.
 * - `queries`: a query as ingest accepted it, before the embedder: an explicit retry finalises
 *   the answer it names at once; any query of the user inside an answer's window holds that
 *   answer open (up to CQB_FEEDBACK_MAX_HOLD_MS) until its embedding has been compared, so a
 *   retry delayed in the embedder's backlog past window and grace is still counted.
 * - `embedded`: a later query of the same tenant and user inside the retry window that names the
 *   answer (`retry_of`) or resembles it (cosine ≥ CQB_RETRY_SIMILARITY) finalises it as RETRIED.
 * - `verdicts`: an explicit verdict finalises the answer if it is still pending.
 * - a timer finalises answers whose window closed as SATISFIED.
 * Each finalisation is one transaction (see `finaliseOne`); feedback and posterior events are
 * published after commit, from an outbox table, so a crash can delay but not lose or double them.
 */
export function createFeedbackService(deps: FeedbackServiceDeps): FeedbackService {
  const { bus, db, logger, config } = deps;
  const clock = deps.clock ?? systemClock;
  const rules = {
    retryWindowMs: config.CQB_RETRY_WINDOW_MS,
    retrySimilarity: config.CQB_RETRY_SIMILARITY,
  };
  const lambda = config.CQB_PRIOR_PRECISION;
  const named = <T>(spec: TopicSpec<T>) => prefixTopic(spec, config.CQB_TOPIC_PREFIX);
  const t = {
    queries: named(topics.queries),
    answers: named(topics.answers),
    embedded: named(topics.embedded),
    verdicts: named(topics.verdicts),
    feedback: named(topics.feedback),
    posterior: named(topics.posterior),
  };
  // Kafka consumer groups are cluster-wide: one group per topic (a group whose members subscribe
  // to different topics leaves some partitions unconsumed), prefixed like the topics.
  const group = (topic: string) => `${config.CQB_TOPIC_PREFIX}cqb-feedback.${topic}`;
  const subscriptions: Subscription[] = [];
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> | undefined;
  let server: RunningGrpcServer | undefined;
  const health = createHealthService();

  async function publish(applied: AppliedFeedback[]): Promise<void> {
    if (applied.length === 0) return;
    // The decision happens after the retry window, so it starts a trace of its own, linked to
    // the answered query's trace (and to the retrying query's, for a retry). The feedback event
    // is published under it.
    const spans = applied.map((a) => {
      const span = startStageSpan(SpanName.feedbackDecision, {
        parent: rootTraceContext,
        startTimeMs: a.decidedAtMs,
        links: [traceparentHeaders(a.answerTraceParent), traceparentHeaders(a.retryTraceParent)],
        attributes: {
          [SpanAttr.queryId]: a.queryId,
          [SpanAttr.llm]: a.llm,
          [SpanAttr.feedbackOutcome]: a.outcome,
          [SpanAttr.feedbackApplied]: true,
          [SpanAttr.posteriorVersion]: a.posteriorVersion,
        },
      });
      return { span, context: contextWithSpan(span, rootTraceContext) };
    });
    try {
      await publishApplied(applied, spans);
    } catch (err) {
      for (const { span } of spans) span.recordException(err instanceof Error ? err : String(err));
      throw err;
    } finally {
      for (const { span } of spans) span.end();
    }
  }

  async function publishApplied(
    applied: AppliedFeedback[],
    spans: { context: TraceContext }[],
  ): Promise<void> {
    const events = applied.map((a, i) => ({
      event: { key: a.llm, id: a.queryId, value: toFeedback(a) },
      context: spans[i]!.context,
    }));
    const latest = new Map<string, number>();
    for (const a of applied)
      latest.set(a.llm, Math.max(latest.get(a.llm) ?? 0, a.posteriorVersion));
    const now = clock.now();
    const changes = [...latest].map(([llm, version]) => ({
      key: llm,
      id: `${llm}:${version}`,
      value: { llm, version, changedAtMs: now } satisfies PosteriorChanged,
    }));
    await publishInContexts(bus, t.feedback, events);
    await bus.publish(t.posterior, changes);
    await markPublished(
      db,
      applied.map((a) => a.queryId),
      now,
    );
    for (const a of applied) observe(a);
  }

  function observe(a: AppliedFeedback): void {
    logger.debug({ queryId: a.queryId, llm: a.llm, outcome: a.outcome }, 'feedback applied');
    if (!deps.metrics) return;
    feedback(deps.metrics).inc({ llm: a.llm, outcome: a.outcome });
    const seconds = Math.max(0, a.decidedAtMs - a.answeredAtMs) / 1000;
    answerToFeedback(deps.metrics).observe({ outcome: a.outcome }, seconds);
    if (a.source === 'retry_of' || a.source === 'similar_query') {
      retries(deps.metrics).inc({ kind: a.source === 'retry_of' ? 'explicit' : 'similar' });
    }
  }

  async function onAnswer(event: IncomingEvent<Answer>): Promise<void> {
    const answer = event.value;
    if (answer.status !== 'ANSWER_STATUS_OK') return;
    // Correlate even when the row already existed: a crash may have come between the two steps.
    const traceParent = traceparentOf(eventTraceContext(event.headers));
    await insertPendingAnswer(db, answer, rules.retryWindowMs, traceParent);
    const embedded = answer.assignment.query;
    const { queryId, tenant, user } = embedded.query;
    const answered = { queryId, answeredAtMs: answer.answeredAtMs, embedding: embedded.embedding };
    const closesAt = answer.answeredAtMs + rules.retryWindowMs;
    const recent = await recentQueriesOf(db, tenant, user, closesAt);
    const match = pickRetryingQuery(answered, recent, rules);
    if (!match) return;
    const options = { now: clock.now(), lambda };
    const applied = await applyRetry(db, queryId, match.query.queryId, match.reason, options);
    if (applied) await publish([applied]);
  }

  async function onQuery(event: IncomingEvent<QueryReceived>): Promise<void> {
    const q = event.value;
    await insertReceivedQuery(db, q, traceparentOf(eventTraceContext(event.headers)));
    // Without an embedding only an explicit retry can match; the embedded event does the rest.
    if (q.retryOf === '') return;
    const candidates = await pendingAnswersOf(db, q.tenant, q.user, q.receivedAtMs, q.retryOf);
    const match = pickRetriedAnswer({ ...q, embedding: [] }, candidates, rules);
    if (!match) return;
    const options = { now: clock.now(), lambda };
    const applied = await applyRetry(db, match.answer.queryId, q.queryId, match.reason, options);
    if (applied) await publish([applied]);
  }

  async function onEmbedded(event: IncomingEvent<QueryEmbedded>): Promise<void> {
    const q = event.value.query;
    await insertRecentQuery(db, event.value, traceparentOf(eventTraceContext(event.headers)));
    const candidates = await pendingAnswersOf(db, q.tenant, q.user, q.receivedAtMs, q.retryOf);
    const later = { ...q, embedding: event.value.embedding };
    const match = pickRetriedAnswer(later, candidates, rules);
    if (!match) return;
    const options = { now: clock.now(), lambda };
    const applied = await applyRetry(db, match.answer.queryId, q.queryId, match.reason, options);
    if (applied) await publish([applied]);
  }

  async function onVerdict(event: IncomingEvent<VerdictGiven>): Promise<void> {
    const v = event.value;
    const owner = await db.query<{ tenant: string; user_id: string }>(
      'SELECT tenant, user_id FROM pending_answers WHERE query_id = $1',
      [v.queryId],
    );
    const row = owner.rows[0];
    if (!row || row.tenant !== v.tenant || row.user_id !== v.user) {
      logger.warn({ queryId: v.queryId }, 'verdict for an unknown or foreign answer ignored');
      return;
    }
    const outcome = v.verdict === 'VERDICT_SATISFIED' ? 'satisfied' : 'retried';
    const decision = { queryId: v.queryId, outcome, source: 'explicit', retriedBy: '' } as const;
    const applied = await finalise(db, decision, { now: clock.now(), lambda });
    if (applied) await publish([applied]);
  }

  async function sweepOnce(): Promise<number> {
    const now = clock.now();
    const applied = await finaliseDue(db, {
      now,
      closedBefore: now - config.CQB_FEEDBACK_GRACE_MS,
      holdSinceMs: now - config.CQB_FEEDBACK_MAX_HOLD_MS,
      lambda,
      batchSize: config.CQB_FEEDBACK_BATCH,
      onError: (queryId, err) => logger.error({ err, queryId }, 'cannot finalise answer'),
    });
    await publish(applied);
    return applied.length;
  }

  async function sweep(): Promise<number> {
    let total = 0;
    for (let n = await sweepOnce(); ; n = await sweepOnce()) {
      total += n;
      if (n < config.CQB_FEEDBACK_BATCH) break;
    }
    const now = clock.now();
    const horizon = now - rules.retryWindowMs - config.CQB_FEEDBACK_GRACE_MS * 2;
    await pruneRecentQueries(db, horizon, now - config.CQB_FEEDBACK_MAX_HOLD_MS);
    return total;
  }

  async function flushOutbox(olderThanMs = 10_000): Promise<number> {
    const stale = await unpublished(db, clock.now() - olderThanMs, config.CQB_FEEDBACK_BATCH);
    await publish(stale);
    return stale.length;
  }

  function tick(): void {
    sweeping ??= Promise.all([sweep(), flushOutbox()])
      .catch((err: unknown) => logger.warn({ err }, 'feedback sweep failed, will retry'))
      .finally(() => {
        sweeping = undefined;
      });
  }

  return {
    async start() {
      subscriptions.push(
        await bus.subscribe(t.queries, { groupId: group('queries'), handler: onQuery }),
        await bus.subscribe(t.answers, { groupId: group('answers'), handler: onAnswer }),
        await bus.subscribe(t.embedded, { groupId: group('embedded'), handler: onEmbedded }),
        await bus.subscribe(t.verdicts, { groupId: group('verdicts'), handler: onVerdict }),
      );
      if (deps.timers ?? true) timer = setInterval(tick, config.CQB_FEEDBACK_SWEEP_MS);
      if (deps.serve ?? true) {
        const address = config.CQB_GRPC_ADDRESS;
        server = await startGrpcServer({ address, services: [health], logger });
      }
      logger.info({ instance: config.CQB_INSTANCE_ID, port: server?.port }, 'feedback ready');
    },
    async stop() {
      health.shutdown();
      await server?.stop(1_000);
      if (timer) clearInterval(timer);
      await sweeping;
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    },
    sweep,
    flushOutbox,
    bindings: [],
    get port() {
      return server?.port;
    },
  };
}

function toFeedback(a: AppliedFeedback): Feedback {
  return {
    queryId: a.queryId,
    tenant: a.tenant,
    user: a.user,
    llm: a.llm,
    outcome: outcomeToProto(a.outcome),
    source: sourceToProto(a.source),
    answeredAtMs: a.answeredAtMs,
    decidedAtMs: a.decidedAtMs,
    posteriorVersion: a.posteriorVersion,
    retriedBy: a.retriedBy,
  };
}
