#!/usr/bin/env bash
# Starts the whole demo on this machine: a throwaway PostgreSQL 15 cluster, nats-server with
# JetStream, and the four example services (order, inventory, notification, analytics).
#
#   ./fraiseql demo            start everything, print the endpoints, run until Ctrl-C
#   ./fraiseql demo --check    start everything, run `check` on every service, the README walkthrough, the graphql-http audit and
#                              graphql-ws's and graphql-sse's clients against the order service, compare every
#                              service's validation, variable
#                              coercion and responses with graphql-js on random documents, check every
#                              service's introspected schema with graphql-js, stop (exit 1 on any failure)
#
# Env knobs: DEMO_DIR (/tmp/fraiseql-demo), DEMO_PG_PORT (15432), DEMO_NATS_PORT (14222),
#            DEMO_HTTP_BASE (5101: order=5101, inventory=5102, notification=5103, analytics=5104)
#            DEMO_AOT=1: run the services as Native AOT executables (published first, ~3 min each)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MODE="${1:-run}"
DEMO_DIR="${DEMO_DIR:-/tmp/fraiseql-demo}"
PG_PORT="${DEMO_PG_PORT:-15432}"
NATS_PORT="${DEMO_NATS_PORT:-14222}"
HTTP_BASE="${DEMO_HTTP_BASE:-5101}"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
SERVICES=(order inventory notification analytics)
PIDS=()
PG_STARTED=0   # cleanup stops only the PostgreSQL this run started, never another demo's in the same DEMO_DIR

log() { printf '\033[1m[demo]\033[0m %s\n' "$*"; }

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  [ "${#PIDS[@]}" -gt 0 ] || [ "$PG_STARTED" = 1 ] || return 0
  log "stopping services, nats-server and PostgreSQL"
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$PG_STARTED" = 1 ] && [ -s "$DEMO_DIR/pg/data/postmaster.pid" ]; then
    as_postgres "$PGBIN/pg_ctl" -D "$DEMO_DIR/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- prerequisites
# shellcheck source=scripts/prerequisites.sh
. "$ROOT/scripts/prerequisites.sh"
ensure_prerequisites

# ---------------------------------------------------------------- ports
# each port must be free: a clear message instead of a server that fails to bind (or a service that answers from an
# older demo still running)
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for spec in "PostgreSQL:$PG_PORT:DEMO_PG_PORT" "NATS:$NATS_PORT:DEMO_NATS_PORT" \
            "order-service:$HTTP_BASE:DEMO_HTTP_BASE" "inventory-service:$((HTTP_BASE + 1)):DEMO_HTTP_BASE" \
            "notification-service:$((HTTP_BASE + 2)):DEMO_HTTP_BASE" "analytics-service:$((HTTP_BASE + 3)):DEMO_HTTP_BASE"; do
  IFS=: read -r what port knob <<<"$spec"
  if port_in_use "$port"; then
    log "port $port (for $what) is in use on 127.0.0.1: stop what listens there, or choose another port with $knob=<port>"
    exit 1
  fi
done

# ---------------------------------------------------------------- build
log "building the example services"
dotnet build "$ROOT/FraiseQL.sln" -c Release -v quiet -nologo >/dev/null
if [ "${DEMO_AOT:-0}" = 1 ]; then
  log "publishing the example services with Native AOT"
  AOT_OUT="$ROOT/artifacts/aot" "$ROOT/scripts/aot-check.sh" "${SERVICES[@]}"
fi

# ---------------------------------------------------------------- PostgreSQL
rm -rf "$DEMO_DIR"
mkdir -p "$DEMO_DIR/pg" "$DEMO_DIR/logs"
[ "$(id -u)" = 0 ] && chown postgres: "$DEMO_DIR/pg"
log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
PG_STARTED=1
as_postgres "$PGBIN/initdb" -D "$DEMO_DIR/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
as_postgres "$PGBIN/pg_ctl" -D "$DEMO_DIR/pg/data" -l "$DEMO_DIR/pg/pg.log" -w start \
  -o "-p $PG_PORT -k $DEMO_DIR/pg -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null
for s in "${SERVICES[@]}"; do
  "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE ${s}_service"
done

# ---------------------------------------------------------------- NATS
log "starting nats-server -js on 127.0.0.1:$NATS_PORT"
nats-server -a 127.0.0.1 -p "$NATS_PORT" -js -sd "$DEMO_DIR/nats" >"$DEMO_DIR/logs/nats.log" 2>&1 &
PIDS+=($!)

# ---------------------------------------------------------------- services
i=0
for s in "${SERVICES[@]}"; do
  port=$((HTTP_BASE + i)); i=$((i + 1))
  log "starting $s-service on http://127.0.0.1:$port/graphql"
  (
    if [ "${DEMO_AOT:-0}" = 1 ]; then cd "$ROOT/artifacts/aot/$s-service"; run=("./$s-service")
    else cd "$ROOT/example-services/$s-service"; run=(dotnet run --no-build -c Release --project .); fi
    DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/${s}_service" \
    NATS_URL="nats://127.0.0.1:$NATS_PORT" \
    ASPNETCORE_URLS="http://127.0.0.1:$port" \
    ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
    exec "${run[@]}" >"$DEMO_DIR/logs/$s-service.log" 2>&1
  ) &
  PIDS+=($!)
