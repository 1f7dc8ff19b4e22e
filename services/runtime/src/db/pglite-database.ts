import { PGlite, types } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './db.js';

/** Options for {@link createPgliteDatabase}. */
export interface PgliteDatabaseOptions {
  /** Directory of the database files; in memory (lost on close) when absent. */
  dataDir?: string;
}

type PgliteLike = Pick<PGlite, 'query' | 'exec'> | Pick<Transaction, 'query' | 'exec'>;

// node-postgres returns int8 and numeric as strings; the embedded database must return the same
// types, or code tested in all-in-one mode would break against a real server.
const parsers = {
  [types.INT8]: (value: string) => value,
  [types.NUMERIC]: (value: string) => value,
};

function queryable(target: PgliteLike): Queryable {
  return {
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      const result = await target.query<R>(sql, params);
      const rowCount = result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0);
      return { rows: result.rows, rowCount };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  };
}

/**
 * The embedded Postgres of all-in-one mode (PGlite, Postgres compiled to WebAssembly): same SQL,
 * same migrations, one connection. PGlite runs one statement or transaction at a time; calls made
 * while a transaction is open wait for it to end.
 */
export async function createPgliteDatabase(options: PgliteDatabaseOptions = {}): Promise<Database> {
  const db = await PGlite.create({ dataDir: options.dataDir, parsers });
  return {
    ...queryable(db),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      db.transaction((tx) => fn(queryable(tx))),
    close: () => db.close(),
  };
}
