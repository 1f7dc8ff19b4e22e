import { afterAll, beforeAll } from 'vitest';
import { createFreshDatabase } from '@cqb/runtime/testing';
import type { FreshDatabase } from '@cqb/runtime/testing';
import { readInfraEnv } from './infra-env.js';

export { createFreshDatabase };
export type { FreshDatabase };

/** The database a test file gets from {@link useFreshDatabase}; valid inside tests only. */
export interface FreshDatabaseHandle {
  /** Connection string of the file's own database; throws before `beforeAll` has run. */
  readonly url: string;
}

/**
 * Gives the calling test file its own empty database on the test Postgres server: created in
 * `beforeAll`, dropped in `afterAll` (connections still open to it are ended). Call it at the
 * top level of a test file or describe block.
 */
export function useFreshDatabase(label = 'test'): FreshDatabaseHandle {
  let fresh: FreshDatabase | undefined;
  beforeAll(async () => {
    const prefix = `cqb_${label.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 20)}`;
    fresh = await createFreshDatabase(readInfraEnv().databaseUrl, prefix);
  });
  afterAll(async () => {
    await fresh?.drop();
    fresh = undefined;
  });
  return {
    get url(): string {
      if (!fresh) throw new Error('useFreshDatabase: the database exists only inside tests');
      return fresh.url;
    },
  };
}
