#!/usr/bin/env bash
# Checks that `infra.sh down` leaves nothing behind: starts a separate set of servers (own state
# directory and ports, so a developer's running infra is untouched), stops them, then verifies
# that their processes are gone, their ports no longer listen and their temp directories and
# state files are removed. Prints one PASS/FAIL line per check; exits 1 on any failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CQB_INFRA_DIR="$(mktemp -d /tmp/cqb-teardown-check.XXXXXX)"
export CQB_INFRA_DIR
INFRA="$CQB_ROOT/infra/infra.sh"
failures=0

# Whatever happens, do not leave this check's own servers running.
trap 'bash "$INFRA" down >/dev/null 2>&1 || true; rm -rf "$CQB_INFRA_DIR"' EXIT

check() {
  local what="$1"
  shift
  if "$@"; then
    echo "PASS $what"
  else
    echo "FAIL $what"
    failures=$((failures + 1))
  fi
}

listening() { ss -Htln "sport = :$1" | grep -q .; }

bash "$INFRA" up
source "$CQB_INFRA_DIR/kafka.state"
source "$CQB_INFRA_DIR/postgres.state"
pg_pid="$(head -n 1 "$PG_DIR/data/postmaster.pid")"
check "kafka listens on $KAFKA_PORT while up" listening "$KAFKA_PORT"
check "postgres listens on $PG_PORT while up" listening "$PG_PORT"

bash "$INFRA" down
check "kafka process $KAFKA_PID gone" eval '! pid_alive "$KAFKA_PID"'
check "postgres process $pg_pid gone" eval '! pid_alive "$pg_pid"'
check "no postgres child of the cluster left" eval '! pgrep -f -- "-D $PG_DIR/data" >/dev/null'
check "kafka port $KAFKA_PORT closed" eval '! listening "$KAFKA_PORT"'
check "postgres port $PG_PORT closed" eval '! listening "$PG_PORT"'
check "kafka temp dir removed" test ! -e "$KAFKA_DIR"
check "postgres temp dir removed" test ! -e "$PG_DIR"
check "state and env files removed" eval \
  '[[ -z "$(find "$CQB_INFRA_DIR" -name "*.state" -o -name env -o -name owner)" ]]'

if ((failures > 0)); then
  echo "teardown check: $failures check(s) failed"
  exit 1
fi
echo "teardown check: infra.sh down left no process, port or directory behind"
