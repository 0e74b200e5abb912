#!/usr/bin/env bash
# Runs the by_id and list20 scenarios with wrk (C) against one GraphQL endpoint and writes the results as JSON (same
# shape as bench.mjs). wrk takes a fraction of the CPU autocannon (Node) needs for the same request rate, which matters
# when the load generator shares the machine's cores with the server under test. One wrk thread (WRK_THREADS) drives
# all 32 connections: on the 2 shared cores (2026-12-07, list20, four pairs) a second thread cost wrk about 40 % more
# CPU per response and the server under test about 15 % more (more wake-ups and context switches), and served 1-7 %
# fewer requests per second. One thread spends about 13 us per by_id response, so it keeps up with far more requests
# than any server here serves.
#   tests/load/wrk-bench.sh <url> <fraiseql|postgraphile> <ids.txt> <out.json>  (CONNECTIONS, DURATION, WARMUP, ONLY, WRK_THREADS)
set -euo pipefail
url="$1"; flavor="$2"; ids="$3"; out="$4"
here="$(cd "$(dirname "$0")" && pwd)"
C="${CONNECTIONS:-32}"; D="${DURATION:-10}"; W="${WARMUP:-3}"; T="${WRK_THREADS:-1}"
rows=()
echo "# wrk -> $url ($flavor)  connections=$C threads=$T duration=${D}s warmup=${W}s"
for scenario in ${ONLY:-by_id list20}; do
  [ "$W" -gt 0 ] && SCENARIO=$scenario FLAVOR=$flavor IDS="$ids" wrk -t"$T" -c"$C" -d"${W}s" -s "$here/graphql.lua" "$url" >/dev/null
  full=$(SCENARIO=$scenario FLAVOR=$flavor IDS="$ids" wrk -t"$T" -c"$C" -d"${D}s" -s "$here/graphql.lua" "$url")
  line=$(grep '^RESULT ' <<<"$full")
  # wrk's own breakdown of socket errors (connect, read, write, timeout: a request over wrk's 2 s timeout), when any
  grep -E '^\s*(Socket errors|Non-2xx)' <<<"$full" | sed "s/^ */# $scenario: /" || true
  val() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$line"; }
  printf '%-8s req/s=%7.0f  p50=%sms  p99=%sms  requests=%s  errors=%s\n' "$scenario" "$(val rps)" "$(val p50_ms)" "$(val p99_ms)" "$(val requests)" "$(( $(val errors) + $(val socket_errors) ))"
  rows+=("{\"tool\":\"wrk\",\"target\":\"$flavor\",\"scenario\":\"$scenario\",\"connections\":$C,\"duration_s\":$D,\"rps\":$(val rps),\"p50_ms\":$(val p50_ms),\"p90_ms\":$(val p90_ms),\"p99_ms\":$(val p99_ms),\"requests\":$(val requests),\"errors\":$(( $(val errors) + $(val socket_errors) ))}")
done
(IFS=,; echo "[${rows[*]}]") > "$out"
