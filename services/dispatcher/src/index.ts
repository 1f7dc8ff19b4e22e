/**
 * The dispatcher service (calls LLM backends for assignments, publishes answers and capacity),
 * the LLM registry, and a simulated OpenAI-compatible backend that answers from a dataset.
 */
export { createSimulatedBackend, unknownPromptAnswer } from './simulated-backend/server.js';
export type {
  SimulatedBackend,
  SimulatedBackendOptions,
  SimulatedBackendStats,
} from './simulated-backend/server.js';
export type { LatencyModel } from './simulated-backend/latency.js';
export { loadSimulatedDataset } from './simulated-backend/dataset-source.js';
export type { SimulatedDataset } from './simulated-backend/dataset-source.js';
