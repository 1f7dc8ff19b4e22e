import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readEmbeddingsFile } from './embeddings-file.js';
import { loadProjectionHead, ProjectionHeadError } from './projection-head.js';

const embeddingsPath = fileURLToPath(
  new URL('../../../../data/embeddings/routerbench-test.json', import.meta.url),
);

describe('committed projection head', () => {
  const head = loadProjectionHead();

  it('maps 384-d embeddings to unit 32-d contexts', () => {
    expect(head).toMatchObject({ inputDim: 384, outputDim: 32 });
    const e = new Float32Array(384).fill(1 / Math.sqrt(384));
    const x = head.project(e);
    expect(x).toHaveLength(32);
    expect(Math.hypot(...x)).toBeCloseTo(1, 6);
  });

  it('produced the committed RouterBench contexts (within 1e-6)', () => {
    const table = readEmbeddingsFile(embeddingsPath);
    expect(table.meta).toMatchObject({ headVersion: head.version, count: table.ids.length });
    for (let i = 0; i < table.ids.length; i += 97) {
      const x = head.project(table.embeddings[i]!);
      const max = Math.max(...x.map((v, j) => Math.abs(v - table.contexts[i]![j]!)));
      expect(max).toBeLessThan(1e-6);
    }
  });

  it('rejects an embedding of the wrong dimension and a missing file', () => {
    expect(() => head.project(new Float32Array(10))).toThrow(ProjectionHeadError);
    expect(() => loadProjectionHead('/nonexistent/head.json')).toThrow(/not readable/);
  });
});
