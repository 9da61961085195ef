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
# Wall time, and CPU time (user + system), which other processes on the machine disturb less.
for run in 1 2 3; do
  /usr/bin/time -f "%e %U %S" -o /tmp/rostercheck-id-time \
    .build/release/rostercheck id --as-of 2026-01-01 "$file" > /dev/null 2>&1
  read -r wall user sys < /tmp/rostercheck-id-time
  awk -v l="$lines" -v w="$wall" -v u="$user" -v s="$sys" -v r="$run" 'BEGIN {
    c = u + s
    printf "run %d: %d lines in %.2f s wall = %.2fM lines/s; %.2f s CPU = %.2fM lines/s\n",
      r, l, w, l / w / 1e6, c, l / c / 1e6 }'
done
