import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkObjects, checkOverlays } from './check.js';
import { formatProblem } from './problem.js';
import type { K8sObject } from './problem.js';

const schemas = new Map([
  [
    'ingest',
    z.object({
      CQB_KAFKA_BROKERS: z.string().min(1),
      CQB_LOG_LEVEL: z.enum(['debug', 'info', 'warn']).default('info'),
      CQB_MAX_WAIT_MS: z.coerce.number().int().positive().default(1000),
    }),
  ],
]);

function configMap(data: Record<string, string>): K8sObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cqb-ingest' }, data };
}

function deployment(container: Record<string, unknown> = {}): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'cqb-ingest' },
    spec: {
      selector: { matchLabels: { app: 'ingest' } },
      template: {
        metadata: { labels: { app: 'ingest' } },
        spec: {
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'ingest',
              image: 'cqb-router:dev',
              args: ['serve', '--mode', 'distributed', '--service', 'ingest'],
              envFrom: [{ configMapRef: { name: 'cqb-ingest' } }],
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              readinessProbe: { grpc: { port: 50051 } },
              livenessProbe: { grpc: { port: 50051 } },
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '1Gi' } },
              env: [
                { name: 'OTEL_SERVICE_NAME', value: 'cqb-ingest' },
                { name: 'CQB_KAFKA_BROKERS', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
              ],
              ...container,
            },
          ],
        },
      },
    },
  };
}

async function problemsOf(objects: K8sObject[]): Promise<string[]> {
  return (await checkObjects(objects, schemas, 'fixture')).map(formatProblem);
}

describe('k8s check on objects', () => {
  // Loading the Kubernetes client's ~700 model classes takes seconds on a busy machine.
  beforeAll(() => checkObjects([configMap({}), deployment()], schemas, 'warm-up'), 120_000);

  it('accepts a valid deployment whose environment fits its schema', async () => {
    expect(await problemsOf([configMap({ CQB_LOG_LEVEL: 'debug' }), deployment()])).toEqual([]);
  });

  it('names a misspelled field and suggests the right one', async () => {
    const problems = await problemsOf([configMap({}), deployment({ imagePullPolcy: 'Always' })]);
    expect(problems).toEqual([
      'fixture Deployment/cqb-ingest spec.template.spec.containers[0].imagePullPolcy: ' +
        'unknown field "imagePullPolcy" (did you mean "imagePullPolicy"?)',
    ]);
  });

  it('reports a wrong type and a missing required field from the Kubernetes schema', async () => {
    const broken = deployment({ ports: [{ containerPort: 'grpc' }] });
    delete (broken['spec'] as Record<string, unknown>)['selector'];
    const problems = (await problemsOf([configMap({}), broken])).join('\n');
    expect(problems).toContain(
      'Deployment/cqb-ingest spec.template.spec.containers.0.ports.0.containerPort: must be integer',
    );
    expect(problems).toContain('Deployment/cqb-ingest spec: must have required property selector');
  });

  it('reports a required variable that is not set', async () => {
    const problems = await problemsOf([configMap({}), deployment({ env: [] })]);
    expect(problems).toEqual([
      'fixture Deployment/cqb-ingest spec.template.spec.containers[0]: ' +
        'CQB_KAFKA_BROKERS is required by the ingest config schema but not set',
    ]);
  });

  it('reports a variable the schema does not know, and an invalid value', async () => {
    const problems = await problemsOf([
      configMap({ CQB_MAX_WAIT: '5', CQB_LOG_LEVEL: 'loud' }),
      deployment(),
    ]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('CQB_MAX_WAIT is not a variable of the ingest config schema');
    expect(problems[0]).toContain('(did you mean CQB_MAX_WAIT_MS?)');
    expect(problems[1]).toContain('CQB_LOG_LEVEL="loud"');
  });

  it('reports a drain timeout that outlasts the termination grace period', async () => {
    const drainSchemas = new Map([
      ['ingest', z.object({ CQB_DRAIN_MS: z.coerce.number().default(60_000) })],
    ]);
    const objects = [configMap({}), deployment({ env: [] })];
    const problems = (await checkObjects(objects, drainSchemas, 'fixture')).map((p) => p.message);
    expect(problems).toEqual([
      'CQB_DRAIN_MS (60000 ms) must be shorter than terminationGracePeriodSeconds (30 s)',
    ]);
  });

  it('reports a loosened pod hardening', async () => {
    const loose = deployment({
      securityContext: { allowPrivilegeEscalation: true, capabilities: { drop: ['NET_RAW'] } },
      livenessProbe: { httpGet: { path: '/', port: 8080 } },
    });
    const problems = (await problemsOf([configMap({}), loose])).map((p) => p.split(': ').pop());
    expect(problems).toEqual([
      'securityContext.allowPrivilegeEscalation must be false',
      'securityContext.readOnlyRootFilesystem must be true',
      'securityContext.capabilities.drop must include ALL',
      'readinessProbe and livenessProbe must be gRPC health probes',
    ]);
  });

  it('reports a container whose service has no config schema', async () => {
    const problems = await problemsOf([
      configMap({}),
      deployment({ args: ['serve', '--service', 'nope'] }),
    ]);
    expect(problems.join('\n')).toContain('no config schema for service "nope"');
  });
});

describe('k8s check on rendered overlays', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('renders each overlay with kustomize and fails on a misspelled field', async () => {
    const root = await mkdtemp(join(tmpdir(), 'k8s-check-'));
    dirs.push(root);
    const overlay = join(root, 'k8s', 'overlays', 'broken');
    await mkdir(overlay, { recursive: true });
    const objects = [configMap({}), deployment({ imagePulPolicy: 'Always' })];
    await writeFile(join(overlay, 'all.yaml'), objects.map((o) => stringify(o)).join('---\n'));
    await writeFile(
      join(overlay, 'kustomization.yaml'),
      'resources:\n  - all.yaml\nnamespace: t\n',
    );
    const report = await checkOverlays(root, schemas);
    expect(report.overlays).toEqual([{ overlay: 'overlays/broken', objects: 2 }]);
    expect(report.problems.map((p) => p.message)).toEqual([
      'unknown field "imagePulPolicy" (did you mean "imagePullPolicy"?)',
    ]);
  });
});
