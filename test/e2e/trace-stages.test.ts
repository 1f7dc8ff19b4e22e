import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil, SpanAttr, SpanName } from '@cqb/runtime';
import type { CqbProcess } from './support/cqb-process.js';
import { spawnCqb, stopProcess, waitForLog } from './support/cqb-process.js';
import type { ServiceName } from './support/distributed.js';
import {
  freshDatabase,
  randomName,
  requiredEnv,
  seedRouterBenchRegistry,
  serviceOrder,
} from './support/distributed.js';
import type { Jaeger, JaegerSpan, JaegerTrace } from './support/jaeger.js';
import { createAllTopics, parentOf, startJaeger, tagOf, telemetryEnv } from './support/jaeger.js';
import type { TestRouterClient } from './support/router-client.js';
import { createTestRouterClient } from './support/router-client.js';

/**
 * The stage spans of one query, read back from a real Jaeger: the distributed system (five
 * processes over Kafka and Postgres) and the simulated LLM backend all run with the telemetry
 * preload. Checks the parent chain ingest → embedder → scheduler → dispatcher → backend (the
 * backend's HTTP server span proves the traceparent header on the backend call), the stage
 * attributes, a retry's link to the query it retries, and the feedback decisions in traces of
 * their own linked to the answered queries' traces.
 */

const firstText = 'What is 2 + 2?';
const retryText = 'What is two plus two, exactly?';

/** Starts `cqb sim-backend` with the telemetry preload; returns its base URL. */
async function startTracedBackend(env: Record<string, string>) {
  const p = spawnCqb(
    ['sim-backend', '--port', '0', '--latency', 'lognormal', '--median-ms', '20'],
    env,
  );
  const line = await pollUntil(() => p.stdout.find((l) => l.includes('listening on ')), {
    timeoutMs: 120_000,
    what: 'sim-backend listening',
  });
  return { process: p, url: (line.split('listening on ')[1] ?? '').split(' ')[0] ?? '' };
}

