import type {
  AdminHandlers,
  Assignment,
  PosteriorChanged,
  QueryEmbedded,
  TopicSpec,
} from '@cqb/contracts';
import { loadGrpcPackage, prefixTopic, topics } from '@cqb/contracts';
import { createPolicy, createRng } from '@cqb/policy';
import type { LogisticPosterior } from '@cqb/policy';
import type {
  Database,
  EventBus,
  GrpcServiceBinding,
  IncomingEvent,
  Logger,
  RunningGrpcServer,
  Span,
  Subscription,
  TraceContext,
} from '@cqb/runtime';
import {
  contextWithSpan,
  createHealthService,
  eventTraceContext,
  publishInContexts,
  rootTraceContext,
  SpanAttr,
  SpanName,
  startStageSpan,
  decisions,
  llmFreeCapacity,
  queueLength,
  queueOldestWait,
  startGrpcServer,
} from '@cqb/runtime';
import type { createMetricsRegistry } from '@cqb/runtime';
import { createAdminHandlers } from './admin-handlers.js';
import { createCapacityTracker } from './capacity-tracker.js';
import type { SchedulerConfig } from './config.js';
import { recordDecisions } from './decision-log.js';
import { decidedAmong, lastRound, loadPosterior, PosteriorLoadError } from './posterior-store.js';
import type { PosteriorExpectation } from './posterior-store.js';
import type { SchedulerCore } from './scheduler-core.js';
import { createSchedulerCore } from './scheduler-core.js';

/** One LLM the scheduler may route to: its id and concurrent capacity (from the registry). */
export interface SchedulerLlm {
  id: string;
  capacity: number;
}

/** Dependencies of {@link createSchedulerService}. */
export interface SchedulerServiceDeps {
  /** Consumes embedded, capacity, answer and posterior events; publishes assignments. */
  bus: EventBus;
  /** Holds `llm_posterior` and `decision_log` (migration 0002). */
  db: Database;
  logger: Logger;
  config: SchedulerConfig;
  /** The LLMs in a stable order (the policy's arm indices), for example from the registry. */
  llms: readonly SchedulerLlm[];
  /** Prometheus registry for queue and decision metrics; optional. */
  metrics?: ReturnType<typeof createMetricsRegistry>;
  /** Time source in epoch ms; default `Date.now`. */
  now?: () => number;
  /**
   * Start a gRPC server on CQB_GRPC_ADDRESS with Admin and health (default true). A composer
   * serving several services on one port passes false and adds `bindings` to its own server.
   */
  serve?: boolean;
}

/** A running scheduler. */
export interface SchedulerService {
  /** Loads and validates the posteriors (throws PosteriorLoadError), then starts consuming. */
  start(): Promise<void>;
  /** Stops consuming; waiting queries stay uncommitted and are redelivered to the next owner. */
  stop(): Promise<void>;
  /** `cqb.v1.Admin` handlers. */
  readonly adminHandlers: AdminHandlers;
  /** The Admin binding, for a composer's own server (with `serve: false`). */
  readonly bindings: GrpcServiceBinding[];
  /** The bound gRPC port (after start, when serving). */
  readonly port: number | undefined;
}

/**
 * Builds the scheduler: the waiting queue fed by `embedded`, free slots learnt from `capacity`
 * reports and from `answers` to its own assignments,
 * posteriors loaded from Postgres at start and reloaded on `posterior` events, and the policy
 * (CQB_POLICY, ACQB by default) run whenever a slot is free. Embedded events are committed only
 * once their assignment is published (or the query expired), so a restarted scheduler recovers
 * its queue from the topic; queries with a decision-log row are not assigned twice.
 */
