/**
 * The dispatcher service (calls LLM backends for assignments, publishes answers and capacity),
 * the LLM registry, and a simulated OpenAI-compatible backend that answers from a dataset.
 */
export { createDispatcherService } from './dispatcher-service.js';
export type {
  DispatcherService,
  DispatcherServiceDeps,
  MetricsRegistry,
} from './dispatcher-service.js';
export { configSchema, defaultDispatcherConfig, loadDispatcherConfig } from './config.js';
export type { DispatcherConfig } from './config.js';
export { answerCost, createLlmRegistry, RegistryError, seedRegistry } from './llm-registry.js';
export type { LlmEntry, LlmPrice, LlmRegistry } from './llm-registry.js';
export { routerBenchRegistry } from './routerbench-registry.js';
export { BackendCallError, callWithRetry } from './llm-client.js';
export type { CallFailureKind, CallOptions, CallResult } from './llm-client.js';
export { createSlotPool } from './slots.js';
export type { SlotPool, SlotState } from './slots.js';
export { createSimulatedBackend, unknownPromptAnswer } from './simulated-backend/server.js';
export type {
  SimulatedBackend,
  SimulatedBackendOptions,
  SimulatedBackendStats,
} from './simulated-backend/server.js';
export type { LatencyModel } from './simulated-backend/latency.js';
export { loadSimulatedDataset } from './simulated-backend/dataset-source.js';
export type { SimulatedDataset } from './simulated-backend/dataset-source.js';
