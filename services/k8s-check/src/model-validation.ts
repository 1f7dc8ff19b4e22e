import { objectLabel } from './problem.js';
import type { K8sObject, Problem } from './problem.js';

interface ValidatableModel {
  validate(): void;
}

type ModelClass = new (data: unknown) => ValidatableModel;

/** `kubernetes-models` module path of an apiVersion: `apps/v1` -> `kubernetes-models/apps/v1`. */
function modulePath(apiVersion: string): string {
  return `kubernetes-models/${apiVersion}`;
}

/**
 * Validates types, enums and required fields of one object against the Kubernetes OpenAPI
 * schema bundled in `kubernetes-models`. Unknown fields are not its job (see unknown-fields.ts).
 */
export async function validateModel(object: K8sObject, source: string): Promise<Problem[]> {
  const label = objectLabel(object);
  let models: Record<string, unknown>;
  try {
    models = (await import(modulePath(object.apiVersion))) as Record<string, unknown>;
  } catch {
    return [
      {
        source,
        object: label,
        path: 'apiVersion',
        message: `unknown apiVersion ${object.apiVersion}`,
      },
    ];
  }
  const Model = models[object.kind] as ModelClass | undefined;
  if (typeof Model !== 'function') {
    return [
      {
        source,
        object: label,
        path: 'kind',
        message: `unknown kind ${object.kind} in ${object.apiVersion}`,
      },
    ];
  }
  try {
    new Model(object).validate();
    return [];
  } catch (err) {
    return splitErrors(err).map(({ path, message }) => ({ source, object: label, path, message }));
  }
}

/** The validator joins every failure into one message: `data/a/0/b must be ..., data must ...`. */
function splitErrors(err: unknown): Array<{ path: string; message: string }> {
  const text = err instanceof Error ? err.message : String(err);
  return text.split(/, (?=data[/ ])/).map((part) => {
    const [pointer = '', ...words] = part.trim().split(' ');
    return { path: pointer.replace(/^data\/?/, '').replace(/\//g, '.'), message: words.join(' ') };
  });
}
