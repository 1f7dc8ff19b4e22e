import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FreshDatabase } from '../testing/fresh-database.js';
import { createFreshDatabase } from '../testing/fresh-database.js';
import type { Database } from './db.js';
import { createPgDatabase } from './pg-database.js';

const serverUrl = process.env.CQB_TEST_DATABASE_URL;
if (!serverUrl)
  throw new Error('CQB_TEST_DATABASE_URL is not set: run through infra/with-infra.sh');

describe('pg database', () => {
  let fresh: FreshDatabase;
  let db: Database;
  beforeAll(async () => {
    fresh = await createFreshDatabase(serverUrl, 'cqb_pgdb');
    db = createPgDatabase({ connectionString: fresh.url, max: 4 });
    await db.exec('CREATE TABLE counter (n int NOT NULL); INSERT INTO counter VALUES (0)');
  });
  afterAll(async () => {
    await db.close();
    await fresh.drop();
  });

  it('commits, rolls back and counts rows', async () => {
    await db.transaction((tx) => tx.query('UPDATE counter SET n = 5'));
    const failed = db.transaction(async (tx) => {
      await tx.query('UPDATE counter SET n = 99');
      throw new Error('abort');
    });
    await expect(failed).rejects.toThrow('abort');
    const { rows, rowCount } = await db.query<{ n: number; big: string }>(
      'SELECT n, 7::int8 AS big FROM counter',
    );
    expect(rowCount).toBe(1);
    expect(rows).toEqual([{ n: 5, big: '7' }]);
  });

  it('puts the given schema first on the search path', async () => {
    await db.exec('CREATE SCHEMA isolated');
    const scoped = createPgDatabase({ connectionString: fresh.url, schema: 'isolated', max: 1 });
    await scoped.exec('CREATE TABLE scoped_table (id int)');
    await scoped.close();
    const { rows } = await db.query<{ table_schema: string }>(
      "SELECT table_schema FROM information_schema.tables WHERE table_name = 'scoped_table'",
    );
    expect(rows).toEqual([{ table_schema: 'isolated' }]);
  });

  it('keeps concurrent transactions correct under row locks', async () => {
    const increment = () =>
      db.transaction(async (tx) => {
        const { rows } = await tx.query<{ n: number }>('SELECT n FROM counter FOR UPDATE');
        await tx.query('UPDATE counter SET n = $1', [rows[0]!.n + 1]);
      });
    const before = (await db.query<{ n: number }>('SELECT n FROM counter')).rows[0]!.n;
    await Promise.all(Array.from({ length: 8 }, increment));
    const after = (await db.query<{ n: number }>('SELECT n FROM counter')).rows[0]!.n;
    expect(after - before).toBe(8);
  });
});
