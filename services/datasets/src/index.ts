/** Package datasets. */
export const packageName = '@cqb/datasets';
