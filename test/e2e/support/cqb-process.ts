import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Repository root (the folder holding package.json), independent of the cwd. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A `cqb` child process; `logs` collects its stderr JSON log lines as parsed objects. */
export interface CqbProcess {
  child: ChildProcess;
  logs: Record<string, unknown>[];
  /** Lines the process wrote to stdout. */
  stdout: string[];
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
  const stdout: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(...chunk.toString('utf8').split('\n')));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return { child, logs, stdout, exited };
}

/** The first log line with the given message, if any. */
export function findLog(p: CqbProcess, msg: string): Record<string, unknown> | undefined {
  return p.logs.find((l) => l.msg === msg);
}

/** Waits for the process to log `msg` and returns that line; fails if the process exits first. */
export async function waitForLog(
  p: CqbProcess,
  msg: string,
  timeoutMs = 120_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = findLog(p, msg);
    if (line) return line;
    if (p.child.exitCode !== null || p.child.signalCode !== null) {
      const tail = p.logs.slice(-5).map((l) => JSON.stringify(l)).join('\n');
      throw new Error(`process exited before logging '${msg}':\n${tail}`);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for log '${msg}'`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sends SIGTERM (or the given signal) and waits for the exit. */
export async function stopProcess(p: CqbProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  await p.exited;
}
