/** Package embedder. */
export const packageName = '@cqb/embedder';
