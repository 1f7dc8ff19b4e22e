import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routerBenchLlms } from '@cqb/datasets';
import type { CqbProcess } from './support/cqb-process.js';
import { findLog, spawnCqb, waitForLog } from './support/cqb-process.js';
import type { TestRouterClient } from './support/router-client.js';
import { createTestRouterClient } from './support/router-client.js';

describe('cqb serve --mode all-in-one', () => {
  let serve: CqbProcess;
  let client: TestRouterClient;
  let metricsPort: number;

  beforeAll(async () => {
    // Nothing else runs: no Kafka, no Postgres, no backends; port 0 picks a free port.
    serve = spawnCqb(['serve', '--mode', 'all-in-one'], {
      CQB_GRPC_ADDRESS: '127.0.0.1:0',
      CQB_METRICS_PORT: '0',
    });
    const ready = await waitForLog(serve, 'ready', 240_000, 'address');
    client = createTestRouterClient(String(ready.address));
    metricsPort = Number(ready.metricsPort);
  });

  afterAll(async () => {
    client?.close();
    if (serve && serve.child.exitCode === null) serve.child.kill('SIGKILL');
    await serve?.exited;
  });

  it('answers a query through gRPC with a recorded answer of a RouterBench LLM', async () => {
    const out = await client.submit({
      tenant: 'e2e',
      user: 'alice',
      text: 'Write a python function to identify non-prime numbers.',
    });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.response.queryId).not.toBe('');
    expect(routerBenchLlms.map((l) => l.id)).toContain(out.response.llm);
    expect(out.response.answer.length).toBeGreaterThan(0);
    expect(out.response.costUsd).toBeGreaterThan(0);
  });

  it('serves Prometheus metrics of every stage on CQB_METRICS_PORT', async () => {
    const body = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    // The query answered above has been decided, dispatched and answered.
    expect(body).toMatch(/^cqb_decisions_total\{[^}]*policy="acqb"[^}]*\} 1$/m);
    expect(body).toMatch(/^cqb_answers_total\{[^}]*status="ok"[^}]*\} 1$/m);
    expect(body).toContain('cqb_queue_length{service="all-in-one"}');
  });

  it('refuses bad input with INVALID_ARGUMENT', async () => {
    const empty = await client.submit({ tenant: 'e2e', user: 'bob', text: '   ' });
    const noUser = await client.submit({ tenant: 'e2e', user: '', text: 'hello' });
    expect(empty).toEqual({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(noUser).toEqual({ ok: false, code: 'INVALID_ARGUMENT' });
  });

  it('stops cleanly on SIGTERM', async () => {
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(findLog(serve, 'stopped')).toBeDefined();
  });
});
