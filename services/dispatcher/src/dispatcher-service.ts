import { prefixTopic, topics } from '@cqb/contracts';
import type { Answer, Assignment } from '@cqb/contracts';
import type { Registry } from 'prom-client';
import type { EventBus, IncomingEvent, Logger, Subscription } from '@cqb/runtime';
import {
  answers as answersMetric,
  eventTraceContext,
  llmFreeCapacity,
  SpanAttr,
  SpanKind,
  SpanName,
  stageDuration,
  withSpan,
} from '@cqb/runtime';
import { createCapacityReporter } from './capacity-reporter.js';
import type { DispatcherConfig } from './config.js';
import { BackendCallError, callWithRetry } from './llm-client.js';
import type { CallResult } from './llm-client.js';
import { answerCost } from './llm-registry.js';
import type { LlmEntry, LlmRegistry } from './llm-registry.js';
import { createRecentIds } from './recent-ids.js';
import { createSlotPool } from './slots.js';
import type { SlotState } from './slots.js';

/** The metrics registry of `@cqb/runtime` (prom-client), when the service reports metrics. */
export type MetricsRegistry = Registry;

/** Dependencies of {@link createDispatcherService}. */
export interface DispatcherServiceDeps {
  bus: EventBus;
  logger: Logger;
  registry: LlmRegistry;
  config: DispatcherConfig;
  metrics?: MetricsRegistry;
  /** Looks up an API key by environment variable name (main.ts passes the process environment). */
  secret?: (name: string) => string | undefined;
  /** Consumer group of the assignments topic. Default `cqb-dispatcher`. */
  groupId?: string;
}

/** A running dispatcher. */
export interface DispatcherService {
  start(): Promise<void>;
  /** Stops taking assignments, drains in-flight calls, publishes their answers, commits. */
  stop(): Promise<void>;
  /** Current slot occupancy per LLM (for health and tests). */
  slots(): SlotState[];
}

/**
 * Creates the dispatcher: consumes assignments, calls each LLM within its capacity, and publishes
 * one answer per assignment (OK, or FAILED with the error after bounded retries) plus capacity
 * reports on every slot change, periodically and at start.
 *
 * Concurrency: assignments arrive in batches of one partition (assignments are keyed by LLM, so
 * one LLM's assignments share a partition). Every assignment of a batch is dispatched at once,
 * each waiting for a free slot of its own LLM, and the batch is committed when all its answers are
 * published. Head-of-line blocking is therefore limited to this: the next batch of a partition
 * starts only when the slowest call of the previous one ends (at most the timeout times the
 * attempts). Partitions in at least the number of LLMs keep slow LLMs apart in most cases.
 */
