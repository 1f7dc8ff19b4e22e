import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultModelPaths } from '../model-files.js';
import type { Encoder } from './encoder.js';
import { createEncoder } from './encoder.js';
import { EncoderSetupError } from './onnx-session.js';
import { dot } from './pooling.js';

interface ParaphraseCase {
  anchor: string;
  paraphrase: string;
  unrelated: string;
}

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const realPrompts = readFileSync(`${fixtures}tokenizer-reference.jsonl`, 'utf8')
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => (JSON.parse(l) as { text: string }).text)
  .filter((t) => t.trim().length > 20)
  .slice(-32);
const paraphrases = readFileSync(`${fixtures}paraphrase-pairs.jsonl`, 'utf8')
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => JSON.parse(l) as ParaphraseCase);

let int8: Encoder;
let float: Encoder;

beforeAll(async () => {
  int8 = await createEncoder({ ...defaultModelPaths('int8'), intraOpThreads: 1 });
  float = await createEncoder({ ...defaultModelPaths('float'), intraOpThreads: 1 });
}, 120_000);
afterAll(async () => {
  await int8.close();
  await float.close();
});

// Model runs on a shared 2-core machine: generous per-test time limits, no timing assertions.
describe('ONNX sentence encoder', { timeout: 120_000 }, () => {
  it('gives unit 384-d embeddings whose int8 and float versions agree (cosine >= 0.98)', async () => {
    const [a, b] = await Promise.all([int8.embed(realPrompts), float.embed(realPrompts)]);
    expect(int8.dim).toBe(384);
    const cosines = a.map((r, i) => dot(r.embedding, b[i]?.embedding ?? new Float32Array(384)));
    expect(Math.abs(dot(a[0]!.embedding, a[0]!.embedding) - 1)).toBeLessThan(1e-5);
    expect(Math.min(...cosines)).toBeGreaterThanOrEqual(0.98);
  });

  it('scores paraphrase pairs above unrelated pairs', async () => {
    expect(paraphrases.length).toBeGreaterThanOrEqual(10);
    const texts = paraphrases.flatMap((c) => [c.anchor, c.paraphrase, c.unrelated]);
    const e = (await int8.embed(texts)).map((r) => r.embedding);
    paraphrases.forEach((c, i) => {
      const [anchor, para, other] = [e[3 * i]!, e[3 * i + 1]!, e[3 * i + 2]!];
      expect(dot(anchor, para), c.anchor).toBeGreaterThan(dot(anchor, other));
    });
  });

  it('gives the same embedding alone and padded in a batch (within 1e-4)', async () => {
    const [alone] = await float.embed([realPrompts[0]!]);
    const batch = await float.embed(realPrompts.slice(0, 8));
    expect(dot(alone!.embedding, batch[0]!.embedding)).toBeGreaterThan(1 - 1e-4);
    const reversed = await float.embed(realPrompts.slice(0, 8).reverse());
    batch.forEach((r, i) => {
      expect(dot(r.embedding, reversed[7 - i]!.embedding)).toBeGreaterThan(1 - 1e-4);
      expect(r.tokens).toBe(reversed[7 - i]!.tokens);
    });
  });

  it('truncates long input and embeds empty and control-only input', async () => {
    const long = 'the router picks a model for every query '.repeat(200);
    const [l, empty, control] = await int8.embed([long, '', '\u0000\u0007\u001b']);
    expect(l).toMatchObject({ tokens: 256, truncated: true });
    expect(empty).toMatchObject({ tokens: 2, truncated: false });
    expect(control!.tokens).toBe(2);
    for (const r of [l, empty, control]) expect(r!.embedding.every(Number.isFinite)).toBe(true);
  });

  it('fails at start-up with a clear message when files are missing or the model is wrong', async () => {
    const paths = defaultModelPaths('int8');
    await expect(createEncoder({ ...paths, modelPath: '/nonexistent.onnx' })).rejects.toThrow(
      /model files missing: model \/nonexistent.onnx.*fetch-model/,
    );
    await expect(createEncoder({ ...paths, modelPath: paths.vocabPath })).rejects.toThrow(
      EncoderSetupError,
    );
  });
});
