/** The simulator's waiting queue: items plus their contexts packed row-major for fast scoring. */
import type { QueueItem } from './policy-types.js';

/** A waiting query in the simulator, with its truth per LLM (hidden from policies). */
export interface SimItem extends QueueItem {
  prompt: number;
  trueP: Float64Array;
}

/** Is this queue item one of the simulator's (so its truth is attached)? */
export function isSimItem(item: QueueItem): item is SimItem {
  return 'trueP' in item;
}

/** Queue with O(1) push and swap-remove; `packed` mirrors the items' contexts in order. */
export class SimQueue {
  readonly items: SimItem[] = [];
  packed: Float64Array;
  constructor(readonly d: number) {
    this.packed = new Float64Array(64 * d);
  }
  get length(): number {
    return this.items.length;
  }
  push(item: SimItem): void {
    const n = this.items.length;
    if ((n + 1) * this.d > this.packed.length) {
      const bigger = new Float64Array(this.packed.length * 2);
      bigger.set(this.packed);
      this.packed = bigger;
    }
    this.packed.set(item.context, n * this.d);
    this.items.push(item);
  }
  /** Removes item `i` by moving the last item into its place. */
  remove(i: number): SimItem {
    const last = this.items.length - 1;
    const item = this.items[i]!;
    if (i !== last) {
      this.items[i] = this.items[last]!;
      this.packed.copyWithin(i * this.d, last * this.d, last * this.d + this.d);
    }
    this.items.pop();
    return item;
  }
  /** The packed contexts of the current items (a view, valid until the next change). */
  view(): Float64Array {
    return this.packed.subarray(0, this.items.length * this.d);
  }
}
