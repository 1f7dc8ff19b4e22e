/** Offline validation of the Kubernetes manifests (`npm run k8s:check`). */
export { checkObjects, checkOverlays } from './check.js';
export type { CheckReport } from './check.js';
export { loadConfigSchemas, schemaFiles } from './config-schemas.js';
export { checkEnvironment, isCqbImage, shapeOf } from './env-check.js';
export type { EnvSchema, SchemaMap } from './env-check.js';
export { validateModel } from './model-validation.js';
export { checkPodPolicy } from './pod-policy.js';
export { formatProblem } from './problem.js';
export type { K8sObject, Problem } from './problem.js';
export { kustomizeCommand, renderKustomization, RenderError } from './render.js';
export { findUnknownFields } from './unknown-fields.js';
