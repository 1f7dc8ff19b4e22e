import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPgliteDatabase, runMigrations } from '@cqb/runtime';
import type { Database } from '@cqb/runtime';
import { answerCost, createLlmRegistry, seedRegistry } from './llm-registry.js';
import type { LlmEntry } from './llm-registry.js';
import { routerBenchRegistry } from './routerbench-registry.js';

// One embedded database per file: starting PGlite costs seconds on a loaded machine.
let db: Database;
beforeAll(async () => {
  db = await createPgliteDatabase();
  await runMigrations(db);
}, 120_000);
afterAll(() => db.close());
beforeEach(async () => {
  await db.query('DELETE FROM llms');
});

function migrated(): Promise<Database> {
  return Promise.resolve(db);
}

const llms: LlmEntry[] = [
  {
    id: 'b',
    endpoint: 'http://h:1/v1/',
    model: 'mb',
    capacity: 3,
    price: { kind: 'per-query', perQuery: 0.5 },
  },
  {
    id: 'a',
    endpoint: 'http://h:2/v1',
    model: 'ma',
    capacity: 1,
    apiKeyEnv: 'KEY_A',
    price: { kind: 'per-token', per1kPrompt: 0.01, per1kCompletion: 0.03 },
  },
];

describe('LLM registry', () => {
  it('round-trips seeded entries through the llms table, ordered by id', async () => {
    const database = await migrated();
    await seedRegistry(database, llms);
    const listed = await createLlmRegistry(database).list();
    expect(listed.map((l) => l.id)).toEqual(['a', 'b']);
    expect(listed[0]).toEqual({ ...llms[1], enabled: true });
    expect(listed[1]).toEqual({ ...llms[0], endpoint: 'http://h:1/v1', enabled: true });
  });

  it('replaces an entry when seeded again', async () => {
    const database = await migrated();
    await seedRegistry(database, llms);
    await seedRegistry(database, [{ ...llms[0]!, capacity: 9, enabled: false }]);
    const b = (await createLlmRegistry(database).list()).find((l) => l.id === 'b');
    expect([b?.capacity, b?.enabled]).toEqual([9, false]);
  });

  it('refuses a row without any price', async () => {
    const database = await migrated();
    const insert = database.query(
      `INSERT INTO llms (id, endpoint, model, capacity) VALUES ('x', 'http://h/v1', 'x', 1)`,
    );
    await expect(insert).rejects.toThrow(/check constraint/);
  });

  it('seeds the 11 RouterBench LLMs with per-token prices from the data', async () => {
    const database = await migrated();
    await seedRegistry(database, routerBenchRegistry('http://127.0.0.1:9/v1', 4));
    const listed = await createLlmRegistry(database).list();
    expect(listed).toHaveLength(11);
    expect(listed.every((l) => l.price.kind === 'per-token' && l.capacity === 4)).toBe(true);
  });
});

describe('answerCost', () => {
  it('charges per query or per 1k prompt and completion tokens', () => {
    expect(answerCost({ kind: 'per-query', perQuery: 0.5 }, 100, 100)).toBe(0.5);
    const perToken = { kind: 'per-token', per1kPrompt: 0.01, per1kCompletion: 0.03 } as const;
    expect(answerCost(perToken, 1000, 500)).toBeCloseTo(0.025, 12);
  });
});
