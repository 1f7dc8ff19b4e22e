#!/usr/bin/env bash
# Runs a command with Kafka and Postgres up and CQB_TEST_* set; returns the command's exit code.
#
#   bash infra/with-infra.sh npx vitest run --project integration
#
# When the servers are already up (a developer's `npm run infra:up`, or another with-infra run
# sharing this work tree), they are reused and left running. Otherwise they are started here and
# stopped when the last with-infra run using them exits: normally, on failure, or on Ctrl-C/TERM.
# Each run holds a lease file (its pid) under .cache/infra/leases for that reference count.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 64
fi

INFRA="$CQB_ROOT/infra/infra.sh"
LEASE_DIR="$CQB_INFRA_DIR/leases"
LEASE_LOCK="$CQB_INFRA_DIR/leases.lock"
child=""
signalled=""

acquire() {
  mkdir -p "$LEASE_DIR"
  : >"$LEASE_DIR/$$"
  bash "$INFRA" status >/dev/null 2>&1 && return 0
  CQB_INFRA_OWNER=with-infra bash "$INFRA" up
}

release() {
  rm -f "$LEASE_DIR/$$"
  local f
  for f in "$LEASE_DIR"/*; do
    [[ -e "$f" ]] || continue
    pid_alive "$(basename "$f")" || rm -f "$f"
  done
  [[ -z "$(ls -A "$LEASE_DIR" 2>/dev/null)" ]] || return 0
  [[ "$(cat "$CQB_INFRA_DIR/owner" 2>/dev/null)" == with-infra ]] || return 0
  infra_log "stopping the servers this run started"
  bash "$INFRA" down
}

cleanup() {
  # Teardown must finish even if Ctrl-C is pressed again.
  trap '' INT TERM
  with_lock "$LEASE_LOCK" release
}

on_signal() {
  signalled="$1"
  [[ -n "$child" ]] && kill "-$1" "$child" 2>/dev/null
  [[ -n "$child" ]] || exit "$2"
}

trap cleanup EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM

with_lock "$LEASE_LOCK" acquire || exit 1
# shellcheck disable=SC1091
source "$CQB_INFRA_DIR/env"

# The command runs in the background so that `wait` can be interrupted by a signal and the
# signal forwarded. Bash starts background jobs with SIGINT ignored and stdin on /dev/null;
# `env --default-signal` restores Ctrl-C for the command and fd 3 hands it this script's stdin.
exec 3<&0
env --default-signal=INT,QUIT "$@" <&3 3<&- &
child=$!
exec 3<&-
while :; do
  wait "$child"
  rc=$?
  pid_alive "$child" || break
done
case "$signalled" in
  INT) exit 130 ;;
  TERM) exit 143 ;;
esac
exit "$rc"
