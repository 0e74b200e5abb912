#!/usr/bin/env bash
# What a result-cache hit is worth, in one run: the 20-row nested list (list20) of the benchmark service read uncached
# (`orders`, as in scripts/bench.sh) and from a query that declares cache_ttl_seconds (`ordersCached`, same view and
# selection), next to PostGraphile v5 on the same list. Informational: the GraphQL speed targets are for uncached reads,
# which scripts/bench.sh measures; this shows what a TTL buys when many clients ask the same thing. Same database,
# load generator (wrk, one thread, 32 connections), pooled data source and settings as bench.sh; rounds alternate the
# order; medians and per-round ratios are printed.
#
#   scripts/bench-cache.sh                      # needs the peer harness (BENCH_DIR, default ../shared/bench) and wrk
#   ROUNDS=3 DURATION=10 scripts/bench-cache.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUNDS="${ROUNDS:-3}"; DURATION="${DURATION:-10}"; WARMUP="${WARMUP:-3}"
PGL_PORT="${PGL_PORT:-5678}"
svc=
pgl=
# shellcheck source=scripts/bench-servers.sh
. "$ROOT/scripts/bench-servers.sh"
export PGHOST=127.0.0.1 PGPORT PGUSER=postgres PGDATABASE=bench
trap '[ -n "$svc" ] && kill $svc 2>/dev/null; [ -n "$pgl" ] && kill $pgl 2>/dev/null; true' EXIT
command -v wrk >/dev/null || { echo "needs wrk (apt-get install -y wrk)" >&2; exit 1; }
[ -d "$BENCH_DIR" ] || { echo "peer harness not found at $BENCH_DIR (set BENCH_DIR)" >&2; exit 1; }
(cd "$BENCH_DIR" && [ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null)
mkdir -p "$OUT"

"$BENCH_DIR/pg-cluster.sh" start >/dev/null 2>&1 || true
"$BENCH_DIR/pg-cluster.sh" load >/dev/null
psql -qAt -c "SELECT md5('order-' || n)::uuid FROM generate_series(1, 10000) n" > "$OUT/order-ids.txt"
rid="linux-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')"
rm -rf "$OUT/service"
dotnet publish "$ROOT/tests/FraiseQL.Benchmarks.Service" -c Release -r "$rid" -p:FraiseQLAot=true -o "$OUT/service" -v quiet -nologo >/dev/null

if ! curl -fsS -o /dev/null -H 'content-type: application/json' --data '{"query":"{__typename}"}' "http://127.0.0.1:$PGL_PORT/graphql" 2>/dev/null; then
  (cd "$BENCH_DIR" && DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/bench" PGL_PORT=$PGL_PORT ./run-postgraphile.sh --bg >/dev/null)
  pgl=$(cat "$BENCH_DIR/.postgraphile.pid")
fi
start_service pool "$OUT/service-cache.log"
wait_ready

# rps <flavor> <scenario> <url> <seconds>: wrk's requests per second (every response checked by graphql.lua)
rps() {
  local out
  out=$(SCENARIO=$2 FLAVOR=$1 IDS="$OUT/order-ids.txt" wrk -t1 -c32 -d"$4s" -s "$ROOT/tests/load/graphql.lua" "$3")
  if grep -qE '^\s*(Socket errors|Non-2xx)' <<<"$out" || ! grep -q ' errors=0 ' <<<"$out"; then
    echo "$1 $2: failed requests" >&2; grep -E 'RESULT|Socket errors|Non-2xx' <<<"$out" >&2; exit 1
  fi
  sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$out"
}
svc_url="http://127.0.0.1:$PORT/graphql"; pgl_url="http://127.0.0.1:$PGL_PORT/graphql"
for warm in "fraiseql list20 $svc_url" "fraiseql list20_cached $svc_url" "postgraphile list20 $pgl_url"; do
  set -- $warm; rps "$1" "$2" "$3" "$WARMUP" >/dev/null
done

echo "# list20, pooled data source, wrk 1 thread x 32 connections, ${DURATION}s each; $(nproc) cores; loadavg $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %12s %12s %14s %16s %16s\n' round uncached cached postgraphile "cached/uncached" "cached/PostGraphile"
rows=()
for r in $(seq 1 "$ROUNDS"); do
  order=("fraiseql list20 $svc_url" "fraiseql list20_cached $svc_url" "postgraphile list20 $pgl_url")
  [ $((r % 2)) = 0 ] && order=("${order[2]}" "${order[1]}" "${order[0]}")
  declare -A got=()
  for step in "${order[@]}"; do
    set -- $step
    got["$1 $2"]=$(rps "$1" "$2" "$3" "$DURATION")
  done
  u=${got["fraiseql list20"]}; c=${got["fraiseql list20_cached"]}; p=${got["postgraphile list20"]}
  printf '%-6s %12.0f %12.0f %14.0f %15.2fx %15.2fx\n' "$r" "$u" "$c" "$p" "$(echo "$c / $u" | bc -l)" "$(echo "$c / $p" | bc -l)"
  rows+=("$u $c $p")
  unset got
done
# median <column>: of the rounds' values (awk computes the ratios per round first)
median() { printf '%s\n' "${rows[@]}" | awk -v c="$1" '{ split($0, v, " "); u=v[1]; k=v[2]; p=v[3]; x[1]=u; x[2]=k; x[3]=p; x[4]=k/u; x[5]=k/p; x[6]=u/p; print x[c] }' | sort -g | awk '{ a[NR]=$1 } END { print a[int((NR+1)/2)] }'; }
printf 'median %12.0f %12.0f %14.0f %15.2fx %15.2fx   (uncached/PostGraphile %.2fx)\n' "$(median 1)" "$(median 2)" "$(median 3)" "$(median 4)" "$(median 5)" "$(median 6)"
