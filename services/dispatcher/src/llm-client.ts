import { injectTraceContext } from '@cqb/runtime';
import type { LlmEntry } from './llm-registry.js';

/** Why a backend call failed. `timeout` and `http-4xx` are final; the others may be retried. */
export type CallFailureKind = 'timeout' | 'transport' | 'http-5xx' | 'http-4xx' | 'bad-response';

/** A failed call to an LLM backend, after the bounded retries. */
export class BackendCallError extends Error {
  override readonly name = 'BackendCallError';
  constructor(
    message: string,
    readonly kind: CallFailureKind,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Whether another attempt could succeed (transport errors, 5xx and 429). */
  get retriable(): boolean {
    return this.kind === 'transport' || this.kind === 'http-5xx';
  }
}

/** A successful chat completion. */
export interface CallResult {
  text: string;
  promptTokens: number;
  completionTokens: number;
  /** Backend time of the successful attempt, ms. */
  latencyMs: number;
  attempts: number;
}

/** Options of {@link callWithRetry}. */
export interface CallOptions {
  /** Per-attempt timeout, ms. */
  timeoutMs: number;
  /** Extra attempts after a retriable failure. */
  retries: number;
  /** Backoff before retry n (1-based) is `backoffMs · 2^(n−1)`. */
  backoffMs: number;
  apiKey?: string;
}

interface ChatResponseBody {
  choices?: { message?: { content?: unknown } }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
}

async function callOnce(llm: LlmEntry, prompt: string, options: CallOptions): Promise<CallResult> {
  const started = performance.now();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  // W3C traceparent of the active (backend call) span, so a traced backend joins the trace.
  injectTraceContext(headers);
  let res: Response;
  try {
    res = await fetch(`${llm.endpoint}/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: llm.model, messages: [{ role: 'user', content: prompt }] }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (err) {
    throw fetchFailure(err, options.timeoutMs);
  }
  const body = await readBody(res, options.timeoutMs);
  if (!res.ok) {
    const kind = res.status >= 500 || res.status === 429 ? 'http-5xx' : 'http-4xx';
    throw new BackendCallError(`backend answered HTTP ${res.status}`, kind, 1);
  }
  return { ...parseCompletion(body), latencyMs: performance.now() - started, attempts: 1 };
}

function fetchFailure(err: unknown, timeoutMs: number): BackendCallError {
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new BackendCallError(`backend timed out after ${timeoutMs} ms`, 'timeout', 1, {
      cause: err,
    });
  }
  return new BackendCallError('backend unreachable', 'transport', 1, { cause: err });
}

async function readBody(res: Response, timeoutMs: number): Promise<unknown> {
  try {
    return await res.json();
  } catch (err) {
    if (!res.ok) return undefined;
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
      throw fetchFailure(err, timeoutMs);
    }
    throw new BackendCallError('backend sent a body that is not JSON', 'bad-response', 1, {
      cause: err,
    });
  }
}

function parseCompletion(body: unknown): Omit<CallResult, 'latencyMs' | 'attempts'> {
  const { choices, usage } = (body ?? {}) as ChatResponseBody;
  const text = choices?.[0]?.message?.content;
  if (typeof text !== 'string') {
    throw new BackendCallError(
      'backend response has no choices[0].message.content',
      'bad-response',
      1,
    );
  }
  return {
    text,
    promptTokens: nonNegativeInt(usage?.prompt_tokens),
    completionTokens: nonNegativeInt(usage?.completion_tokens),
  };
}

function nonNegativeInt(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

/**
 * Calls the LLM's chat-completions endpoint with the prompt as one user message. Transport errors,
 * HTTP 5xx and 429 are retried up to `retries` times with exponential backoff; a timeout or any
 * other 4xx ends the call at once. These retries are the dispatcher's own and never reach
 * feedback as user retries.
 */
export async function callWithRetry(
  llm: LlmEntry,
  prompt: string,
  options: CallOptions,
): Promise<CallResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ...(await callOnce(llm, prompt, options)), attempts: attempt };
    } catch (err) {
      const failure =
        err instanceof BackendCallError
          ? err
          : new BackendCallError('backend call failed', 'transport', 1, { cause: err });
      if (!failure.retriable || attempt > options.retries) {
        throw new BackendCallError(failure.message, failure.kind, attempt, {
          cause: failure.cause,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, options.backoffMs * 2 ** (attempt - 1)));
    }
  }
}
