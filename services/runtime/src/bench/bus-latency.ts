/**
 * Publish-to-handler latency of one bus hop at a steady rate, written as JSON to stdout.
 *   npx tsx services/runtime/src/bench/bus-latency.ts memory
 *   npx tsx services/runtime/src/bench/bus-latency.ts kafka 127.0.0.1:9092
 * Rate 200 events/s for 5 s across 50 keys; one consumer; latency from before publish() to the
 * handler call, so it includes the producer's acknowledgement wait.
 */
import { randomUUID } from 'node:crypto';
import { renameTopic, topics } from '@cqb/contracts';
import type { EventBus } from '../index.js';
import { createKafkaBus, createLogger, createMemoryBus, pollUntil } from '../index.js';

const [mode = 'memory', brokers = ''] = process.argv.slice(2);
const ratePerS = 200;
const total = 1000;

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function measure(bus: EventBus): Promise<number[]> {
  const topic = renameTopic(topics.capacity, `bench.${randomUUID()}`);
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const sub = await bus.subscribe(topic, {
    groupId: `bench-${randomUUID()}`,
    handler: (e) => {
      latencies.push(performance.now() - sentAt.get(e.value.seq)!);
      return Promise.resolve();
    },
  });
  const start = performance.now();
  for (let seq = 0; seq < total; seq++) {
    const due = start + (seq * 1000) / ratePerS;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    const value = {
      llm: `k${seq % 50}`,
      seq,
      capacity: 1,
      inFlight: 0,
      dispatcherId: 'b',
      reportedAtMs: 0,
    };
    sentAt.set(seq, performance.now());
    void bus.publish(topic, [{ key: value.llm, id: String(seq), value }]);
  }
  await pollUntil(() => latencies.length >= total, { timeoutMs: 60_000 });
  await sub.stop();
  return latencies.sort((a, b) => a - b);
}

const logger = createLogger({ service: 'bench', level: 'error' });
const bus =
  mode === 'kafka'
    ? createKafkaBus({ brokers: brokers.split(','), clientId: 'bench', logger })
    : createMemoryBus();
const sorted = await measure(bus);
await bus.close();
const ms = (v: number) => Math.round(v * 100) / 100;
process.stdout.write(
  `${JSON.stringify({ mode, ratePerS, events: total, p50Ms: ms(percentile(sorted, 0.5)), p99Ms: ms(percentile(sorted, 0.99)), maxMs: ms(sorted.at(-1)!) })}\n`,
);
