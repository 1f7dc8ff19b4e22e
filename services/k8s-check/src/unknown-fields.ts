import { closestName, objectLabel } from './problem.js';
import type { K8sObject, Problem } from './problem.js';

/** One field of a model in `@kubernetes/client-node`'s generated type map. */
interface Attribute {
  baseName: string;
  type: string;
}

/** Model classes by name (`V1Deployment`, ...), each with its `attributeTypeMap`. */
type ModelMap = ReadonlyMap<string, readonly Attribute[]>;

let models: ModelMap | undefined;

/** Loads the generated model classes of the Kubernetes client once (about 700 types). */
async function loadModels(): Promise<ModelMap> {
  if (models) return models;
  const client = (await import('@kubernetes/client-node')) as unknown as Record<string, unknown>;
  const map = new Map<string, readonly Attribute[]>();
  for (const [name, value] of Object.entries(client)) {
    const attributes = (value as { attributeTypeMap?: unknown } | undefined)?.attributeTypeMap;
    if (typeof value === 'function' && Array.isArray(attributes)) {
      map.set(name, attributes as Attribute[]);
    }
  }
  models = map;
  return map;
}

/** Model name of a top-level object: `apps/v1` + `Deployment` is `V1Deployment`. */
function rootModelName(object: K8sObject): string {
  const version = object.apiVersion.split('/').pop() ?? '';
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${object.kind}`;
}

/**
 * Finds fields the Kubernetes API does not define (misspelled or misplaced), walking the object
 * along the client's type map. The API server would silently drop them (or reject them under
 * strict field validation); either way the setting the author meant never takes effect.
 */
export async function findUnknownFields(object: K8sObject, source: string): Promise<Problem[]> {
  const map = await loadModels();
  const root = rootModelName(object);
  const problems: Problem[] = [];
  const report = (path: string, message: string) =>
    problems.push({ source, object: objectLabel(object), path, message });
  if (!map.has(root)) {
    report('', `no schema for ${object.apiVersion} ${object.kind} (unknown kind or apiVersion)`);
    return problems;
  }
  walk(map, object, root, '', report);
  return problems;
}

function walk(
  map: ModelMap,
  value: unknown,
  type: string,
  path: string,
  report: (path: string, message: string) => void,
): void {
  const array = /^Array<(.+)>$/.exec(type);
  if (array?.[1] && Array.isArray(value)) {
    value.forEach((item, i) => walk(map, item, array[1] ?? '', `${path}[${i}]`, report));
    return;
  }
  const dictionary = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (dictionary?.[1] && isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      walk(map, item, dictionary[1], join(path, key), report);
    }
    return;
  }
  const attributes = map.get(type);
  if (!attributes || !isRecord(value)) return;
  const fields = new Map(attributes.map((a) => [a.baseName, a.type]));
  for (const [key, item] of Object.entries(value)) {
    const fieldType = fields.get(key);
    if (fieldType === undefined) {
      const hint = closestName(key, fields.keys());
      report(join(path, key), `unknown field "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
    } else {
      walk(map, item, fieldType, join(path, key), report);
    }
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
