#!/usr/bin/env bash
# Side-by-side GraphQL benchmark on ONE database in ONE run: FraiseQL for .NET vs PostGraphile v5 vs pgbench, 32
# connections, 10 s per scenario. Report ratios: the machine is shared. pgbench runs twice: the service's own SQL
# (same statements, same parameters, printed by `<service> sql`) and the harness's plain `SELECT data FROM v_order`
# reads, which skip the projection to the selected fields. The floor (tests/FraiseQL.Benchmarks.Floor) is the least a
# .NET server can do for the same requests: ASP.NET Core's slim host, no GraphQL, the service's SQL texts on Npgsql
# with the service's pool settings, measured on the regular pool and multiplexed like the service.
#
#   scripts/bench.sh                 # needs the peer harness (BENCH_DIR, default ../shared/bench)
#   CONNECTIONS=32 DURATION=10 WARMUP=3 scripts/bench.sh
#   ROUNDS=3 scripts/bench.sh                  # three rounds (even rounds in reverse order); ratios: median (min–max)
#   LOAD_TOOL=autocannon scripts/bench.sh      # the harness's Node load generator for both servers (default: wrk if installed)
#   FRAISEQL_BENCH_AOT=1 scripts/bench.sh      # Native AOT builds of the service and the floor instead of the JIT (default)
#
# The service and the floor run as JIT builds (framework-dependent Release publish) by default, each measured after a
# 20 s warm-up under the same load, so tiered compilation and dynamic PGO have settled. In alternating pairs on
# 2026-12-07 (docs/tuning.md) the JIT build served more requests per second than the Native AOT one with less CPU per
# request: by_id multiplexed 6-8 %, list20 multiplexed 2 %, list20 pooled 1 %. Native AOT starts faster; steady state
# is what a benchmark measures.
#
# Both GraphQL servers are driven by the same load generator with the same settings. wrk (C) is the default: on a
# 2-core machine the generator shares the cores with the server under test and PostgreSQL, and autocannon (Node)
# needs several times wrk's CPU for the same request rate, so it caps whichever server is faster.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH_DIR="${BENCH_DIR:-$ROOT/../shared/bench}"
export CONNECTIONS="${CONNECTIONS:-32}" DURATION="${DURATION:-10}" WARMUP="${WARMUP:-3}"
ROUNDS="${ROUNDS:-1}"
export PGPORT="${PGPORT:-55432}" PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=bench
PORT="${FRAISEQL_BENCH_PORT:-5699}"
PGL_PORT="${PGL_PORT:-5678}"
OUT="$ROOT/artifacts/bench"; mkdir -p "$OUT"; ts=$(date -u +%Y%m%dT%H%M%SZ)
LOAD_TOOL="${LOAD_TOOL:-$(command -v wrk >/dev/null && echo wrk || echo autocannon)}"

