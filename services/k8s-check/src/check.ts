import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { checkEnvironment } from './env-check.js';
import type { SchemaMap } from './env-check.js';
import { validateModel } from './model-validation.js';
import { checkPodPolicy } from './pod-policy.js';
import type { K8sObject, Problem } from './problem.js';
import { kustomizeCommand, renderKustomization } from './render.js';
import { findUnknownFields } from './unknown-fields.js';

/** Every check on a set of rendered objects: schema, unknown fields, pod policy, environment. */
export async function checkObjects(
  objects: readonly K8sObject[],
  schemas: SchemaMap,
  source: string,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const object of objects) {
    problems.push(...(await validateModel(object, source)));
    problems.push(...(await findUnknownFields(object, source)));
  }
  problems.push(...checkPodPolicy(objects, source));
  problems.push(...checkEnvironment(objects, schemas, source));
  return problems;
}

/** Result of {@link checkOverlays}: what was rendered, and every problem found. */
export interface CheckReport {
  overlays: Array<{ overlay: string; objects: number }>;
  problems: Problem[];
}

/** Renders every directory under `<root>/k8s/overlays` and checks its objects. */
export async function checkOverlays(root: string, schemas: SchemaMap): Promise<CheckReport> {
  const command = await kustomizeCommand(root);
  const overlaysDir = join(root, 'k8s', 'overlays');
  const entries = await readdir(overlaysDir, { withFileTypes: true });
  const report: CheckReport = { overlays: [], problems: [] };
  for (const entry of entries
    .filter((e) => e.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = join(overlaysDir, entry.name);
    const source = relative(join(root, 'k8s'), dir);
    const objects = await renderKustomization(command, dir);
    report.overlays.push({ overlay: source, objects: objects.length });
    report.problems.push(...(await checkObjects(objects, schemas, source)));
  }
  return report;
}
