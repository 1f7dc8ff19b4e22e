import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the repository's `data/` folder, resolved from this file's location so the
 * loaders work from any working directory.
 */
export const datasetsDir: string = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../data',
);

/** Absolute path of a file under {@link datasetsDir}. */
export function datasetPath(...parts: string[]): string {
  return resolve(datasetsDir, ...parts);
}
