import { randomBytes } from 'node:crypto';

/**
 * Returns a generator of UUID version 7 strings: 48 bits of epoch milliseconds, then a 12-bit
 * counter that keeps ids strictly increasing within one millisecond, then 62 random bits. Ids
 * from one generator sort in creation order; ids from different replicas sort by millisecond.
 */
export function createQueryIdGenerator(now: () => number = Date.now): () => string {
  let lastMs = -1;
  let counter = 0;
  return () => {
    let ms = now();
    if (ms <= lastMs) {
      ms = lastMs;
      counter += 1;
      if (counter > 0xfff) {
        // Counter exhausted within this millisecond: borrow the next one to stay monotonic.
        ms += 1;
        counter = 0;
      }
    } else {
      counter = 0;
    }
    lastMs = ms;
    const bytes = randomBytes(16);
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}
