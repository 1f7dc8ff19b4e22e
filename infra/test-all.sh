#!/usr/bin/env bash
# Everything `npm test` checks, in order, stopping at the first failing stage:
#   setup, typecheck, lint, unit tests, then with Kafka and Postgres up (infra/with-infra.sh)
#   integration and end-to-end tests, then `npm run k8s:check` when that script exists, then a
#   check that `infra.sh down` leaves no process or listening port behind.
# Ends with one summary line `test-all: N passed, N failed` over all vitest tiers, followed by
# `test-all: FAILED (exit N)` when a stage failed or the run was interrupted.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CQB_ROOT"

RESULTS_DIR="$CQB_ROOT/.cache/test-results"
VITEST=(npx vitest run --passWithNoTests --reporter=default --reporter=json)

banner() {
  printf '\n==================== %s ====================\n' "$*"
}

# stage NAME CMD...: runs CMD under a banner and records its wall time.
stage() {
  local name="$1" start rc=0
  shift
  banner "$name: $*"
  start=$SECONDS
  "$@" || rc=$?
  printf '%-12s %4ss  %s\n' "$name" "$((SECONDS - start))" "$([[ $rc -eq 0 ]] && echo ok || echo "FAILED ($rc)")" \
    >>"$RESULTS_DIR/stages.txt"
  if [[ $rc -ne 0 ]]; then
    banner "FAILED: $name (exit $rc)"
    exit "$rc"
  fi
}

vitest_tier() {
  "${VITEST[@]}" --project "$1" --outputFile.json="$RESULTS_DIR/$1.json"
}

# The tiers that need Kafka and Postgres; runs inside infra/with-infra.sh.
infra_tiers() {
  [[ -n "${CQB_TEST_KAFKA_BROKERS:-}" ]] || infra_die "CQB_TEST_KAFKA_BROKERS not set"
  stage integration vitest_tier integration
  stage e2e vitest_tier e2e
}

# Sums the vitest JSON reports into one `N passed, N failed` line.
summary() {
  node -e '
    const fs = require("fs"); let passed = 0, failed = 0, skipped = 0;
    for (const tier of ["unit", "integration", "e2e"]) {
      const f = process.argv[1] + "/" + tier + ".json";
      if (!fs.existsSync(f)) continue;
      const r = JSON.parse(fs.readFileSync(f, "utf8"));
      passed += r.numPassedTests; failed += r.numFailedTests;
      skipped += r.numPendingTests + r.numTodoTests;
    }
    const tail = skipped > 0 ? `, ${skipped} skipped` : "";
    console.log(`test-all: ${passed} passed, ${failed} failed${tail}`);
  ' "$RESULTS_DIR"
}

has_npm_script() {
  node -e 'process.exit(require("./package.json").scripts?.[process.argv[1]] ? 0 : 1)' "$1"
}

finish() {
  local rc=$?
  banner "stage times"
  cat "$RESULTS_DIR/stages.txt" 2>/dev/null || true
  summary || true
  if [[ $rc -ne 0 ]]; then
    echo "test-all: FAILED (exit $rc)"
  fi
  exit "$rc"
}

if [[ "${1:-}" == --infra-tiers ]]; then
  infra_tiers
  exit 0
fi

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
trap finish EXIT
stage setup bash infra/setup.sh
stage typecheck npx tsc -b
stage lint npx eslint . --max-warnings 0
stage unit vitest_tier unit
banner "with Kafka and Postgres (infra/with-infra.sh)"
bash infra/with-infra.sh bash infra/test-all.sh --infra-tiers
if has_npm_script k8s:check; then
  stage k8s npm run -s k8s:check
fi
stage teardown bash infra/check-teardown.sh
banner "all stages passed"
