#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft, broker and controller in one JVM) for tests and local runs.
#
#   infra/kafka.sh fetch    resolve the broker jars from Maven Central into .cache/kafka/libs
#   infra/kafka.sh start    start a broker on a free 127.0.0.1 port (no-op when one is running)
#   infra/kafka.sh stop     SIGTERM, wait, SIGKILL if needed; remove the data directory
#   infra/kafka.sh status   print the address and exit 0 when running, exit 3 otherwise
#
# Environment: CQB_KAFKA_PARTITIONS (default 1) sets num.partitions for auto-created topics;
# CQB_KAFKA_HEAP (default 512m) sets -Xmx; CQB_INFRA_DIR moves the state directory.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_HOME="$CQB_ROOT/infra/kafka"
KAFKA_LIBS="${CQB_KAFKA_LIBS:-$CQB_ROOT/.cache/kafka/libs}"
KAFKA_STATE="$CQB_INFRA_DIR/kafka.state"
KAFKA_READY_TIMEOUT_S=180

# The fetched libs are tagged with a hash of the pom, so changing the version re-fetches.
pom_hash() { sha256sum "$KAFKA_HOME/pom.xml" | cut -c1-16; }

# Kafka 4 needs Java 17 or newer; Debian 12's default JDK is 17.
ensure_java_and_maven() {
  command -v java >/dev/null && command -v mvn >/dev/null && return 0
  [[ $EUID -eq 0 ]] || infra_die "java or mvn missing: apt-get install default-jdk-headless maven"
  infra_log "installing a JDK and Maven with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends default-jdk-headless maven >/dev/null
}

kafka_fetch() {
  local marker="$KAFKA_LIBS/.fetched-$(pom_hash)"
  [[ -f "$marker" ]] && return 0
  ensure_java_and_maven
  infra_log "fetching Kafka $(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_HOME/pom.xml") jars from Maven Central (first run only)"
  local tmp="$KAFKA_LIBS.tmp.$$"
  rm -rf "$tmp"
  if ! mvn -B -q -f "$KAFKA_HOME/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp" >"$tmp.log" 2>&1; then
    cat "$tmp.log" >&2
    rm -rf "$tmp" "$tmp.log"
    infra_die "mvn dependency:copy-dependencies failed"
  fi
  rm -f "$tmp.log"
  touch "$tmp/.fetched-$(pom_hash)"
  rm -rf "$KAFKA_LIBS"
  mkdir -p "$(dirname "$KAFKA_LIBS")"
  mv "$tmp" "$KAFKA_LIBS"
  infra_log "Kafka jars in $KAFKA_LIBS ($(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars)"
}

load_state() {
  KAFKA_PID="" KAFKA_PORT="" KAFKA_DIR=""
  # shellcheck disable=SC1090
  [[ -f "$KAFKA_STATE" ]] && source "$KAFKA_STATE"
  if [[ -z "$KAFKA_PID" && -n "$KAFKA_DIR" && -s "$KAFKA_DIR/pid" ]]; then
    KAFKA_PID="$(cat "$KAFKA_DIR/pid")"
  fi
  return 0
}

kafka_running() {
  load_state
  pid_alive "$KAFKA_PID" && [[ -n "$KAFKA_PORT" ]] && port_open "$KAFKA_PORT"
}

write_config() {
  local dir="$1" port="$2" cport="$3"
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=${CQB_KAFKA_PARTITIONS:-1}
auto.create.topics.enable=true
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
}

# Cleans up after a broker that died without `stop` (state file left behind).
forget_dead() {
  load_state
  [[ -n "$KAFKA_PID$KAFKA_DIR" ]] || return 0
  infra_log "Kafka state found but broker (pid ${KAFKA_PID:-?}) is gone; cleaning up"
  pid_alive "$KAFKA_PID" && stop_pid "$KAFKA_PID" kafka 30
  remove_dir "$KAFKA_DIR"
  rm -f "$KAFKA_STATE"
}

remove_dir() {
  # Only ever remove a directory this script created.
  [[ "${1:-}" == /tmp/cqb-kafka.* && -d "$1" ]] && rm -rf "$1"
  return 0
}

