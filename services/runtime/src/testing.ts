/**
 * Test support (imports vitest): the shared bus contract suite. Import from `@cqb/runtime/testing`
 * in test files only; services import `@cqb/runtime`.
 */
export { runBusContract } from './bus/bus-contract.js';
export type { BusContractOptions } from './bus/bus-contract.js';
export { pollUntil } from './testing/poll-until.js';
export { createFreshDatabase } from './testing/fresh-database.js';
export type { FreshDatabase } from './testing/fresh-database.js';
