import { describe, expect, it } from 'vitest';
import { renameTopic, topics } from '@cqb/contracts';
import { createMetricsRegistry } from '../telemetry/metrics.js';
import { pollUntil } from '../testing/poll-until.js';
import { runBusContract } from './bus-contract.js';
import { createMemoryBus } from './memory-bus.js';
import { partitionForKey } from './partitioner.js';

runBusContract({ name: 'memory', createBus: () => createMemoryBus(), waitMs: 5_000 });

const topic = renameTopic(topics.capacity, 'memory.only');
const event = (seq: number) => ({
  key: 'k',
  id: String(seq),
  value: { llm: 'k', seq, capacity: 1, inFlight: 0, dispatcherId: 'd', reportedAtMs: 0 },
});

describe('memory bus', () => {
  it('starts a new group at the end when fromBeginning is false', async () => {
    const bus = createMemoryBus();
    await bus.publish(topic, [event(1)]);
    const seen: number[] = [];
    await bus.subscribe(topic, {
      groupId: 'g',
      fromBeginning: false,
      handler: (e) => {
        seen.push(e.value.seq);
        return Promise.resolve();
      },
    });
    await bus.publish(topic, [event(2)]);
    await pollUntil(() => seen.length > 0);
    await bus.close();
    expect(seen).toEqual([2]);
  });

  it('gives every group its own offsets', async () => {
    const bus = createMemoryBus();
    await bus.publish(topic, [event(1), event(2)]);
    const seen = { a: [] as number[], b: [] as number[] };
    for (const g of ['a', 'b'] as const) {
      await bus.subscribe(topic, {
        groupId: g,
        handler: (e) => {
          seen[g].push(e.value.seq);
          return Promise.resolve();
        },
      });
    }
    await pollUntil(() => seen.a.length === 2 && seen.b.length === 2);
    await bus.close();
    expect(seen).toEqual({ a: [1, 2], b: [1, 2] });
  });

  it('rejects a subscription with both or neither handler kinds', async () => {
    const bus = createMemoryBus();
    await expect(bus.subscribe(topic, { groupId: 'g' })).rejects.toThrow(/exactly one/);
  });

  it('counts dead letters and reports lag on a registry', async () => {
    const registry = createMetricsRegistry('test');
    const bus = createMemoryBus({ registry });
    await bus.publishRaw(topic.name, 'k', 'bad', new Uint8Array([0xff]));
    await bus.publish(topic, [event(1)]);
    const seen: number[] = [];
    await bus.subscribe(topic, {
      groupId: 'm',
      handler: (e) => {
        seen.push(e.value.seq);
        return Promise.resolve();
      },
    });
    await pollUntil(() => seen.length === 1);
    await bus.close();
    const dead = await registry.getSingleMetric('cqb_dead_letters_total')!.get();
    expect(dead.values).toEqual([{ value: 1, labels: { topic: topic.name, group: 'm' } }]);
    const lag = await registry.getSingleMetric('cqb_kafka_consumer_lag')!.get();
    expect(lag.values.map((v) => v.value)).toEqual([0]);
  });

  it('partitions keys stably and within range', () => {
    const parts = Array.from({ length: 100 }, (_, i) => partitionForKey(`user-${i}`, 3));
    expect(parts.every((p) => p >= 0 && p < 3)).toBe(true);
    expect(new Set(parts).size).toBe(3);
    expect(partitionForKey('tenant/user', 3)).toBe(partitionForKey('tenant/user', 3));
  });
});