[ -d "$BENCH_DIR" ] || { echo "peer harness not found at $BENCH_DIR (set BENCH_DIR)" >&2; exit 1; }
(cd "$BENCH_DIR" && [ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null)
(cd "$ROOT/tests/load" && [ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null)

"$BENCH_DIR/pg-cluster.sh" start >/dev/null 2>&1 || true
"$BENCH_DIR/pg-cluster.sh" load
psql -qAt -c "SELECT md5('order-' || n)::uuid FROM generate_series(1, 10000) n" > "$OUT/order-ids.txt"

# load <url> <fraiseql|postgraphile> <out.json>: the chosen load generator, both scenarios
load() {
  if [ "$LOAD_TOOL" = wrk ]; then
    "$ROOT/tests/load/wrk-bench.sh" "$1" "$2" "$OUT/order-ids.txt" "$3"
  elif [ "$2" = fraiseql ]; then
    node "$ROOT/tests/load/bench.mjs" --url "$1" -c "$CONNECTIONS" -d "$DURATION" --warmup "$WARMUP" --json "$3"
  else
    (cd "$BENCH_DIR" && node bench-graphql.mjs --url "$1" -c "$CONNECTIONS" -d "$DURATION" --warmup "$WARMUP" --only by_id,list20 --json "$3")
  fi
}

AOT="${FRAISEQL_BENCH_AOT:-0}"
rm -rf "$OUT/service"
rm -rf "$OUT/floor"
for project in Service:service Floor:floor; do
  if [ "$AOT" = 1 ]; then
    rid="linux-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')"
    dotnet publish "$ROOT/tests/FraiseQL.Benchmarks.${project%%:*}" -c Release -r "$rid" -p:FraiseQLAot=true -o "$OUT/${project#*:}" -v quiet -nologo >/dev/null
  else
    dotnet publish "$ROOT/tests/FraiseQL.Benchmarks.${project%%:*}" -c Release -o "$OUT/${project#*:}" -v quiet -nologo >/dev/null
  fi
done
svc=
pgl=
# shellcheck source=scripts/bench-servers.sh
. "$ROOT/scripts/bench-servers.sh"
trap '[ -n "$svc" ] && kill $svc 2>/dev/null; [ -n "$pgl" ] && kill $pgl 2>/dev/null; true' EXIT
echo "# host: $(nproc) cores; load generator: $LOAD_TOOL; rounds: $ROUNDS; loadavg before: $(cut -d' ' -f1-3 /proc/loadavg)"

# measure <heading> <out.json>: waits until the server started as $svc is ready, measures it, stops it
measure() {
  wait_ready
  echo "## $1"
  if jit_build; then
    # a long-running server is measured after tiered JIT compilation has settled, not during it
    DURATION=10 WARMUP=0 load "http://127.0.0.1:$PORT/graphql" fraiseql "$OUT/warmup.json" >/dev/null
  fi
  load "http://127.0.0.1:$PORT/graphql" fraiseql "$2"
  kill $svc; wait $svc 2>/dev/null || true; svc=
}
# fraiseql <pool|multiplexed> <out.json>: the same service, queries on the regular pool or a multiplexed data source
fraiseql() {
  start_service "$1" "$OUT/service-$1.log"
  measure "FraiseQL for .NET ($([ "$AOT" = 1 ] && echo "Native AOT" || echo "JIT"), queries on the $1 data source)" "$2"
}
# floor <pool|multiplexed> <out.json>: the floor server on the same SQL texts (written by service-sql-pgbench.mjs)
floor() {
  start_floor "$1" "$OUT/floor-$1.log"
  measure "floor: ASP.NET Core slim host + Npgsql, the service's SQL, no GraphQL ($1 data source)" "$2"
}
postgraphile() {
  echo "## PostGraphile v5 (same database, same load generator)"
  load "http://127.0.0.1:$PGL_PORT/graphql" postgraphile "$1"
}
pgbench_service_sql() {
  echo "## pgbench, the service's own SQL (printed by \`<service> sql\` for the same GraphQL documents)"
  (cd "$OUT/pgbench-service-sql" && JSON_OUT="$1" ./bench-pgbench.sh)
}
pgbench_plain() {
  echo "## pgbench, the harness's plain view reads (SELECT data FROM v_order ...: no projection)"
  (cd "$BENCH_DIR" && JSON_OUT="$1" ./bench-pgbench.sh)
}

if ! curl -fsS -o /dev/null -H 'content-type: application/json' --data '{"query":"{__typename}"}' "http://127.0.0.1:$PGL_PORT/graphql" 2>/dev/null; then
  (cd "$BENCH_DIR" && DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/bench" PGL_PORT=$PGL_PORT ./run-postgraphile.sh --bg >/dev/null)
  pgl=$(cat "$BENCH_DIR/.postgraphile.pid")
fi
rm -rf "$OUT/pgbench-service-sql"
DATABASE_URL="postgresql://postgres@127.0.0.1:$PGPORT/bench" node "$ROOT/tests/load/service-sql-pgbench.mjs" "$OUT/service/FraiseQL.Benchmarks.Service" "$BENCH_DIR" "$OUT/pgbench-service-sql"

# Each round measures all seven; even rounds run them in reverse order, so a change in the machine's load during the
# run does not always fall on the same contestant. Ratios are taken within a round, then summarised across rounds.
steps=(fraiseql-pool fraiseql-multiplexed floor-pool floor-multiplexed postgraphile pgbench-service-sql pgbench)
for r in $(seq 1 "$ROUNDS"); do
  echo "# round $r of $ROUNDS (loadavg $(cut -d' ' -f1-3 /proc/loadavg))"
  order=("${steps[@]}")
  if [ $((r % 2)) = 0 ]; then order=(); for step in "${steps[@]}"; do order=("$step" "${order[@]}"); done; fi
  for step in "${order[@]}"; do
    f="$OUT/$ts-r$r-$step.json"
    case $step in
      fraiseql-pool) fraiseql pool "$f" ;;
      fraiseql-multiplexed) fraiseql multiplexed "$f" ;;
      floor-pool) floor pool "$f" ;;
      floor-multiplexed) floor multiplexed "$f" ;;
      postgraphile) postgraphile "$f" ;;
      pgbench-service-sql) pgbench_service_sql "$f" ;;
      pgbench) pgbench_plain "$f" ;;
    esac
  done
done
[ -n "$pgl" ] && { kill $pgl 2>/dev/null || true; pgl=; }
echo "# loadavg after: $(cut -d' ' -f1-3 /proc/loadavg)"
files() { local list=(); for r in $(seq 1 "$ROUNDS"); do list+=("$OUT/$ts-r$r-$1.json"); done; (IFS=,; echo "${list[*]}"); }
for mode in pool multiplexed; do
  echo "## ratios, queries on the $mode data source ($LOAD_TOOL for both GraphQL servers)"
  node "$ROOT/tests/load/bench-ratios.mjs" "$(files fraiseql-$mode)" "$(files postgraphile)" "$(files pgbench-service-sql)" "$(files pgbench)" "$(files floor-$mode)"
done | tee "$OUT/$ts-ratios.txt"
