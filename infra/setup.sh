#!/usr/bin/env bash
# One-time setup, safe to re-run (a fast no-op when everything is in place):
#   - node_modules from the lockfile (pnpm install --frozen-lockfile) when missing or stale;
#   - the embedding model (infra/fetch-model.sh, when that script exists);
#   - the Kafka broker jars (infra/kafka.sh fetch) and Postgres 15 (installed with apt if missing).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CQB_ROOT"

# node_modules is stale when the lockfile or any workspace package.json changed since the last
# install this script ran; the stamp records their hash.
deps_hash() {
  cat pnpm-lock.yaml pnpm-workspace.yaml package.json services/*/package.json test/package.json \
    2>/dev/null | sha256sum | cut -c1-32
}

stamp="node_modules/.cqb-setup-stamp"
if [[ ! -d node_modules || "$(cat "$stamp" 2>/dev/null)" != "$(deps_hash)" ]]; then
  command -v pnpm >/dev/null || infra_die "pnpm not found: npm i -g pnpm@10 (or corepack enable)"
  infra_log "installing node modules (pnpm install --frozen-lockfile)"
  pnpm install --frozen-lockfile --reporter=append-only
  deps_hash >"$stamp"
fi

if [[ -f infra/fetch-model.sh ]]; then
  bash infra/fetch-model.sh
fi

bash infra/kafka.sh fetch
bash infra/postgres.sh install
