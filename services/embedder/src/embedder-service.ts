import type { QueryEmbedded, QueryReceived } from '@cqb/contracts';
import { prefixTopic, topics } from '@cqb/contracts';
import type { EventBus, IncomingEvent, Logger, Subscription, TraceContext } from '@cqb/runtime';
import {
  contextWithSpan,
  embedBatchSize,
  eventTraceContext,
  publishInContexts,
  SpanAttr,
  SpanName,
  startStageSpan,
  timeStage,
} from '@cqb/runtime';
import type { EmbeddingResult, Encoder } from './encoder/encoder.js';
import type { ProjectionHead } from './head/projection-head.js';
import { createMicroBatcher } from './micro-batcher.js';

/** The part of the configuration the service itself reads. */
export interface EmbedderServiceConfig {
  CQB_EMBED_BATCH_SIZE: number;
  CQB_EMBED_BATCH_WAIT_MS: number;
  CQB_TOPIC_PREFIX: string;
}

/** Dependencies of {@link createEmbedderService}. */
export interface EmbedderServiceDeps {
  bus: EventBus;
  logger: Logger;
  encoder: Encoder;
  head: ProjectionHead;
  config: EmbedderServiceConfig;
  /** Prometheus registry for batch sizes and stage latency (none: not measured). */
  metrics?: Parameters<typeof embedBatchSize>[0];
  /** Consumer group; default `cqb-embedder`. */
  groupId?: string;
  /** Clock for `embeddedAtMs`; default Date.now. */
  now?: () => number;
}

/** A running service. */
export interface EmbedderService {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Thrown at construction when the head does not fit the encoder. */
export class EmbedderConfigError extends Error {
  override readonly name = 'EmbedderConfigError';
}

/**
 * The embedder service: consumes `queries`, embeds them in batches (by size and by a small time
 * budget across partitions), projects each embedding with the head, and publishes `embedded`
 * events keyed by tenant/user with the query id as event id. Empty or control-only texts get the
 * embedding of `[CLS] [SEP]` (ingest rejects them upstream); long texts are truncated.
 */
export function createEmbedderService(deps: EmbedderServiceDeps): EmbedderService {
  const { bus, logger, encoder, head, config } = deps;
  if (head.inputDim !== encoder.dim) {
    throw new EmbedderConfigError(
      `projection head ${head.version} expects ${head.inputDim} dims, encoder gives ${encoder.dim}`,
    );
  }
  const queries = prefixTopic(topics.queries, config.CQB_TOPIC_PREFIX);
  const embedded = prefixTopic(topics.embedded, config.CQB_TOPIC_PREFIX);
  const now = deps.now ?? Date.now;
  let subscription: Subscription | undefined;

  async function embedBatch(events: IncomingEvent<QueryReceived>[]): Promise<void> {
    // One span per query, in the query's own trace (a batch mixes traces), sharing the batch's
    // encoder run; each embedded event is published under its query's span.
    const spans = events.map((e) => {
      const parent = eventTraceContext(e.headers);
      const attributes = {
        [SpanAttr.queryId]: e.value.queryId,
        [SpanAttr.embedBatchSize]: events.length,
      };
      const span = startStageSpan(SpanName.embedBatch, { parent, attributes });
      return { span, context: contextWithSpan(span, parent) };
    });
    try {
      await embedAndPublish(events, spans);
    } catch (err) {
      for (const { span } of spans) span.recordException(err instanceof Error ? err : String(err));
      throw err;
    } finally {
      for (const { span } of spans) span.end();
    }
  }

  async function embedAndPublish(
    events: IncomingEvent<QueryReceived>[],
    spans: { context: TraceContext }[],
  ): Promise<void> {
    const run = (): Promise<EmbeddingResult[]> => encoder.embed(events.map((e) => e.value.text));
    const results = await (deps.metrics ? timeStage(deps.metrics, 'embed', run) : run());
    if (deps.metrics) embedBatchSize(deps.metrics).observe(events.length);
    const out = events.map((e, i) => {
      const r = results[i]!;
      const value: QueryEmbedded = {
        query: e.value,
        embedding: Array.from(r.embedding),
        context: Array.from(head.project(r.embedding)),
        encoderVersion: encoder.version,
        headVersion: head.version,
        tokenCount: r.tokens,
        truncated: r.truncated,
        embeddedAtMs: now(),
      };
      const event = { key: `${e.value.tenant}/${e.value.user}`, id: e.value.queryId, value };
      return { event, context: spans[i]!.context };
    });
    await publishInContexts(bus, embedded, out);
    logger.debug({ count: events.length, topic: embedded.name }, 'embedded batch');
  }

  const batcher = createMicroBatcher({
    maxBatchSize: config.CQB_EMBED_BATCH_SIZE,
    maxWaitMs: config.CQB_EMBED_BATCH_WAIT_MS,
    run: embedBatch,
  });

  return {
    async start() {
      subscription = await bus.subscribe(queries, {
        groupId: deps.groupId ?? `${config.CQB_TOPIC_PREFIX}cqb-embedder`,
        maxBatchSize: config.CQB_EMBED_BATCH_SIZE,
        batchHandler: (events) => batcher.add(events),
      });
      logger.info(
        { topic: queries.name, encoder: encoder.version, head: head.version },
        'embedder ready',
      );
    },
    async stop() {
      await subscription?.stop();
      subscription = undefined;
      logger.info('embedder stopped');
    },
  };
}
