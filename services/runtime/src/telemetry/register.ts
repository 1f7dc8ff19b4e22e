/**
 * Telemetry preload: `tsx --import ./services/runtime/src/telemetry/register.ts <entry>`
 * (or `node --import`). Starts OpenTelemetry before the service imports gRPC, HTTP, KafkaJS or
 * pg, so their calls are traced. Configured only by the standard OTEL_* variables; with
 * OTEL_SDK_DISABLED=true it does nothing. Services call `shutdownTelemetry()` on exit to flush.
 */
import { register } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { startTelemetry } from './sdk.js';

// Services are ES modules, and an ES module's imports bypass `require` hooks: the loader hook
// lets instrumentations patch them too. The message channel restricts it to the modules some
// instrumentation asked for, instead of wrapping every module the process loads.
const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);

await startTelemetry();
await waitForAllMessagesAcknowledged();
