import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FreshDatabase } from '@cqb/runtime/testing';
import { createFreshDatabase } from '@cqb/runtime/testing';

const serverUrl = process.env.CQB_TEST_DATABASE_URL;
if (!serverUrl)
  throw new Error('CQB_TEST_DATABASE_URL is not set: run through infra/with-infra.sh');

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

describe('cqb llms against real Postgres', () => {
  let fresh: FreshDatabase;
  beforeAll(async () => {
    fresh = await createFreshDatabase(serverUrl, 'cqb_llms_cmd');
  });
  afterAll(async () => {
    await fresh.drop();
  });

  async function cqb(...args: string[]): Promise<Outcome> {
    const env = { ...process.env, CQB_DATABASE_URL: fresh.url, CQB_LOG_LEVEL: 'warn' };
    try {
      const { stdout, stderr } = await run(
        'npx',
        ['tsx', 'services/cli/src/main.ts', 'llms', ...args],
        { cwd: root, env },
      );
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('adds, lists and removes an LLM', async () => {
    const added = await cqb(
      'add',
      '--id',
      'local-llama',
      '--endpoint',
      'http://127.0.0.1:8080/v1',
      '--model',
      'llama',
      '--capacity',
      '4',
      '--price-per-1k-prompt',
      '0.0001',
      '--price-per-1k-completion',
      '0.0002',
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(
      'local-llama\thttp://127.0.0.1:8080/v1\tmodel=llama\tcapacity=4',
    );

    const removed = await cqb('remove', '--id', 'local-llama');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('no LLMs registered');
  });

  it('registers the 11 simulated RouterBench LLMs', async () => {
    const seeded = await cqb('routerbench', '--endpoint', 'http://127.0.0.1:9/v1');
    expect(seeded.code).toBe(0);
    expect(seeded.stdout.trim().split('\n')).toHaveLength(11);
  });

  it('refuses an entry without a price, naming the flag', async () => {
    const refused = await cqb(
      'add',
      '--id',
      'x',
      '--endpoint',
      'http://127.0.0.1:1/v1',
      '--model',
      'x',
      '--capacity',
      '1',
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--price-per-1k-prompt is required');
  });
});
