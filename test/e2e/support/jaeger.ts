import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Kafka } from 'kafkajs';
import { topics } from '@cqb/contracts';
import { repoRoot } from './cqb-process.js';

const run = promisify(execFile);
const jaegerScript = `${repoRoot}infra/jaeger.sh`;

/** A span as Jaeger's query API returns it. */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  processID: string;
  /** CHILD_OF (the parent) and FOLLOWS_FROM (span links). */
  references: Array<{ refType: string; traceID: string; spanID: string }>;
  tags: Array<{ key: string; type?: string; value: unknown }>;
}

/** A trace as Jaeger's query API returns it. */
export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

/** A running Jaeger (infra/jaeger.sh) and its addresses. */
export interface Jaeger {
  otlpGrpcEndpoint: string;
  queryUrl: string;
  /** Traces holding spans of `service` (the newest first, at most `limit`). */
  traces(service: string, limit?: number): Promise<JaegerTrace[]>;
  stop(): Promise<void>;
}

/** Starts Jaeger (built from the Go module proxy on first use, minutes; cached after). */
export async function startJaeger(): Promise<Jaeger> {
  const { stdout } = await run('bash', [jaegerScript, 'start'], { maxBuffer: 1 << 20 });
  const vars = Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );
  const queryUrl = vars['JAEGER_QUERY_URL'] ?? '';
  return {
    otlpGrpcEndpoint: vars['JAEGER_OTLP_GRPC_ENDPOINT'] ?? '',
    queryUrl,
    async traces(service, limit = 100) {
      const response = await fetch(`${queryUrl}/api/traces?service=${service}&limit=${limit}`);
      if (!response.ok) return [];
      return ((await response.json()) as { data: JaegerTrace[] | null }).data ?? [];
    },
    async stop() {
      await run('bash', [jaegerScript, 'stop']);
    },
  };
}

/** The environment that starts a process with the telemetry preload, exporting to `jaeger`. */
export function telemetryEnv(jaeger: Jaeger, serviceName: string): Record<string, string> {
  return {
    NODE_OPTIONS: `--import tsx --import ${repoRoot}services/runtime/src/telemetry/register.ts`,
    OTEL_SDK_DISABLED: 'false',
    OTEL_SERVICE_NAME: serviceName,
    OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpGrpcEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    OTEL_BSP_SCHEDULE_DELAY: '200',
  };
}

/** Creates every topic (and its dead-letter topic) up front, as an operator would. */
export async function createAllTopics(brokers: string, prefix: string): Promise<void> {
  const admin = new Kafka({ brokers: [brokers], logLevel: 0 }).admin();
  await admin.connect();
  const names = Object.values(topics).flatMap((t) => [prefix + t.name, `${prefix}${t.name}.dlq`]);
  await admin.createTopics({
    topics: names.map((topic) => ({ topic, numPartitions: 3 })),
    waitForLeaders: true,
  });
  await admin.disconnect();
}

/** The value of a span's tag, if it has it. */
export function tagOf(span: JaegerSpan | undefined, key: string): unknown {
  return span?.tags.find((t) => t.key === key)?.value;
}

/** The span id of a span's parent (its CHILD_OF reference), if any. */
export function parentOf(span: JaegerSpan | undefined): string | undefined {
  return span?.references.find((r) => r.refType === 'CHILD_OF')?.spanID;
}
