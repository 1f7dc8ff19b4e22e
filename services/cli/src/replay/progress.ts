import type { ReplayProgress } from '@cqb/replay';

/** Formats one progress line: users, answers, queue, satisfaction so far, elapsed, remaining. */
export function formatProgress(policy: string, p: ReplayProgress): string {
  const sat = p.answered > 0 ? `${((p.satisfied / p.answered) * 100).toFixed(1)}%` : '-';
  const queue = p.queueLength === undefined ? '?' : String(p.queueLength);
  const remaining =
    p.remainingMs > 0 ? `~${Math.ceil(p.remainingMs / 1000)}s arriving` : 'draining';
  return (
    `[${policy}] users ${p.finishedUsers}/${p.horizon} done (${p.arrived} arrived), ` +
    `answers ${p.answered}, queue ${queue}, kept ${sat}, ` +
    `elapsed ${Math.round(p.elapsedMs / 1000)}s, ${remaining}`
  );
}

/** Writes progress to stderr: one rewritten line on a terminal, a line every few seconds otherwise. */
export function createProgressPrinter(policy: string): {
  update(p: ReplayProgress): void;
  done(): void;
} {
  const tty = process.stderr.isTTY;
  let lastPrinted = 0;
  let last = '';
  return {
    update: (p) => {
      last = formatProgress(policy, p);
      if (tty) process.stderr.write(`\r\x1b[2K${last}`);
      else if (p.elapsedMs - lastPrinted >= 5000) {
        lastPrinted = p.elapsedMs;
        process.stderr.write(`${last}\n`);
      }
    },
    done: () => process.stderr.write(tty ? '\n' : `${last}\n`),
  };
}
