/**
 * The two hot loops of an ACQB decision as a tiny WebAssembly SIMD module (f64x2), assembled
 * here from the listings below: no toolchain, no files, compiled synchronously at import.
 *
 * - `best`: the scan of `bestRow` in scoring.ts over every (query, LLM) pair. Same four running
 *   sums per pair (lanes j mod 4), added as ((s0 + s1) + s2) + s3, multiply then add with no
 *   fusing, so scores are bit-identical to the JavaScript loop. Memory per call: [0, 8) best
 *   logit out, [8, 12) best slot out, θ rows from 16, then the contexts.
 * - `solve`: `solveUpperT` of numeric.ts (θ̃ = θ̂ + ν·L⁻ᵀ·z), bit-identical as well. Memory: z at
 *   16, then one cached d×d factor per LLM.
 *
 * Where WebAssembly SIMD is unavailable `createWasmKernel` and `createWasmSampler` give null and the
 * callers keep the JavaScript loops.
 */
import type { LogisticPosterior } from './posterior.js';
import {
  BLOCK,
  LOOP,
  IF,
  END,
  BR,
  BR_IF,
  VOID,
  GET,
  SET,
  I32_CONST,
  F64_CONST,
  F64_LOAD,
  I32_STORE,
  F64_STORE,
  I32_LT_U,
  I32_EQZ,
  I32_GT_U,
  I32_GE_U,
  F64_EQ,
  F64_GT,
  I32_ADD,
  I32_SUB,
  I32_MUL,
  I32_AND,
  I32_OR,
  I32_SHL,
  F64_ADD,
  F64_SUB,
  F64_MUL,
  F64_DIV,
  V128_LOAD,
  V128_STORE,
  V128_CONST,
  F64X2_SPLAT,
  F64X2_EXTRACT,
  F64X2_ADD,
  F64X2_SUB,
  F64X2_MUL,
  T_I32,
  T_F64,
  T_V128,
  uleb,
  f64Bytes,
  section,
  name,
} from './wasm-opcodes.js';
import type { Rng } from './rng.js';

// Locals of `best(ctx, n, th, nk, d) -> bestRow`; 0–4 are the parameters. `nk` must be even
// (the caller repeats the last θ row, which can never win a tie against its original).
const CTX = 0;
const N = 1;
const TH = 2;
const NK = 3;
const D = 4;
const ROW = 5;
const KK = 6;
const XP = 7;
const TP = 8;
const BEST_ROW = 9;
const BEST_K = 10;
const ROW_BYTES = 11;
const XJ = 12;
const TJ = 13;
const TJ2 = 14;
const XEND = 15;
const Z = 16;
const BEST = 17;
const A0 = 18;
const A1 = 19;
const B0 = 20;
const B1 = 21;
const X0 = 22;
const X1 = 23;

/** acc += x·θ over one 16-byte chunk: x in local `x`, θ at local `ptr` + `off`. */
function madd(acc: number, x: number, ptr: number, off: number): number[] {
  return [GET, acc, GET, x, GET, ptr, ...V128_LOAD, 3, off, ...F64X2_MUL, ...F64X2_ADD, SET, acc];
}

/** z = ((s0 + s1) + s2) + s3 from lanes (s0, s1) of `a` and (s2, s3) of `b`. */
function lanesSum(a: number, b: number): number[] {
  // prettier-ignore
  return [
    GET, a, ...F64X2_EXTRACT, 0, GET, a, ...F64X2_EXTRACT, 1, F64_ADD,
    GET, b, ...F64X2_EXTRACT, 0, F64_ADD,
    GET, b, ...F64X2_EXTRACT, 1, F64_ADD,
    SET, Z,
  ];
}

/**
 * Keeps (row, slot) when z > best, or on a tie when slot < bestK: the JavaScript loop's order
 * (slot first, then row) although rows are the outer loop here.
 */
