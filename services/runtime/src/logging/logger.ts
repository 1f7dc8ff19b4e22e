import { pino } from 'pino';
import type {
  DestinationStream,
  LevelWithSilent,
  Logger,
  LoggerOptions as PinoOptions,
} from 'pino';

export type { Logger };

/** Keys whose values never reach a log line, at any depth: user text, model output, secrets. */
export const redactedKeys: ReadonlySet<string> = new Set([
  'text',
  'prompt',
  'answer',
  'apiKey',
  'authorization',
]);

const censor = '[redacted]';
const maxDepth = 8;

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Service name, added to every line as `service`. */
  service: string;
  /** Minimum level; default `info`. */
  level?: LevelWithSilent;
  /** Where lines go; default stdout. Tests pass a stream to inspect the output. */
  destination?: NodeJS.WritableStream;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Copies plain objects and arrays, replacing the values of redacted keys; leaves the input as is. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > maxDepth) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = redactedKeys.has(key) ? censor : redact(inner, depth + 1);
  }
  return out;
}

/**
 * Builds the JSON logger every service uses: base fields `service` and `pid`, ISO timestamps, and
 * the value of every key in {@link redactedKeys} replaced by `[redacted]` wherever it appears in
 * the logged fields (plain objects and arrays, eight levels deep).
 */
export function createLogger(options: LoggerOptions): Logger {
  const config: PinoOptions = {
    level: options.level ?? 'info',
    base: { service: options.service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      log: (fields: Record<string, unknown>) => redact(fields) as Record<string, unknown>,
    },
  };
  return options.destination
    ? pino(config, options.destination as DestinationStream)
    : pino(config);
}
