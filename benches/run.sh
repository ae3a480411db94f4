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
  secs() { local start=$(date +%s.%N); "$@" > /dev/null; echo "$(date +%s.%N) - $start" | bc; }
  for round in $(seq "${ROUNDS:-1}"); do
    # `kefu classify` uses the pack built into the binary when there is no
    # scripts/ directory where it runs, hence the cd.
    json1=$(cd "$OUT" && secs "$KEFU" classify --threads 1 lines.txt)
    json=$(cd "$OUT" && secs "$KEFU" classify lines.txt)
    count1=$(cd "$OUT" && secs "$KEFU" classify --count --threads 1 lines.txt)
    count=$(cd "$OUT" && secs "$KEFU" classify --count lines.txt)
    rg_s=$(secs rg -F -c -f "$OUT/keywords.txt" "$OUT/lines.txt")
    ratio() { echo "scale=3; $rg_s / $1" | bc; }
    echo "round $round: rg -F -c -f ${rg_s}s (1 thread: one file)"
    echo "  kefu classify (JSON)     1 thread ${json1}s = $(ratio "$json1") of rg; $(nproc) threads ${json}s = $(ratio "$json") of rg"
    echo "  kefu classify --count    1 thread ${count1}s = $(ratio "$count1") of rg; $(nproc) threads ${count}s = $(ratio "$count") of rg"
    echo "  load $(cut -d' ' -f1-3 /proc/loadavg)"
  done
fi
if [[ $what == e2e || $what == all ]]; then
  "$LOAD" e2e "$KEFU" --secs "$SECS" --rates 1000,5000 --concurrency 256
fi
if [[ $what == footprint || $what == all ]]; then
  "$LOAD" footprint "$KEFU" --sessions "$SESSIONS"
fi
