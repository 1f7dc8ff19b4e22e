/** `cqb migrate`: applies the SQL migrations to the Postgres database at CQB_DATABASE_URL. */
import { parseArgs } from 'node:util';
import { runMigrations } from '@cqb/runtime';
import { databaseCommandSchema, withDatabase } from '../database-command.js';

export const summary = 'apply the database migrations (CQB_DATABASE_URL) and exit';

/** Environment of `cqb migrate` (also checked against the migrations Job by k8s:check). */
export const configSchema = databaseCommandSchema;

export function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { dir: { type: 'string' } } });
  return withDatabase('migrate', async (db, logger) => {
    const report = await runMigrations(db, { dir: values.dir, logger });
    process.stdout.write(
      `applied ${report.applied.length}, already present ${report.skipped.length}\n`,
    );
    return 0;
  });
}
