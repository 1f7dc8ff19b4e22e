import type { Answer, RouterHandlers, TopicSpec } from '@cqb/contracts';
import { loadGrpcPackage, prefixTopic, topics } from '@cqb/contracts';
import type {
  EventBus,
  GrpcServiceBinding,
  IncomingEvent,
  Logger,
  RunningGrpcServer,
  Subscription,
} from '@cqb/runtime';
import { createHealthService, queries, startGrpcServer } from '@cqb/runtime';
import type { createMetricsRegistry } from '@cqb/runtime';
import { createAnswerWaiters } from './answer-waiters.js';
import type { IngestConfig } from './config.js';
import { CallAbortedError } from './errors.js';
import { createQueryIdGenerator } from './query-id.js';
import { createRecentQueries } from './recent-queries.js';
import { createRouterHandlers } from './router-handlers.js';

/** Dependencies of {@link createIngestService}. */
export interface IngestServiceDeps {
  /** Publishes queries and verdicts; consumes answers. */
  bus: EventBus;
  logger: Logger;
  config: IngestConfig;
  /** Prometheus registry for the accepted-queries counter; optional. */
  metrics?: ReturnType<typeof createMetricsRegistry>;
  /** Time source in epoch ms; default `Date.now`. */
  now?: () => number;
  /**
   * Start a gRPC server on CQB_GRPC_ADDRESS with Router and health (default true). A composer
   * that serves several services on one port passes false and adds `bindings` to its server.
   */
  serve?: boolean;
  /** How long stop() lets in-flight calls finish before cancelling them, ms; default 10000. */
  drainMs?: number;
}

/** The front door. */
export interface IngestService {
  /** `cqb.v1.Router` handlers. */
  readonly routerHandlers: RouterHandlers;
  /** The Router binding, for a composer's own server (with `serve: false`). */
  readonly bindings: GrpcServiceBinding[];
  /** Subscribes to answers, then (unless `serve: false`) starts the gRPC server. */
  start(): Promise<void>;
  /**
   * Drains: health turns NOT_SERVING, the server stops accepting calls and lets in-flight ones
   * finish for `drainMs` (answers still arrive meanwhile), the rest end CANCELLED, then the
   * answers consumer stops.
   */
  stop(): Promise<void>;
  /** The bound gRPC port (after start, when serving). */
  readonly port: number | undefined;
  /** Calls currently waiting for answers. */
  readonly inFlight: number;
}

/**
 * Builds ingest: validates Router calls, publishes `QueryReceived` on `topics.queries`, and
 * completes each call when its answer arrives on `topics.answers`. Every ingest replica reads
 * every answer (a consumer group per instance, starting at the latest offset); only the replica
 * holding the call completes it. In-flight calls are bounded by CQB_MAX_IN_FLIGHT.
 */
export function createIngestService(deps: IngestServiceDeps): IngestService {
  const { bus, logger, config } = deps;
  const now = deps.now ?? Date.now;
  const named = <T>(spec: TopicSpec<T>) => prefixTopic(spec, config.CQB_TOPIC_PREFIX);
  const waiters = createAnswerWaiters(config.CQB_MAX_IN_FLIGHT, now);
  const accepted = deps.metrics && queries(deps.metrics);
  const routerHandlers = createRouterHandlers({
    bus,
    onAccepted: (q) => accepted?.inc({ retry: q.retryOf === '' ? 'false' : 'true' }),
    logger,
    topics: { queries: named(topics.queries), verdicts: named(topics.verdicts) },
    waiters,
    recent: createRecentQueries(config.CQB_RECENT_QUERIES),
    maxTextBytes: config.CQB_MAX_TEXT_BYTES,
    maxWaitMs: config.CQB_MAX_WAIT_MS,
    nextId: createQueryIdGenerator(now),
    now,
  });
  let answers: Subscription | undefined;
  let server: RunningGrpcServer | undefined;
  const health = createHealthService();
  const router: GrpcServiceBinding = {
    definition: loadGrpcPackage().cqb.v1.Router.service,
    handlers: routerHandlers,
  };

  function onAnswer(event: IncomingEvent<Answer>): Promise<void> {
    if (waiters.deliver(event.value)) logger.debug({ queryId: event.id }, 'answer delivered');
    return Promise.resolve();
  }

  return {
    routerHandlers,
    bindings: [router],
    async start() {
      answers = await bus.subscribe(named(topics.answers), {
        // Per instance (every replica sees every answer) and per prefix (isolated runs).
        groupId: `${config.CQB_TOPIC_PREFIX}cqb-ingest-${config.CQB_INSTANCE_ID}.answers`,
        fromBeginning: false,
        handler: onAnswer,
      });
      if (deps.serve ?? true) {
        const services = [router, health];
        server = await startGrpcServer({ address: config.CQB_GRPC_ADDRESS, services, logger });
      }
      logger.info({ instance: config.CQB_INSTANCE_ID, port: server?.port }, 'ingest ready');
    },
    async stop() {
      health.shutdown();
      await server?.stop(deps.drainMs ?? 10_000);
      waiters.failAll(new CallAbortedError('ingest is shutting down'));
      await answers?.stop();
    },
    get port() {
      return server?.port;
    },
    get inFlight() {
      return waiters.inFlight;
    },
  };
}
