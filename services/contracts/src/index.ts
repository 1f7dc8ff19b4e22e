/** Package contracts. */
export const packageName = '@cqb/contracts';
