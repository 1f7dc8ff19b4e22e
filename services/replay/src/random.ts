/**
 * Seeded randomness for replay. Every draw is a pure function of (seed, stream, index), so the
 * arrival sequence and every user's judgement are the same for each policy in a comparison,
 * whatever order the system answers in.
 */

function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A uniform draw in [0, 1) determined by the seed and a list of integer coordinates. */
export function uniformAt(seed: number, ...coordinates: number[]): number {
  let h = mix32(seed ^ 0x9e3779b9);
  for (const c of coordinates) h = mix32(h ^ mix32(c + 0x632be5ab));
  return h / 0x1_0000_0000;
}

/** An exponential draw with the given rate (per unit), from the same coordinates. */
export function exponentialAt(rate: number, seed: number, ...coordinates: number[]): number {
  return -Math.log(1 - uniformAt(seed, ...coordinates)) / rate;
}
