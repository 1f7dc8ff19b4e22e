/** Package cli. */
export const packageName = '@cqb/cli';
