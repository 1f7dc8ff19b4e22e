import { z } from 'zod';

/** One invalid or missing environment variable. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Raised by {@link loadConfig}; lists every problem found, not just the first. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Environment variables as Node gives them. */
export type Env = Record<string, string | undefined>;

/**
 * Validates the environment against a zod schema over `CQB_*` variables once, at start-up, and
 * returns the typed result. Empty strings count as unset, so defaults apply. Throws
 * {@link ConfigError} naming every missing or invalid variable.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env): z.output<S> {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: issue.path.length > 0 ? issue.path.join('.') : '(environment)',
      message: issue.message,
    })),
  );
}

/**
 * Runs a config loader; on {@link ConfigError} prints every problem to stderr and exits with
 * status 2 (other errors propagate). For the first lines of a service's main.
 */
export function exitOnConfigError<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
}

/** A duration in milliseconds (positive integer), with a default. Name the variable `..._MS`. */
export function durationMs(defaultMs: number): z.ZodDefault<z.ZodCoercedNumber<unknown>> {
  return z.coerce.number().int().positive().default(defaultMs);
}

/** A TCP port (0 picks a free one), with a default. */
export function port(defaultPort: number): z.ZodDefault<z.ZodCoercedNumber<unknown>> {
  return z.coerce.number().int().min(0).max(65_535).default(defaultPort);
}

/** A comma-separated list of non-empty items (spaces around items are ignored). */
export function commaList(): z.ZodPipe<z.ZodString, z.ZodTransform<string[], string>> {
  return z.string().transform((value, ctx) => {
    const items = value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    if (items.length === 0)
      ctx.addIssue({ code: 'custom', message: 'expected a comma-separated list' });
    return items;
  });
}

const hostPort = z
  .string()
  .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'expected host:port');

/**
 * Variables every service understands. Spread into a service's schema and override a default
 * where the service needs another (for example its own `CQB_GRPC_ADDRESS`).
 */
export const commonConfigShape = {
  /** pino level. */
  CQB_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  /** Kafka bootstrap servers, `host:port,host:port`; absent in all-in-one mode. */
  CQB_KAFKA_BROKERS: commaList().pipe(z.array(hostPort)).optional(),
  CQB_KAFKA_CLIENT_ID: z.string().default('cqb-router'),
  /** `postgres://...`; absent in all-in-one mode (embedded database). */
  CQB_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Where the service's gRPC server listens. */
  CQB_GRPC_ADDRESS: hostPort.default('0.0.0.0:50051'),
  /** Port of the Prometheus `/metrics` endpoint (0 picks a free one). */
  CQB_METRICS_PORT: port(9464),
  /** Prefix of every topic name, to isolate runs sharing a broker. */
  CQB_TOPIC_PREFIX: z.string().default(''),
};

/** The common schema on its own (for tools that need only the shared variables). */
export const commonConfigSchema = z.object(commonConfigShape);

/** The parsed shared variables. */
export type CommonConfig = z.output<typeof commonConfigSchema>;
