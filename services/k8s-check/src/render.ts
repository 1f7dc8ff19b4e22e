import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from './problem.js';

const run = promisify(execFile);

/** Kustomize version built with Go when neither kubectl nor a cached kustomize is present. */
const kustomizeModule = 'sigs.k8s.io/kustomize/kustomize/v5@v5.5.0';

/** Failure to render an overlay; `cause` holds the kustomize error. */
export class RenderError extends Error {
  override readonly name = 'RenderError';
}

/**
 * The command that renders a kustomization: `kubectl kustomize` when kubectl is installed,
 * else a kustomize binary under `<root>/.cache/kustomize`, built once with `go install`.
 */
export async function kustomizeCommand(root: string): Promise<string[]> {
  if (await succeeds('kubectl', ['kustomize', '--help'])) return ['kubectl', 'kustomize'];
  const bin = join(root, '.cache', 'kustomize');
  const cached = join(bin, 'kustomize');
  if (await exists(cached)) return [cached];
  try {
    await run('go', ['install', kustomizeModule], { env: { ...process.env, GOBIN: bin } });
  } catch (cause) {
    throw new RenderError('neither kubectl nor go is available to render kustomizations', {
      cause,
    });
  }
  return [cached];
}

/** Renders one kustomization directory and parses every object in it. */
export async function renderKustomization(
  command: readonly string[],
  dir: string,
): Promise<K8sObject[]> {
  const [program = 'kubectl', ...args] = command;
  let stdout: string;
  try {
    ({ stdout } = await run(program, [...args, dir], { maxBuffer: 64 * 1024 * 1024 }));
  } catch (cause) {
    const detail = (cause as { stderr?: string }).stderr?.trim() ?? '';
    throw new RenderError(`kustomize failed for ${dir}: ${detail}`, { cause });
  }
  return parseAllDocuments(stdout)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
}

async function succeeds(program: string, args: string[]): Promise<boolean> {
  try {
    await run(program, args);
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
