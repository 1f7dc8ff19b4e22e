#!/usr/bin/env bash
# Kafka and Postgres together, for tests and local runs.
#
#   infra/infra.sh up       start both (keeps whichever is already running), write the env file
#   infra/infra.sh down     stop both; leaves no process, port or temp directory behind
#   infra/infra.sh status   print both; exit 0 only when both run
#   infra/infra.sh env      print the env file (`eval "$(bash infra/infra.sh env)"`); exit 3 if down
#
# The env file, .cache/infra/env, exports CQB_TEST_KAFKA_BROKERS and CQB_TEST_DATABASE_URL.
# `up` records who started the servers in .cache/infra/owner: `manual` (a developer, kept until
# `down`) or `with-infra` (infra/with-infra.sh, which tears them down after its command).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ENV_FILE="$CQB_INFRA_DIR/env"
OWNER_FILE="$CQB_INFRA_DIR/owner"
here="$CQB_ROOT/infra"

infra_up() {
  mkdir -p "$CQB_INFRA_DIR"
  # Recorded before anything starts, so an interrupted `up` is still torn down by its owner.
  local owner="${CQB_INFRA_OWNER:-manual}"
  if [[ "$owner" == manual || ! -f "$OWNER_FILE" ]]; then
    echo "$owner" >"$OWNER_FILE"
  fi
  bash "$here/kafka.sh" start
  bash "$here/postgres.sh" start
  local kafka_port pg_url
  kafka_port="$(sed -n 's/^KAFKA_PORT=//p' "$CQB_INFRA_DIR/kafka.state")"
  pg_url="$(bash "$here/postgres.sh" url)"
  printf 'export CQB_TEST_KAFKA_BROKERS=127.0.0.1:%s\nexport CQB_TEST_DATABASE_URL=%s\n' \
    "$kafka_port" "$pg_url" >"$ENV_FILE.tmp"
  mv "$ENV_FILE.tmp" "$ENV_FILE"
  infra_log "Kafka    127.0.0.1:$kafka_port"
  infra_log "Postgres $pg_url"
  infra_log "env file $ENV_FILE (source it, or use infra/with-infra.sh CMD)"
}

infra_down() {
  # Both are attempted even if one fails, so a half-broken setup is still cleaned up.
  local rc=0
  bash "$here/kafka.sh" stop || rc=1
  bash "$here/postgres.sh" stop || rc=1
  rm -f "$ENV_FILE" "$OWNER_FILE"
  return "$rc"
}

infra_status() {
  local rc=0
  bash "$here/kafka.sh" status || rc=3
  bash "$here/postgres.sh" status || rc=3
  return "$rc"
}

case "${1:-}" in
  up) infra_up ;;
  down) infra_down ;;
  status) infra_status ;;
  env)
    infra_status >/dev/null && [[ -f "$ENV_FILE" ]] || exit 3
    cat "$ENV_FILE"
    ;;
  *)
    echo "usage: $0 up|down|status|env" >&2
    exit 64
    ;;
esac
