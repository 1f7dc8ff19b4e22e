import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  approxTokens,
  DatasetFormatError,
  datasetLlms,
  loadDatasetFile,
  loadRouteLlm,
  loadRouterBench,
  loadShareGptPrompts,
  routeLlmLlms,
  routerBenchLlms,
} from './index.js';

describe('RouterBench fixtures', () => {
  it('has 2,205 train and 945 test rows with all 11 LLMs in every field', async () => {
    const train = await loadRouterBench({ split: 'train' });
    const test = await loadRouterBench({ split: 'test' });
    expect([train.length, test.length]).toEqual([2205, 945]);
    const ids = routerBenchLlms.map((l) => l.id).sort();
    expect(ids).toHaveLength(11);
    for (const row of [...train, ...test]) {
      expect(Object.keys(row.correct).sort()).toEqual(ids);
      expect(Object.keys(row.cost).sort()).toEqual(ids);
      expect(Object.keys(row.response).sort()).toEqual(ids);
    }
  });

  it('parses the prompt list literal into plain text', async () => {
    const test = await loadRouterBench({ split: 'test' });
    const tasks = new Set(test.map((r) => r.task));
    expect([...tasks].sort()).toEqual(['arc', 'mbpp', 'winogrande']);
    expect(test.every((r) => !r.prompt.startsWith("['") && r.prompt.length > 0)).toBe(true);
    expect(new Set(test.map((r) => r.prompt)).size).toBe(test.length);
  });

  it('derives prices consistent with the recorded costs', async () => {
    const train = await loadRouterBench({ split: 'train' });
    const gpt4 = routerBenchLlms.find((l) => l.id === 'gpt-4-1106-preview');
    const mean = train.reduce((s, r) => s + (r.cost['gpt-4-1106-preview'] ?? 0), 0) / train.length;
    expect(gpt4?.pricePerQuery).toBeCloseTo(mean, 7);
    const cheapest = Math.min(...routerBenchLlms.map((l) => l.pricePerQuery));
    expect((gpt4?.pricePerQuery ?? 0) / cheapest).toBeGreaterThan(10);
  });
});

describe('RouteLLM and ShareGPT fixtures', () => {
  it('loads MMLU with 57 subjects and GSM8K with responses', async () => {
    const mmlu = await loadRouteLlm({ task: 'mmlu' });
    const gsm8k = await loadRouteLlm({ task: 'gsm8k' });
    expect(mmlu).toHaveLength(14042);
    expect(new Set(mmlu.map((r) => r.subject)).size).toBe(57);
    expect(gsm8k).toHaveLength(1319);
    expect(gsm8k[0]?.response?.['gpt-4-1106-preview']).toMatch(/18/);
    expect(routeLlmLlms.map((l) => l.id)).toContain('gpt-4-1106-preview');
  });

  it('keeps empty ShareGPT prompts as bad-input cases', async () => {
    const prompts = await loadShareGptPrompts();
    expect(prompts).toHaveLength(2978);
    expect(prompts.filter((p) => p.text.trim() === '')).toHaveLength(21);
  });
});

describe('dataset file format', () => {
  it('reads a minimal file and defaults the task', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cqb-ds-'));
    const file = join(dir, 'ok.jsonl');
    await writeFile(file, '{"id":"a","prompt":"hi","correct":{"x":1,"y":0}}\n\n');
    const rows = await loadDatasetFile(file);
    expect(rows).toEqual([{ id: 'a', task: 'default', prompt: 'hi', correct: { x: 1, y: 0 } }]);
    expect(datasetLlms(rows)).toEqual(['x', 'y']);
  });

  it('names the line and field of a bad row', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cqb-ds-'));
    const file = join(dir, 'bad.jsonl');
    await writeFile(file, '{"id":"a","prompt":"hi","correct":{"x":1}}\n{"id":"b","correct":{}}\n');
    await expect(loadDatasetFile(file)).rejects.toThrow(DatasetFormatError);
    await expect(loadDatasetFile(file)).rejects.toThrow(/bad\.jsonl:2: prompt/);
  });

  it('estimates tokens as chars / 4 rounded up', () => {
    expect([approxTokens(''), approxTokens('abcd'), approxTokens('abcde')]).toEqual([1, 1, 2]);
  });
});
