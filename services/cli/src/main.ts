#!/usr/bin/env node
/**
 * Entry point of the `cqb` command line. Each subcommand lives in `commands/<name>.ts` and exports
 * `run(argv: string[]): Promise<number>` (the exit code) and a one-line `summary`.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CommandModule {
  summary: string;
  run(argv: string[]): Promise<number>;
}

const commandsDir = fileURLToPath(new URL('./commands/', import.meta.url));

function commandNames(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => /^[a-z-]+\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => f.replace(/\.(ts|js)$/, ''))
    .sort();
}

async function loadCommand(name: string): Promise<CommandModule> {
  return (await import(`./commands/${name}.js`)) as CommandModule;
}

async function usage(): Promise<void> {
  const lines = ['usage: cqb <command> [options]', '', 'commands:'];
  for (const name of commandNames()) {
    lines.push(`  ${name.padEnd(12)} ${(await loadCommand(name)).summary}`);
  }
  process.stderr.write(`${lines.join('\n')}\n`);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    await usage();
    return name ? 0 : 2;
  }
  if (!commandNames().includes(name)) {
    process.stderr.write(`cqb: unknown command '${name}'\n`);
    await usage();
    return 2;
  }
  return (await loadCommand(name)).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `cqb: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
