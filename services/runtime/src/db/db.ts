/** A result row set, as returned by node-postgres. */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** Runs SQL; parameters are `$1, $2, ...` as in Postgres. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** Runs one or more `;`-separated statements without parameters (a migration file, say). */
  exec(sql: string): Promise<void>;
}

/**
 * Postgres access behind one small interface, implemented by a `pg` pool (distributed mode) and
 * by an embedded PGlite database (all-in-one mode). Both run the same SQL migrations.
 */
export interface Database extends Queryable {
  /**
   * Runs fn inside BEGIN/COMMIT on one connection; rolls back when fn throws. Inside fn use only
   * `tx`: on the embedded database other calls wait for the transaction to end, so calling the
   * database itself from fn would never finish.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