kafka_start() {
  if kafka_running; then
    infra_log "Kafka already running on 127.0.0.1:$KAFKA_PORT (pid $KAFKA_PID)"
    return 0
  fi
  forget_dead
  with_lock "$KAFKA_LIBS.lock" kafka_fetch
  local dir port cport cluster_id pid
  dir="$(mktemp -d /tmp/cqb-kafka.XXXXXX)"
  port="$(free_port)"
  cport="$(free_port)"
  while [[ "$cport" == "$port" ]]; do cport="$(free_port)"; done
  # State first, so that a stop after an interrupted start still finds the directory and pid.
  mkdir -p "$CQB_INFRA_DIR"
  printf 'KAFKA_PID=\nKAFKA_PORT=%s\nKAFKA_DIR=%s\n' "$port" "$dir" >"$KAFKA_STATE"
  write_config "$dir" "$port" "$cport"
  # A cluster id is 16 random bytes in URL-safe base64; one starting with '-' would be parsed
  # as an option by the storage tool, so draw again in that case.
  cluster_id="-"
  while [[ "$cluster_id" == -* ]]; do
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  done
  local -a jvm=(java -Xms128m "-Xmx${CQB_KAFKA_HEAP:-512m}" -XX:+UseSerialGC
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true "-Djava.io.tmpdir=$dir"
    "-Dkafka.logs.dir=$dir" "-Dlog4j2.configurationFile=$KAFKA_HOME/log4j2.properties"
    -cp "$KAFKA_LIBS/*")
  if ! "${jvm[@]}" kafka.tools.StorageTool format -t "$cluster_id" \
    -c "$dir/server.properties" >"$dir/format.log" 2>&1; then
    cat "$dir/format.log" >&2
    kafka_stop
    infra_die "Kafka storage format failed"
  fi
  # 9>&- keeps the JVM from inheriting (and so holding forever) the lock taken by with_lock.
  # A new session keeps the broker out of the caller's process group, so a Ctrl-C reaches the
  # scripts (which then stop the broker in order) rather than killing the JVM mid-write.
  setsid bash -c 'echo $$ >"$1/pid"; shift; exec "$@"' _ "$dir" \
    "${jvm[@]}" kafka.Kafka "$dir/server.properties" >"$dir/stdout.log" 2>&1 </dev/null 9>&- &
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -s "$dir/pid" ]] && break
    sleep 0.05
  done
  pid="$(cat "$dir/pid" 2>/dev/null || true)"
  [[ -n "$pid" ]] || { kafka_stop; infra_die "Kafka JVM did not start"; }
  printf 'KAFKA_PID=%s\nKAFKA_PORT=%s\nKAFKA_DIR=%s\n' "$pid" "$port" "$dir" >"$KAFKA_STATE"
  if ! node "$KAFKA_HOME/ready.mjs" "127.0.0.1:$port" "$pid" "$KAFKA_READY_TIMEOUT_S"; then
    infra_log "Kafka did not become ready; last lines of its logs:"
    tail -n 30 "$dir/stdout.log" "$dir/server.log" >&2 2>/dev/null || true
    kafka_stop
    infra_die "Kafka failed to start"
  fi
  infra_log "Kafka listening on 127.0.0.1:$port (pid $pid, data $dir)"
}

kafka_stop() {
  load_state
  if [[ -z "$KAFKA_PID$KAFKA_DIR" ]]; then
    infra_log "Kafka not running"
    return 0
  fi
  stop_pid "$KAFKA_PID" kafka 60
  remove_dir "$KAFKA_DIR"
  rm -f "$KAFKA_STATE"
  infra_log "Kafka stopped"
}

kafka_status() {
  if kafka_running; then
    echo "kafka: running on 127.0.0.1:$KAFKA_PORT (pid $KAFKA_PID)"
    return 0
  fi
  echo "kafka: not running"
  return 3
}

case "${1:-}" in
  fetch) with_lock "$KAFKA_LIBS.lock" kafka_fetch ;;
  start) with_lock "$CQB_INFRA_DIR/kafka.lock" kafka_start ;;
  stop) with_lock "$CQB_INFRA_DIR/kafka.lock" kafka_stop ;;
  status) kafka_status ;;
  *)
    echo "usage: $0 fetch|start|stop|status" >&2
    exit 64
    ;;
esac
