#!/usr/bin/env bash
# `cqb replay` against the distributed mode: one process per service over real Kafka and
# Postgres. Starts what it needs (Kafka and Postgres through with-infra.sh unless CQB_TEST_* are
# already set, a fresh database, a unique topic prefix, the simulated RouterBench backend and the
# five services), replays real RouterBench prompts with retrying users through the ingest
# service, writes OUT/report.json and OUT/report.html, and on exit, failure or Ctrl-C stops every
# process it started and drops its database. Service logs are kept in OUT/logs.
#
#   bash infra/replay-distributed.sh [OUT] [-- extra cqb replay flags]     # OUT: replay-dist-out
#
# Environment: CQB_REPLAY_HORIZON (users, 40), CQB_REPLAY_RATE (users per second, 3),
# CQB_REPLAY_POLICY (the scheduler's policy, acqb), CQB_REPLAY_SEED (1).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ -z "${CQB_TEST_KAFKA_BROKERS:-}" || -z "${CQB_TEST_DATABASE_URL:-}" ]]; then
  exec bash "$root/infra/with-infra.sh" bash "${BASH_SOURCE[0]}" "$@"
fi
source "$root/infra/lib.sh"
cd "$root"

out="replay-dist-out"
if [[ $# -gt 0 && "$1" != "--" ]]; then
  out="$1"
  shift
fi
[[ "${1:-}" == "--" ]] && shift
extra=("$@")
horizon="${CQB_REPLAY_HORIZON:-40}"
rate="${CQB_REPLAY_RATE:-3}"
policy="${CQB_REPLAY_POLICY:-acqb}"
seed="${CQB_REPLAY_SEED:-1}"
think_ms=200
retry_window_ms=2000

log() { printf '[replay-distributed] %s\n' "$*" >&2; }

mkdir -p "$out/logs"
suffix="$(node -e 'console.log(require("crypto").randomBytes(4).toString("hex"))')"
dbname="replay_dist_$suffix"
prefix="replay-dist-$suffix."
pids=()
names=()
db_created=false

cleanup() {
  trap '' INT TERM
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    # Each process leads its own group (setsid): npm, tsx and node stop together.
    kill -TERM -- "-${pids[i]}" 2>/dev/null || true
  done
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    stop_pid "${pids[i]}" "${names[i]}" 20 >/dev/null 2>&1 || true
    kill -KILL -- "-${pids[i]}" 2>/dev/null || true
  done
  if [[ "$db_created" == true ]]; then
    psql -q "$CQB_TEST_DATABASE_URL" -c "drop database if exists $dbname with (force)" >/dev/null 2>&1 ||
      log "could not drop database $dbname"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start NAME CMD...: runs CMD in the background in its own process group, output in OUT/logs.
start() {
  local name="$1"
  shift
  setsid "$@" >"$out/logs/$name.log" 2>&1 </dev/null &
  pids+=("$!")
  names+=("$name")
}

# wait_for NAME PATTERN: waits (up to 180 s) until the log of NAME shows PATTERN.
wait_for() {
  local name="$1" pattern="$2" i pid="${pids[-1]}"
  for ((i = 0; i < 1800; i++)); do
    grep -q "$pattern" "$out/logs/$name.log" 2>/dev/null && return 0
    if ! pid_alive "$pid"; then
      log "$name exited before it was ready; last lines of $out/logs/$name.log:"
      tail -n 20 "$out/logs/$name.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  log "$name not ready after 180 s (see $out/logs/$name.log)"
  exit 1
}

psql -q "$CQB_TEST_DATABASE_URL" -c "create database $dbname" >/dev/null || exit 1
db_created=true
db_url="$(node -e 'const u=new URL(process.argv[1]);u.pathname="/"+process.argv[2];console.log(u.toString())' \
  "$CQB_TEST_DATABASE_URL" "$dbname")"
export CQB_KAFKA_BROKERS="$CQB_TEST_KAFKA_BROKERS" CQB_DATABASE_URL="$db_url" CQB_TOPIC_PREFIX="$prefix"
log "database $dbname, topic prefix $prefix, logs in $out/logs"

npm run -s cqb -- migrate >"$out/logs/migrate.log" 2>&1 || { cat "$out/logs/migrate.log" >&2; exit 1; }
backend_port="$(free_port)"
# The latency of the all-in-one simulated LLMs (lognormal, median 200 ms), for comparable reports.
start sim-backend npm run -s cqb -- sim-backend --port "$backend_port" --latency lognormal --median-ms 200
wait_for sim-backend 'listening on'
npm run -s cqb -- llms routerbench --endpoint "http://127.0.0.1:$backend_port/v1" --capacity 2 \
  >"$out/logs/llms.log" 2>&1 || { cat "$out/logs/llms.log" >&2; exit 1; }

declare -A grpc_port
for s in feedback dispatcher scheduler embedder ingest; do
  grpc_port[$s]="$(free_port)"
  start "$s" env CQB_GRPC_ADDRESS="127.0.0.1:${grpc_port[$s]}" CQB_METRICS_PORT="$(free_port)" \
    CQB_RETRY_WINDOW_MS="$retry_window_ms" CQB_POLICY="$policy" \
    npm run -s cqb -- serve --service "$s"
  wait_for "$s" '"ready"'
  log "$s ready (gRPC 127.0.0.1:${grpc_port[$s]})"
done

start replay npm run -s cqb -- replay --dataset routerbench --policy "$policy" \
  --horizon "$horizon" --rate "$rate" --seed "$seed" \
  --think-time-ms "$think_ms" --retry-window-ms "$retry_window_ms" \
  --target "127.0.0.1:${grpc_port[ingest]}" --admin "127.0.0.1:${grpc_port[scheduler]}" \
  --out "$out" --quiet "${extra[@]}"
log "replaying $horizon users at $rate/s through 127.0.0.1:${grpc_port[ingest]}"
# wait (not a foreground command) so that Ctrl-C runs the cleanup at once.
wait "${pids[-1]}"
rc=$?
cat "$out/logs/replay.log"
[[ $rc -eq 0 ]] || log "replay failed (exit $rc)"
exit "$rc"
