/** Package scheduler. */
export const packageName = '@cqb/scheduler';