export function createSchedulerService(deps: SchedulerServiceDeps): SchedulerService {
  const { bus, db, logger, config } = deps;
  const now = deps.now ?? Date.now;
  const named = <T>(spec: TopicSpec<T>) => prefixTopic(spec, config.CQB_TOPIC_PREFIX);
  const t = {
    embedded: named(topics.embedded),
    capacity: named(topics.capacity),
    posterior: named(topics.posterior),
    assignments: named(topics.assignments),
    answers: named(topics.answers),
  };
  const llmIds = deps.llms.map((l) => l.id);
  const expectation: PosteriorExpectation = {
    dim: config.CQB_CONTEXT_DIM,
    encoderVersion: config.CQB_ENCODER_VERSION,
    headVersion: config.CQB_HEAD_VERSION,
    lambda: config.CQB_PRIOR_PRECISION,
  };
  const states = new Map<string, LogisticPosterior>();
  const subscriptions: Subscription[] = [];
  let embeddedSub: Subscription | undefined;
  let core: SchedulerCore | undefined;
  let timer: NodeJS.Timeout | undefined;
  let server: RunningGrpcServer | undefined;
  const health = createHealthService();

  function buildCore(initialRound: number): SchedulerCore {
    const policy = createPolicy(config.CQB_POLICY, {
      k: llmIds.length,
      d: config.CQB_CONTEXT_DIM,
      cEpsilon: config.CQB_EXPLORATION_C,
      nu: config.CQB_SAMPLING_NU,
      lambda: config.CQB_PRIOR_PRECISION,
      maxWaitMs: config.CQB_AGE_BOUND_MS > 0 ? config.CQB_AGE_BOUND_MS : Infinity,
    });
    return createSchedulerCore({
      policy,
      policyName: config.CQB_POLICY,
      llms: llmIds,
      capacity: createCapacityTracker(deps.llms),
      rng: createRng(config.CQB_POLICY_SEED),
      now,
      logger,
      schedulerId: config.CQB_INSTANCE_ID,
      dim: config.CQB_CONTEXT_DIM,
      initialRound,
      publish: publishAssignments,
      record: async (assignments) => {
        await recordDecisions(db, assignments);
        observeDecisions(assignments.map((a) => a.explored));
      },
      decided: (ids) => decidedAmong(db, ids),
      onDropped: (query, reason) => {
        const queryId = 'id' in query ? query.id : query.query.queryId;
        logger.error({ queryId, reason }, 'query dropped unassigned');
      },
    });
  }

  /** Trace of each query waiting here: its parent context and its open queue-wait span. */
  const waiting = new Map<string, { parent: TraceContext; wait: Span; sinceMs: number }>();

  function startWaiting(events: IncomingEvent<QueryEmbedded>[]): string[] {
    const ids = events.map((e) => e.value.query.queryId);
    events.forEach((e, i) => {
      const id = ids[i]!;
      if (waiting.has(id)) return;
      const parent = eventTraceContext(e.headers);
      const attributes = { [SpanAttr.queryId]: id };
      const wait = startStageSpan(SpanName.queueWait, { parent, attributes });
      waiting.set(id, { parent, wait, sinceMs: now() });
    });
    return ids;
  }

  /** Ends the queue-wait spans still open (queries dropped or decided before a restart). */
  function stopWaiting(ids: string[]): void {
    for (const id of ids) {
      waiting.get(id)?.wait.end();
      waiting.delete(id);
    }
  }

  /**
   * Publishes the assignments, each under its own decision span in its query's trace: the
   * queue-wait span ends at the decision, the decision span covers decision and publishing.
   */
  async function publishAssignments(assignments: Assignment[]): Promise<void> {
    const traced = assignments.map((a) => {
      const id = a.query.query.queryId;
      const entry = waiting.get(id);
      waiting.delete(id);
      if (entry) {
        entry.wait.setAttribute(SpanAttr.queueWaitMs, Math.max(0, a.decidedAtMs - entry.sinceMs));
        entry.wait.end(a.decidedAtMs);
      }
      const parent = entry?.parent ?? rootTraceContext;
      const span = startStageSpan(SpanName.scheduleDecision, {
        parent,
        startTimeMs: a.decidedAtMs,
        attributes: {
          [SpanAttr.queryId]: id,
          [SpanAttr.llm]: a.llm,
          [SpanAttr.policy]: a.policy,
          [SpanAttr.explored]: a.explored,
          [SpanAttr.score]: a.sampledScore,
          [SpanAttr.queueLength]: a.queueLength,
        },
      });
      const event = { key: a.llm, id, value: a };
      return { id, parent, span, event, context: contextWithSpan(span, parent) };
    });
    try {
      await publishInContexts(bus, t.assignments, traced);
    } catch (err) {
      // The core requeues them: they wait again, in the same trace.
      for (const { id, parent, span } of traced) {
        span.recordException(err instanceof Error ? err : String(err));
        const attributes = { [SpanAttr.queryId]: id };
        const wait = startStageSpan(SpanName.queueWait, { parent, attributes });
        waiting.set(id, { parent, wait, sinceMs: now() });
      }
      throw err;
    } finally {
      for (const { span } of traced) span.end();
    }
  }

  function observeDecisions(explored: boolean[]): void {
    if (!deps.metrics) return;
    for (const e of explored) {
      decisions(deps.metrics).inc({ policy: config.CQB_POLICY, explored: String(e) });
    }
  }

  function observeQueue(): void {
    if (!deps.metrics || !core) return;
    const stats = core.stats();
    queueLength(deps.metrics).set(stats.queueLength);
    queueOldestWait(deps.metrics).set(stats.oldestWaitMs / 1000);
    for (const [llm, free] of Object.entries(stats.freeSlots)) {
      llmFreeCapacity(deps.metrics).set({ llm }, free);
    }
  }

  async function loadAll(target: SchedulerCore): Promise<void> {
    for (const llm of llmIds) {
      const loaded = await loadPosterior(db, llm, expectation);
      states.set(llm, loaded.state);
      target.setPosterior(llm, loaded.state, loaded.version);
    }
  }

  async function onPosteriorChanged(event: IncomingEvent<PosteriorChanged>): Promise<void> {
    const { llm, version } = event.value;
    if (!core || !llmIds.includes(llm) || version <= core.posteriorVersion(llm)) return;
    try {
      const loaded = await loadPosterior(db, llm, expectation);
      if (loaded.version <= core.posteriorVersion(llm)) return;
      states.set(llm, loaded.state);
      core.setPosterior(llm, loaded.state, loaded.version);
      logger.debug({ llm, version: loaded.version }, 'posterior reloaded');
    } catch (err) {
      if (!(err instanceof PosteriorLoadError)) throw err;
      logger.error({ err, llm }, 'refused a changed posterior, keeping the previous one');
    }
  }

  const adminHandlers = createAdminHandlers({
    stats: () => core?.stats() ?? { queueLength: 0, oldestWaitMs: 0, rounds: 0, freeSlots: {} },
    posteriors: () =>
      llmIds.flatMap((llm) => {
        const state = states.get(llm);
        return state ? [{ llm, state, version: core?.posteriorVersion(llm) ?? 0 }] : [];
      }),
  });

  const admin: GrpcServiceBinding = {
    definition: loadGrpcPackage().cqb.v1.Admin.service,
    handlers: adminHandlers,
  };

  return {
    adminHandlers,
    bindings: [admin],
    get port() {
      return server?.port;
    },
    async start() {
      const initialRound = await lastRound(db, config.CQB_POLICY);
      const built = buildCore(initialRound);
      await loadAll(built);
      core = built;
      // Kafka consumer groups are cluster-wide: one group per topic (a group whose members
      // subscribe to different topics leaves some partitions unconsumed), prefixed like topics.
      const group = (name: string) => `${config.CQB_TOPIC_PREFIX}cqb-scheduler${name}`;
      const broadcast = (topic: string) => ({
        groupId: group(`-${config.CQB_INSTANCE_ID}.${topic}`),
        fromBeginning: false,
      });
      subscriptions.push(
        await bus.subscribe(t.capacity, {
          ...broadcast('capacity'),
          handler: (e) => built.applyCapacity(e.value),
        }),
        await bus.subscribe(t.posterior, {
          ...broadcast('posterior'),
          handler: onPosteriorChanged,
        }),
        // Answers free the slots of this scheduler's assignments (see CapacityTracker).
        await bus.subscribe(t.answers, {
          ...broadcast('answers'),
          handler: (e) =>
            built.applyAnswer(e.value.assignment.llm, e.value.assignment.query.query.queryId),
        }),
      );
      embeddedSub = await bus.subscribe(t.embedded, {
        groupId: group('.embedded'),
        maxBatchSize: config.CQB_SCHEDULER_BATCH,
        batchHandler: async (events) => {
          const ids = startWaiting(events);
          try {
            await built.enqueue(events.map((e) => e.value));
          } finally {
            stopWaiting(ids);
          }
        },
      });
      timer = setInterval(() => {
        built.pump().then(observeQueue, (err: unknown) => logger.warn({ err }, 'pump failed'));
      }, config.CQB_SCHEDULER_TICK_MS);
      if (deps.serve ?? true) {
        const services = [admin, health];
        server = await startGrpcServer({ address: config.CQB_GRPC_ADDRESS, services, logger });
      }
      const ready = {
        llms: llmIds,
        policy: config.CQB_POLICY,
        round: initialRound,
        port: server?.port,
      };
      logger.info(ready, 'scheduler ready');
    },
    async stop() {
      health.shutdown();
      await server?.stop(1_000);
      if (timer) clearInterval(timer);
      await core?.pump();
      // Abort, not stop: the held batches must stay uncommitted so their waiting queries are
      // redelivered; queries already assigned are skipped then thanks to the decision log.
      await embeddedSub?.abort();
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    },
  };
}
