#!/usr/bin/env bash
# Publishes example services with Native AOT (which also trims) and fails on any trim/AOT warning (IL2xxx/IL3xxx)
# or if no native executable comes out. Part of ./fraiseql test (order-service); pass names for others:
#   scripts/aot-check.sh                         # order-service
#   scripts/aot-check.sh order inventory notification analytics
#   AOT_OUT=/tmp/aot scripts/aot-check.sh ...    # where the binaries go (default artifacts/aot/<service>)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="${AOT_OUT:-$ROOT/artifacts/aot}"
services=("$@"); [ ${#services[@]} -gt 0 ] || services=(order)
rid="linux-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')"
status=0
for s in "${services[@]}"; do
  log="$OUT/$s-service.publish.log"; mkdir -p "$OUT/$s-service"
  echo "[aot-check] dotnet publish $s-service -r $rid -p:FraiseQLAot=true"
  if ! dotnet publish "$ROOT/example-services/$s-service" -c Release -r "$rid" -p:FraiseQLAot=true \
      -o "$OUT/$s-service" -nologo -clp:NoSummary >"$log" 2>&1; then
    echo "[aot-check] $s-service: publish failed"; grep -E "error|warning" "$log" | sort -u | head -40; status=1; continue
  fi
  if grep -qE "warning (IL[0-9]{4}|AOT|NU)" "$log" || grep -qE ": warning " "$log"; then
    echo "[aot-check] $s-service: warnings (must be zero):"; grep -E ": warning " "$log" | sort -u | head -40; status=1; continue
  fi
  bin="$OUT/$s-service/$(basename "$(ls "$ROOT/example-services/$s-service"/*.csproj)" .csproj)"
  if ! file "$bin" | grep -q ELF; then echo "[aot-check] $s-service: no native executable at $bin"; status=1; continue; fi
  echo "[aot-check] $s-service: native executable $(du -h "$bin" | cut -f1), zero trim/AOT warnings"
done
exit $status
