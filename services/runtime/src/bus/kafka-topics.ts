import type { Admin } from 'kafkajs';
import type { Logger } from '../logging/logger.js';
import { dlqTopicName } from './headers.js';

/** Raised when a topic has no leader for every partition within the wait. */
export class TopicNotReadyError extends Error {
  readonly retriable = true;

  constructor(
    readonly topics: string[],
    readonly waitedMs: number,
    options?: ErrorOptions,
  ) {
    super(
      `topics ${topics.join(', ')} have no leader for every partition after ${waitedMs} ms`,
      options,
    );
    this.name = 'TopicNotReadyError';
  }
}

/** The admin calls topic set-up needs; a subset of kafkajs's {@link Admin}. */
export type TopicAdmin = Pick<Admin, 'listTopics' | 'createTopics' | 'fetchTopicMetadata'>;

/** Options for {@link createTopicSetup}. */
export interface TopicSetupOptions {
  admin: () => Promise<TopicAdmin>;
  logger: Logger;
  /** Partitions of topics created here. */
  partitions: number;
  /** How long to wait for every partition to have a leader; default 30 000 ms. */
  readyTimeoutMs?: number;
  /** Pause between metadata polls; default 100 ms. */
  pollIntervalMs?: number;
}

/** Error types kafkajs reports while a new topic's metadata has not reached the broker. */
const notYetTypes = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

function isNotYet(err: unknown): boolean {
  const type = (err as { type?: unknown } | null)?.type;
  return typeof type === 'string' && notYetTypes.has(type);
}

/** Topics of `names` that are missing from the metadata or have a partition without a leader. */
async function unreadyTopics(admin: TopicAdmin, names: string[]): Promise<string[]> {
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: names });
    const ready = new Set(
      topics
        .filter((t) => t.partitions.length > 0)
        .filter((t) => t.partitions.every((p) => p.partitionErrorCode === 0 && p.leader >= 0))
        .map((t) => t.name),
    );
    return names.filter((name) => !ready.has(name));
  } catch (err) {
    if (isNotYet(err)) return names;
    throw err;
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates missing topics and waits until every partition of every topic has a leader in the
 * broker's metadata. kafkajs's own wait (`waitForLeaders`) retries only "leader not available",
 * while a broker whose metadata lags a creation answers "does not host this topic-partition",
 * which made the first publish or subscribe on a new topic fail; this wait polls through both.
 */
async function setUpTopics(o: TopicSetupOptions, names: string[]): Promise<void> {
  const admin = await o.admin();
  const existing = new Set(await admin.listTopics());
  const missing = names.filter((name) => !existing.has(name));
  if (missing.length > 0) {
    // Resolves false, without error, for topics another process created in the meantime.
    const created = await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((topic) => ({ topic, numPartitions: o.partitions })),
    });
    if (created) o.logger.info({ topics: missing, partitions: o.partitions }, 'topics created');
  }
  const timeoutMs = o.readyTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let waiting = await unreadyTopics(admin, names);
  while (waiting.length > 0) {
    if (Date.now() >= deadline) throw new TopicNotReadyError(waiting, timeoutMs);
    await pause(o.pollIntervalMs ?? 100);
    waiting = await unreadyTopics(admin, waiting);
  }
}

/**
 * Returns `ensureTopic(name)`: creates the topic and its dead-letter topic (a `.dlq` name only
 * itself) once per process and resolves when all their partitions have leaders. Concurrent calls
 * for one topic share one promise; a failed set-up is forgotten so that the next call retries.
 */
export function createTopicSetup(o: TopicSetupOptions): (name: string) => Promise<void> {
  const known = new Map<string, Promise<void>>();
  return (name) => {
    const ready = known.get(name);
    if (ready) return ready;
    const dlq = name.endsWith('.dlq') ? undefined : dlqTopicName(name);
    const names = dlq && !known.has(dlq) ? [name, dlq] : [name];
    const setUp = setUpTopics(o, names);
    for (const n of names) known.set(n, setUp);
    setUp.catch(() => {
      for (const n of names) if (known.get(n) === setUp) known.delete(n);
    });
    return setUp;
  };
}
