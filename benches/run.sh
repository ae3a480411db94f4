#!/usr/bin/env bash
# Reproduces docs/performance.md measurements 2-4 (measurement 1 is `cargo bench --bench classify`).
# Needs ripgrep (`apt-get install ripgrep`). Writes only under $OUT (default /tmp/kefu-perf).
# Usage: benches/run.sh [classify|e2e|footprint|all]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/kefu-perf}
LINES=${LINES:-1000000}
SECS=${SECS:-10}
SESSIONS=${SESSIONS:-100000}
what=${1:-all}
mkdir -p "$OUT"

cargo build --release --bin kefu
cargo bench --bench load --no-run
LOAD=$(ls -t target/release/deps/load-* | grep -v '\.d$' | head -1)
KEFU=$PWD/target/release/kefu

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ $what == classify || $what == all ]]; then
  "$LOAD" gen-lines "$LINES" "$OUT/lines.txt"
  "$LOAD" keywords "$OUT/keywords.txt"
  echo "input: $(wc -l < "$OUT/lines.txt") lines, $(du -m "$OUT/lines.txt" | cut -f1) MiB; $(wc -l < "$OUT/keywords.txt") keywords"
  cat "$OUT/lines.txt" > /dev/null   # page cache warm for both
  for round in $(seq "${ROUNDS:-1}"); do
    # Empty scripts flag: the pack built into the binary, as with no scripts/ directory.
    start=$(date +%s.%N)
    (cd "$OUT" && "$KEFU" classify lines.txt > /dev/null)
    kefu_s=$(echo "$(date +%s.%N) - $start" | bc)
    start=$(date +%s.%N)
    rg -F -c -f "$OUT/keywords.txt" "$OUT/lines.txt" > /dev/null
    rg_s=$(echo "$(date +%s.%N) - $start" | bc)
    echo "round $round: kefu classify ${kefu_s}s, rg -F -c -f ${rg_s}s, kefu/rg throughput ratio $(echo "scale=3; $rg_s / $kefu_s" | bc), load $(cut -d' ' -f1-3 /proc/loadavg)"
  done
fi
if [[ $what == e2e || $what == all ]]; then
  "$LOAD" e2e "$KEFU" --secs "$SECS" --rates 1000,5000 --concurrency 256
fi
if [[ $what == footprint || $what == all ]]; then
  "$LOAD" footprint "$KEFU" --sessions "$SESSIONS"
fi
