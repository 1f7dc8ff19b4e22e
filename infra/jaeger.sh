#!/usr/bin/env bash
# Jaeger v2 (all-in-one) for local runs and end-to-end tests, built from the Go module proxy.
#
#   infra/jaeger.sh build              go install the pinned version into .cache/jaeger/bin
#   infra/jaeger.sh start              start on loopback with in-memory storage, wait until ready,
#                                      print the addresses as shell assignments (eval-able)
#   infra/jaeger.sh stop               stop the instance started by `start`
#
# Ports: JAEGER_OTLP_GRPC_PORT and JAEGER_QUERY_PORT (default: free ports chosen at start).
# Jaeger tags its v2 releases also as v1.x Go module versions, so `go install ...@v1.75.0`
# builds the v2 binary. v1.75.0 is the newest such tag that resolves with Go 1.26.
set -euo pipefail

JAEGER_VERSION="${JAEGER_VERSION:-v1.75.0}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache/jaeger"
BIN="$CACHE/bin/jaeger"
STAMP="$CACHE/bin/.version"
RUN="$CACHE/run"

log() { echo "jaeger.sh: $*" >&2; }

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

build() {
  if [[ -x "$BIN" && -f "$STAMP" && "$(cat "$STAMP")" == "$JAEGER_VERSION" ]]; then
    return 0
  fi
  command -v go >/dev/null || { log "go is not installed (apt-get install golang-go)"; exit 1; }
  mkdir -p "$CACHE/bin"
  log "building github.com/jaegertracing/jaeger/cmd/jaeger@$JAEGER_VERSION (takes minutes once)"
  # `go install pkg@version` refuses modules whose go.mod has replace directives (Jaeger's has
  # one, for sarama), so build inside a throwaway module that repeats that replace.
  local mod="$CACHE/module"
  mkdir -p "$mod"
  (
    cd "$mod"
    export GOFLAGS="-buildvcs=false"
    [[ -f go.mod ]] || go mod init cqb-router/jaeger-build >/dev/null 2>&1
    go mod edit -replace github.com/Shopify/sarama=github.com/Shopify/sarama@v1.33.0
    go get -tool "github.com/jaegertracing/jaeger/cmd/jaeger@$JAEGER_VERSION"
    go build -trimpath -ldflags "-s -w" -o "$BIN" github.com/jaegertracing/jaeger/cmd/jaeger
  )
  echo "$JAEGER_VERSION" >"$STAMP"
}

write_config() {
  local otlp_grpc="$1" otlp_http="$2" query="$3" metrics="$4"
  cat >"$RUN/config.yaml" <<YAML
service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    resource:
      service.name: jaeger
    metrics:
      level: none
    logs:
      level: warn
extensions:
  healthcheckv2:
    use_v2: true
    http:
      endpoint: 127.0.0.1:$metrics
  jaeger_query:
    # Jaeger would otherwise trace its own queries to localhost:4317.
    enable_tracing: false
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:$query
    grpc:
      endpoint: 127.0.0.1:0
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$otlp_grpc
      http:
        endpoint: 127.0.0.1:$otlp_http
processors:
  batch:
    timeout: 200ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
YAML
}

start() {
  build
  mkdir -p "$RUN"
  if [[ -f "$RUN/pid" ]] && kill -0 "$(cat "$RUN/pid")" 2>/dev/null; then
    cat "$RUN/env"
    return 0
  fi
  local otlp_grpc="${JAEGER_OTLP_GRPC_PORT:-$(free_port)}" otlp_http query health
  otlp_http="$(free_port)"
  query="${JAEGER_QUERY_PORT:-$(free_port)}"
  health="$(free_port)"
  write_config "$otlp_grpc" "$otlp_http" "$query" "$health"
  "$BIN" --config "$RUN/config.yaml" >"$RUN/jaeger.log" 2>&1 &
  echo $! >"$RUN/pid"
  for _ in $(seq 1 150); do
    if curl -fsS "http://127.0.0.1:$query/api/services" >/dev/null 2>&1; then
      {
        echo "JAEGER_OTLP_GRPC_ENDPOINT=http://127.0.0.1:$otlp_grpc"
        echo "JAEGER_OTLP_HTTP_ENDPOINT=http://127.0.0.1:$otlp_http"
        echo "JAEGER_QUERY_URL=http://127.0.0.1:$query"
      } >"$RUN/env"
      cat "$RUN/env"
      return 0
    fi
    if ! kill -0 "$(cat "$RUN/pid")" 2>/dev/null; then
      log "jaeger exited; log follows"; cat "$RUN/jaeger.log" >&2; rm -f "$RUN/pid"; exit 1
    fi
    sleep 0.2
  done
  log "jaeger did not become ready within 30 s; log in $RUN/jaeger.log"
  stop
  exit 1
}

stop() {
  if [[ -f "$RUN/pid" ]]; then
    local pid
    pid="$(cat "$RUN/pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$RUN/pid" "$RUN/env"
  fi
}

case "${1:-}" in
  build) build ;;
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 build|start|stop" >&2; exit 2 ;;
esac