done

i=0
for s in "${SERVICES[@]}"; do
  port=$((HTTP_BASE + i)); i=$((i + 1))
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null || { log "$s-service did not become ready; see $DEMO_DIR/logs/$s-service.log"; tail -n 30 "$DEMO_DIR/logs/$s-service.log"; exit 1; }
done

cat <<EOT

  order-service          http://127.0.0.1:$HTTP_BASE/graphql        (GraphiQL in a browser)
  inventory-service      http://127.0.0.1:$((HTTP_BASE + 1))/graphql
  notification-service   http://127.0.0.1:$((HTTP_BASE + 2))/graphql
  analytics-service      http://127.0.0.1:$((HTTP_BASE + 3))/graphql
  subscriptions          ws://127.0.0.1:$HTTP_BASE/graphql          (graphql-transport-ws)
  PostgreSQL             postgresql://postgres@127.0.0.1:$PG_PORT/<service>_service
  NATS                   nats://127.0.0.1:$NATS_PORT
  logs                   $DEMO_DIR/logs/

EOT

if [ "$MODE" = "--check" ]; then
  check_services() {
    for s in "${SERVICES[@]}"; do
      (
        if [ "${DEMO_AOT:-0}" = 1 ]; then cd "$ROOT/artifacts/aot/$s-service"; run=("./$s-service")
        else cd "$ROOT/example-services/$s-service"; run=(dotnet run --no-build -c Release --project . --); fi
        DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/${s}_service" NATS_URL="nats://127.0.0.1:$NATS_PORT" \
          "${run[@]}" check | sed "s/^/  $s-service: /"
      )
    done
  }
  log "check: every service's views and functions against what its schema calls"
  check_services
  ORDER_URL="http://127.0.0.1:$HTTP_BASE/graphql" \
  INVENTORY_URL="http://127.0.0.1:$((HTTP_BASE + 1))/graphql" \
  NOTIFICATION_URL="http://127.0.0.1:$((HTTP_BASE + 2))/graphql" \
  ANALYTICS_URL="http://127.0.0.1:$((HTTP_BASE + 3))/graphql" \
    "$ROOT/scripts/walkthrough.sh"
  log "graphql-http server audit of the order service"
  (cd "$ROOT/tests/load" && { [ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null; } && node audit.mjs "http://127.0.0.1:$HTTP_BASE/graphql" --strict)
  log "graphql-ws's own client against the order service (query, mutation, subscription, errors, connection_init auth)"
  (cd "$ROOT/tests/load" && node ws-client-check.mjs "http://127.0.0.1:$HTTP_BASE/graphql")
  log "graphql-sse's own client against the order service (query, subscription, errors on the stream, bearer header)"
  (cd "$ROOT/tests/load" && node sse-client-check.mjs "http://127.0.0.1:$HTTP_BASE/graphql")
  log "malformed requests and WebSocket traffic on every service: never a 5xx, a hang, a stack trace, a dropped socket"
  for port in "$HTTP_BASE" $((HTTP_BASE + 1)) $((HTTP_BASE + 2)) $((HTTP_BASE + 3)); do
    (cd "$ROOT/tests/load" && node http-fuzz.mjs "http://127.0.0.1:$port/graphql" --count 1500 \
      && node ws-fuzz.mjs "http://127.0.0.1:$port/graphql" --count 200)
  done
  log "differential checks against graphql-js: validation, variable coercion and response shape, on every service"
  for port in "$HTTP_BASE" $((HTTP_BASE + 1)) $((HTTP_BASE + 2)) $((HTTP_BASE + 3)); do
    (cd "$ROOT/tests/load" && node validation-diff.mjs "http://127.0.0.1:$port/graphql" --count 1500 | grep -v '^  faults' \
      && node coercion-diff.mjs "http://127.0.0.1:$port/graphql" --count 1500 | grep -v '^  faults' \
      && node response-diff.mjs "http://127.0.0.1:$port/graphql" --count 600)
  done
  log "check again, now that the walkthrough has written rows: each view's first row holds its non-null fields' keys"
  check_services
  log "introspected schemas, validated by graphql-js (buildClientSchema + validateSchema)"
  (cd "$ROOT/tests/load" && node schema-check.mjs "http://127.0.0.1:$HTTP_BASE/graphql" "http://127.0.0.1:$((HTTP_BASE + 1))/graphql" \
    "http://127.0.0.1:$((HTTP_BASE + 2))/graphql" "http://127.0.0.1:$((HTTP_BASE + 3))/graphql")
  exit 0
fi

log "running; press Ctrl-C to stop everything"
wait "${PIDS[0]}"
