/**
 * Tight scoring loops over the waiting queue. Contexts are read from a packed row-major
 * Float64Array when the caller keeps one (the fast path) or from each item otherwise.
 */
import { sigmoid } from './numeric.js';
import type { QueueItem } from './policy-types.js';
import type { WasmKernel } from './wasm-kernel.js';

/** Result of a scan: the best pair and its score. */
export interface ScoredPair {
  queueIndex: number;
  llm: number;
  score: number;
}

/** Copies the queue's contexts into one packed row-major buffer (reusing `out` if large enough). */
export function packContexts(queue: readonly QueueItem[], d: number, out?: Float64Array) {
  const buf = out && out.length >= queue.length * d ? out : new Float64Array(queue.length * d);
  for (let i = 0; i < queue.length; i++) buf.set(queue[i]!.context.subarray(0, d), i * d);
  return buf;
}

function rowDot(ctx: Float64Array, off: number, theta: Float64Array, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += ctx[off + j]! * theta[j]!;
  return s;
}

/**
 * The row in [lo, hi) of the packed contexts maximising x·θ. Unrolled by four: this loop is the
 * whole cost of a decision on a long queue.
 */
function bestRow(packed: Float64Array, d: number, theta: Float64Array, lo: number, hi: number) {
  let best = -Infinity;
  let bestI = lo;
  const d4 = d - (d % 4);
  for (let i = lo, off = lo * d; i < hi; i++, off += d) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    for (; j < d4; j += 4) {
      s0 += packed[off + j]! * theta[j]!;
      s1 += packed[off + j + 1]! * theta[j + 1]!;
      s2 += packed[off + j + 2]! * theta[j + 2]!;
      s3 += packed[off + j + 3]! * theta[j + 3]!;
    }
    for (; j < d; j++) s0 += packed[off + j]! * theta[j]!;
    const z = s0 + s1 + s2 + s3;
    if (z > best) {
      best = z;
      bestI = i;
    }
  }
  return { row: bestI, logit: best };
}

/**
 * The pair maximising σ(x_i·θ_k) − β·cost_k(i) over queue rows (all rows, or only row `only`
 * when `only ≥ 0`) and the LLMs in `free`, with θ_k = `thetas[k]`. With β = 0 the logit is
 * compared directly (σ is monotone) over packed contexts, and σ is evaluated once; given a
 * `kernel` (`createWasmKernel()`) and d a multiple of 4, that scan runs in WebAssembly with
 * bit-identical scores.
 */
export function bestLogisticPair(
  queue: readonly QueueItem[],
  packed: Float64Array | undefined,
  d: number,
  free: readonly number[],
  thetas: readonly Float64Array[],
  beta: number,
  only = -1,
  kernel: WasmKernel | null = null,
): ScoredPair {
  const lo = only >= 0 ? only : 0;
  const hi = only >= 0 ? only + 1 : queue.length;
  const ctx = packed ?? packContexts(queue, d);
  if (beta === 0 && kernel && d % 4 === 0 && free.length > 0) {
    const pair = kernel.bestPair(
      ctx,
      d,
      free.map((k) => thetas[k]!),
      lo,
      hi,
    );
    return { queueIndex: pair.row, llm: free[pair.slot]!, score: sigmoid(pair.logit) };
  }
  let bestI = lo;
  let bestK = free[0]!;
  let best = -Infinity;
  for (const k of free) {
    const theta = thetas[k]!;
    if (beta === 0) {
      const { row, logit } = bestRow(ctx, d, theta, lo, hi);
      if (logit > best) [best, bestI, bestK] = [logit, row, k];
      continue;
    }
    for (let i = lo; i < hi; i++) {
      const s = sigmoid(rowDot(ctx, i * d, theta, d)) - beta * (queue[i]!.cost?.[k] ?? 0);
      if (s > best) [best, bestI, bestK] = [s, i, k];
    }
  }
  return { queueIndex: bestI, llm: bestK, score: beta === 0 ? sigmoid(best) : best };
}

/** Index of the earliest arrival (the FIFO head). */
export function fifoHead(queue: readonly QueueItem[]): number {
  let best = 0;
  for (let i = 1; i < queue.length; i++) {
    if (queue[i]!.arrivalSeq < queue[best]!.arrivalSeq) best = i;
  }
  return best;
}

/** Index of the most recent arrival (the exploration target of ACQB). */
export function newestArrival(queue: readonly QueueItem[]): number {
  let best = 0;
  for (let i = 1; i < queue.length; i++) {
    if (queue[i]!.arrivalSeq > queue[best]!.arrivalSeq) best = i;
  }
  return best;
}

/** Index of the longest-waiting query whose wait exceeds `maxWaitMs`, or −1 if none. */
export function overdueIndex(queue: readonly QueueItem[], maxWaitMs: number): number {
  if (!Number.isFinite(maxWaitMs)) return -1;
  let best = -1;
  let wait = maxWaitMs;
  for (let i = 0; i < queue.length; i++) {
    const w = queue[i]!.waitedMs ?? 0;
    if (w > wait) {
      wait = w;
      best = i;
    }
  }
  return best;
}
