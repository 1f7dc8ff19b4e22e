import { datasetLlms, loadDatasetFile, loadRouteLlm, loadRouterBench } from '@cqb/datasets';
import type { DatasetRow } from '@cqb/datasets';

/** Rows and model names a simulated backend serves. */
export interface SimulatedDataset {
  rows: DatasetRow[];
  llms: string[];
}

/**
 * Resolves a dataset name for the simulated backend: `routerbench` (train and test splits, so any
 * RouterBench prompt is known), `routellm-mmlu`, `routellm-gsm8k`, or a path to a file in the
 * dataset file format.
 */
export async function loadSimulatedDataset(name: string): Promise<SimulatedDataset> {
  const rows = await loadRows(name);
  return { rows, llms: datasetLlms(rows) };
}

async function loadRows(name: string): Promise<DatasetRow[]> {
  switch (name) {
    case 'routerbench':
      return [
        ...(await loadRouterBench({ split: 'train' })),
        ...(await loadRouterBench({ split: 'test' })),
      ];
    case 'routellm-mmlu':
      return loadRouteLlm({ task: 'mmlu' });
    case 'routellm-gsm8k':
      return loadRouteLlm({ task: 'gsm8k' });
    default:
      return loadDatasetFile(name);
  }
}
