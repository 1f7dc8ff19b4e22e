import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadRouterBench, routerBenchLlms } from '@cqb/datasets';
import type { Encoder } from '../encoder/encoder.js';
import { repoRoot } from '../model-files.js';
import { readEmbeddingsFile, writeEmbeddingsFile } from './embeddings-file.js';
import type { AucRow } from './evaluate-head.js';
import { aucTable, headValidator, meanAuc } from './evaluate-head.js';
import type { ProjectionHeadFile } from './projection-head.js';
import { createProjectionHead, defaultHeadPath, floatsToBase64 } from './projection-head.js';
import { createRandom } from './random.js';
import type { LabelledEmbedding, TrainHeadOptions } from './train-head.js';
import { trainProjectionHead } from './train-head.js';

/** Options of {@link trainRouterBenchHead}. */
export interface TrainRouterBenchHeadOptions extends Pick<
  TrainHeadOptions,
  'epochs' | 'outputDim'
> {
  encoder: Encoder;
  seed: number;
  /** Head file to write; default data/head/head.json. */
  outPath?: string;
  /** Folder of data/embeddings files, read as a cache and rewritten; default data/embeddings. */
  embeddingsDir?: string;
  /** Progress lines (stderr in the CLI). */
  log?: (message: string) => void;
}

/** What {@link trainRouterBenchHead} produced. */
export interface TrainRouterBenchHeadResult {
  version: string;
  bestEpoch: number;
  auc: AucRow[];
  mean: { raw: number; pca: number; head: number };
}

interface Split {
  ids: string[];
  rows: LabelledEmbedding[];
}

async function embedSplit(
  encoder: Encoder,
  split: 'train' | 'test',
  dir: string,
  log: (m: string) => void,
): Promise<Split> {
  const llms = routerBenchLlms.map((l) => l.id);
  const data = await loadRouterBench({ split });
  const ids = data.map((r) => r.id);
  const cachePath = `${dir}/routerbench-${split}.json`;
  let embeddings: Float32Array[] | undefined;
  if (existsSync(cachePath)) {
    const cached = readEmbeddingsFile(cachePath);
    const same = cached.meta.encoderVersion === encoder.version && cached.ids.join() === ids.join();
    if (same) embeddings = cached.embeddings;
  }
  if (!embeddings) {
    log(`embedding ${data.length} RouterBench ${split} prompts`);
    embeddings = (await encoder.embed(data.map((r) => r.prompt))).map((r) => r.embedding);
  }
  const rows = data.map((r, i) => ({
    embedding: embeddings[i]!,
    correct: llms.map((llm) => r.correct[llm] ?? 0),
  }));
  return { ids, rows };
}

function headVersion(seed: number, weights: Float32Array): string {
  const hash = createHash('sha256').update(floatsToBase64(weights)).digest('hex');
  return `contrastive-linear-s${seed}@${hash.slice(0, 12)}`;
}

/**
 * Reproduces the committed projection head: embeds the RouterBench splits (reusing
 * data/embeddings when the encoder version matches), trains the contrastive head on 80 % of the
 * train split with the best epoch chosen on the other 20 %, writes the head, the embeddings with
 * their contexts, and returns the test-split AUC table (raw-384, PCA-d, head-d).
 */
export async function trainRouterBenchHead(
  options: TrainRouterBenchHeadOptions,
): Promise<TrainRouterBenchHeadResult> {
  const log = options.log ?? (() => undefined);
  const dir = options.embeddingsDir ?? `${repoRoot}data/embeddings`;
  const outputDim = options.outputDim ?? 32;
  const train = await embedSplit(options.encoder, 'train', dir, log);
  const test = await embedSplit(options.encoder, 'test', dir, log);
  const llms = routerBenchLlms.map((l) => l.id);
  const order = createRandom(options.seed).shuffle(train.rows);
  const cut = Math.floor(order.length * 0.8);
  const [fit, val] = [order.slice(0, cut), order.slice(cut)];
  log(`training head on ${fit.length} prompts, validating on ${val.length}`);
  const trained = trainProjectionHead(fit, {
    seed: options.seed,
    outputDim,
    ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
    validate: headValidator(fit, val, llms.length),
  });
  const version = headVersion(options.seed, trained.weights);
  const head = createProjectionHead(version, trained.weights, trained.bias);
  const auc = aucTable(train.rows, test.rows, llms, (e) => head.project(e), outputDim);
  const mean = {
    raw: meanAuc(auc.map((r) => r.raw)),
    pca: meanAuc(auc.map((r) => r.pca)),
    head: meanAuc(auc.map((r) => r.head)),
  };
  const file: ProjectionHeadFile = {
    format: 'cqb-projection-head/1',
    version,
    inputDim: head.inputDim,
    outputDim,
    weights: floatsToBase64(trained.weights),
    bias: floatsToBase64(trained.bias),
    provenance: {
      encoderVersion: options.encoder.version,
      data: 'RouterBench train split (data/routerbench/train.jsonl), 80% fit / 20% validation',
      loss: 'prompt-LLM contrastive (correct LLMs positive against the others), tau 0.1, Adam 1e-3',
      init: 'PCA of the fit rows',
      seed: options.seed,
      bestEpoch: trained.bestEpoch,
      history: trained.history,
      testAuc: { mean, perLlm: auc },
    },
  };
  const outPath = options.outPath ?? defaultHeadPath;
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, `${JSON.stringify(file, null, 1)}\n`);
  mkdirSync(dir, { recursive: true });
  for (const [split, s] of [
    ['train', train],
    ['test', test],
  ] as const) {
    writeEmbeddingsFile(`${dir}/routerbench-${split}.json`, {
      meta: {
        format: 'cqb-embeddings/1',
        dataset: 'routerbench',
        split,
        encoderVersion: options.encoder.version,
        headVersion: version,
        count: s.ids.length,
        embeddingDim: head.inputDim,
        contextDim: outputDim,
      },
      ids: s.ids,
      embeddings: s.rows.map((r) => r.embedding),
      contexts: s.rows.map((r) => head.project(r.embedding)),
    });
  }
  return { version, bestEpoch: trained.bestEpoch, auc, mean };
}
