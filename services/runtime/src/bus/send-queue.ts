import type { Message, Producer, TopicMessages } from 'kafkajs';

interface Pending {
  topic: string;
  messages: Message[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Sends messages to Kafka; resolves when the broker acknowledged them. */
export type SendFn = (topic: string, messages: Message[]) => Promise<void>;

function group(pending: Pending[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const p of pending) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), ...p.messages]);
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/**
 * Keeps one produce request in flight and folds every publish that arrives meanwhile into the
 * next request. Order is the order of the calls (the idempotent producer allows one request in
 * flight), an idle publish goes out at once, and under load many publishes share one round trip.
 */
export function createSendQueue(producer: () => Promise<Producer>): SendFn {
  let queue: Pending[] = [];
  let sending = false;

  async function drain(): Promise<void> {
    sending = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        await (await producer()).sendBatch({ topicMessages: group(batch), acks: -1 });
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    sending = false;
  }

  return (topic, messages) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ topic, messages, resolve, reject });
      if (!sending) void drain();
    });
}
