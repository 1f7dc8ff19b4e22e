import type { Answer, RouterHandlers, TopicSpec } from '@cqb/contracts';
import { renameTopic, topics } from '@cqb/contracts';
import type { EventBus, IncomingEvent, Logger, Subscription } from '@cqb/runtime';
import { queries } from '@cqb/runtime';
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
}

/** The front door, before it is attached to a gRPC server. */
export interface IngestService {
  /** `cqb.v1.Router` handlers, to add to a gRPC server. */
  readonly routerHandlers: RouterHandlers;
  /** Subscribes to answers; call before the server accepts calls. */
  start(): Promise<void>;
  /**
   * Fails the calls still waiting (UNAVAILABLE-free: they end as CANCELLED) and stops the answers
   * consumer. Call after the gRPC server stopped accepting calls and had its drain time.
   */
  stop(): Promise<void>;
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
  const named = <T>(spec: TopicSpec<T>) => renameTopic(spec, config.CQB_TOPIC_PREFIX + spec.name);
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

  function onAnswer(event: IncomingEvent<Answer>): Promise<void> {
    if (waiters.deliver(event.value)) logger.debug({ queryId: event.id }, 'answer delivered');
    return Promise.resolve();
  }

  return {
    routerHandlers,
    async start() {
      answers = await bus.subscribe(named(topics.answers), {
        groupId: `cqb-ingest-${config.CQB_INSTANCE_ID}`,
        fromBeginning: false,
        handler: onAnswer,
      });
      logger.info({ instance: config.CQB_INSTANCE_ID }, 'ingest answers consumer started');
    },
    async stop() {
      waiters.failAll(new CallAbortedError('ingest is shutting down'));
      await answers?.stop();
    },
    get inFlight() {
      return waiters.inFlight;
    },
  };
}
