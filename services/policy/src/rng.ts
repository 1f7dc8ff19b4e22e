/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman and Vigna) over 32-bit words, seeded
 * through splitmix32 so that any integer seed and stream id give a well-mixed state. Normals use
 * Marsaglia's polar method, caching the second value of each pair.
 */

/** A seeded random source; every draw advances its private state. */
export interface Rng {
  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /**
   * Writes standard normals to out[from..to): the same values, in the same order, as that many
   * `normal()` calls, without a call per value. Optional for other implementations.
   */
  fillNormal?(out: Float64Array, from: number, to: number): void;
  /** Uniform integer in [0, n); n must be a positive integer below 2^32. */
  int(n: number): number;
  /** An independent generator for stream `stream`, derived from this generator's seed. */
  fork(stream: number): Rng;
}

function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function seedState(seed: number, stream: number): Uint32Array {
  const s = new Uint32Array(4);
  let st = (Math.trunc(seed) ^ Math.imul(Math.trunc(stream) + 1, 0x27d4eb2d)) | 0;
  for (let i = 0; i < 4; i++) {
    const [next, out] = splitmix32(st);
    st = next;
    s[i] = out;
  }
  // The all-zero state is the one fixed point of xoshiro; splitmix32 makes it unreachable in
  // practice, but guard anyway.
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;
  return s;
}

/**
 * Creates a generator from an integer `seed` (and an optional `stream` id, default 0). Two
 * generators with the same seed and stream produce the same sequence.
 */
export function createRng(seed: number, stream = 0): Rng {
  const s = seedState(seed, stream);
  let spare = 0;
  let hasSpare = false;

  function next(): number {
    const s0 = s[0]!;
    const s1 = s[1]!;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s[2]! ^= s0;
    s[3]! ^= s1;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  function uniform(): number {
    const hi = next() >>> 5;
    const lo = next() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  // Marsaglia's polar method on 32-bit uniforms: no trigonometry, one log per pair of normals.
  function normal(): number {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = next() * 4.656612873077393e-10 - 1;
      v = next() * 4.656612873077393e-10 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  }

  function fillNormal(out: Float64Array, from: number, to: number): void {
    let i = from;
    if (i < to && hasSpare) {
      hasSpare = false;
      out[i++] = spare;
    }
    while (i < to) {
      let u = 0;
      let v = 0;
      let s = 0;
      do {
        u = next() * 4.656612873077393e-10 - 1;
        v = next() * 4.656612873077393e-10 - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      out[i++] = u * f;
      if (i < to) {
        out[i++] = v * f;
      } else {
        spare = v * f;
        hasSpare = true;
      }
    }
  }

  return {
    uniform,
    normal,
    fillNormal,
    // 53-bit uniform times n: the bias is below 2^-21 for every n < 2^32.
    int: (n) => Math.floor(uniform() * n),
    fork: (sub) => createRng(seed, Math.imul(stream + 1, 0x9e3779b1) ^ (sub + 1)),
  };
}

/** A generator for stream `stream` of `seed`: use one stream per random purpose to couple runs. */
export function forkRng(seed: number, stream: number): Rng {
  return createRng(seed, stream);
}
