import type { SimRandom } from './random.js';

/**
 * Backend latency model: `fixed` always waits `medianMs`; `lognormal` waits
 * `medianMs · exp(sigma · z)` with z standard normal (median `medianMs`, default sigma 0.5).
 */
export type LatencyModel =
  { kind: 'fixed'; medianMs: number } | { kind: 'lognormal'; medianMs: number; sigma?: number };

/** Draws one latency in milliseconds from the model. */
export function drawLatencyMs(model: LatencyModel, random: SimRandom): number {
  if (model.kind === 'fixed') return model.medianMs;
  return model.medianMs * Math.exp((model.sigma ?? 0.5) * random.normal());
}