function keepIfBetter(slot: number[]): number[] {
  // prettier-ignore
  return [
    GET, Z, GET, BEST, F64_GT,
    GET, Z, GET, BEST, F64_EQ, ...slot, GET, BEST_K, I32_LT_U, I32_AND,
    I32_OR,
    IF, VOID,
      GET, Z, SET, BEST,
      GET, ROW, SET, BEST_ROW,
      ...slot, SET, BEST_K,
    END,
  ];
}

const ZERO = [...V128_CONST, ...new Array<number>(16).fill(0)];

/**
 * Two θ rows per pass over a context row, so four independent f64x2 sums are in flight: each
 * θ row still gets the same four scalar sums (lanes j mod 4) in the same order as `bestRow`.
 */
// prettier-ignore
const bestBody: number[] = [
  // best = −∞; bestRow = bestK = row = 0 (fresh locals are zero); rowBytes = d·8; xp = ctx
  F64_CONST, ...f64Bytes(-Infinity), SET, BEST,
  GET, D, I32_CONST, 3, I32_SHL, SET, ROW_BYTES,
  GET, CTX, SET, XP,
  BLOCK, VOID, LOOP, VOID, //                                   rows: for row < n
    GET, ROW, GET, N, I32_GE_U, BR_IF, 1,
    I32_CONST, 0, SET, KK,
    GET, TH, SET, TP,
    GET, XP, GET, ROW_BYTES, I32_ADD, SET, XEND,
    BLOCK, VOID, LOOP, VOID, //                                 slot pairs: for kk < nk, kk += 2
      GET, KK, GET, NK, I32_GE_U, BR_IF, 1,
      ...ZERO, SET, A0, ...ZERO, SET, A1, ...ZERO, SET, B0, ...ZERO, SET, B1,
      GET, XP, SET, XJ,
      GET, TP, SET, TJ,
      GET, TP, GET, ROW_BYTES, I32_ADD, SET, TJ2,
      LOOP, VOID, //                                            four columns per step (d ≥ 4)
        GET, XJ, ...V128_LOAD, 3, 0, SET, X0,
        GET, XJ, ...V128_LOAD, 3, 16, SET, X1,
        ...madd(A0, X0, TJ, 0),
        ...madd(A1, X1, TJ, 16),
        ...madd(B0, X0, TJ2, 0),
        ...madd(B1, X1, TJ2, 16),
        GET, TJ, I32_CONST, 32, I32_ADD, SET, TJ,
        GET, TJ2, I32_CONST, 32, I32_ADD, SET, TJ2,
        GET, XJ, I32_CONST, 32, I32_ADD, SET, XJ,
        GET, XJ, GET, XEND, I32_LT_U, BR_IF, 0,
      END,
      ...lanesSum(A0, A1),
      ...keepIfBetter([GET, KK]),
      ...lanesSum(B0, B1),
      ...keepIfBetter([GET, KK, I32_CONST, 1, I32_ADD]),
      GET, KK, I32_CONST, 2, I32_ADD, SET, KK,
      GET, TJ2, SET, TP,
      BR, 0,
    END, END,
    GET, ROW, I32_CONST, 1, I32_ADD, SET, ROW,
    GET, XEND, SET, XP,
    BR, 0,
  END, END,
  I32_CONST, 0, GET, BEST, F64_STORE, 3, 0,
  I32_CONST, 8, GET, BEST_K, I32_STORE, 2, 0,
  GET, BEST_ROW,
  END,
];

// Locals of `solve(lp, up, d)`: Lᵀ·u = u in place, L at lp (row-major d×d), u at up.
const LP = 0;
const UP = 1;
const SD = 2;
const SI = 3;
const ROWP = 4;
const SK = 5;
const IB = 6;
const YI = 7;
const YV = 8;

