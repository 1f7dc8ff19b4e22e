import { describe, expect, it } from 'vitest';
import { ConfigError } from '@cqb/runtime';
import { loadDispatcherConfig } from './config.js';

describe('dispatcher config', () => {
  it('applies documented defaults', () => {
    const config = loadDispatcherConfig({});
    expect([
      config.CQB_LLM_TIMEOUT_MS,
      config.CQB_DISPATCH_RETRIES,
      config.CQB_CAPACITY_REPORT_MS,
    ]).toEqual([30_000, 2, 1000]);
  });

  it('names every invalid variable', () => {
    const load = (): unknown =>
      loadDispatcherConfig({ CQB_LLM_TIMEOUT_MS: '-1', CQB_DISPATCH_RETRIES: 'x' });
    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (err) {
      const names = (err as ConfigError).problems.map((p) => p.variable).sort();
      expect(names).toEqual(['CQB_DISPATCH_RETRIES', 'CQB_LLM_TIMEOUT_MS']);
    }
  });
});
