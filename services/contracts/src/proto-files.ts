import { fileURLToPath } from 'node:url';

/** Root of the repository's proto tree; every loader resolves imports from here. */
export const protoRoot = fileURLToPath(new URL('../../../proto', import.meta.url));

/** Proto files, relative to {@link protoRoot}, that make up the cqb.v1 API. */
export const protoFiles = [
  'cqb/v1/router.proto',
  'cqb/v1/events.proto',
  'cqb/v1/admin.proto',
  'grpc/health/v1/health.proto',
] as const;
