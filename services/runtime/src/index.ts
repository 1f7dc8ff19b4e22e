/** Package runtime. */
export const packageName = '@cqb/runtime';
