import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Repository root (the folder holding package.json), independent of the cwd. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A `cqb` child process; `logs` collects its stderr JSON log lines as parsed objects. */
export interface CqbProcess {
  child: ChildProcess;
  logs: Record<string, unknown>[];
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited: Promise<number | string>;
}

/** Starts `cqb <args>` through tsx with the given extra environment. */
export function spawnCqb(args: string[], env: Record<string, string> = {}): CqbProcess {
  const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
  const child = spawn(tsx, ['services/cli/src/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, CQB_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let partial = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ msg: 'non-json', line });
      }
    }
  });
  child.stdout?.resume();
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return { child, logs, exited };
}

/** The first log line with the given message, if any. */
export function findLog(p: CqbProcess, msg: string): Record<string, unknown> | undefined {
  return p.logs.find((l) => l.msg === msg);
}
