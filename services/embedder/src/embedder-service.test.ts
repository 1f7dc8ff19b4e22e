import type { QueryEmbedded, QueryReceived } from '@cqb/contracts';
import { renameTopic, topics } from '@cqb/contracts';
import { createLogger, createMemoryBus, pollUntil } from '@cqb/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Encoder } from './encoder/encoder.js';
import { createEncoder } from './encoder/encoder.js';
import { createProjectionHead } from './head/projection-head.js';
import { createRandom } from './head/random.js';
import { createEmbedderService, EmbedderConfigError } from './embedder-service.js';
import { defaultModelPaths } from './model-files.js';

const rnd = createRandom(3);
const head = createProjectionHead(
  'test-head',
  Float32Array.from({ length: 8 * 384 }, () => rnd.normal()),
  new Float32Array(8),
);
const logger = createLogger({ service: 'embedder-test', level: 'silent' });
const config = {
  CQB_EMBED_BATCH_SIZE: 4,
  CQB_EMBED_BATCH_WAIT_MS: 5,
  CQB_TOPIC_PREFIX: 'svc-test.',
};
let encoder: Encoder;

beforeAll(async () => {
  encoder = await createEncoder({ ...defaultModelPaths('int8'), intraOpThreads: 1 });
}, 120_000);
afterAll(() => encoder.close());

function query(queryId: string, text: string): QueryReceived {
  return {
    queryId,
    tenant: 't1',
    user: `u-${queryId}`,
    session: '',
    text,
    retryOf: '',
    receivedAtMs: 1,
    deadlineAtMs: 0,
  };
}

describe('embedder service', { timeout: 120_000 }, () => {
  it('publishes one embedded event per query, including empty, control-only and long ones', async () => {
    const bus = createMemoryBus();
    const service = createEmbedderService({ bus, logger, encoder, head, config, now: () => 42 });
    await service.start();
    const received = new Map<string, QueryEmbedded>();
    const keys = new Map<string, string>();
    await bus.subscribe(renameTopic(topics.embedded, 'svc-test.cqb.embedded.v1'), {
      groupId: 'observer',
      handler: async (e) => {
        received.set(e.id, e.value);
        keys.set(e.id, e.key);
        return Promise.resolve();
      },
    });
    const texts = [
      'How do I bake bread?',
      '',
      '\u0000\u0007',
      'word '.repeat(2000),
      'Hello',
      'Bye',
    ];
    await bus.publish(
      renameTopic(topics.queries, 'svc-test.cqb.queries.v1'),
      texts.map((t, i) => ({ key: `t1/u-q${i}`, id: `q${i}`, value: query(`q${i}`, t) })),
    );
    await pollUntil(() => received.size === texts.length);
    await service.stop();
    await bus.close();
    const q0 = received.get('q0')!;
    expect(keys.get('q0')).toBe('t1/u-q0');
    expect(q0.embedding).toHaveLength(384);
    expect(q0.context).toHaveLength(8);
    expect(Math.hypot(...q0.context)).toBeCloseTo(1, 5);
    expect(q0).toMatchObject({
      encoderVersion: encoder.version,
      headVersion: 'test-head',
      embeddedAtMs: 42,
    });
    expect(received.get('q1')).toMatchObject({ tokenCount: 2, truncated: false });
    expect(received.get('q2')).toMatchObject({ tokenCount: 2, truncated: false });
    expect(received.get('q3')).toMatchObject({ tokenCount: 256, truncated: true });
  });

  it('refuses a head whose input dimension differs from the encoder', () => {
    const bad = createProjectionHead('bad', new Float32Array(8 * 10), new Float32Array(8));
    const bus = createMemoryBus();
    expect(() => createEmbedderService({ bus, logger, encoder, head: bad, config })).toThrow(
      EmbedderConfigError,
    );
  });
});