export function createDispatcherService(deps: DispatcherServiceDeps): DispatcherService {
  const { bus, logger, registry, config } = deps;
  const prefix = config.CQB_TOPIC_PREFIX;
  const assignmentsTopic = prefixTopic(topics.assignments, prefix);
  const answersTopic = prefixTopic(topics.answers, prefix);
  const reporter = createCapacityReporter({
    bus,
    topic: prefixTopic(topics.capacity, prefix),
    dispatcherId: config.CQB_DISPATCHER_ID,
    logger,
  });
  const pool = createSlotPool((state) => {
    reporter.report(state);
    if (deps.metrics)
      llmFreeCapacity(deps.metrics).set({ llm: state.llm }, state.capacity - state.inFlight);
  });
  const answered = createRecentIds(config.CQB_DEDUPE_IDS);
  const inFlight = new Map<string, Promise<void>>();
  let llms = new Map<string, LlmEntry>();
  let subscription: Subscription | undefined;
  let timers: NodeJS.Timeout[] = [];

  const refreshRegistry = async (): Promise<void> => {
    llms = new Map((await registry.list()).map((llm) => [llm.id, llm]));
  };

  const reportAll = (): void => {
    for (const llm of llms.values()) {
      reporter.report(pool.state(llm.id) ?? { llm: llm.id, capacity: llm.capacity, inFlight: 0 });
    }
  };

  /** The LLM's entry, re-reading the registry once when it is unknown (a newly added LLM). */
  const lookup = async (id: string): Promise<LlmEntry | undefined> => {
    if (!llms.has(id)) {
      // A database outage must not dead-letter assignments: answer them as failed instead.
      await refreshRegistry().catch((err: unknown) =>
        logger.warn({ err, llm: id }, 'registry refresh failed'),
      );
    }
    return llms.get(id);
  };

  const call = async (llm: LlmEntry, assignment: Assignment): Promise<CallResult> => {
    const release = await pool.acquire(llm.id, llm.capacity);
    try {
      const options = {
        timeoutMs: timeoutFor(assignment, config.CQB_LLM_TIMEOUT_MS),
        retries: config.CQB_DISPATCH_RETRIES,
        backoffMs: config.CQB_DISPATCH_BACKOFF_MS,
        apiKey: llm.apiKeyEnv ? deps.secret?.(llm.apiKeyEnv) : undefined,
      };
      // The backend call, a client span under the dispatch span; its traceparent goes out in
      // the HTTP request's headers. Only ids go on the span, never the prompt or the answer.
      const attributes = {
        [SpanAttr.queryId]: assignment.query.query.queryId,
        [SpanAttr.llm]: llm.id,
      };
      return await withSpan(SpanName.backendCall, { kind: SpanKind.CLIENT, attributes }, () =>
        callWithRetry(llm, assignment.query.query.text, options),
      );
    } finally {
      release();
    }
  };

  const dispatch = async (event: IncomingEvent<Assignment>): Promise<Answer> => {
    const assignment = event.value;
    const llm = await lookup(assignment.llm);
    if (!llm) return failedAnswer(assignment, `unknown LLM ${assignment.llm}`, 0);
    if (llm.enabled === false) return failedAnswer(assignment, `LLM ${llm.id} is disabled`, 0);
    if (timeoutFor(assignment, config.CQB_LLM_TIMEOUT_MS) <= 0) {
      return failedAnswer(assignment, 'deadline passed before dispatch', 0);
    }
    try {
      const result = await call(llm, assignment);
      return okAnswer(assignment, llm, result);
    } catch (err) {
      const failure = err instanceof BackendCallError ? err : undefined;
      logger.warn({ err, queryId: event.id, llm: llm.id }, 'backend call failed');
      return failedAnswer(
        assignment,
        `${llm.id}: ${failure?.message ?? 'dispatch failed'}`,
        failure?.attempts ?? 1,
      );
    }
  };

  const handleOne = async (event: IncomingEvent<Assignment>): Promise<void> => {
    if (answered.has(event.id)) return;
    const running = inFlight.get(event.id);
    if (running) return running;
    const attributes = {
      [SpanAttr.queryId]: event.id,
      [SpanAttr.llm]: event.value.llm,
      [SpanAttr.attempt]: event.attempt,
    };
    const parent = eventTraceContext(event.headers);
    const work = withSpan(SpanName.dispatch, { parent, attributes }, async (span) => {
      const started = performance.now();
      const answer = await dispatch(event);
      span.setAttribute(SpanAttr.answerStatus, answerStatus(answer));
      const key = `${answer.assignment.query.query.tenant}/${answer.assignment.query.query.user}`;
      await bus.publish(answersTopic, [{ key, id: event.id, value: answer }]);
      answered.add(event.id);
      observe(answer, performance.now() - started);
      logger.debug(
        { queryId: event.id, llm: answer.assignment.llm, status: answer.status },
        'answer published',
      );
    });
    inFlight.set(event.id, work);
    try {
      await work;
    } finally {
      inFlight.delete(event.id);
    }
  };

  const observe = (answer: Answer, elapsedMs: number): void => {
    if (!deps.metrics) return;
    const status = answerStatus(answer);
    answersMetric(deps.metrics).inc({ llm: answer.assignment.llm, status });
    stageDuration(deps.metrics).observe({ stage: 'dispatch' }, elapsedMs / 1000);
    stageDuration(deps.metrics).observe({ stage: 'backend' }, answer.backendLatencyMs / 1000);
  };

  const handleBatch = async (events: IncomingEvent<Assignment>[]): Promise<void> => {
    const work = events.map(handleOne);
    if (config.CQB_DISPATCH_COMMIT === 'accepted') {
      // Commit now: the calls go on (tracked in `inFlight`, awaited by stop()).
      for (const w of work) {
        w.catch((err: unknown) => logger.error({ err }, 'answer not published (batch committed)'));
      }
      return;
    }
    const results = await Promise.allSettled(work);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    // Only publishing can fail here; the bus redelivers the batch and answered ids are skipped.
    if (failed) throw failed.reason;
  };

  return {
    async start() {
      await refreshRegistry();
      reportAll();
      subscription = await bus.subscribe(assignmentsTopic, {
        groupId: deps.groupId ?? `${prefix}cqb-dispatcher`,
        batchHandler: handleBatch,
        maxBatchSize: config.CQB_DISPATCH_BATCH,
      });
      timers = [
        setInterval(reportAll, config.CQB_CAPACITY_REPORT_MS),
        setInterval(() => {
          refreshRegistry().catch((err: unknown) =>
            logger.warn({ err }, 'registry refresh failed'),
          );
        }, config.CQB_REGISTRY_REFRESH_MS),
      ];
      logger.info({ topic: assignmentsTopic.name, llms: llms.size }, 'dispatcher ready');
    },
    async stop() {
      for (const timer of timers) clearInterval(timer);
      timers = [];
      await subscription?.stop();
      subscription = undefined;
      await Promise.allSettled(inFlight.values());
      await reporter.flush();
      logger.info({ topic: assignmentsTopic.name }, 'dispatcher stopped');
    },
    slots: () => pool.states(),
  };
}

/** `ok`, `timeout` or `error`, for metrics and spans. */
function answerStatus(answer: Answer): 'ok' | 'timeout' | 'error' {
  if (answer.status === 'ANSWER_STATUS_OK') return 'ok';
  return answer.error.includes('timed out') ? 'timeout' : 'error';
}

/**
 * Per-attempt timeout: the configured one, shortened to what is left of the client's deadline
 * (nobody waits for an answer after it). Zero or less means the deadline has passed.
 */
function timeoutFor(assignment: Assignment, timeoutMs: number): number {
  const deadline = assignment.query.query.deadlineAtMs;
  return deadline > 0 ? Math.min(timeoutMs, deadline - Date.now()) : timeoutMs;
}

function okAnswer(assignment: Assignment, llm: LlmEntry, result: CallResult): Answer {
  return {
    assignment,
    status: 'ANSWER_STATUS_OK',
    text: result.text,
    error: '',
    backendLatencyMs: Math.round(result.latencyMs),
    promptTokens: result.promptTokens,
    completionTokens: result.completionTokens,
    costUsd: answerCost(llm.price, result.promptTokens, result.completionTokens),
    dispatchAttempts: result.attempts,
    answeredAtMs: Date.now(),
  };
}

function failedAnswer(assignment: Assignment, error: string, attempts: number): Answer {
  return {
    assignment,
    status: 'ANSWER_STATUS_FAILED',
    text: '',
    error,
    backendLatencyMs: 0,
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
    dispatchAttempts: attempts,
    answeredAtMs: Date.now(),
  };
}
