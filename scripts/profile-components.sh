#!/usr/bin/env bash
# Where the benchmark server's CPU goes, per request, by component: samples the server under test with `perf` while
# wrk drives one of the GraphQL benchmark's requests, then adds up the samples per component (kernel, Kestrel, Npgsql,
# FraiseQL, GC, runtime helpers, ...) and divides by the requests served while sampling. Run it for the service and for
# the floor back to back and compare the columns: the difference is what FraiseQL's pipeline costs, component by
# component (the machine's noise moves both runs, so compare runs taken minutes apart, not days).
#
#   scripts/profile-components.sh <service|floor> <pool|multiplexed> <by_id|list20> [seconds=6]
#   TOP=40 scripts/profile-components.sh service pool by_id
#
# Needs a previous `FRAISEQL_BENCH_AOT=1 scripts/bench.sh` run (Native AOT builds in artifacts/bench, whose .dbg files give perf the
# symbols), `perf` and `wrk`. Prints "<component> <µs per request>", largest first, and leaves the raw profile in
# artifacts/bench/perf-<server>-<mode>-<scenario>.data for `perf report`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
kind="${1:?service|floor}"; mode="${2:?pool|multiplexed}"; scenario="${3:?by_id|list20}"; seconds="${4:-6}"
HZ=2000
command -v perf >/dev/null || { echo "needs perf (apt-get install -y linux-perf)" >&2; exit 1; }
# shellcheck source=scripts/bench-servers.sh
. "$ROOT/scripts/bench-servers.sh"
require_bench_run
if jit_build; then
  echo "needs Native AOT builds, whose .dbg files give perf the symbols: run FRAISEQL_BENCH_AOT=1 scripts/bench.sh first" >&2; exit 1
fi
data="$OUT/perf-$kind-$mode-$scenario.data"

if [ "$kind" = service ]; then start_service "$mode" "$OUT/profile-$kind.log"; else start_floor "$mode" "$OUT/profile-$kind.log"; fi
server=$svc
trap 'kill $server 2>/dev/null || true' EXIT
wait_ready
kill -0 "$server" 2>/dev/null || { echo "the $kind did not start (is port $PORT free?): $OUT/profile-$kind.log" >&2; exit 1; }
wrk_graphql "$scenario" 3 >/dev/null # warm-up
# wrk runs two seconds longer than perf samples, so every sample falls under full load; requests are counted by rate
perf record -F "$HZ" -p "$server" -o "$data" -- sleep "$seconds" >/dev/null 2>&1 & recorder=$!
result=$(wrk_graphql "$scenario" $((seconds + 2)) | grep '^RESULT ')
wait "$recorder" || true
rps=$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$result")
echo "# $kind $mode $scenario: $rps req/s; µs of $kind CPU per request by component ($HZ Hz samples over ${seconds}s)"

perf report -i "$data" --no-children --sort dso,sym -F sample,dso,sym 2>/dev/null | grep -v '^#' | grep -v '^$' |
awk -v rps="$rps" -v seconds="$seconds" -v hz="$HZ" '
{
  samples = $1; dso = $2; sym = $4; for (i = 5; i <= NF; i++) sym = sym " " $i
  if (dso ~ /kernel/) c = "kernel"
  else if (dso ~ /^lib|vdso/) c = "native libraries (libc, vdso, ...)"
  else if (sym ~ /^SVR::|^WKS::|gc_heap|GCHeap/) c = "GC"
  else if (sym ~ /^Rhp|^Rh[A-Z]|^RhBulk/) c = "runtime helpers (allocation, write barriers, interface dispatch)"
  else if (sym ~ /TypeCast__|TypeLoaderExports|GenericLookup/) c = "casts and generic lookups"
  else if (sym ~ /^Npgsql/) c = "Npgsql"
  else if (sym ~ /Kestrel/) c = "Kestrel"
  else if (sym ~ /^FraiseQL_Runtime|^FraiseQL_Abstractions|^FraiseQL_Benchmarks/) c = "FraiseQL (or the floor endpoint)"
  else if (sym ~ /^GraphQLParser/) c = "GraphQL parser"
  else if (sym ~ /^Microsoft_AspNetCore/) c = "ASP.NET Core (routing, hosting, ...)"
  else if (sym ~ /^Microsoft_Extensions_Logging/) c = "logging"
  else if (sym ~ /^Microsoft_Extensions|^Microsoft_Net_Http/) c = "other Microsoft.Extensions"
  else if (sym ~ /^S_P_CoreLib_System_Threading/) c = "threading (thread pool, async, locks)"
  else if (sym ~ /^System_Net_Sockets/) c = "sockets"
  else if (sym ~ /^System_IO_Pipelines/) c = "pipelines"
  else if (sym ~ /^System_Text_Json/) c = "System.Text.Json"
  else if (sym ~ /^System_Collections|Collections_Generic/) c = "collections"
  else if (sym ~ /^System_Diagnostics|System_Transactions/) c = "diagnostics and transactions"
  else c = "other .NET code"
  total[c] += samples; all += samples
}
END {
  requests = rps * seconds
  for (c in total) printf "%8.1f  %s\n", total[c] / hz / requests * 1e6, c
  printf "%8.1f  TOTAL\n", all / hz / requests * 1e6
}' | sort -rn | head -"${TOP:-25}"
