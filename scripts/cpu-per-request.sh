#!/usr/bin/env bash
# CPU time per request of each process, for the GraphQL benchmark's requests: the server under test, PostgreSQL (all
# its processes) and the rest of the machine (wrk and the kernel's share not charged to either). On this shared VM
# requests per second move by 15-30 % between runs, and PostgreSQL's own CPU per request moves with them (the same SQL
# costs more when the host is busier), so compare the server's CPU per request *relative to PostgreSQL's* in the same
# run: that ratio is what decides how close the service comes to pgbench.
#
#   scripts/cpu-per-request.sh <service|floor> <pool|multiplexed> <by_id|list20> [seconds=8]
#   REPEAT=3 scripts/cpu-per-request.sh service pool list20
#   scripts/cpu-per-request.sh pgbench - list20     # the baseline: pgbench on the service's SQL (32 clients, prepared)
#
# For pgbench the "server" column is pgbench's own CPU (the client), and "postgres" includes the backends that exit at
# the end of the run (their time is read from the postmaster's reaped-children counters). The budget this gives: at
# the same PostgreSQL CPU per request, a server reaches 85 % of pgbench's rate only if its CPU plus the load
# generator's ("rest") stays under about 0.18 of PostgreSQL's plus pgbench's own share.
#
# FRAISEQL_BENCH_URL_QUERY appends Npgsql options to the service's database URL for an experiment, e.g.
# FRAISEQL_BENCH_URL_QUERY='?Read%20Buffer%20Size=65536' (see scripts/bench-servers.sh).
#
# Needs a previous `scripts/bench.sh` run: it reuses the published service and floor, the order ids and the SQL texts
# in artifacts/bench, and the peer harness's PostgreSQL (started if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
kind="${1:?service|floor|pgbench}"; mode="${2:?pool|multiplexed}"; scenario="${3:?by_id|list20}"; seconds="${4:-8}"
# shellcheck source=scripts/bench-servers.sh
. "$ROOT/scripts/bench-servers.sh"
require_bench_run

ticks_of() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# context switches of every thread of a process (voluntary + involuntary)
switches_of() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ {n += $2} END {print n + 0}'; }
# PostgreSQL's CPU: every live process, plus the children the postmaster has reaped (backends of finished clients)
postgres_ticks() {
  local sum=0 p postmaster
  for p in $(pgrep -x postgres); do sum=$((sum + $(ticks_of "$p"))); done
  postmaster=$(pgrep -x -o postgres || true)
  [ -n "$postmaster" ] && sum=$((sum + $(awk '{print $16 + $17}' "/proc/$postmaster/stat" 2>/dev/null || echo 0)))
  echo "$sum"
}
machine_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8, $5 + $6, $9}' /proc/stat; } # busy, idle (+iowait), stolen by the host

# pgbench on the service's SQL: the same scripts and settings as scripts/bench.sh's "pgbench, the service's own SQL"
run_pgbench() { # <seconds> [out file]: pgbench in the foreground; its own user and system seconds in $PGBENCH_TIMES
  ( cd "$OUT/pgbench-service-sql" && export PGHOST=127.0.0.1 PGPORT="$PGPORT" PGUSER=postgres PGDATABASE=bench &&
    TIMEFORMAT='%U %S' && { time pgbench -n -M prepared -c 32 -j 2 -T "$1" -f "pgbench/$scenario.sql" > "${2:-/dev/null}" 2>&1; } 2> "$PGBENCH_TIMES" )
}
if [ "$kind" = pgbench ]; then
  PGBENCH_TIMES=$(mktemp); out=$(mktemp); trap 'rm -f "$PGBENCH_TIMES" "$out"' EXIT
  for _ in $(seq 1 "${REPEAT:-1}"); do
    run_pgbench 3 # warm-up
    p0=$(postgres_ticks); read -r busy0 idle0 steal0 < <(machine_ticks)
    run_pgbench "$seconds" "$out"
    p1=$(postgres_ticks); read -r busy1 idle1 steal1 < <(machine_ticks)
    requests=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out")
    rps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$out" | head -1)
    hz=$(getconf CLK_TCK); s=$(awk -v hz="$hz" '{printf "%d", ($1 + $2) * hz}' "$PGBENCH_TIMES")
    awk -v n="$requests" -v rps="$rps" -v hz="$hz" -v sc="$scenario" -v s="$s" -v p=$((p1 - p0)) \
        -v busy=$((busy1 - busy0)) -v idle=$((idle1 - idle0)) -v steal=$((steal1 - steal0)) 'BEGIN {
      us = 1e6 / hz / n
      printf "%-7s %-11s %-6s req/s=%6.0f  client=%4.0f us/req  postgres=%4.0f us/req  rest=%4.0f us/req  client/postgres=%.2f\n",
        "pgbench", "prepared", sc, rps, s * us, p * us, (busy - s - p) * us, s / p }'
  done
  exit 0
fi

for _ in $(seq 1 "${REPEAT:-1}"); do
  if [ "$kind" = service ]; then start_service "$mode" "$OUT/cpu-$kind.log"; else start_floor "$mode" "$OUT/cpu-$kind.log"; fi
  server=$svc
  trap 'kill $server 2>/dev/null || true' EXIT
  wait_ready
  wrk_graphql "$scenario" "$(warmup_seconds)" >/dev/null # warm-up (20 s for a JIT build: tiering and dynamic PGO settle)
  c0=$(switches_of $server); s0=$(ticks_of $server); p0=$(postgres_ticks); read -r busy0 idle0 steal0 < <(machine_ticks)
  result=$(wrk_graphql "$scenario" "$seconds" | grep '^RESULT ')
  c1=$(switches_of $server); s1=$(ticks_of $server); p1=$(postgres_ticks); read -r busy1 idle1 steal1 < <(machine_ticks)
  kill $server; wait $server 2>/dev/null || true
  requests=$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<<"$result"); rps=$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$result")
  hz=$(getconf CLK_TCK)
  awk -v k="$kind" -v m="$mode" -v sc="$scenario" -v n="$requests" -v rps="$rps" -v hz="$hz" -v cs=$((c1 - c0)) -v s=$((s1 - s0)) -v p=$((p1 - p0)) \
      -v busy=$((busy1 - busy0)) -v idle=$((idle1 - idle0)) -v steal=$((steal1 - steal0)) 'BEGIN {
    us = 1e6 / hz / n
    printf "%-7s %-11s %-6s req/s=%6.0f  server=%4.0f us/req  postgres=%4.0f us/req  rest=%4.0f us/req  server/postgres=%.2f  switches=%4.1f/req  idle=%4.1f%%  stolen=%4.1f%%\n",
      k, m, sc, rps, s * us, p * us, (busy - s - p) * us, s / p, cs / n, 100 * idle / (busy + idle + steal), 100 * steal / (busy + idle + steal) }'
done
