import type { NodeSDK } from '@opentelemetry/sdk-node';
import type { IncomingMessage } from 'node:http';

/** gRPC methods not traced: health probes would otherwise make one trace every few seconds. */
const untracedGrpcMethods = ['Check', 'Watch'];
/** HTTP paths not traced: Prometheus scrapes. */
const untracedHttpPaths = new Set(['/metrics', '/healthz']);

let running: NodeSDK | undefined;

/**
 * Starts the OpenTelemetry NodeSDK with the gRPC, HTTP, KafkaJS and pg instrumentations.
 * Everything else comes from the standard variables, read by the SDK itself:
 * OTEL_SDK_DISABLED, OTEL_SERVICE_NAME, OTEL_TRACES_EXPORTER (default `otlp`),
 * OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL (`grpc` or `http/protobuf`),
 * OTEL_METRICS_EXPORTER and OTEL_LOGS_EXPORTER (set both to `none`: metrics are served by
 * Prometheus), OTEL_PROPAGATORS (default W3C trace context and baggage). The sampler is the
 * project's own (every trace except periodic capacity reports), so OTEL_TRACES_SAMPLER is ignored.
 * Idempotent: a second call does nothing.
 */
export async function startTelemetry(): Promise<void> {
  if (running) return;
  // Loaded here, not at the top: the SDK must be created before the libraries it instruments
  // are first imported by the service, and this module may be imported by anything.
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const { GrpcInstrumentation } = await import('@opentelemetry/instrumentation-grpc');
  const { HttpInstrumentation } = await import('@opentelemetry/instrumentation-http');
  const { KafkaJsInstrumentation } = await import('@opentelemetry/instrumentation-kafkajs');
  const { PgInstrumentation } = await import('@opentelemetry/instrumentation-pg');
  const { createCqbSampler } = await import('./sampler.js');
  const sdk = new NodeSDK({
    sampler: createCqbSampler(),
    instrumentations: [
      new GrpcInstrumentation({ ignoreGrpcMethods: untracedGrpcMethods }),
      new HttpInstrumentation({ ignoreIncomingRequestHook: isUntracedRequest }),
      new KafkaJsInstrumentation(),
      // Without a parent span a polling query would start a trace of its own every time.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  running = sdk;
}

function isUntracedRequest(request: IncomingMessage): boolean {
  const path = (request.url ?? '').split('?')[0] ?? '';
  return untracedHttpPaths.has(path);
}

/**
 * Flushes buffered spans and stops the SDK. Call it last in a service's shutdown sequence.
 * Resolves (does not throw) when telemetry was never started or the exporter is unreachable.
 */
export async function shutdownTelemetry(): Promise<void> {
  const sdk = running;
  running = undefined;
  if (!sdk) return;
  try {
    await sdk.shutdown();
  } catch {
    // The collector being down at shutdown must not turn a clean stop into a failed one.
  }
}
