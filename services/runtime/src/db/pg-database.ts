import pg from 'pg';
import type { Logger } from '../logging/logger.js';
import type { Database, Queryable, QueryResult } from './db.js';

/** Options for {@link createPgDatabase}. */
export interface PgDatabaseOptions {
  /** `postgres://user@host:port/db`. */
  connectionString: string;
  /** Pool size; default 10. */
  max?: number;
  /** Schema to put first on the search path of every connection (tests isolate runs with it). */
  schema?: string;
  /** Receives errors of idle pooled connections. */
  logger?: Logger;
}

function queryable(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      const result = await target.query(sql, params);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await target.query(sql);
    },
  };
}

async function inTransaction<T>(pool: pg.Pool, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(queryable(client));
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (err) {
    // A connection whose rollback fails is in an unknown state: destroy it instead of reusing.
    const rollbackError = await client.query('ROLLBACK').then(
      () => undefined,
      (e: unknown) => e,
    );
    client.release(rollbackError instanceof Error ? rollbackError : undefined);
    throw err;
  }
}

/** Postgres access of distributed mode: a node-postgres pool behind {@link Database}. */
export function createPgDatabase(options: PgDatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  pool.on('error', (err) => options.logger?.warn({ err }, 'idle database connection failed'));
  return {
    ...queryable(pool),
    transaction: (fn) => inTransaction(pool, fn),
    close: () => pool.end(),
  };
}
