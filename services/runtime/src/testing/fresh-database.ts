import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** A throwaway database on a test server. */
export interface FreshDatabase {
  /** Connection string of the new database. */
  url: string;
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

async function admin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database with a random name on the server of serverUrl (for example
 * `CQB_TEST_DATABASE_URL`), so that each test starts from nothing and tests can run in parallel.
 */
export async function createFreshDatabase(
  serverUrl: string,
  prefix = 'cqb_test',
): Promise<FreshDatabase> {
  const name = `${prefix}_${randomUUID().replaceAll('-', '')}`;
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
