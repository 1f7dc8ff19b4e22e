#!/usr/bin/env bash
# Regenerates the TypeScript types in src/generated from the proto tree at the repository root.
# Run after editing any .proto file: `pnpm --filter @cqb/contracts generate`.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf src/generated
./node_modules/.bin/proto-loader-gen-types --longs Number --enums String --defaults --arrays \
  --includeComments --grpcLib @grpc/grpc-js -I ../../proto -O src/generated \
  cqb/v1/router.proto cqb/v1/events.proto cqb/v1/admin.proto grpc/health/v1/health.proto
# NodeNext resolution needs explicit extensions on relative imports.
find src/generated -name '*.ts' -print0 |
  xargs -0 sed -i -E "s#(from '\.{1,2}/[^']*)';#\1.js';#"
