import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Which published ONNX export to run: int8-quantised (default, 23 MB) or float32 (90 MB). */
export type ModelVariant = 'int8' | 'float';

interface ManifestFile {
  entry: string;
  file: string;
  sha256: string;
}

interface Manifest {
  variants: Record<ModelVariant, { artifact: string; model: ManifestFile; vocab: ManifestFile }>;
}

/** The repository root, found from this file's location (services/embedder/src). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Folder where infra/fetch-model.sh puts the model files. */
export const defaultModelDir = `${repoRoot}.cache/models`;

const manifestPath = fileURLToPath(new URL('../model-files.json', import.meta.url));

/** Paths of the ONNX model and tokenizer.json of a variant, as fetched by infra/fetch-model.sh. */
export function defaultModelPaths(
  variant: ModelVariant,
  dir = defaultModelDir,
): { modelPath: string; vocabPath: string } {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const v = manifest.variants[variant];
  return { modelPath: `${dir}/${v.model.file}`, vocabPath: `${dir}/${v.vocab.file}` };
}
