#!/usr/bin/env bash
# CPU time per request of each process, for the GraphQL benchmark's requests: the server under test, PostgreSQL (all
# its processes) and the rest of the machine (wrk and the kernel's share not charged to either). On this shared VM
# requests per second move by 15-30 % between runs, and PostgreSQL's own CPU per request moves with them (the same SQL
# costs more when the host is busier), so compare the server's CPU per request *relative to PostgreSQL's* in the same
# run: that ratio is what decides how close the service comes to pgbench.
#
#   scripts/cpu-per-request.sh <service|floor> <pool|multiplexed> <by_id|list20> [seconds=8]
#   REPEAT=3 scripts/cpu-per-request.sh service pool list20
#
# Needs a previous `scripts/bench.sh` run: it reuses the published service and floor, the order ids and the SQL texts
# in artifacts/bench, and the peer harness's PostgreSQL (started if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
kind="${1:?service|floor}"; mode="${2:?pool|multiplexed}"; scenario="${3:?by_id|list20}"; seconds="${4:-8}"
# shellcheck source=scripts/bench-servers.sh
. "$ROOT/scripts/bench-servers.sh"
require_bench_run

ticks_of() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
postgres_ticks() { local sum=0 p; for p in $(pgrep -x postgres); do sum=$((sum + $(ticks_of "$p"))); done; echo "$sum"; }
machine_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8, $5 + $6, $9}' /proc/stat; } # busy, idle (+iowait), stolen by the host

for _ in $(seq 1 "${REPEAT:-1}"); do
  if [ "$kind" = service ]; then start_service "$mode" "$OUT/cpu-$kind.log"; else start_floor "$mode" "$OUT/cpu-$kind.log"; fi
  server=$svc
  trap 'kill $server 2>/dev/null || true' EXIT
  wait_ready
  wrk_graphql "$scenario" 3 >/dev/null # warm-up
  s0=$(ticks_of $server); p0=$(postgres_ticks); read -r busy0 idle0 steal0 < <(machine_ticks)
  result=$(wrk_graphql "$scenario" "$seconds" | grep '^RESULT ')
  s1=$(ticks_of $server); p1=$(postgres_ticks); read -r busy1 idle1 steal1 < <(machine_ticks)
  kill $server; wait $server 2>/dev/null || true
  requests=$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<<"$result"); rps=$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$result")
  hz=$(getconf CLK_TCK)
  awk -v k="$kind" -v m="$mode" -v sc="$scenario" -v n="$requests" -v rps="$rps" -v hz="$hz" -v s=$((s1 - s0)) -v p=$((p1 - p0)) \
      -v busy=$((busy1 - busy0)) -v idle=$((idle1 - idle0)) -v steal=$((steal1 - steal0)) 'BEGIN {
    us = 1e6 / hz / n
    printf "%-7s %-11s %-6s req/s=%6.0f  server=%4.0f us/req  postgres=%4.0f us/req  rest=%4.0f us/req  server/postgres=%.2f  idle=%4.1f%%  stolen=%4.1f%%\n",
      k, m, sc, rps, s * us, p * us, (busy - s - p) * us, s / p, 100 * idle / (busy + idle + steal), 100 * steal / (busy + idle + steal) }'
done
