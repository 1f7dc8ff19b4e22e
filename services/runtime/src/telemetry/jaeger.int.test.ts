import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../testing/poll-until.js';
import { SpanAttr, SpanName } from './attributes.js';

/**
 * Traces through the telemetry preload into a real Jaeger (infra/jaeger.sh, built from the Go
 * module proxy on first use), read back through Jaeger's query API: two processes, one gRPC
 * hop, parent links across it, and a feedback-style span linked from a separate trace.
 */

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const jaegerScript = `${root}infra/jaeger.sh`;
const fixture = fileURLToPath(new URL('./fixtures/trace-fixture.ts', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;

interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  processID: string;
  references: Array<{ refType: string; traceID: string; spanID: string }>;
  tags: Array<{ key: string; value: unknown }>;
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

let jaeger: Record<string, string> = {};

function otelEnv(service: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    OTEL_SDK_DISABLED: 'false',
    OTEL_SERVICE_NAME: service,
    OTEL_EXPORTER_OTLP_ENDPOINT: jaeger['JAEGER_OTLP_GRPC_ENDPOINT'],
    OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
  };
}

async function traces(service: string): Promise<JaegerTrace[]> {
  const url = `${jaeger['JAEGER_QUERY_URL']}/api/traces?service=${service}&limit=20`;
  const response = await fetch(url);
  if (!response.ok) return [];
  return ((await response.json()) as { data: JaegerTrace[] | null }).data ?? [];
}

beforeAll(async () => {
  // The first run builds Jaeger (minutes); later runs reuse .cache/jaeger.
  const { stdout } = await run('bash', [jaegerScript, 'start'], { maxBuffer: 1 << 20 });
  const lines = stdout.trim().split('\n');
  jaeger = Object.fromEntries(lines.map((line) => line.split('=', 2) as [string, string]));
}, 1_800_000);

afterAll(async () => {
  await run('bash', [jaegerScript, 'stop']);
});

describe('traces in Jaeger', () => {
  it('joins client and server spans of a gRPC call into one trace, and links feedback to it', async () => {
    const suffix = Math.random().toString(36).slice(2, 8);
    const [clientName, serverName] = [`cqb-test-client-${suffix}`, `cqb-test-server-${suffix}`];
    const server = spawn(
      tsx,
      ['--import', './services/runtime/src/telemetry/register.ts', fixture, 'server'],
      {
        cwd: root,
        env: otelEnv(serverName),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const serverExit = new Promise((resolve) => server.once('exit', resolve));
    try {
      let output = '';
      server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const port = await pollUntil(() => /port (\d+)/.exec(output)?.[1], { timeoutMs: 60_000 });
      await run(
        tsx,
        ['--import', './services/runtime/src/telemetry/register.ts', fixture, 'client', port],
        {
          cwd: root,
          env: otelEnv(clientName),
        },
      );
    } finally {
      server.kill('SIGTERM');
      await serverExit;
    }

    const [trace] = await pollUntil(
      async () => {
        const found = await traces(clientName);
        return found[0] && found[0].spans.length >= 4 ? found : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const service = (span: JaegerSpan) => trace?.processes[span.processID]?.serviceName;
    const byName = (name: string, kind: string) =>
      trace?.spans.find(
        (s) =>
          s.operationName === name && s.tags.some((t) => t.key === 'span.kind' && t.value === kind),
      ) ?? trace?.spans.find((s) => s.operationName === name);
    const parentOf = (span: JaegerSpan | undefined) =>
      span?.references.find((r) => r.refType === 'CHILD_OF')?.spanID;

    const rootSpan = trace?.spans.find((s) => s.operationName === 'cqb.test.client');
    const clientCall = byName('grpc.cqb.v1.Admin/GetQueueStats', 'client');
    const serverCall = byName('grpc.cqb.v1.Admin/GetQueueStats', 'server');
    const decision = trace?.spans.find((s) => s.operationName === SpanName.scheduleDecision);
    expect(rootSpan && service(rootSpan)).toBe(clientName);
    expect(decision && service(decision)).toBe(serverName);
    expect(parentOf(rootSpan)).toBeUndefined();
    expect(parentOf(clientCall)).toBe(rootSpan?.spanID);
    expect(parentOf(serverCall)).toBe(clientCall?.spanID);
    expect(parentOf(decision)).toBe(serverCall?.spanID);
    expect(decision?.tags).toContainEqual({ key: SpanAttr.policy, type: 'string', value: 'acqb' });

    const feedbackTraces = await pollUntil(
      async () => {
        const found = (await traces(serverName)).filter((t) =>
          t.spans.some((s) => s.operationName === SpanName.feedbackDecision),
        );
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const feedback = feedbackTraces[0]?.spans.find(
      (s) => s.operationName === SpanName.feedbackDecision,
    );
    expect(feedback?.traceID).not.toBe(trace?.traceID);
    expect(feedback?.references).toContainEqual(
      expect.objectContaining({ traceID: trace?.traceID, spanID: decision?.spanID }),
    );
  });
});
