import { it } from 'vitest';
import { spawnCqb } from '../support/cqb-process.js';
import { repoRoot } from '../support/cqb-process.js';
it('dbg', async () => {
  const p = spawnCqb(['serve', '--service', 'feedback'], {
    CQB_KAFKA_BROKERS: '127.0.0.1:1', CQB_DATABASE_URL: 'postgres://x@127.0.0.1:1/x',
    NODE_OPTIONS: `--import tsx --import ${repoRoot}services/runtime/src/telemetry/register.ts`,
    OTEL_SDK_DISABLED: 'false', OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none',
  });
  const code = await p.exited;
  console.log('exit', code, JSON.stringify(p.logs.slice(0, 10)), p.stdout.join('|'));
}, 60000);
