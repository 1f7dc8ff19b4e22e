#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for tests and local runs.
#
#   infra/postgres.sh start    initdb (trust auth) in a temp dir, start on a free 127.0.0.1 port,
#                              create database `cqb` (no-op when a cluster is running)
#   infra/postgres.sh stop     fast shutdown, then remove the temp dir
#   infra/postgres.sh status   print the URL and exit 0 when running, exit 3 otherwise
#   infra/postgres.sh url      print the URL of the running cluster
#   infra/postgres.sh install  only install postgresql-15 if missing
#
# Installs postgresql-15 with apt-get when its binaries are missing. Runs the server as user
# postgres when invoked as root (Postgres refuses to run as root), as the caller otherwise.
# fsync is off: the data is disposable and tests should not wait on the disk.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_BIN="${CQB_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_STATE="$CQB_INFRA_DIR/postgres.state"

as_pg() {
  if [[ $EUID -eq 0 ]]; then
    # From / so that the postgres user is not left in a directory it may not read.
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

ensure_installed() {
  [[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]] && return 0
  [[ $EUID -eq 0 ]] || infra_die "PostgreSQL 15 missing in $PG_BIN: run as root or apt-get install postgresql-15"
  infra_log "installing postgresql-15 with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends postgresql-15 >/dev/null
  [[ -x "$PG_BIN/initdb" ]] || infra_die "postgresql-15 installed but $PG_BIN/initdb is missing"
}

load_state() {
  PG_PORT="" PG_DIR=""
  # shellcheck disable=SC1090
  [[ -f "$PG_STATE" ]] && source "$PG_STATE"
  return 0
}

pg_running() {
  load_state
  [[ -n "$PG_DIR" && -d "$PG_DIR/data" ]] &&
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2 >/dev/null 2>&1
}

pg_url() { echo "postgres://postgres@127.0.0.1:$1/cqb"; }

remove_dir() {
  # Only ever remove a directory this script created.
  [[ "${1:-}" == /tmp/cqb-pg.* && -d "$1" ]] && rm -rf "$1"
  return 0
}

# Stops the cluster in $PG_DIR (if its postmaster lives) and removes the directory.
stop_cluster() {
  local dir="$1" pid
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    pid="$(head -n 1 "$dir/data/postmaster.pid")"
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    stop_pid "$pid" postgres 10 || true
  fi
  remove_dir "$dir"
}

pg_start() {
  if pg_running; then
    infra_log "Postgres already running: $(pg_url "$PG_PORT")"
    return 0
  fi
  load_state
  if [[ -n "$PG_DIR" ]]; then
    infra_log "Postgres state found but the server is gone; cleaning up"
    stop_cluster "$PG_DIR"
    rm -f "$PG_STATE"
  fi
  ensure_installed
  local dir port
  dir="$(mktemp -d /tmp/cqb-pg.XXXXXX)"
  chmod 755 "$dir"
  [[ $EUID -eq 0 ]] && chown postgres: "$dir"
  port="$(free_port)"
  mkdir -p "$CQB_INFRA_DIR"
  printf 'PG_PORT=%s\nPG_DIR=%s\n' "$port" "$dir" >"$PG_STATE"
  if ! as_pg "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
    --no-sync --no-instructions >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    pg_stop
    infra_die "initdb failed"
  fi
  local opts="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir"
  opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
  # 9>&- keeps the postmaster from inheriting (and so holding forever) the with_lock lock.
  if ! as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$opts" -w -t 60 \
    start >/dev/null 9>&-; then
    tail -n 30 "$dir/server.log" >&2 || true
    pg_stop
    infra_die "Postgres failed to start"
  fi
  as_pg "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30 ||
    { pg_stop; infra_die "Postgres did not accept connections"; }
  as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres cqb
  infra_log "Postgres listening on 127.0.0.1:$port ($(pg_url "$port"), data $dir)"
}

pg_stop() {
  load_state
  if [[ -z "$PG_DIR" ]]; then
    infra_log "Postgres not running"
    return 0
  fi
  stop_cluster "$PG_DIR"
  rm -f "$PG_STATE"
  infra_log "Postgres stopped"
}

pg_status() {
  if pg_running; then
    echo "postgres: running on 127.0.0.1:$PG_PORT ($(pg_url "$PG_PORT"))"
    return 0
  fi
  echo "postgres: not running"
  return 3
}

case "${1:-}" in
  start) with_lock "$CQB_INFRA_DIR/postgres.lock" pg_start ;;
  stop) with_lock "$CQB_INFRA_DIR/postgres.lock" pg_stop ;;
  status) pg_status ;;
  install) ensure_installed ;;
  url)
    load_state
    [[ -n "$PG_PORT" ]] || exit 3
    pg_url "$PG_PORT"
    ;;
  *)
    echo "usage: $0 start|stop|status|url|install" >&2
    exit 64
    ;;
esac
