/** Package dispatcher. */
export const packageName = '@cqb/dispatcher';
