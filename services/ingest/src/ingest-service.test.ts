import * as grpc from '@grpc/grpc-js';
import type { Answer, QueryReceived, RouterClient, SubmitResponse } from '@cqb/contracts';
import { loadGrpcPackage, topics } from '@cqb/contracts';
import type { EventBus } from '@cqb/runtime';
import { createLogger, createMemoryBus, pollUntil } from '@cqb/runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from './config.js';
import type { IngestService } from './ingest-service.js';
import { createIngestService } from './ingest-service.js';

const logger = createLogger({ service: 'ingest-test', level: 'silent' });

let bus: EventBus;
let service: IngestService;
let client: RouterClient;
let received: { key: string; id: string; value: QueryReceived }[];
/** How the stand-in backend answers: OK, FAILED or not at all. */
let mode: 'ok' | 'failed' | 'silent';

function answerTo(q: QueryReceived, status: Answer['status']): Answer {
  const query = { query: q, embedding: [], context: [], encoderVersion: '', headVersion: '' };
  return {
    assignment: { query: { ...query, tokenCount: 0, truncated: false, embeddedAtMs: 0 }, llm: 'm1' },
    status,
    text: `echo ${q.text}`,
    error: status === 'ANSWER_STATUS_FAILED' ? 'HTTP 500' : '',
    promptTokens: 3,
    completionTokens: 2,
    costUsd: 0.5,
  } as unknown as Answer;
}

async function start(env: Record<string, string> = {}): Promise<void> {
  const config = configSchema.parse({
    CQB_GRPC_ADDRESS: '127.0.0.1:0',
    CQB_MAX_TEXT_BYTES: '64',
    ...env,
  });
  service = createIngestService({ bus, logger, config, drainMs: 100 });
  await service.start();
  const { Router } = loadGrpcPackage().cqb.v1;
  client = new Router(`127.0.0.1:${service.port}`, grpc.credentials.createInsecure());
}

beforeEach(async () => {
  bus = createMemoryBus();
  received = [];
  mode = 'ok';
  await bus.subscribe(topics.queries, {
    groupId: 'stand-in-backend',
    handler: async (e) => {
      received.push({ key: e.key, id: e.id, value: e.value });
      if (mode === 'silent') return;
      const status = mode === 'ok' ? 'ANSWER_STATUS_OK' : 'ANSWER_STATUS_FAILED';
      await bus.publish(topics.answers, [{ key: e.key, id: e.id, value: answerTo(e.value, status) }]);
    },
  });
});

afterEach(async () => {
  client?.close();
  await service.stop();
  await bus.close();
});

function submit(request: object, deadlineMs = 10_000): Promise<SubmitResponse> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + deadlineMs;
    client.Submit(request, { deadline }, (err, res) => (err ? reject(err) : resolve(res!)));
  });
}

const ok = { tenant: 't', user: 'alice', text: 'hello' };

describe('ingest service over gRPC', () => {
  it('publishes the query keyed by tenant/user and returns its answer', async () => {
    await start();
    const res = await submit(ok);
    expect(res).toMatchObject({ llm: 'm1', answer: 'echo hello', promptTokens: 3, costUsd: 0.5 });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ key: 't/alice', id: res.queryId });
    expect(received[0]!.value).toMatchObject({ queryId: res.queryId, text: 'hello' });
    expect(received[0]!.value.deadlineAtMs).toBeGreaterThan(received[0]!.value.receivedAtMs);
    expect(service.inFlight).toBe(0);
  });

  it.each([
    [{ ...ok, text: '   ' }, /text is required/],
    [{ ...ok, tenant: '' }, /tenant is required/],
    [{ ...ok, user: undefined }, /user is required/],
    [{ ...ok, text: 'x'.repeat(65) }, /over the limit of 64/],
    [{ ...ok, retryOf: 'nope' }, /unknown query/],
  ])('refuses a bad request with INVALID_ARGUMENT and publishes nothing', async (request, why) => {
    await start();
    await expect(submit(request)).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringMatching(why) as unknown,
    });
    expect(received).toHaveLength(0);
  });

  it('refuses a retry_of naming another user query with PERMISSION_DENIED', async () => {
    await start();
    const first = await submit(ok);
    const own = await submit({ ...ok, retryOf: first.queryId });
    expect(received[1]!.value.retryOf).toBe(first.queryId);
    expect(own.queryId! > first.queryId!).toBe(true);
    await expect(submit({ ...ok, user: 'bob', retryOf: first.queryId })).rejects.toMatchObject({
      code: grpc.status.PERMISSION_DENIED,
    });
  });

  it('answers UNAVAILABLE with the reason when the backend failed', async () => {
    await start();
    mode = 'failed';
    await expect(submit(ok)).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
      details: 'the LLM backend failed to answer: HTTP 500',
    });
  });

  it('ends with DEADLINE_EXCEEDED and frees the slot when no answer comes in time', async () => {
    await start();
    mode = 'silent';
    await expect(submit(ok, 300)).rejects.toMatchObject({ code: grpc.status.DEADLINE_EXCEEDED });
    await pollUntil(() => service.inFlight === 0, { what: 'slot released' });
  });

  it('answers RESOURCE_EXHAUSTED beyond the in-flight bound and frees it on cancel', async () => {
    await start({ CQB_MAX_IN_FLIGHT: '1' });
    mode = 'silent';
    const call = client.Submit(ok, () => undefined);
    await pollUntil(() => service.inFlight === 1);
    await expect(submit(ok)).rejects.toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
    call.cancel();
    await pollUntil(() => service.inFlight === 0, { what: 'slot released on cancel' });
    mode = 'ok';
    await expect(submit(ok)).resolves.toMatchObject({ answer: 'echo hello' });
  });

  it('publishes an explicit verdict', async () => {
    await start();
    const verdicts: unknown[] = [];
    await bus.subscribe(topics.verdicts, {
      groupId: 'observer',
      handler: (e) => Promise.resolve(void verdicts.push(e.value)),
    });
    const { queryId } = await submit(ok);
    const response = await new Promise((resolve, reject) =>
      client.GiveFeedback({ ...ok, queryId, verdict: 'VERDICT_UNSATISFIED' }, (err, res) =>
        err ? reject(err) : resolve(res),
      ),
    );
    expect(response).toEqual({ accepted: true });
    await pollUntil(() => verdicts.length === 1);
    expect(verdicts[0]).toMatchObject({ queryId, user: 'alice', verdict: 'VERDICT_UNSATISFIED' });
  });
});
