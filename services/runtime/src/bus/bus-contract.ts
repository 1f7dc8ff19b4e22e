import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CapacityReport, TopicSpec } from '@cqb/contracts';
import { renameTopic, topics } from '@cqb/contracts';
import { pollUntil } from '../testing/poll-until.js';
import type { EventBus, IncomingEvent, OutgoingEvent, Subscription } from './bus.js';
import { busHeaders, dlqTopicName } from './headers.js';
import { rawTopic } from './raw-topic.js';

/** How the contract suite gets a fresh bus; each test closes the bus it created. */
export interface BusContractOptions {
  /** Shown in the suite name (`memory`, `kafka`). */
  name: string;
  createBus(): EventBus | Promise<EventBus>;
  /** Timeout of each wait for deliveries; default 30 000 ms. */
  waitMs?: number;
}

type Seen = IncomingEvent<CapacityReport>;

function freshTopic(): TopicSpec<CapacityReport> {
  return renameTopic(topics.capacity, `contract.${randomUUID()}`);
}

function report(llm: string, seq: number): OutgoingEvent<CapacityReport> {
  const value = { llm, seq, capacity: 1, inFlight: 0, dispatcherId: 'd', reportedAtMs: 0 };
  return { key: llm, id: `${llm}:${seq}`, value };
}

function seqsByKey(events: Seen[]): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  for (const e of events) byKey.set(e.key, [...(byKey.get(e.key) ?? []), e.value.seq]);
  return byKey;
}

/**
 * The behaviour every {@link EventBus} must show, as a vitest suite: order per key, redelivery of
 * uncommitted events after a crash, no redelivery after commit, a new group without
 * fromBeginning starting at the end yet missing nothing published after subscribe resolves,
 * partitions shared in a group, dead-lettering of undecodable events and of events whose handler
 * keeps failing, batches.
 */