/** `solveUpperT` of numeric.ts step for step, with the row update two lanes at a time. */
// prettier-ignore
const solveBody: number[] = [
  GET, SD, SET, SI,
  BLOCK, VOID, LOOP, VOID, //                                   for i = d−1 down to 0
    GET, SI, I32_EQZ, BR_IF, 1,
    GET, SI, I32_CONST, 1, I32_SUB, SET, SI,
    GET, SI, I32_CONST, 3, I32_SHL, SET, IB,
    GET, LP, GET, SI, GET, SD, I32_MUL, I32_CONST, 3, I32_SHL, I32_ADD, SET, ROWP,
    // yi = u[i] / L[i][i]; u[i] = yi
    GET, UP, GET, IB, I32_ADD, F64_LOAD, 3, 0,
    GET, ROWP, GET, IB, I32_ADD, F64_LOAD, 3, 0,
    F64_DIV, SET, YI,
    GET, UP, GET, IB, I32_ADD, GET, YI, F64_STORE, 3, 0,
    GET, YI, ...F64X2_SPLAT, SET, YV,
    I32_CONST, 0, SET, SK,
    BLOCK, VOID, LOOP, VOID, //                                 u[k] −= L[i][k]·yi, k < i, in pairs
      GET, SK, I32_CONST, 16, I32_ADD, GET, IB, I32_GT_U, BR_IF, 1,
      GET, UP, GET, SK, I32_ADD,
      GET, UP, GET, SK, I32_ADD, ...V128_LOAD, 3, 0,
      GET, ROWP, GET, SK, I32_ADD, ...V128_LOAD, 3, 0,
      GET, YV, ...F64X2_MUL, ...F64X2_SUB,
      ...V128_STORE, 3, 0,
      GET, SK, I32_CONST, 16, I32_ADD, SET, SK,
      BR, 0,
    END, END,
    GET, SK, GET, IB, I32_LT_U,
    IF, VOID, //                                                the odd one left
      GET, UP, GET, SK, I32_ADD,
      GET, UP, GET, SK, I32_ADD, F64_LOAD, 3, 0,
      GET, ROWP, GET, SK, I32_ADD, F64_LOAD, 3, 0,
      GET, YI, F64_MUL, F64_SUB,
      F64_STORE, 3, 0,
    END,
    BR, 0,
  END, END,
  END,
];

function moduleBytes(): Uint8Array {
  // best: 3 local groups (11 i32, 2 f64, 6 v128); solve: 4 i32, 1 f64, 1 v128
  const best = [3, 11, T_I32, 2, T_F64, 6, T_V128, ...bestBody];
  const solve = [3, 4, T_I32, 1, T_F64, 1, T_V128, ...solveBody];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [
      2,
      ...[0x60, 5, T_I32, T_I32, T_I32, T_I32, T_I32, 1, T_I32],
      ...[0x60, 3, T_I32, T_I32, T_I32, 0],
    ]),
    ...section(3, [2, 0, 1]),
    ...section(5, [1, 0x00, 1]),
    ...section(7, [
      3,
      ...name('best'),
      0x00,
      0,
      ...name('solve'),
      0x00,
      1,
      ...name('mem'),
      0x02,
      0,
    ]),
    ...section(10, [2, ...uleb(best.length), ...best, ...uleb(solve.length), ...solve]),
  ];
  return Uint8Array.from(bytes);
}

/** The scan of `bestRow` over several θ rows at once, in WebAssembly. */
export interface WasmKernel {
  /**
   * The (row, slot) maximising packed[row]·thetas[slot] over rows [lo, hi) and the given θ rows,
   * ties to the lowest slot then the lowest row. `d` must be a multiple of 4.
   */
  bestPair(
    packed: Float64Array,
    d: number,
    thetas: readonly Float64Array[],
    lo: number,
    hi: number,
  ): { row: number; slot: number; logit: number };
}

const PAGE = 65536;

type BestFn = (ctx: number, n: number, th: number, nk: number, d: number) => number;
type SolveFn = (lp: number, up: number, d: number) => void;

