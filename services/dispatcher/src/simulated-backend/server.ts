import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatasetRow } from '@cqb/datasets';
import { chatCompletion, lastUserText, parseChatRequest, promptTokens } from './chat.js';
import type { ChatRequest } from './chat.js';
import { drawLatencyMs } from './latency.js';
import type { LatencyModel } from './latency.js';
import { createSimRandom } from './random.js';

/** Options of {@link createSimulatedBackend}. */
export interface SimulatedBackendOptions {
  /** Prompts with recorded responses; a request is matched by the exact text of its last user message. */
  rows: readonly DatasetRow[];
  /** Model names served (usually the dataset's LLM ids); other names get 404. */
  llms: readonly string[];
  latency: LatencyModel;
  /** Seed of the latency and fault draws (deterministic given the order of requests). */
  seed: number;
  /** Probability that a request answers HTTP 500. Default 0. */
  failureRate?: number;
  /** Probability that a request never answers (until the client gives up). Default 0. */
  hangRate?: number;
  /** The first N chat requests answer HTTP 500 regardless of the rates (for retry tests). Default 0. */
  failFirst?: number;
  /** Port on 127.0.0.1. Default 0 (a free port). */
  port?: number;
  host?: string;
}

/** Counters of a running simulated backend. */
export interface SimulatedBackendStats {
  /** Chat-completion requests received (valid or not). */
  requests: number;
  /** Requests whose prompt matched no dataset row (answered with a generic text). */
  unknownPrompts: number;
  failures: number;
  hangs: number;
  /** Requests being served now, and the most ever served at once, per model. */
  inFlight: Record<string, number>;
  maxInFlight: Record<string, number>;
}

/** A running OpenAI-compatible HTTP server that answers from a dataset. */
export interface SimulatedBackend {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123/v1`. */
  url: string;
  port: number;
  stats(): SimulatedBackendStats;
  /** Closes the server, ending hung requests. */
  close(): Promise<void>;
}

/** Answer text for a prompt that no dataset row holds. */
export const unknownPromptAnswer = 'I have no recorded answer to this prompt.';

type Fate = 'ok' | 'fail' | 'hang';

/**
 * Starts a simulated LLM backend: `POST /v1/chat/completions` ({model, messages}) answers with the
 * recorded response of that model for the matched prompt after a latency drawn from the model;
 * `GET /v1/models` lists the models; `GET /healthz` answers 200. Usage tokens are the project's
 * estimate (chars / 4). Recorded correctness is never part of a response.
 */
export async function createSimulatedBackend(
  options: SimulatedBackendOptions,
): Promise<SimulatedBackend> {
  const byPrompt = new Map(options.rows.map((row) => [row.prompt, row]));
  const models = new Set(options.llms);
  const random = createSimRandom(options.seed);
  const stats: SimulatedBackendStats = {
    requests: 0,
    unknownPrompts: 0,
    failures: 0,
    hangs: 0,
    inFlight: {},
    maxInFlight: {},
  };
  let sequence = 0;

  const fate = (): Fate => {
    const u = random.uniform();
    if (stats.requests <= (options.failFirst ?? 0)) return 'fail';
    if (u < (options.failureRate ?? 0)) return 'fail';
    if (u < (options.failureRate ?? 0) + (options.hangRate ?? 0)) return 'hang';
    return 'ok';
  };

  const complete = async (request: ChatRequest, res: ServerResponse): Promise<void> => {
    const delayMs = drawLatencyMs(options.latency, random);
    const outcome = fate();
    if (outcome === 'hang') {
      stats.hangs++;
      return new Promise((resolve) => res.on('close', resolve));
    }
    if (delayMs > 0) await waitOrClose(delayMs, res);
    if (outcome === 'fail') {
      stats.failures++;
      sendJson(res, 500, errorBody('simulated backend failure', 'server_error'));
      return;
    }
    const row = byPrompt.get(lastUserText(request));
    const text = row?.response?.[request.model];
    if (text === undefined) stats.unknownPrompts++;
    const id = `chatcmpl-sim-${++sequence}`;
    const body = chatCompletion(
      id,
      request.model,
      text ?? unknownPromptAnswer,
      promptTokens(request),
    );
    sendJson(res, 200, body);
  };

  const chat = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    stats.requests++;
    const request = parseChatRequest(await readJsonBody(req));
    if (typeof request === 'string')
      return sendJson(res, 400, errorBody(request, 'invalid_request_error'));
    if (!models.has(request.model)) {
      return sendJson(res, 404, errorBody(`model ${request.model} not found`, 'not_found_error'));
    }
    const model = request.model;
    stats.inFlight[model] = (stats.inFlight[model] ?? 0) + 1;
    stats.maxInFlight[model] = Math.max(stats.maxInFlight[model] ?? 0, stats.inFlight[model]);
    try {
      await complete(request, res);
    } finally {
      stats.inFlight[model] = (stats.inFlight[model] ?? 1) - 1;
    }
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/v1/chat/completions') return chat(req, res);
    if (req.method === 'GET' && path === '/v1/models') {
      const data = [...models].map((id) => ({ id, object: 'model', owned_by: 'cqb-simulated' }));
      return sendJson(res, 200, { object: 'list', data });
    }
    if (req.method === 'GET' && path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    sendJson(res, 404, errorBody(`no route ${req.method ?? ''} ${path ?? ''}`, 'not_found_error'));
  };

  const server = createServer((req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent)
        sendJson(res, 400, errorBody('body is not valid JSON', 'invalid_request_error'));
    });
  });
  const port = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/v1`,
    port,
    stats: () => structuredClone(stats),
    close: () => closeServer(server),
  };
}

function errorBody(message: string, type: string): object {
  return { error: { message, type } };
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  if (res.destroyed) return;
  const bytes = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(bytes),
  });
  res.end(bytes);
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

function waitOrClose(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    res.on('close', done);
    function done(): void {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
  });
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
