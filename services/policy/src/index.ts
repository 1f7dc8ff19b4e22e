/** Package policy. */
export const packageName = '@cqb/policy';
