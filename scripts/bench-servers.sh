# Sourced by scripts/bench.sh, scripts/cpu-per-request.sh and scripts/profile-components.sh: starts the benchmark service or the floor, published in
# $OUT/service and $OUT/floor, on 127.0.0.1:$PORT against the peer harness's database on $PGPORT, with the same settings
# for all of them. Sets $svc to the server's pid; the caller waits for it (wait_ready) and stops it.
#   start_service <pool|multiplexed> <log file>     (FRAISEQL_BENCH_URL_QUERY: Npgsql options appended to its database URL)
#   start_floor <pool|multiplexed> <log file>
# The benchmark's locations and ports, the same as bench.sh's ($ROOT is the repository).
OUT="$ROOT/artifacts/bench"
BENCH_DIR="${BENCH_DIR:-$ROOT/../shared/bench}"
PGPORT="${PGPORT:-55432}"; PORT="${FRAISEQL_BENCH_PORT:-5699}"
# On the regular pool both servers run with inline socket completions (docs/tuning.md: by_id 4-7 % more requests per
# second in three pairs, list20 within noise); multiplexed they do not (slower there when it was measured).
inline_completions() { [ "$1" = pool ] && echo 1 || echo 0; }
# Logging: warnings and errors only, and ASP.NET Core's hosting diagnostics category off. At Warning its request logs
# (Information) are off anyway; None also drops the log scope and Activity it starts for every request only to put
# them in that scope, which no log here shows (by_id: 3-4 us less service CPU per request; docs/tuning.md). The floor
# sets the same two in its Program.cs. The category's name has dots, so it goes through env.
start_service() {
  ( cd "$OUT/service" && DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=$(inline_completions "$1") DATABASE_URL="postgresql://postgres@127.0.0.1:$PGPORT/bench${FRAISEQL_BENCH_URL_QUERY:-}" ASPNETCORE_URLS="http://127.0.0.1:$PORT" \
    FRAISEQL_BENCH_MULTIPLEXING=$([ "$1" = multiplexed ] && echo true || echo false) \
    ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    exec env 'Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics=None' ./FraiseQL.Benchmarks.Service ) > "$2" 2>&1 &
  svc=$!
}
# the floor runs the service's SQL texts, written by tests/load/service-sql-pgbench.mjs into $OUT/pgbench-service-sql/sql
start_floor() {
  ( cd "$OUT/floor" && DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=$(inline_completions "$1") DATABASE_URL="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=bench" FLOOR_SQL_DIR="$OUT/pgbench-service-sql/sql" \
    FLOOR_MULTIPLEXING=$([ "$1" = multiplexed ] && echo true || echo false) ASPNETCORE_URLS="http://127.0.0.1:$PORT" \
    exec ./FraiseQL.Benchmarks.Floor ) > "$2" 2>&1 &
  svc=$!
}

# For the scripts that reuse a previous bench.sh run (cpu-per-request.sh, profile-components.sh): checks that its
# published servers, order ids and SQL texts are there and wrk is installed, and starts the harness's PostgreSQL.
require_bench_run() {
  local f
  for f in "$OUT/service/FraiseQL.Benchmarks.Service" "$OUT/floor/FraiseQL.Benchmarks.Floor" "$OUT/order-ids.txt" "$OUT/pgbench-service-sql/sql/list20.sql"; do
    [ -e "$f" ] || { echo "missing $f: run scripts/bench.sh first" >&2; exit 1; }
  done
  command -v wrk >/dev/null || { echo "needs wrk (apt-get install -y wrk)" >&2; exit 1; }
  "$BENCH_DIR/pg-cluster.sh" start >/dev/null 2>&1 || true
}

# jit_build: whether the published servers in $OUT are JIT builds (an assembly beside the executable) rather than
# Native AOT. A JIT build is measured after tiered compilation and dynamic PGO have settled: the callers warm it up for
# 20 s under load instead of 3 s (warmup_seconds, used by cpu-per-request.sh; profile-components.sh needs Native AOT).
jit_build() { [ -e "$OUT/service/FraiseQL.Benchmarks.Service.dll" ]; }
warmup_seconds() { if jit_build; then echo 20; else echo 3; fi; }

# wait_ready: until the server on $PORT answers /health/ready (at most 20 s; the caller checks what it needs after),
# and refuses a server that runs the server GC: both are built for the workstation GC (ServerGarbageCollection=false in
# their projects, docs/tuning.md), and a misspelt property once left the 2026-12-07 runs on the server GC unnoticed.
wait_ready() {
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
  if [ -n "${svc:-}" ] && grep -qs "Server GC" /proc/"$svc"/task/*/comm; then
    echo "the server (pid $svc) runs the server GC: its build did not take <ServerGarbageCollection>false</ServerGarbageCollection>" >&2
    kill "$svc" 2>/dev/null; exit 1
  fi
  return 0
}

# wrk_graphql <by_id|list20> <seconds>: the benchmark's wrk load (32 connections on one wrk thread as in tests/load/wrk-bench.sh, a random order id per request, every
# response checked) on the server on $PORT; wrk's output ends with a "RESULT requests=… rps=…" line
wrk_graphql() {
  SCENARIO=$1 FLAVOR=fraiseql IDS="$OUT/order-ids.txt" wrk -t"${WRK_THREADS:-1}" -c32 -d"$2s" -s "$ROOT/tests/load/graphql.lua" "http://127.0.0.1:$PORT/graphql"
}
