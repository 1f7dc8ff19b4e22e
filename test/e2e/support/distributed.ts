import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { routerBenchLlms } from '@cqb/datasets';
import type { CqbProcess } from './cqb-process.js';
import { spawnCqb, waitForLog } from './cqb-process.js';

/** Reads a required test variable; a missing one fails the test (tests are never skipped). */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run through infra/with-infra.sh (npm run test:e2e)`);
  return value;
}

/** A short random lowercase name for databases and topic prefixes. */
export function randomName(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

/** Creates a new empty database on the test server and returns its URL and a dropper. */
export async function freshDatabase(
  serverUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = randomName('cqb_e2e_');
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Registers the 11 RouterBench LLMs at a simulated backend (what an operator does once per
 * deployment): one row each in the registry table, priced per token as in the data.
 */
export async function seedRouterBenchRegistry(
  db: pg.Client,
  endpoint: string,
  capacity: number,
): Promise<void> {
  for (const llm of routerBenchLlms) {
    await db.query(
      `INSERT INTO llms (id, endpoint, model, capacity, price_per_1k_prompt, price_per_1k_completion)
       VALUES ($1, $2, $1, $3, $4, $4)`,
      [llm.id, endpoint, capacity, llm.pricePer1kTokens],
    );
  }
}

/** Starts `cqb sim-backend` on a free port and returns its base URL. */
export async function startSimBackend(
  args: string[] = [],
): Promise<{ process: CqbProcess; url: string }> {
  const p = spawnCqb(['sim-backend', '--port', '0', ...args]);
  for (let i = 0; i < 1200; i += 1) {
    const line = p.stdout.find((l) => l.includes('listening on '));
    if (line) return { process: p, url: (line.split('listening on ')[1] ?? '').split(' ')[0] ?? '' };
    if (p.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('sim-backend did not start');
}

/** The five services of the distributed mode, in start order (consumers before producers). */
export const serviceOrder = ['feedback', 'dispatcher', 'scheduler', 'embedder', 'ingest'] as const;
export type ServiceName = (typeof serviceOrder)[number];

/**
 * Starts `cqb serve --service NAME`, hands the process to `track` at once (so that cleanup stops
 * it even if it never gets ready), and waits for its ready log.
 */
export async function startService(
  name: ServiceName,
  env: Record<string, string>,
  track: (p: CqbProcess) => void,
): Promise<Record<string, unknown>> {
  const p = spawnCqb(['serve', '--service', name], env);
  track(p);
  return waitForLog(p, 'ready', 180_000);
}
