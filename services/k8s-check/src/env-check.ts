import { closestName, objectLabel } from './problem.js';
import type { K8sObject, Problem } from './problem.js';

/** Fields of an object schema, each parseable on its own. */
type Shape = Record<string, { safeParse(value: unknown): { success: boolean } }>;

/**
 * A zod schema as far as the check needs it: parseable, and an object or a transformed object.
 * Every service's `src/config.ts` exports one as `configSchema`.
 */
export interface EnvSchema {
  safeParse(value: unknown): {
    success: boolean;
    data?: unknown;
    error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> };
  };
  shape?: Shape;
  /** The input side of a `.transform()`ed object schema (zod 4 `ZodPipe`). */
  in?: { shape?: Shape };
}

/** Config schemas by the name a container runs (`ingest`, ..., `migrate`). */
export type SchemaMap = ReadonlyMap<string, EnvSchema>;

/** The variables a schema knows: its object shape, looking through a transform. */
export function shapeOf(schema: EnvSchema): Shape | undefined {
  return schema.shape ?? schema.in?.shape;
}

/** Variables every container may set although no service schema lists them. */
const passThroughPrefixes = ['OTEL_', 'NODE_'];

const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job']);

interface Container {
  name: string;
  image?: string;
  args?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  envFrom?: Array<{
    prefix?: string;
    configMapRef?: { name: string };
    secretRef?: { name: string };
  }>;
}

interface PodSpec {
  terminationGracePeriodSeconds?: number;
  containers?: Container[];
}

/** One container's environment: literal values, and names set from a reference (Secret...). */
interface ContainerEnv {
  literal: Map<string, string>;
  indirect: Set<string>;
  problems: string[];
}

/**
 * Checks every cqb-router container: each variable it sets is one its service's config schema
 * knows (or OTEL_* / NODE_*), each variable the schema requires is set, each literal value
 * passes the schema, and a drain timeout ends within the termination grace period. The
 * service is the `--service` of `serve`, or the command itself (`migrate`).
 */
export function checkEnvironment(
  objects: readonly K8sObject[],
  schemas: SchemaMap,
  source: string,
): Problem[] {
  const configMaps = new Map(
    objects
      .filter((o) => o.kind === 'ConfigMap')
      .map((o) => [o.metadata.name, (o['data'] ?? {}) as Record<string, string>]),
  );
  const problems: Problem[] = [];
  for (const object of objects.filter((o) => workloadKinds.has(o.kind))) {
    const pod = podSpec(object);
    (pod.containers ?? []).forEach((container, i) => {
      if (!isCqbImage(container.image)) return;
      const report = (message: string) =>
        problems.push({
          source,
          object: objectLabel(object),
          path: `spec.template.spec.containers[${i}]`,
          message,
        });
      const service = serviceOf(container);
      const schema = service ? schemas.get(service) : undefined;
      if (!service || !schema) {
        report(
          `no config schema for service "${service ?? '?'}" ` +
            '(its config module must export configSchema, a zod object)',
        );
        return;
      }
      const env = containerEnv(container, configMaps);
      const grace = pod.terminationGracePeriodSeconds ?? 30;
      checkContainer(env, schema, service, grace).forEach(report);
    });
  }
  return problems;
}

function checkContainer(
  env: ContainerEnv,
  schema: EnvSchema,
  service: string,
  graceSeconds: number,
): string[] {
  const shape = shapeOf(schema) ?? {};
  const problems = [...env.problems];
  const set = new Set([...env.literal.keys(), ...env.indirect]);
  for (const name of set) {
    if (name in shape || passThroughPrefixes.some((p) => name.startsWith(p))) continue;
    const hint = closestName(name, Object.keys(shape));
    problems.push(
      `${name} is not a variable of the ${service} config schema` +
        (hint ? ` (did you mean ${hint}?)` : ''),
    );
  }
  for (const [name, field] of Object.entries(shape)) {
    if (!set.has(name) && !field.safeParse(undefined).success) {
      problems.push(`${name} is required by the ${service} config schema but not set`);
    }
  }
  // loadConfig treats an empty value as unset, so defaults apply: parse the same way.
  const literal = [...env.literal].filter(([, value]) => value !== '');
  const result = schema.safeParse(Object.fromEntries(literal));
  for (const issue of result.error?.issues ?? []) {
    const name = String(issue.path[0] ?? '');
    const value = env.literal.get(name);
    if (value !== undefined) problems.push(`${name}=${JSON.stringify(value)}: ${issue.message}`);
  }
  problems.push(...checkDrain(result.data, graceSeconds));
  return problems;
}

/**
 * A drain timeout (any `CQB_*DRAIN*_MS`, set or defaulted) must end before the kubelet's
 * SIGKILL, or in-flight work is cut off instead of finished and committed.
 */
function checkDrain(config: unknown, graceSeconds: number): string[] {
  if (typeof config !== 'object' || config === null) return [];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(config)) {
    if (!/^CQB_\w*DRAIN\w*_MS$/.test(name) || typeof value !== 'number') continue;
    if (value >= graceSeconds * 1000) {
      problems.push(
        `${name} (${value} ms) must be shorter than terminationGracePeriodSeconds ` +
          `(${graceSeconds} s)`,
      );
    }
  }
  return problems;
}

function containerEnv(
  container: Container,
  configMaps: ReadonlyMap<string, Record<string, string>>,
): ContainerEnv {
  const env: ContainerEnv = { literal: new Map(), indirect: new Set(), problems: [] };
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const data = configMaps.get(source.configMapRef.name);
      if (!data) {
        env.problems.push(`envFrom ConfigMap ${source.configMapRef.name} is not rendered`);
      }
      for (const [key, value] of Object.entries(data ?? {})) {
        env.literal.set(`${source.prefix ?? ''}${key}`, value);
      }
    } else if (source.secretRef) {
      env.problems.push(
        `envFrom Secret ${source.secretRef.name} cannot be checked offline; ` +
          'use env[].valueFrom.secretKeyRef',
      );
    }
  }
  for (const variable of container.env ?? []) {
    if (variable.valueFrom !== undefined) {
      env.literal.delete(variable.name);
      env.indirect.add(variable.name);
    } else {
      env.literal.set(variable.name, variable.value ?? '');
    }
  }
  return env;
}

function podSpec(object: K8sObject): PodSpec {
  const spec = object['spec'] as { template?: { spec?: PodSpec } } | undefined;
  return spec?.template?.spec ?? {};
}

/** Whether a container runs the cqb-router image (any registry, tag or digest). */
export function isCqbImage(image: string | undefined): boolean {
  const name = (image ?? '').split('/').pop() ?? '';
  return name === 'cqb-router' || name.startsWith('cqb-router:') || name.startsWith('cqb-router@');
}

function serviceOf(container: Container): string | undefined {
  const args = container.args ?? [];
  if (args[0] !== 'serve') return args[0];
  const flag = args.indexOf('--service');
  return flag >= 0 ? args[flag + 1] : undefined;
}
