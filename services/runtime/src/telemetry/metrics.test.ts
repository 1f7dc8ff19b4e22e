import { describe, expect, it } from 'vitest';
import { MetricName } from './attributes.js';
import {
  createMetricsRegistry,
  decisions,
  queueLength,
  stageDuration,
  timeStage,
} from './metrics.js';
import { startMetricsServer } from './metrics-server.js';

describe('metrics registry', () => {
  it('returns the same metric when two modules ask for it', () => {
    const registry = createMetricsRegistry('scheduler');
    expect(decisions(registry)).toBe(decisions(registry));
  });

  it('labels every series with the service name', async () => {
    const registry = createMetricsRegistry('scheduler');
    decisions(registry).inc({ policy: 'acqb', explored: 'true' });
    const text = await registry.getSingleMetricAsString(MetricName.decisions);
    expect(text).toContain(
      'cqb_decisions_total{policy="acqb",explored="true",service="scheduler"} 1',
    );
  });

  it('observes stage latency even when the stage fails', async () => {
    const registry = createMetricsRegistry('dispatcher');
    await expect(
      timeStage(registry, 'backend', () => Promise.reject(new Error('x'))),
    ).rejects.toThrow();
    const values = (await stageDuration(registry).get()).values;
    const count = values.find((v) => v.metricName === `${MetricName.stageDuration}_count`);
    expect(count?.labels).toMatchObject({ stage: 'backend' });
    expect(count?.value).toBe(1);
  });
});

describe('metrics endpoint', () => {
  it('serves the registry at /metrics and 404 elsewhere', async () => {
    const registry = createMetricsRegistry('scheduler');
    queueLength(registry).set(7);
    const server = await startMetricsServer({ registry, port: 0, host: '127.0.0.1' });
    try {
      const ok = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('cqb_queue_length{service="scheduler"} 7');
      expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
