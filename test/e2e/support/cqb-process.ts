import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Repository root (the folder holding package.json), independent of the cwd. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A `cqb` child process; `logs` collects its JSON log lines (stdout and stderr), parsed. */
export interface CqbProcess {
  child: ChildProcess;
  logs: Record<string, unknown>[];
  /** Lines the process wrote to stdout. */
  stdout: string[];
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited: Promise<number | string>;
}

/**
 * Starts `cqb <args>` with the given extra environment, as one node process with tsx loaded in it
 * (not the tsx launcher, which would leave its node child running after a kill -9 of the parent).
 */
export function spawnCqb(args: string[], env: Record<string, string> = {}): CqbProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/cli/src/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, CQB_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const stdout: string[] = [];
  // Services log JSON to stdout or stderr; both streams are collected, other lines kept raw.
  const collect = (stream: NodeJS.ReadableStream | null, raw?: string[]): void => {
    let partial = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        raw?.push(line);
        if (!line.startsWith('{')) continue;
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          logs.push({ msg: 'non-json', line });
        }
      }
    });
  };
  collect(child.stderr);
  collect(child.stdout, stdout);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return { child, logs, stdout, exited };
}

/** The first log line with the given message (and, when given, this field), if any. */
export function findLog(
  p: CqbProcess,
  msg: string,
  field?: string,
): Record<string, unknown> | undefined {
  return p.logs.find((l) => l.msg === msg && (field === undefined || field in l));
}

/** Waits for the process to log `msg` and returns that line; fails if the process exits first. */
export async function waitForLog(
  p: CqbProcess,
  msg: string,
  timeoutMs = 120_000,
  field?: string,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = findLog(p, msg, field);
    if (line) return line;
    if (p.child.exitCode !== null || p.child.signalCode !== null) {
      const tail = p.logs.slice(-5).map((l) => JSON.stringify(l)).join('\n');
      throw new Error(`process exited before logging '${msg}':\n${tail}`);
    }
    if (Date.now() > deadline) {
      const tail = p.logs.slice(-8).map((l) => JSON.stringify(l)).join('\n');
      throw new Error(`timed out waiting for log '${msg}'; last lines:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sends SIGTERM (or the given signal) and waits for the exit. */
export async function stopProcess(p: CqbProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  await p.exited;
}
