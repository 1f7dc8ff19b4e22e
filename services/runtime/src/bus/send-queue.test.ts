import type { Producer, ProducerBatch } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createSendQueue } from './send-queue.js';

function fakeProducer(failOn?: string): { producer: Producer; requests: ProducerBatch[] } {
  const requests: ProducerBatch[] = [];
  const producer = {
    sendBatch: async (batch: ProducerBatch) => {
      requests.push(batch);
      await new Promise((resolve) => setImmediate(resolve));
      const keys = batch.topicMessages!.flatMap((t) => t.messages.map((m) => m.key));
      if (failOn && keys.includes(failOn)) throw new Error('broker said no');
      return [];
    },
  } as unknown as Producer;
  return { producer, requests };
}

describe('send queue', () => {
  it('sends an idle publish at once and folds later ones into the next request, in order', async () => {
    const { producer, requests } = fakeProducer();
    const send = createSendQueue(() => Promise.resolve(producer));
    await Promise.all(['a', 'b', 'c', 'd'].map((key) => send('t', [{ key, value: key }])));
    await send('u', [{ key: 'e', value: 'e' }]);
    const keys = requests.map((r) => r.topicMessages!.flatMap((t) => t.messages.map((m) => m.key)));
    expect(keys).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
    expect(requests.every((r) => r.acks === -1)).toBe(true);
  });

  it('rejects every publish of a failed request and keeps serving later ones', async () => {
    const { producer } = fakeProducer('bad');
    const send = createSendQueue(() => Promise.resolve(producer));
    const first = send('t', [{ key: 'x', value: 'x' }]);
    const failed = send('t', [{ key: 'bad', value: 'x' }]);
    const sibling = send('t', [{ key: 'y', value: 'y' }]);
    await expect(first).resolves.toBeUndefined();
    await expect(failed).rejects.toThrow('broker said no');
    await expect(sibling).rejects.toThrow('broker said no');
    await expect(send('t', [{ key: 'z', value: 'z' }])).resolves.toBeUndefined();
  });
});
