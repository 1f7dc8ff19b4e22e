# Shared helpers for the infra scripts. Source it; it defines functions and a few paths only.
#
# CQB_INFRA_DIR (default <repo>/.cache/infra) holds the state of the running servers: pid, port
# and temporary directory per server, and the env file for tests. Pointing it elsewhere gives an
# independent set of servers (the teardown check uses that to avoid touching a developer's infra).

CQB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CQB_INFRA_DIR="${CQB_INFRA_DIR:-$CQB_ROOT/.cache/infra}"
export CQB_ROOT CQB_INFRA_DIR

infra_log() { printf '[infra] %s\n' "$*" >&2; }
infra_die() { printf '[infra] error: %s\n' "$*" >&2; exit 1; }

# Prints a TCP port that is free on 127.0.0.1 right now (the kernel picks it).
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# stop_pid PID NAME [GRACE_SECONDS]: SIGTERM, wait up to GRACE_SECONDS (default 30), then SIGKILL.
stop_pid() {
  local pid="$1" name="$2" grace="${3:-30}" i
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  infra_log "$name (pid $pid) ignored SIGTERM for ${grace}s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  infra_log "$name (pid $pid) is still alive after SIGKILL"
  return 1
}

# with_lock FILE CMD...: runs CMD holding an exclusive lock, so that concurrent `up`/`down`
# calls against the same state directory do not start two servers or remove a live one.
with_lock() {
  local file="$1"
  shift
  mkdir -p "$(dirname "$file")"
  (
    if ! flock -n 9; then
      infra_log "waiting for another infra script to release $file"
      flock -w 300 9 || infra_die "timed out waiting for lock $file"
    fi
    "$@"
  ) 9>"$file"
}
