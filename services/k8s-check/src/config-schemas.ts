import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { shapeOf } from './env-check.js';
import type { EnvSchema } from './env-check.js';

/** Where each container's config schema lives, relative to the repository root. */
export const schemaFiles: Readonly<Record<string, string>> = {
  ingest: 'services/ingest/src/config.ts',
  embedder: 'services/embedder/src/config.ts',
  scheduler: 'services/scheduler/src/config.ts',
  dispatcher: 'services/dispatcher/src/config.ts',
  feedback: 'services/feedback/src/config.ts',
  migrate: 'services/cli/src/commands/migrate.ts',
};

/**
 * Imports `configSchema` from each service's config module. A missing file or export is left
 * out of the map, so the check reports it at the container that needs it.
 */
export async function loadConfigSchemas(root: string): Promise<Map<string, EnvSchema>> {
  const schemas = new Map<string, EnvSchema>();
  for (const [service, file] of Object.entries(schemaFiles)) {
    const path = join(root, file);
    try {
      await access(path);
    } catch {
      continue;
    }
    const module = (await import(pathToFileURL(path).href)) as { configSchema?: EnvSchema };
    if (module.configSchema && shapeOf(module.configSchema)) {
      schemas.set(service, module.configSchema);
    }
  }
  return schemas;
}
