import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logging/logger.js';
import type { Database, Queryable } from './db.js';

/** The folder of the project's migrations, `services/runtime/migrations`. */
export const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Key of the advisory lock every migration transaction holds (an arbitrary fixed number). */
export const migrationLockKey = '7274170001';

const fileNamePattern = /^\d{4}_[a-z0-9_]+\.sql$/;

/** Options for {@link runMigrations}. */
export interface MigrationOptions {
  /** Folder of `NNNN_name.sql` files; default {@link migrationsDir}. */
  dir?: string;
  logger?: Logger;
}

/** What one run did. */
export interface MigrationReport {
  applied: string[];
  skipped: string[];
}

/** Raised when an applied migration file no longer has the checksum it was applied with. */
export class MigrationChecksumError extends Error {
  constructor(readonly file: string) {
    super(`migration ${file} changed after it was applied; add a new migration instead`);
    this.name = 'MigrationChecksumError';
  }
}

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => fileNamePattern.test(n)).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

async function lock(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [migrationLockKey]);
}

async function ensureTable(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
}

/** Applies one file unless present; returns whether it ran. Holds the lock while deciding. */
async function applyOne(db: Database, file: MigrationFile): Promise<boolean> {
  return db.transaction(async (tx) => {
    await lock(tx);
    const { rows } = await tx.query<{ checksum: string }>(
      'SELECT checksum FROM schema_migrations WHERE name = $1',
      [file.name],
    );
    const existing = rows[0];
    if (existing) {
      if (existing.checksum !== file.checksum) throw new MigrationChecksumError(file.name);
      return false;
    }
    await tx.exec(file.sql);
    await tx.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [
      file.name,
      file.checksum,
    ]);
    return true;
  });
}

/**
 * Applies the SQL migrations not yet recorded in `schema_migrations`, in file-name order, each in
 * its own transaction under a transaction-scoped advisory lock, so replicas starting together
 * cannot race: the second waits and then finds the file applied. A recorded file whose checksum
 * changed is an error ({@link MigrationChecksumError}); nothing after it is applied.
 */
export async function runMigrations(
  db: Database,
  options: MigrationOptions = {},
): Promise<MigrationReport> {
  const files = await readMigrations(options.dir ?? migrationsDir);
  await ensureTable(db);
  const report: MigrationReport = { applied: [], skipped: [] };
  for (const file of files) {
    const ran = await applyOne(db, file);
    (ran ? report.applied : report.skipped).push(file.name);
    if (ran) options.logger?.info({ migration: file.name }, 'migration applied');
  }
  options.logger?.info(
    { applied: report.applied.length, skipped: report.skipped.length },
    'migrations done',
  );
  return report;
}
