import { z } from 'zod';
import type { Database, Logger } from '@cqb/runtime';
import {
  ConfigError,
  commonConfigShape,
  createLogger,
  createPgDatabase,
  loadConfig,
} from '@cqb/runtime';

/** Environment of the commands that work on the database at CQB_DATABASE_URL. */
export const databaseCommandSchema = z.object({
  CQB_LOG_LEVEL: commonConfigShape.CQB_LOG_LEVEL,
  CQB_DATABASE_URL: commonConfigShape.CQB_DATABASE_URL.unwrap(),
});

/**
 * Runs `fn` with a one-connection pool on CQB_DATABASE_URL and closes it afterwards. Returns 2
 * (after printing every problem) when the environment is invalid, else what `fn` returns.
 */
export async function withDatabase(
  service: string,
  fn: (db: Database, logger: Logger) => Promise<number>,
): Promise<number> {
  let config: z.output<typeof databaseCommandSchema>;
  try {
    config = loadConfig(databaseCommandSchema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  const logger = createLogger({ service, level: config.CQB_LOG_LEVEL });
  const db = createPgDatabase({ connectionString: config.CQB_DATABASE_URL, max: 1, logger });
  try {
    return await fn(db, logger);
  } finally {
    await db.close();
  }
}
