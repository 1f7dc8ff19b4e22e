import { describe, expect, it } from 'vitest';
import { routerBenchLlms } from '@cqb/datasets';
import { servedLlms } from './served-llms.js';

describe('servedLlms', () => {
  it('serves every RouterBench LLM, best train accuracy first (the best-fixed preference)', () => {
    const served = servedLlms();
    expect(served.map((l) => l.id).sort()).toEqual(routerBenchLlms.map((l) => l.id).sort());
    for (let i = 1; i < served.length; i += 1) {
      expect(served[i - 1]!.accuracy).toBeGreaterThanOrEqual(served[i]!.accuracy);
    }
  });

  it('restricts to the named LLMs and refuses unknown ids', () => {
    expect(servedLlms(['claude-v2']).map((l) => l.id)).toEqual(['claude-v2']);
    expect(() => servedLlms(['claude-v2', 'gpt-5'])).toThrow(/unknown RouterBench LLM ids: gpt-5/);
  });
});
