import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

/** A dataset file that is missing a field, has a wrong type, or is not valid JSON lines. */
export class DatasetFormatError extends Error {
  override readonly name = 'DatasetFormatError';
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
    options?: { cause?: unknown },
  ) {
    super(`${file}:${line}: ${message}`, options);
  }
}

/** Reads a JSON-lines file, validating each non-blank line against `schema`. */
export async function readJsonl<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  const text = await readFile(file, 'utf8');
  const rows: T[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    rows.push(parseLine(line, schema, file, i + 1));
  }
  return rows;
}

function parseLine<T>(line: string, schema: z.ZodType<T>, file: string, lineNo: number): T {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new DatasetFormatError('not valid JSON', file, lineNo, { cause: err });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') || '(row)' : '(row)';
    throw new DatasetFormatError(`${where}: ${issue?.message ?? 'invalid'}`, file, lineNo);
  }
  return parsed.data;
}

/** Reads and parses a JSON file without a schema (for the small committed price tables). */
export async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}