/** The slice of the WebAssembly JS API used here (the package compiles without DOM or Node types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

interface Instance {
  mem: WasmMemory;
  best: BestFn;
  solve: SolveFn;
}

function compile(): object | null {
  if (!wasmApi) return null;
  try {
    return new wasmApi.Module(moduleBytes());
  } catch {
    return null; // no SIMD support: the JavaScript loops are used
  }
}

const compiled = compile();

function instantiate(): Instance | null {
  if (!wasmApi || !compiled) return null;
  const { exports } = new wasmApi.Instance(compiled);
  return {
    mem: exports.mem as WasmMemory,
    best: exports.best as BestFn,
    solve: exports.solve as SolveFn,
  };
}

/** Grows `mem` to at least `bytes`. */
function reserve(mem: WasmMemory, bytes: number): void {
  const have = mem.buffer.byteLength;
  if (bytes > have) mem.grow(Math.ceil((bytes - have) / PAGE));
}

/**
 * A scoring kernel with its own WebAssembly memory (scratch space, reused by every call), or null
 * where WebAssembly SIMD is not available. The compiled module is shared; instances are not.
 */
export function createWasmKernel(): WasmKernel | null {
  const inst = instantiate();
  if (!inst) return null;
  const { mem, best } = inst;
  let f64 = new Float64Array(mem.buffer);
  let i32 = new Int32Array(mem.buffer);
  return {
    bestPair(packed, d, thetas, lo, hi) {
      const nk = thetas.length + (thetas.length % 2);
      const ctx = 16 + nk * d * 8;
      reserve(mem, ctx + (hi - lo) * d * 8);
      if (f64.buffer !== mem.buffer) {
        f64 = new Float64Array(mem.buffer);
        i32 = new Int32Array(mem.buffer);
      }
      for (let s = 0; s < nk; s++) {
        f64.set(thetas[Math.min(s, thetas.length - 1)]!.subarray(0, d), 2 + s * d);
      }
      f64.set(packed.subarray(lo * d, hi * d), ctx / 8);
      const row = best(ctx, hi - lo, 16, nk, d);
      return { row: lo + row, slot: i32[2]!, logit: f64[0]! };
    },
  };
}

/**
 * Posterior draws θ̃ = θ̂ + ν·L⁻ᵀ·z for a fixed set of K posteriors of dimension d, with the
 * triangular solve in WebAssembly. Each LLM's factor L is copied into the module's memory once and
 * copied again only when `draw` sees a different posterior object or a different observation
 * count (`updatePosterior` always increments it; `setPosterior` passes a new object). Draws are
 * bit-identical to `samplePosterior` with the same generator.
 */
export interface WasmSampler {
  draw(llm: number, post: LogisticPosterior, rng: Rng, nu: number, out: Float64Array): void;
  /** Forgets LLM `llm`'s cached factor (call after changing a posterior in place otherwise). */
  invalidate(llm: number): void;
}

/** A sampler for `k` posteriors of dimension `d`, or null without WebAssembly SIMD. */
export function createWasmSampler(k: number, d: number): WasmSampler | null {
  const inst = instantiate();
  if (!inst) return null;
  const { mem, solve } = inst;
  const uOff = 16;
  const lOff = uOff + Math.ceil((d * 8) / 16) * 16;
  const lBytes = d * d * 8;
  reserve(mem, lOff + k * lBytes);
  const f64 = new Float64Array(mem.buffer);
  const cachedPost: (LogisticPosterior | null)[] = new Array<LogisticPosterior | null>(k).fill(
    null,
  );
  const cachedObs = new Float64Array(k);
  const u = uOff / 8;
  return {
    draw(llm, post, rng, nu, out) {
      const lp = lOff + llm * lBytes;
      if (cachedPost[llm] !== post || cachedObs[llm] !== post.observations) {
        f64.set(post.chol.subarray(0, d * d), lp / 8);
        cachedPost[llm] = post;
        cachedObs[llm] = post.observations;
      }
      if (rng.fillNormal) rng.fillNormal(f64, u, u + d);
      else for (let i = 0; i < d; i++) f64[u + i] = rng.normal();
      solve(lp, uOff, d);
      const mean = post.mean;
      for (let i = 0; i < d; i++) out[i] = mean[i]! + nu * f64[u + i]!;
    },
    invalidate(llm) {
      cachedPost[llm] = null;
    },
  };
}
