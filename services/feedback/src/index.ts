/** Package feedback. */
export const packageName = '@cqb/feedback';
