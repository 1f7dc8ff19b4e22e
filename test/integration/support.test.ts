import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { InfraEnvError, readInfraEnv } from '../support/infra-env.js';
import { randomDbName, randomName, randomTopicPrefix } from '../support/names.js';
import { createFreshDatabase, useFreshDatabase } from '../support/pg.js';
import { pollUntil } from '../support/poll.js';

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  const { rowCount } = await withClient(serverUrl, (c) =>
    c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]),
  );
  return rowCount === 1;
}

describe('readInfraEnv', () => {
  it('names every missing variable and the command that sets them', () => {
    const read = () => readInfraEnv({});
    expect(read).toThrow(InfraEnvError);
    expect(read).toThrow(/CQB_TEST_KAFKA_BROKERS and CQB_TEST_DATABASE_URL not set/);
    expect(read).toThrow(/npm run infra:up/);
    expect(() => readInfraEnv({ CQB_TEST_KAFKA_BROKERS: 'h:1' })).toThrow(
      /^CQB_TEST_DATABASE_URL not set/,
    );
  });

  it('splits the broker list', () => {
    const env = readInfraEnv({
      CQB_TEST_KAFKA_BROKERS: '127.0.0.1:1, 127.0.0.1:2',
      CQB_TEST_DATABASE_URL: 'postgres://u@h:5/cqb',
    });
    expect(env).toEqual({
      kafkaBrokers: ['127.0.0.1:1', '127.0.0.1:2'],
      databaseUrl: 'postgres://u@h:5/cqb',
    });
  });

  it('is set in this tier', () => {
    expect(readInfraEnv().kafkaBrokers[0]).toMatch(/^127\.0\.0\.1:\d+$/);
  });
});

describe('names', () => {
  it('are distinct and valid as topic and database names', () => {
    const names = Array.from({ length: 50 }, () => randomName('t'));
    expect(new Set(names).size).toBe(50);
    expect(randomTopicPrefix('bus')).toMatch(/^cqb-bus-[0-9a-f]{12}\.$/);
    expect(randomDbName('My Test')).toMatch(/^cqb_my_test_[0-9a-f]{12}$/);
  });
});

describe('pollUntil', () => {
  it('returns the first truthy result', async () => {
    let calls = 0;
    const value = await pollUntil(() => (++calls >= 3 ? calls : undefined), { intervalMs: 1 });
    expect(value).toBe(3);
  });

  it('rejects naming the condition after the timeout', async () => {
    await expect(
      pollUntil(() => false, { timeoutMs: 30, intervalMs: 5, what: 'nothing' }),
    ).rejects.toThrow('timed out waiting for nothing');
  });
});

describe('fresh databases on the test server', () => {
  const db = useFreshDatabase('support');

  it('gives the file its own empty, writable database', async () => {
    const name = await withClient(db.url, async (c) => {
      await c.query('CREATE TABLE t (x int)');
      await c.query('INSERT INTO t VALUES (1), (2)');
      const { rows } = await c.query<{ n: number; db: string }>(
        'SELECT count(*)::int AS n, current_database() AS db FROM t',
      );
      expect(rows[0]?.n).toBe(2);
      return rows[0]?.db;
    });
    expect(name).toMatch(/^cqb_support_/);
    expect(name).not.toBe('cqb');
  });

  it('drops a database even while a connection to it is open', async () => {
    const server = readInfraEnv().databaseUrl;
    const fresh = await createFreshDatabase(server, 'cqb_support_drop');
    const name = new URL(fresh.url).pathname.slice(1);
    const idle = new pg.Client({ connectionString: fresh.url });
    idle.on('error', () => undefined);
    await idle.connect();
    expect(await databaseExists(server, name)).toBe(true);
    await fresh.drop();
    expect(await databaseExists(server, name)).toBe(false);
    await idle.end().catch(() => undefined);
  });
});
