import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MetricName } from './attributes.js';
import { createMetricsRegistry } from './metrics.js';

const dashboardPath = new URL('../../../../infra/grafana/cqb-router.json', import.meta.url);

describe('Grafana dashboard', () => {
  it('queries only metric names the services register', () => {
    const dashboard = readFileSync(dashboardPath, 'utf8');
    const registry = createMetricsRegistry('any');
    const known = new Set<string>([
      ...Object.values(MetricName),
      ...registry.getMetricsAsArray().map((metric) => metric.name),
    ]);
    const used = new Set(
      [...dashboard.matchAll(/\bcqb_[a-z0-9_]+/g)].map(([name]) =>
        name.replace(/_(bucket|sum|count)$/, ''),
      ),
    );
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => !known.has(name))).toEqual([]);
  });
});
