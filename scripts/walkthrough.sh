#!/usr/bin/env bash
# Runs scripts/walkthrough.mjs with the WebSocket global enabled on Node 20/21.
set -euo pipefail
cd "$(dirname "$0")"
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 22 ]; then exec node --experimental-websocket --no-warnings walkthrough.mjs; fi
exec node walkthrough.mjs
