import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultModelPaths } from '../model-files.js';
import { loadVocab, VocabError } from './vocab.js';
import { createTokenizer } from './wordpiece.js';

interface FixtureLine {
  text: string;
  ids: number[];
}

const fixturePath = fileURLToPath(
  new URL('../../fixtures/tokenizer-reference.jsonl', import.meta.url),
);
const fixture = readFileSync(fixturePath, 'utf8')
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => JSON.parse(l) as FixtureLine);
const vocab = loadVocab(defaultModelPaths('int8').vocabPath);

describe('WordPiece tokenizer', () => {
  it('matches the reference tokenizer id for id on every fixture string', () => {
    const tokenizer = createTokenizer({ vocab, maxTokens: 512, truncation: 'right' });
    expect(fixture.length).toBeGreaterThanOrEqual(1000);
    const mismatches = fixture.filter((f) => {
      const ids = tokenizer.encode(f.text).ids;
      return ids.length !== f.ids.length || ids.some((id, i) => id !== f.ids[i]);
    });
    expect(mismatches.map((m) => m.text.slice(0, 80))).toEqual([]);
  });

  const long = fixture.find((f) => f.ids.length > 100 && f.ids.length < 512);
  if (!long) throw new Error('fixture has no long string');

  it('truncates on the right to maxTokens keeping [CLS] first and [SEP] last', () => {
    const tokenizer = createTokenizer({ vocab, maxTokens: 16, truncation: 'right' });
    const enc = tokenizer.encode(long.text);
    expect(enc.truncated).toBe(true);
    expect(enc.ids).toEqual([...long.ids.slice(0, 15), vocab.sepId]);
  });

  it('keeps head and tail pieces under head-tail truncation', () => {
    const tokenizer = createTokenizer({ vocab, maxTokens: 16, headTokens: 4 });
    const enc = tokenizer.encode(long.text);
    const content = long.ids.slice(1, -1);
    expect(enc).toMatchObject({ length: 16, truncated: true });
    expect(enc.ids).toEqual([
      vocab.clsId,
      ...content.slice(0, 4),
      ...content.slice(-10),
      vocab.sepId,
    ]);
  });

  it('gives [CLS] [SEP] for empty and control-only input', () => {
    const tokenizer = createTokenizer({ vocab });
    for (const text of ['', '\u0000\u0001\u007f', '   ']) {
      expect(tokenizer.encode(text)).toEqual({
        ids: [vocab.clsId, vocab.sepId],
        length: 2,
        truncated: false,
      });
    }
  });

  it('splits into ## continuations', () => {
    const tokenizer = createTokenizer({ vocab });
    expect(tokenizer.pieces('unaffable')).toEqual(['una', '##ffa', '##ble']);
  });

  it('rejects a maxTokens beyond the position embeddings', () => {
    expect(() => createTokenizer({ vocab, maxTokens: 513 })).toThrow(RangeError);
  });

  it('reads a vocab.txt the same as the tokenizer.json it came from', () => {
    const byId = [...vocab.ids.entries()].sort((a, b) => a[1] - b[1]).map(([t]) => t);
    const path = join(mkdtempSync(join(tmpdir(), 'cqb-vocab-')), 'vocab.txt');
    writeFileSync(path, `${byId.join('\n')}\n`);
    const fromTxt = createTokenizer({
      vocab: loadVocab(path),
      maxTokens: 512,
      truncation: 'right',
    });
    for (const f of fixture.slice(0, 100)) expect(fromTxt.encode(f.text).ids).toEqual(f.ids);
  });

  it('refuses a vocabulary without the BERT special tokens', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cqb-vocab-')), 'vocab.txt');
    writeFileSync(path, 'a\nb\n');
    expect(() => loadVocab(path)).toThrow(VocabError);
  });
});