export function runBusContract(options: BusContractOptions): void {
  const waitMs = options.waitMs ?? 30_000;
  const open: { bus: EventBus; subs: Subscription[] }[] = [];
  const until = <R>(check: () => R | undefined | false, what: string): Promise<R> =>
    pollUntil(check, { timeoutMs: waitMs, what });

  async function setup(): Promise<{ bus: EventBus; subs: Subscription[]; group: string }> {
    const entry = { bus: await options.createBus(), subs: [] as Subscription[] };
    open.push(entry);
    return { ...entry, group: `group-${randomUUID()}` };
  }

  afterEach(async () => {
    for (const { bus } of open.splice(0)) await bus.close();
  });

  describe(`EventBus contract (${options.name})`, () => {
    it('delivers events of one key in publish order', async () => {
      const { bus, subs, group } = await setup();
      const topic = freshTopic();
      const seen: Seen[] = [];
      const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
      for (let seq = 0; seq < 5; seq++) {
        await bus.publish(
          topic,
          keys.map((k) => report(k, seq)),
        );
      }
      // Publishes that overlap (not awaited one by one) keep the order of the calls too.
      const calls = [5, 6, 7, 8, 9].map((seq) => bus.publish(topic, [report('a', seq)]));
      await Promise.all(calls);
      subs.push(
        await bus.subscribe(topic, {
          groupId: group,
          handler: (e) => {
            seen.push(e);
            return Promise.resolve();
          },
        }),
      );
      await until(() => seen.length >= 35, '35 events');
      for (const k of keys.slice(1)) expect(seqsByKey(seen).get(k)).toEqual([0, 1, 2, 3, 4]);
      expect(seqsByKey(seen).get('a')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(seen[0]?.id).toMatch(/^[a-f]:0$/);
    });

    it('redelivers an uncommitted event after a crash and restart', async () => {
      const { bus, subs, group } = await setup();
      const topic = freshTopic();
      await bus.publish(topic, [report('k', 1), report('k', 2), report('k', 3)]);
      const first: number[] = [];
      const crashed = await bus.subscribe(topic, {
        groupId: group,
        handler: (e) => {
          first.push(e.value.seq);
          return e.value.seq === 2 ? new Promise<void>(() => {}) : Promise.resolve();
        },
      });
      await until(() => first.includes(2), 'the hanging event');
      await crashed.abort();
      const second: number[] = [];
      subs.push(
        await bus.subscribe(topic, {
          groupId: group,
          handler: (e) => {
            second.push(e.value.seq);
            return Promise.resolve();
          },
        }),
      );
      await until(() => second.includes(3), 'redelivery');
      expect(first).toEqual([1, 2]);
      expect(second).toEqual([2, 3]);
    });

    it('does not redeliver committed events to a restarted group', async () => {
      const { bus, subs, group } = await setup();
      const topic = freshTopic();
      await bus.publish(topic, [report('k', 1), report('k', 2)]);
      const first: number[] = [];
      const sub = await bus.subscribe(topic, {
        groupId: group,
        handler: (e) => {
          first.push(e.value.seq);
          return Promise.resolve();
        },
      });
      await until(() => first.length >= 2, 'first two events');
      await sub.stop();
      await bus.publish(topic, [report('k', 3)]);
      const second: number[] = [];
      subs.push(
        await bus.subscribe(topic, {
          groupId: group,
          handler: (e) => {
            second.push(e.value.seq);
            return Promise.resolve();
          },
        }),
      );
      await until(() => second.includes(3), 'the new event');
      expect(second).toEqual([3]);
    });

    it('starts a new group without fromBeginning at the end, missing nothing after subscribe', async () => {
      const { bus, subs, group } = await setup();
      const topic = freshTopic();
      const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
      await bus.publish(
        topic,
        keys.map((k) => report(k, 1)),
      );
      const seen: Seen[] = [];
      subs.push(
        await bus.subscribe(topic, {
          groupId: group,
          fromBeginning: false,
          handler: (e) => {
            seen.push(e);
            return Promise.resolve();
          },
        }),
      );
      // Published at once after subscribe resolves: all of these must arrive.
      await bus.publish(
        topic,
        keys.map((k) => report(k, 2)),
      );
      await until(() => seen.length >= keys.length, 'the events published after subscribe');
      // Same keys, same partitions: an event from before subscribe would have come first.
      expect(seen.map((e) => e.id).sort()).toEqual(keys.map((k) => `${k}:2`));
    });

    it('lets stop finish and commit the in-flight event', async () => {
      const { bus, subs, group } = await setup();
      const topic = freshTopic();
      await bus.publish(topic, [report('k', 1)]);
      let release = (): void => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      const first: number[] = [];
      const sub = await bus.subscribe(topic, {
        groupId: group,
        handler: async (e) => {
          first.push(e.value.seq);
          await gate;
        },
      });
      await until(() => first.length === 1, 'the in-flight event');
      const stopping = sub.stop();
      release();
      await stopping;
      await bus.publish(topic, [report('k', 2)]);
      const second: number[] = [];
      subs.push(
        await bus.subscribe(topic, {
          groupId: group,
          handler: (e) => {
            second.push(e.value.seq);
            return Promise.resolve();
          },
        }),
      );
      await until(() => second.includes(2), 'the next event');
      expect(second).toEqual([2]);
    });

    it('shares partitions between two consumers of one group', async () => {
      const { bus, subs, group } = await setup();
      const topic = freshTopic();
      const seen: Seen[][] = [[], []];
      for (const mine of seen) {
        subs.push(
          await bus.subscribe(topic, {
            groupId: group,
            handler: (e) => {
              mine.push(e);
              return Promise.resolve();
            },
          }),
        );
      }
      const keys = Array.from({ length: 24 }, (_, i) => `user-${i}`);
      await bus.publish(
        topic,
        keys.map((k) => report(k, 0)),
      );
      await until(() => new Set(seen.flat().map((e) => e.key)).size === 24, 'all keys');
      const [a, b] = seen.map((events) => new Set(events.map((e) => e.partition)));
      expect(a!.size).toBeGreaterThan(0);
      expect(b!.size).toBeGreaterThan(0);
      expect([...a!].filter((p) => b!.has(p))).toEqual([]);
    });

    it('dead-letters undecodable bytes and keeps consuming', async () => {
      const { bus, subs, group } = await setup();
      const topic = freshTopic();
      await bus.publishRaw(topic.name, 'k', 'bad-1', new Uint8Array([0xff, 0xff, 0xff]));
      await bus.publish(topic, [report('k', 7)]);
      const seen: number[] = [];
      subs.push(
        await bus.subscribe(topic, {
          groupId: group,
          handler: (e) => {
            seen.push(e.value.seq);
            return Promise.resolve();
          },
        }),
      );
      const dead: IncomingEvent<Uint8Array>[] = [];
      subs.push(
        await bus.subscribe(rawTopic(dlqTopicName(topic.name)), {
          groupId: `${group}-dlq`,
          handler: (e) => {
            dead.push(e);
            return Promise.resolve();
          },
        }),
      );
      await until(() => seen.includes(7) && dead.length > 0, 'good event and dead letter');
      const [letter] = dead;
      expect(seen).toEqual([7]);
      expect(letter!.id).toBe('bad-1');
      expect([...letter!.value]).toEqual([0xff, 0xff, 0xff]);
      expect(letter!.headers[busHeaders.reason]).toBe('decode');
      expect(letter!.headers[busHeaders.originalTopic]).toBe(topic.name);
      expect(letter!.headers[busHeaders.originalOffset]).toBe('0');
      expect(letter!.headers[busHeaders.consumerGroup]).toBe(group);
      expect(letter!.headers[busHeaders.originalPartition]).toMatch(/^\d+$/);
    });

    it('dead-letters an event whose handler fails maxAttempts times', async () => {
      const { bus, subs, group } = await setup();
      const topic = freshTopic();
      await bus.publish(topic, [report('k', 1), report('k', 2)]);
      const attempts: number[] = [];
      const handled: number[] = [];
      subs.push(
        await bus.subscribe(topic, {
          groupId: group,
          maxAttempts: 2,
          handler: (e) => {
            if (e.value.seq === 1) {
              attempts.push(e.attempt);
              return Promise.reject(new Error('poison event'));
            }
            handled.push(e.value.seq);
            return Promise.resolve();
          },
        }),
      );
      const dead: IncomingEvent<Uint8Array>[] = [];
      subs.push(
        await bus.subscribe(rawTopic(dlqTopicName(topic.name)), {
          groupId: `${group}-dlq`,
          handler: (e) => {
            dead.push(e);
            return Promise.resolve();
          },
        }),
      );
      await until(() => handled.includes(2) && dead.length > 0, 'next event and dead letter');
      expect(attempts).toEqual([0, 1]);
      expect(dead.map((d) => d.id)).toEqual(['k:1']);
      expect(dead[0]!.headers[busHeaders.reason]).toBe('handler');
      expect(dead[0]!.headers[busHeaders.error]).toBe('poison event');
      expect(dead[0]!.headers[busHeaders.attempts]).toBe('2');
      expect(topics.capacity.codec.decode(dead[0]!.value).seq).toBe(1);
    });

    it('hands batch handlers consecutive events of one partition', async () => {
      const { bus, subs, group } = await setup();
      const topic = freshTopic();
      await bus.publish(
        topic,
        Array.from({ length: 10 }, (_, i) => report('k', i)),
      );
      const batches: Seen[][] = [];
      subs.push(
        await bus.subscribe(topic, {
          groupId: group,
          maxBatchSize: 4,
          batchHandler: (b) => {
            batches.push(b);
            return Promise.resolve();
          },
        }),
      );
      await until(() => batches.flat().length >= 10, 'ten events');
      expect(batches.flat().map((e) => e.value.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const batch of batches) {
        expect(batch.length).toBeLessThanOrEqual(4);
        expect(new Set(batch.map((e) => e.partition)).size).toBe(1);
      }
    });
  });
}
