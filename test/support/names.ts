import { randomBytes } from 'node:crypto';

/**
 * A name that no other test run uses: `prefix` plus 12 random hex characters, joined by `sep`.
 * Lower case letters, digits and `_`/`-` only, so it is valid as a Kafka topic, Postgres
 * identifier (with `_`) and consumer group id alike.
 */
export function randomName(prefix: string, sep: '_' | '-' = '_'): string {
  return `${prefix}${sep}${randomBytes(6).toString('hex')}`;
}

/** A topic prefix for `CQB_TOPIC_PREFIX`, so a test's topics never meet another test's. */
export function randomTopicPrefix(label = 'test'): string {
  return `${randomName(`cqb-${label}`, '-')}.`;
}

/** A Postgres schema or database name (`[a-z0-9_]`, at most 63 characters). */
export function randomDbName(label = 'test'): string {
  return randomName(`cqb_${label.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`).slice(-63);
}
