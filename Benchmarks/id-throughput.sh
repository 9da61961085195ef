#!/usr/bin/env bash
# Times the release `rostercheck id` binary on a 1-million-line file of IDs as typed in rosters.
#   bash Benchmarks/id-throughput.sh [FILE]
# Without FILE, Benchmarks/data/ids-1M.txt is generated first by `rostercheck-bench id-command`.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product rostercheck >/dev/null
file="${1:-Benchmarks/data/ids-1M.txt}"
if [ ! -f "$file" ]; then
  swift run -c release rostercheck-bench id-command --repeat 1 >/dev/null
fi
lines=$(wc -l < "$file")
for run in 1 2 3; do
  start=$(date +%s.%N)
  .build/release/rostercheck id --as-of 2026-01-01 "$file" > /dev/null 2>&1
  end=$(date +%s.%N)
  awk -v l="$lines" -v s="$start" -v e="$end" -v r="$run" \
    'BEGIN { t = e - s; printf "run %d: %d lines in %.3f s = %.2fM lines/s\n", r, l, t, l / t / 1e6 }'
done
