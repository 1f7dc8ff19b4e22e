import { defineConfig } from 'vitest/config';

/** Three test tiers: unit (no network), integration (real Kafka/Postgres), e2e (whole system). */
export default defineConfig({
  test: {
    env: { OTEL_METRICS_EXPORTER: 'none', OTEL_SDK_DISABLED: 'true' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['services/*/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
          env: { OTEL_METRICS_EXPORTER: 'none', OTEL_SDK_DISABLED: 'true' },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['services/*/src/**/*.int.test.ts', 'test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          env: { OTEL_METRICS_EXPORTER: 'none', OTEL_SDK_DISABLED: 'true' },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          env: { OTEL_METRICS_EXPORTER: 'none' },
        },
      },
    ],
  },
});
