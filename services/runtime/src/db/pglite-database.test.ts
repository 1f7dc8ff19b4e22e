import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './db.js';
import { MigrationChecksumError, migrationsDir, runMigrations } from './migrations.js';
import { createPgliteDatabase } from './pglite-database.js';

const widgetsSql = 'CREATE TABLE widgets (id int);\nCREATE INDEX ON widgets (id);';

describe('PGlite database', () => {
  let db: Database;
  beforeAll(async () => {
    db = await createPgliteDatabase();
    await db.exec('CREATE TABLE items (id int8 PRIMARY KEY, price numeric, score float8)');
  }, 60_000);
  afterAll(() => db.close());

  it('returns int8 and numeric as strings, like node-postgres', async () => {
    await db.query('INSERT INTO items VALUES ($1, $2, $3)', [1, '2.50', 0.25]);
    const { rows, rowCount } = await db.query('SELECT id, price, score FROM items');
    expect(rowCount).toBe(1);
    expect(rows).toEqual([{ id: '1', price: '2.50', score: 0.25 }]);
  });

  it('rolls back a failed transaction and reports affected rows', async () => {
    const failing = db.transaction(async (tx) => {
      await tx.query('INSERT INTO items VALUES (2, 1, 1)');
      throw new Error('abort');
    });
    await expect(failing).rejects.toThrow('abort');
    const updated = await db.query('UPDATE items SET score = 1');
    expect(updated.rowCount).toBe(1);
  });

  it('runs concurrent transactions one after another', async () => {
    await db.exec('CREATE TABLE counter (n int NOT NULL); INSERT INTO counter VALUES (0)');
    const increment = () =>
      db.transaction(async (tx) => {
        const { rows } = await tx.query<{ n: number }>('SELECT n FROM counter');
        await new Promise((resolve) => setImmediate(resolve));
        await tx.query('UPDATE counter SET n = $1', [rows[0]!.n + 1]);
      });
    await Promise.all(Array.from({ length: 10 }, increment));
    const { rows } = await db.query<{ n: number }>('SELECT n FROM counter');
    expect(rows[0]!.n).toBe(10);
  });
});

describe('runMigrations on PGlite', () => {
  let dir: string;
  let db: Database;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cqb-migrations-'));
    await cp(migrationsDir, dir, { recursive: true });
    await writeFile(join(dir, '9001_widgets.sql'), widgetsSql);
    db = await createPgliteDatabase();
  }, 60_000);
  beforeEach(() => db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public'));
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies every file once and records it', async () => {
    const first = await runMigrations(db, { dir });
    const second = await runMigrations(db, { dir });
    const { rows } = await db.query<{ name: string; checksum: string }>(
      'SELECT name, checksum FROM schema_migrations ORDER BY name',
    );
    expect(first.applied).toContain('0001_schema_migrations.sql');
    expect(first.applied.at(-1)).toBe('9001_widgets.sql');
    expect(second.applied).toEqual([]);
    expect(second.skipped).toEqual(first.applied);
    expect(rows.map((r) => r.name)).toEqual(first.applied);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
  });

  it('lets two concurrent runners apply each file exactly once', async () => {
    const reports = await Promise.all([runMigrations(db, { dir }), runMigrations(db, { dir })]);
    const applied = reports.flatMap((r) => r.applied).sort();
    expect(applied).toEqual([...reports[0].applied, ...reports[0].skipped].sort());
  });

  it('refuses an applied file whose contents changed', async () => {
    await runMigrations(db, { dir });
    const changed = await mkdtemp(join(tmpdir(), 'cqb-migrations-'));
    await cp(dir, changed, { recursive: true });
    await writeFile(join(changed, '9001_widgets.sql'), 'CREATE TABLE widgets (id int8);');
    await expect(runMigrations(db, { dir: changed })).rejects.toBeInstanceOf(
      MigrationChecksumError,
    );
    await rm(changed, { recursive: true, force: true });
  });
});
