/**
 * The `cqb` command line, plus the compositions it runs, for tests and scripts: the all-in-one
 * system and the replay comparison.
 */
export { startAllInOne } from './all-in-one/all-in-one.js';
export { servedLlms } from './all-in-one/served-llms.js';
export type { AllInOneOptions, AllInOneSystem } from './all-in-one/all-in-one.js';
export { configSchema } from './all-in-one/config.js';
export type { AllInOneConfig } from './all-in-one/config.js';
export { runComparison } from './replay/run-comparison.js';
export type { ComparisonOptions } from './replay/run-comparison.js';
export type { PolicyReport, ReplayReport } from '@cqb/replay';
