import { describe, expect, it } from 'vitest';
import { createQueryIdGenerator } from './query-id.js';

describe('createQueryIdGenerator', () => {
  it('makes version-7 UUIDs that carry the creation millisecond', () => {
    const id = createQueryIdGenerator(() => 0x0123456789ab)();
    expect(id).toMatch(/^01234567-89ab-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps ids strictly increasing within one millisecond and across a clock step back', () => {
    const times = [1000, 1000, 1000, 999, 1001];
    const next = createQueryIdGenerator(() => times.shift() ?? 1001);
    const ids = Array.from({ length: 5 }, next);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(5);
  });
});
