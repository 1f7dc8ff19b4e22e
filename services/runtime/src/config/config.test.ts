import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigError,
  commonConfigSchema,
  commonConfigShape,
  durationMs,
  loadConfig,
} from './config.js';

describe('loadConfig', () => {
  it('applies defaults and coerces types', () => {
    const config = loadConfig(commonConfigSchema, {
      CQB_KAFKA_BROKERS: 'a:9092, b:9093',
      CQB_TOPIC_PREFIX: '',
    });
    expect(config).toEqual({
      CQB_LOG_LEVEL: 'info',
      CQB_KAFKA_BROKERS: ['a:9092', 'b:9093'],
      CQB_KAFKA_CLIENT_ID: 'cqb-router',
      CQB_GRPC_ADDRESS: '0.0.0.0:50051',
      CQB_METRICS_PORT: 9464,
      CQB_TOPIC_PREFIX: '',
    });
  });

  it('lists every problem with its variable', () => {
    const schema = z.object({
      ...commonConfigShape,
      CQB_RETRY_WINDOW_MS: durationMs(1000),
      CQB_NEEDED: z.string(),
    });
    let error: unknown;
    try {
      loadConfig(schema, {
        CQB_LOG_LEVEL: 'loud',
        CQB_METRICS_PORT: '70000',
        CQB_RETRY_WINDOW_MS: '-5',
        CQB_DATABASE_URL: 'mysql://x',
        CQB_KAFKA_BROKERS: ',',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual([
      'CQB_DATABASE_URL',
      'CQB_KAFKA_BROKERS',
      'CQB_LOG_LEVEL',
      'CQB_METRICS_PORT',
      'CQB_NEEDED',
      'CQB_RETRY_WINDOW_MS',
    ]);
    expect((error as Error).message).toContain('CQB_NEEDED');
  });

  it('parses durations as positive integers', () => {
    const schema = z.object({ CQB_TIMEOUT_MS: durationMs(250) });
    expect(loadConfig(schema, {}).CQB_TIMEOUT_MS).toBe(250);
    expect(loadConfig(schema, { CQB_TIMEOUT_MS: '1500' }).CQB_TIMEOUT_MS).toBe(1500);
    expect(() => loadConfig(schema, { CQB_TIMEOUT_MS: '1.5' })).toThrow(ConfigError);
  });
});
