import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendCallError, callWithRetry } from './llm-client.js';
import type { LlmEntry } from './llm-registry.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A backend answering every request with `status` and `body`, counting requests. */
async function fixedBackend(
  status: number,
  body: string,
): Promise<{ llm: LlmEntry; hits: () => number }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { llm: entry(`http://127.0.0.1:${port}/v1`), hits: () => hits };
}

function entry(endpoint: string): LlmEntry {
  return { id: 'x', endpoint, model: 'x', capacity: 1, price: { kind: 'per-query', perQuery: 1 } };
}

const options = { timeoutMs: 20_000, retries: 2, backoffMs: 1 };

async function failure(promise: Promise<unknown>): Promise<BackendCallError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof BackendCallError)) throw new Error('expected a BackendCallError');
  return err;
}

describe('callWithRetry', () => {
  it('does not retry a 4xx answer', async () => {
    const backend = await fixedBackend(400, '{"error":{"message":"bad"}}');
    const err = await failure(callWithRetry(backend.llm, 'hi', options));
    expect([err.kind, err.attempts, err.message]).toEqual([
      'http-4xx',
      1,
      'backend answered HTTP 400',
    ]);
    expect(backend.hits()).toBe(1);
  });

  it('retries 5xx up to the budget and reports every attempt', async () => {
    const backend = await fixedBackend(503, '{}');
    const err = await failure(callWithRetry(backend.llm, 'hi', options));
    expect([err.kind, err.attempts, err.retriable]).toEqual(['http-5xx', 3, true]);
    expect(backend.hits()).toBe(3);
  });

  it('rejects a 200 without message content as a bad response', async () => {
    const backend = await fixedBackend(200, '{"choices":[]}');
    const err = await failure(callWithRetry(backend.llm, 'hi', options));
    expect([err.kind, err.attempts]).toEqual(['bad-response', 1]);
  });

  it('treats a refused connection as a transport error and retries it', async () => {
    const backend = await fixedBackend(200, '{}');
    const endpoint = backend.llm.endpoint;
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    const err = await failure(callWithRetry(entry(endpoint), 'hi', options));
    expect([err.kind, err.attempts, err.message]).toEqual(['transport', 3, 'backend unreachable']);
  });

  it('reads content and usage of a valid completion, defaulting missing usage to 0', async () => {
    const backend = await fixedBackend(200, '{"choices":[{"message":{"content":"yo"}}]}');
    const result = await callWithRetry(backend.llm, 'hi', options);
    expect([result.text, result.promptTokens, result.completionTokens, result.attempts]).toEqual([
      'yo',
      0,
      0,
      1,
    ]);
  });
});
