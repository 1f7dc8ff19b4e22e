/**
 * A small seeded random source for the simulated backend (mulberry32 for uniforms, Box–Muller
 * for normals). Deterministic given the seed and the order of calls.
 */
export interface SimRandom {
  uniform(): number;
  normal(): number;
}

/** Creates a {@link SimRandom} from a 32-bit seed. */
export function createSimRandom(seed: number): SimRandom {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    const u1 = 1 - uniform(); // in (0, 1], so the log is finite
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * uniform());
  };
  return { uniform, normal };
}
