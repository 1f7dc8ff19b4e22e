import { datasetLlms, loadDatasetFile, loadRouterBench } from '@cqb/datasets';
import type { ReplayPrompt, SatisfactionModel } from '@cqb/replay';
import { createFittedModel, loggedModel, promptsFromRows } from '@cqb/replay';

/** Prompts to replay, the LLMs they carry outcomes for, and the user model to judge answers. */
export interface ReplayInput {
  prompts: ReplayPrompt[];
  llms: string[];
  model: SatisfactionModel;
}

/**
 * Loads `routerbench` (test split, with the `fitted` model fitted on the train split) or any file
 * in the dataset file format (the `fitted` model is then fitted on the same file).
 */
export async function loadReplayInput(
  dataset: string,
  userModel: 'logged' | 'fitted',
): Promise<ReplayInput> {
  if (dataset === 'routerbench') {
    const test = await loadRouterBench({ split: 'test' });
    const model =
      userModel === 'fitted'
        ? createFittedModel(promptsFromRows(await loadRouterBench({ split: 'train' })))
        : loggedModel;
    return { prompts: promptsFromRows(test), llms: datasetLlms(test), model };
  }
  const rows = await loadDatasetFile(dataset);
  const prompts = promptsFromRows(rows);
  const model = userModel === 'fitted' ? createFittedModel(prompts) : loggedModel;
  return { prompts, llms: datasetLlms(rows), model };
}
