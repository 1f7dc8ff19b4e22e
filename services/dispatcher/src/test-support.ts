import { renameTopic, topics } from '@cqb/contracts';
import type { Answer, Assignment, CapacityReport, TopicSpec } from '@cqb/contracts';
import type { EventBus, IncomingEvent } from '@cqb/runtime';

/** An assignment of query `id` (text `text`, user `u-<id>`) to `llm`, for tests. */
export function makeAssignment(id: string, llm: string, text: string): Assignment {
  const query = {
    queryId: id,
    tenant: 't',
    user: `u-${id}`,
    session: '',
    text,
    retryOf: '',
    receivedAtMs: 1,
    deadlineAtMs: 0,
  };
  return {
    query: {
      query,
      embedding: [],
      context: [0.5, 0.5],
      encoderVersion: 'e',
      headVersion: 'h',
      tokenCount: 1,
      truncated: false,
      embeddedAtMs: 2,
    },
    llm,
    policy: 'test',
    explored: false,
    sampledScore: 0.5,
    round: 1,
    queueLength: 1,
    decidedAtMs: 3,
    schedulerId: 's',
    posteriorVersion: 0,
  };
}

/** Topics of one test run, renamed with a unique prefix. */
export function prefixedTopics(prefix: string): {
  assignments: TopicSpec<Assignment>;
  answers: TopicSpec<Answer>;
  capacity: TopicSpec<CapacityReport>;
} {
  return {
    assignments: renameTopic(topics.assignments, prefix + topics.assignments.name),
    answers: renameTopic(topics.answers, prefix + topics.answers.name),
    capacity: renameTopic(topics.capacity, prefix + topics.capacity.name),
  };
}

/** Subscribes to `topic` from the beginning and collects every event into the returned array. */
export async function collect<T>(
  bus: EventBus,
  topic: TopicSpec<T>,
  groupId: string,
): Promise<IncomingEvent<T>[]> {
  const seen: IncomingEvent<T>[] = [];
  await bus.subscribe(topic, {
    groupId,
    handler: (event) => {
      seen.push(event);
      return Promise.resolve();
    },
  });
  return seen;
}
