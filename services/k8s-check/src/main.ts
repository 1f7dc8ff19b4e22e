/**
 * `npm run k8s:check`: renders every overlay under k8s/overlays, validates each object offline
 * against the Kubernetes schema (types, required fields, unknown fields) and each cqb-router
 * container's environment against its service's config schema. Exit 0 when clean, 1 otherwise.
 */
import { fileURLToPath } from 'node:url';
import { checkOverlays } from './check.js';
import { loadConfigSchemas } from './config-schemas.js';
import { formatProblem } from './problem.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

async function main(): Promise<number> {
  const report = await checkOverlays(root, await loadConfigSchemas(root));
  for (const { overlay, objects } of report.overlays) {
    process.stdout.write(`k8s-check: rendered ${overlay}: ${objects} objects\n`);
  }
  for (const problem of report.problems)
    process.stderr.write(`k8s-check: ${formatProblem(problem)}\n`);
  const count = report.problems.length;
  process.stdout.write(count === 0 ? 'k8s-check: ok\n' : `k8s-check: ${count} problem(s)\n`);
  return count === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`k8s-check: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
