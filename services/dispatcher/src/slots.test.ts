import { describe, expect, it } from 'vitest';
import { createRecentIds } from './recent-ids.js';
import { createSlotPool } from './slots.js';
import type { SlotState } from './slots.js';

describe('slot pool', () => {
  it('grants at most capacity slots and hands a freed slot to the oldest waiter', async () => {
    const changes: SlotState[] = [];
    const pool = createSlotPool((s) => changes.push(s));
    const first = await pool.acquire('a', 2);
    const second = await pool.acquire('a', 2);
    const order: string[] = [];
    const third = pool.acquire('a', 2).then((release) => (order.push('third'), release));
    const fourth = pool.acquire('a', 2).then((release) => (order.push('fourth'), release));
    await Promise.resolve();
    expect(pool.state('a')).toEqual({ llm: 'a', capacity: 2, inFlight: 2 });
    first();
    first(); // a second release of the same slot is ignored
    expect(pool.state('a')?.inFlight).toBe(2);
    (await third)();
    second();
    (await fourth)();
    expect(order).toEqual(['third', 'fourth']);
    expect(pool.state('a')?.inFlight).toBe(0);
    expect(Math.max(...changes.map((c) => c.inFlight))).toBe(2);
  });

  it('keeps LLMs independent', async () => {
    const pool = createSlotPool(() => undefined);
    await pool.acquire('a', 1);
    const b = await pool.acquire('b', 1);
    expect(pool.states().map((s) => [s.llm, s.inFlight])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    b();
  });
});

describe('recent ids', () => {
  it('forgets the oldest id beyond the limit', () => {
    const ids = createRecentIds(2);
    ids.add('x');
    ids.add('y');
    ids.add('x'); // refreshes x, so y is now the oldest
    ids.add('z');
    expect([ids.has('x'), ids.has('y'), ids.has('z'), ids.size]).toEqual([true, false, true, 2]);
  });
});
