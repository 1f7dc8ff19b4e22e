/** `cqb migrate`: applies the SQL migrations to the Postgres database at CQB_DATABASE_URL. */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  ConfigError,
  commonConfigShape,
  createLogger,
  createPgDatabase,
  loadConfig,
  runMigrations,
} from '@cqb/runtime';

export const summary = 'apply the database migrations (CQB_DATABASE_URL) and exit';

/** Environment of `cqb migrate` (also checked against the migrations Job by k8s:check). */
export const configSchema = z.object({
  CQB_LOG_LEVEL: commonConfigShape.CQB_LOG_LEVEL,
  CQB_DATABASE_URL: commonConfigShape.CQB_DATABASE_URL.unwrap(),
});

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { dir: { type: 'string' } } });
  let config: z.output<typeof configSchema>;
  try {
    config = loadConfig(configSchema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    return 2;
  }
  const logger = createLogger({ service: 'migrate', level: config.CQB_LOG_LEVEL });
  const db = createPgDatabase({ connectionString: config.CQB_DATABASE_URL, max: 1, logger });
  try {
    const report = await runMigrations(db, { dir: values.dir, logger });
    console.log(`applied ${report.applied.length}, already present ${report.skipped.length}`);
    return 0;
  } finally {
    await db.close();
  }
}