describe('tracing: stage spans of one query, a retry link and linked feedback', () => {
  const running = new Map<ServiceName, CqbProcess>();
  const cleanups: (() => Promise<void>)[] = [];
  const suffix = randomName('');
  const serviceName = (name: ServiceName | 'llm') => `cqb-${name}-${suffix}`;
  let jaeger: Jaeger;
  let client: TestRouterClient;

  beforeAll(async () => {
    jaeger = await startJaeger();
    cleanups.push(() => jaeger.stop());
    const database = await freshDatabase(requiredEnv('CQB_TEST_DATABASE_URL'));
    cleanups.push(() => database.drop());
    const backend = await startTracedBackend(telemetryEnv(jaeger, serviceName('llm')));
    cleanups.push(() => stopProcess(backend.process));
    const env = {
      CQB_KAFKA_BROKERS: requiredEnv('CQB_TEST_KAFKA_BROKERS'),
      CQB_DATABASE_URL: database.url,
      CQB_TOPIC_PREFIX: `${randomName('stages')}.`,
      CQB_RETRY_WINDOW_MS: '3000',
      CQB_FEEDBACK_GRACE_MS: '200',
      CQB_METRICS_PORT: '0',
      CQB_GRPC_ADDRESS: '127.0.0.1:0',
    };
    // A consumer that subscribes before its topic exists is not assigned the topic later.
    await createAllTopics(env.CQB_KAFKA_BROKERS, env.CQB_TOPIC_PREFIX);
    let port = '';
    for (const name of serviceOrder) {
      const started = spawnCqb(['serve', '--service', name], {
        ...env,
        ...telemetryEnv(jaeger, serviceName(name)),
      });
      running.set(name, started);
      const ready = await waitForLog(started, 'ready', 180_000);
      if (name === 'feedback') {
        const db = new pg.Client({ connectionString: database.url });
        await db.connect();
        await seedRouterBenchRegistry(db, backend.url, 2);
        await db.end();
      }
      if (name === 'ingest') port = String(ready['port']);
    }
    client = createTestRouterClient(`127.0.0.1:${port}`, 300_000);
  }, 1_800_000);

  afterAll(async () => {
    client?.close();
    for (const name of [...serviceOrder].reverse()) {
      const p = running.get(name);
      if (p) await stopProcess(p);
    }
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** The trace of query `queryId` once it holds every stage span (ingest's ends last). */
  function queryTrace(queryId: string): Promise<JaegerTrace> {
    return pollUntil(
      async () =>
        (await jaeger.traces(serviceName('ingest'))).find((t) => {
          const names = new Set(t.spans.map((s) => s.operationName));
          const ours = t.spans.some(
            (s) =>
              s.operationName === SpanName.ingestSubmit && tagOf(s, SpanAttr.queryId) === queryId,
          );
          // Every span the test reads: spans reach Jaeger in batches, each when it ends, so a
          // child can be there before its parent.
          const stages = [
            SpanName.embedBatch,
            SpanName.queueWait,
            SpanName.scheduleDecision,
            SpanName.dispatch,
            SpanName.backendCall,
          ];
          const backendServed = t.spans.some(
            (s) =>
              t.processes[s.processID]?.serviceName === serviceName('llm') &&
              tagOf(s, 'span.kind') === 'server',
          );
          return (
            ours &&
            backendServed &&
            names.has('grpc.cqb.v1.Router/Submit') &&
            stages.every((n) => names.has(n))
          );
        }),
      { timeoutMs: 120_000, intervalMs: 500, what: `the trace of ${queryId} with its stage spans` },
    );
  }

  /** The feedback decision span of `queryId` (in a trace of its own). */
  function feedbackSpan(queryId: string): Promise<JaegerSpan> {
    return pollUntil(
      async () =>
        (await jaeger.traces(serviceName('feedback')))
          .flatMap((t) => t.spans)
          .find(
            (s) =>
              s.operationName === SpanName.feedbackDecision &&
              tagOf(s, SpanAttr.queryId) === queryId,
          ),
      { timeoutMs: 120_000, intervalMs: 500, what: `the feedback decision span of ${queryId}` },
    );
  }

  it('chains the stage spans across the services and links retries and feedback', async () => {
    const first = await client.submit({ tenant: 'trace', user: 'u1', text: firstText });
    if (!first.ok) throw new Error(`first query failed: ${first.code}`);
    const firstId = first.response.queryId;
    const retry = await client.submit({
      tenant: 'trace',
      user: 'u1',
      text: retryText,
      retryOf: firstId,
    });
    if (!retry.ok) throw new Error(`retry failed: ${retry.code}`);
    const retryId = retry.response.queryId;

    const trace = await queryTrace(firstId);
    const service = (s: JaegerSpan | undefined) => trace.processes[s?.processID ?? '']?.serviceName;
    const one = (name: string, kind?: string) => {
      const found = trace.spans.filter(
        (s) => s.operationName === name && (kind === undefined || tagOf(s, 'span.kind') === kind),
      );
      expect(found, name).toHaveLength(1);
      return found[0]!;
    };
    const server = one('grpc.cqb.v1.Router/Submit', 'server');
    const submit = one(SpanName.ingestSubmit);
    const embed = one(SpanName.embedBatch);
    const wait = one(SpanName.queueWait);
    const decision = one(SpanName.scheduleDecision);
    const dispatch = one(SpanName.dispatch);
    const backendCall = one(SpanName.backendCall);
    const backendServer = trace.spans.find(
      (s) => service(s) === serviceName('llm') && tagOf(s, 'span.kind') === 'server',
    );

    // Each stage in its own service, each the child of the stage before it.
    expect(service(server)).toBe(serviceName('ingest'));
    expect(parentOf(server)).toBeUndefined();
    expect([service(submit), parentOf(submit)]).toEqual([serviceName('ingest'), server.spanID]);
    expect([service(embed), parentOf(embed)]).toEqual([serviceName('embedder'), submit.spanID]);
    expect([service(wait), parentOf(wait)]).toEqual([serviceName('scheduler'), embed.spanID]);
    expect([service(decision), parentOf(decision)]).toEqual([
      serviceName('scheduler'),
      embed.spanID,
    ]);
    expect([service(dispatch), parentOf(dispatch)]).toEqual([
      serviceName('dispatcher'),
      decision.spanID,
    ]);
    expect([service(backendCall), parentOf(backendCall)]).toEqual([
      serviceName('dispatcher'),
      dispatch.spanID,
    ]);
    // The backend's HTTP server span: the traceparent header reached it.
    expect(parentOf(backendServer)).toBe(backendCall.spanID);
    // The answer reached feedback in the same trace (its pending-answer insert).
    expect(trace.spans.some((s) => service(s) === serviceName('feedback'))).toBe(true);

    // Stage attributes, and no text of the query or the answer anywhere.
    expect(tagOf(embed, SpanAttr.embedBatchSize)).toBeGreaterThanOrEqual(1);
    expect(tagOf(wait, SpanAttr.queueWaitMs)).toBeGreaterThanOrEqual(0);
    expect(tagOf(decision, SpanAttr.policy)).toBe('acqb');
    expect(typeof tagOf(decision, SpanAttr.explored)).toBe('boolean');
    expect(tagOf(decision, SpanAttr.score)).toBeGreaterThanOrEqual(0);
    expect(tagOf(decision, SpanAttr.queueLength)).toBeGreaterThanOrEqual(1);
    expect(tagOf(decision, SpanAttr.llm)).toBe(first.response.llm);
    expect(tagOf(dispatch, SpanAttr.answerStatus)).toBe('ok');
    const text = JSON.stringify(trace);
    expect(text).not.toContain(firstText);
    expect(text).not.toContain(first.response.answer);

    // The retry is a trace of its own, linked to the trace of the query it retries.
    const retryTrace = await queryTrace(retryId);
    expect(retryTrace.traceID).not.toBe(trace.traceID);
    const retrySubmit = retryTrace.spans.find((s) => s.operationName === SpanName.ingestSubmit);
    expect(tagOf(retrySubmit, SpanAttr.retryOf)).toBe(firstId);
    expect(retrySubmit?.references).toContainEqual(
      expect.objectContaining({
        refType: 'FOLLOWS_FROM',
        traceID: trace.traceID,
        spanID: submit.spanID,
      }),
    );

    // Feedback: the first answer was retried, the retry's answer satisfied once its window
    // closed. Each decision is a new trace linked to the answered query's trace (the dispatch
    // span that published the answer); the retried one also to the retry's trace.
    const retried = await feedbackSpan(firstId);
    expect(retried.traceID).not.toBe(trace.traceID);
    expect(parentOf(retried)).toBeUndefined();
    expect(tagOf(retried, SpanAttr.feedbackOutcome)).toBe('retried');
    expect(tagOf(retried, SpanAttr.posteriorVersion)).toBeGreaterThanOrEqual(1);
    expect(retried.references).toContainEqual(
      expect.objectContaining({ traceID: trace.traceID, spanID: dispatch.spanID }),
    );
    expect(retried.references.map((r) => r.traceID)).toContain(retryTrace.traceID);
    const satisfied = await feedbackSpan(retryId);
    expect(tagOf(satisfied, SpanAttr.feedbackOutcome)).toBe('satisfied');
    expect(satisfied.references.map((r) => r.traceID)).toEqual([retryTrace.traceID]);
  });
});
