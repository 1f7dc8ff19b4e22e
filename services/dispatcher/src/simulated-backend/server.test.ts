import { afterEach, describe, expect, it } from 'vitest';
import type { DatasetRow } from '@cqb/datasets';
import { createSimulatedBackend, unknownPromptAnswer } from './server.js';
import type { SimulatedBackend, SimulatedBackendOptions } from './server.js';

const rows: DatasetRow[] = [
  {
    id: 'q1',
    task: 'arc',
    prompt: 'What is 2+2?',
    correct: { a: 1, b: 0 },
    response: { a: '4', b: '5' },
  },
];
let backend: SimulatedBackend | undefined;

async function start(overrides: Partial<SimulatedBackendOptions> = {}): Promise<SimulatedBackend> {
  backend = await createSimulatedBackend({
    rows,
    llms: ['a', 'b'],
    latency: { kind: 'fixed', medianMs: 0 },
    seed: 7,
    ...overrides,
  });
  return backend;
}

function chat(
  b: SimulatedBackend,
  model: string,
  text: string,
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(`${b.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: text },
      ],
    }),
    signal,
  });
}

afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

describe('simulated backend', () => {
  it('answers with the recorded response of the requested model and usage tokens', async () => {
    const b = await start();
    const res = await chat(b, 'b', 'What is 2+2?');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      id: string;
      choices: { message: { content: string } }[];
      usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    };
    expect(body.choices[0]?.message.content).toBe('5');
    expect(body.id).toMatch(/^chatcmpl-sim-/);
    // 'be brief\nWhat is 2+2?' is 21 characters: ceil(21 / 4) = 6 prompt tokens.
    expect(body.usage).toEqual({ prompt_tokens: 6, completion_tokens: 1, total_tokens: 7 });
    expect(JSON.stringify(body)).not.toContain('correct');
  });

  it('answers an unknown prompt generically and counts it', async () => {
    const b = await start();
    const body = (await (await chat(b, 'a', 'never seen')).json()) as {
      choices: { message: { content: string } }[];
    };
    expect(body.choices[0]?.message.content).toBe(unknownPromptAnswer);
    expect(b.stats().unknownPrompts).toBe(1);
  });

  it('rejects unknown models and malformed bodies, and serves models and health', async () => {
    const b = await start();
    expect((await chat(b, 'zzz', 'What is 2+2?')).status).toBe(404);
    const bad = await fetch(`${b.url}/chat/completions`, { method: 'POST', body: '{nope' });
    expect(bad.status).toBe(400);
    const models = (await (await fetch(`${b.url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toEqual(['a', 'b']);
    expect((await fetch(b.url.replace('/v1', '/healthz'))).status).toBe(200);
  });

  it('fails the first N requests, then succeeds', async () => {
    const b = await start({ failFirst: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await chat(b, 'a', 'What is 2+2?')).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('hangs until the client gives up when hangRate is 1', async () => {
    const b = await start({ hangRate: 1 });
    const controller = new AbortController();
    const pending = chat(b, 'a', 'What is 2+2?', controller.signal);
    await expect.poll(() => b.stats().hangs).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await expect.poll(() => b.stats().inFlight.a).toBe(0);
  });

  it('draws the same failures for the same seed', async () => {
    const run = async (): Promise<number[]> => {
      const b = await start({ failureRate: 0.5, seed: 42 });
      const out = [];
      for (let i = 0; i < 12; i++) out.push((await chat(b, 'a', 'What is 2+2?')).status);
      await b.close();
      return out;
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });
});
