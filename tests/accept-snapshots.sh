#!/usr/bin/env bash
# Accepts the generator's snapshot changes: renames every *.received.cs to *.verified.cs.
# Run the tests first (they write *.received.cs on a mismatch), review the diff, then run this.
set -euo pipefail
cd "$(dirname "$0")"
found=0
while IFS= read -r -d '' received; do
  mv -f "$received" "${received%.received.cs}.verified.cs"
  echo "accepted ${received%.received.cs}.verified.cs"
  found=1
done < <(find . -name '*.received.cs' -print0)
[ "$found" = 1 ] || echo "no *.received.cs files: nothing to accept"
