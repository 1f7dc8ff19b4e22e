import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '@cqb/runtime';
import { createPgDatabase, runMigrations } from '@cqb/runtime';
import type { FreshDatabase } from '@cqb/runtime/testing';
import { createFreshDatabase } from '@cqb/runtime/testing';

const serverUrl = process.env.CQB_TEST_DATABASE_URL;
if (!serverUrl)
  throw new Error('CQB_TEST_DATABASE_URL is not set: run through infra/with-infra.sh');

interface Row {
  name: string;
  checksum: string;
}

describe('migrations on real Postgres', () => {
  const cleanup: (Database | FreshDatabase)[] = [];
  afterEach(async () => {
    for (const item of cleanup.splice(0).reverse()) {
      await ('drop' in item ? item.drop() : item.close());
    }
  });

  async function freshDb(): Promise<{ url: string; db: Database }> {
    const fresh = await createFreshDatabase(serverUrl!, 'cqb_migrations');
    const db = createPgDatabase({ connectionString: fresh.url, max: 2 });
    cleanup.push(fresh, db);
    return { url: fresh.url, db };
  }

  it('applies every migration once; a second run is a no-op', async () => {
    const { db } = await freshDb();
    const first = await runMigrations(db);
    const second = await runMigrations(db);
    const { rows } = await db.query<Row>(
      'SELECT name, checksum FROM schema_migrations ORDER BY name',
    );
    expect(first.applied[0]).toBe('0001_schema_migrations.sql');
    expect(first.skipped).toEqual([]);
    expect(second.applied).toEqual([]);
    expect(second.skipped).toEqual(first.applied);
    expect(rows.map((r) => r.name)).toEqual(first.applied);
  });

  it('lets two runners start together without error, applying each file once', async () => {
    const { url, db } = await freshDb();
    const other = createPgDatabase({ connectionString: url, max: 2 });
    cleanup.push(other);
    const [a, b] = await Promise.all([runMigrations(db), runMigrations(other)]);
    const all = [...a.applied, ...b.applied].sort();
    expect(all).toEqual([...a.applied, ...a.skipped].sort());
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations');
    expect(Number(rows[0]!.n)).toBe(all.length);
  });
});
