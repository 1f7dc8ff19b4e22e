/**
 * `cqb llms`: lists and edits the LLM registry (table `llms`) at CQB_DATABASE_URL, the fleet the
 * scheduler routes over and the dispatcher calls.
 *
 *   cqb llms list
 *   cqb llms add --id ID --endpoint URL --model NAME --capacity N
 *                (--price-per-query USD | --price-per-1k-prompt USD --price-per-1k-completion USD)
 *                [--api-key-env VAR]
 *   cqb llms remove --id ID
 *   cqb llms routerbench --endpoint URL [--capacity N]   (the 11 simulated RouterBench LLMs)
 */
import { parseArgs } from 'node:util';
import type { LlmEntry, LlmPrice } from '@cqb/dispatcher';
import { createLlmRegistry, routerBenchRegistry, seedRegistry } from '@cqb/dispatcher';
import type { Database } from '@cqb/runtime';
import { runMigrations } from '@cqb/runtime';
import { databaseCommandSchema, withDatabase } from '../database-command.js';

export const summary = 'list, add or remove LLMs of the registry (CQB_DATABASE_URL)';

/** Environment of `cqb llms`. */
export const configSchema = databaseCommandSchema;

const options = {
  id: { type: 'string' },
  endpoint: { type: 'string' },
  model: { type: 'string' },
  capacity: { type: 'string' },
  'price-per-query': { type: 'string' },
  'price-per-1k-prompt': { type: 'string' },
  'price-per-1k-completion': { type: 'string' },
  'api-key-env': { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options }>>['values'];

/** A command line that cannot be carried out. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

function required(values: Values, name: keyof Values): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function positiveNumber(values: Values, name: keyof Values): number {
  const n = Number(required(values, name));
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a number >= 0`);
  return n;
}

function priceOf(values: Values): LlmPrice {
  if (values['price-per-query'] !== undefined) {
    return { kind: 'per-query', perQuery: positiveNumber(values, 'price-per-query') };
  }
  return {
    kind: 'per-token',
    per1kPrompt: positiveNumber(values, 'price-per-1k-prompt'),
    per1kCompletion: positiveNumber(values, 'price-per-1k-completion'),
  };
}

function entryOf(values: Values): LlmEntry {
  const capacity = Number(required(values, 'capacity'));
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new UsageError('--capacity must be a positive integer');
  }
  const entry: LlmEntry = {
    id: required(values, 'id'),
    endpoint: required(values, 'endpoint'),
    model: required(values, 'model'),
    capacity,
    price: priceOf(values),
  };
  if (values['api-key-env']) entry.apiKeyEnv = values['api-key-env'];
  return entry;
}

function formatPrice(price: LlmPrice): string {
  return price.kind === 'per-query'
    ? `$${price.perQuery}/query`
    : `$${price.per1kPrompt}/$${price.per1kCompletion} per 1k tokens`;
}

async function list(db: Database): Promise<void> {
  const llms = await createLlmRegistry(db).list();
  if (llms.length === 0) process.stdout.write('no LLMs registered\n');
  for (const llm of llms) {
    const state = llm.enabled === false ? ' (disabled)' : '';
    process.stdout.write(
      `${llm.id}\t${llm.endpoint}\tmodel=${llm.model}\tcapacity=${llm.capacity}\t` +
        `${formatPrice(llm.price)}${state}\n`,
    );
  }
}

async function execute(db: Database, action: string, values: Values): Promise<void> {
  switch (action) {
    case 'list':
      return list(db);
    case 'add':
      await seedRegistry(db, [entryOf(values)]);
      return list(db);
    case 'remove': {
      const { rowCount } = await db.query('DELETE FROM llms WHERE id = $1', [
        required(values, 'id'),
      ]);
      if (rowCount === 0) throw new UsageError(`no LLM with id ${values.id}`);
      return list(db);
    }
    case 'routerbench': {
      const capacity = Number(values.capacity ?? '4');
      await seedRegistry(db, routerBenchRegistry(required(values, 'endpoint'), capacity));
      return list(db);
    }
    default:
      throw new UsageError(`unknown action '${action}' (list, add, remove, routerbench)`);
  }
}

export function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, options, allowPositionals: true });
  return withDatabase('llms', async (db, logger) => {
    try {
      await runMigrations(db, { logger });
      await execute(db, positionals[0] ?? 'list', values);
      return 0;
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      process.stderr.write(`cqb llms: ${err.message}\n`);
      return 2;
    }
  });
}
