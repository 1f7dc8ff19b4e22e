/** Package ingest. */
export const packageName = '@cqb/ingest';
