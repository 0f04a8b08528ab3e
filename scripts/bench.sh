#!/usr/bin/env bash
# Usage: scripts/bench.sh [MB] [THREADS]
#
# Makes a corpus of about MB megabytes (default 20) by recombining the
# paragraphs of seeds/ deterministically, then, in the same run: the raw
# gazetteer-only scan of that corpus (the yardstick), and `kg build` with
# every export. Prints MB/s, documents/s and peak RSS of each, and the ratio
# build/scan: the figure that matters on a noisy shared machine.
# Corpora are kept in ${KG_BENCH_DIR:-/tmp/kg-bench} and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-20}
THREADS=${2:-$(nproc)}
DIR=${KG_BENCH_DIR:-/tmp/kg-bench}
CORPUS="$DIR/corpus-$MB"
OUT="$DIR/out-$MB"

cargo build --release --quiet
cargo bench --bench corpus --no-run --quiet 2>/dev/null
TOOL=$(ls -t target/release/deps/corpus-* | grep -v '\.d$' | head -1)

if [ ! -d "$CORPUS" ]; then
  "$TOOL" gen seeds "$CORPUS" "$MB"
fi
BYTES=$(find "$CORPUS" -name "*.txt" -printf "%s\n" | awk "{s+=\$1} END {print s}")
DOCS=$(find "$CORPUS" -name '*.txt' | wc -l)

# Warm the page cache so neither run pays for the first read.
cat "$CORPUS"/*.txt > /dev/null 2>&1 || find "$CORPUS" -name '*.txt' -exec cat {} + > /dev/null

measure() { # label, command...: prints "label seconds peak_kb"
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$log" "$@" > /dev/null 2> "$DIR/$label.log" || true
  echo "$label $(tail -1 "$log")"
  rm -f "$log"
}

SCAN=$(RAYON_NUM_THREADS=$THREADS measure scan "$TOOL" scan "$CORPUS" ontology)
BUILD=$(measure build target/release/kg build "$CORPUS" --out "$OUT" --threads "$THREADS")

awk -v bytes="$BYTES" -v docs="$DOCS" -v mb="$MB" -v th="$THREADS" \
    -v scan="$SCAN" -v build="$BUILD" -v day="$(date -u +%F)" 'BEGIN {
  split(scan, s, " "); split(build, b, " ");
  printf "date %s, corpus %s MB (%d bytes, %d documents), %d threads\n", day, mb, bytes, docs, th;
  printf "%-6s %9s %9s %10s %10s\n", "run", "seconds", "MB/s", "docs/s", "peak MB";
  printf "%-6s %9.2f %9.2f %10.0f %10.0f\n", "scan", s[2], bytes/1e6/s[2], docs/s[2], s[3]/1024;
  printf "%-6s %9.2f %9.2f %10.0f %10.0f\n", "build", b[2], bytes/1e6/b[2], docs/b[2], b[3]/1024;
  printf "build/scan speed ratio: %.4f\n", s[2]/b[2];
}'
tail -1 "$DIR/build.log" >&2
