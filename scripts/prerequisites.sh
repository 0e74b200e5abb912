#!/usr/bin/env bash
# Sourced by ./fraiseql (test) and scripts/demo.sh: installs nats-server with apt when it is missing (as root, or
# through sudo) and checks for the PostgreSQL 15 server binaries and Node 20+, which the tests and the demo need.
# PGBIN overrides where PostgreSQL's initdb/pg_ctl are looked for.
ensure_prerequisites() {
  if ! command -v nats-server >/dev/null 2>&1; then
    echo "[fraiseql] installing nats-server" >&2
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nats-server >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq nats-server >/dev/null; fi
  fi
  local pgbin="${PGBIN:-/usr/lib/postgresql/15/bin}"
  [ -x "$pgbin/initdb" ] || { echo "PostgreSQL 15 server binaries are required ($pgbin/initdb not found; set PGBIN)" >&2; return 1; }
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  [ "$node_major" -ge 20 ] || { echo "Node 20 or later is required for the walkthrough and the graphql-http audit (found: $(node --version 2>/dev/null || echo none))" >&2; return 1; }
}
