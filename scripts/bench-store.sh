#!/usr/bin/env bash
# Usage: scripts/bench-store.sh EXPORTS_DIR [RUNS]
#
# The persistent store against the in-memory TriG, on a finished build
# (e.g. the out-20 of scripts/bench.sh):
#   1. `kg load`: wall time, peak RSS, store size on disk;
#   2. each saved query (ontology/queries/*.rq) with `kg query --file`, RUNS
#      times (default 3; the median is printed): what a user waits for,
#      process start and store opening included;
#   3. in memory: `kg serve --no-store` loads graph.trig once (load time and
#      peak RSS printed), then each query is timed over HTTP, and its CSV
#      compared with the store's: the rows must be the same.
# Needs target/release/kg (cargo build --release) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?usage: scripts/bench-store.sh EXPORTS_DIR [RUNS]}
RUNS=${2:-3}
KG=target/release/kg
TMP=$(mktemp -d)
SERVE_PID=
cleanup() {
  [ -n "$SERVE_PID" ] && kill -INT "$SERVE_PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

echo "exports: $OUT (graph.trig $(mb "$(stat -c %s "$OUT/graph.trig")") MB), $(date -u +%F)"

/usr/bin/time -f '%e %M' -o "$TMP/load.time" "$KG" load "$OUT" 2> "$TMP/load.log"
read -r LOAD_S LOAD_KB < "$TMP/load.time"
STORE_B=$(du -sb "$OUT/.store" | cut -f1)
echo "store load: ${LOAD_S}s, peak $((LOAD_KB / 1024)) MB, store $(mb "$STORE_B") MB on disk"
grep '^kg: store:' "$TMP/load.log" || true

# 2. From the store, one process per query.
declare -A STORE_S
for q in ontology/queries/*.rq; do
  name=$(basename "$q" .rq)
  times=()
  for _ in $(seq "$RUNS"); do
    t=$(now)
    "$KG" query --exports "$OUT" --file "$q" --format csv > "$TMP/$name.store.csv" 2> "$TMP/$name.err"
    times+=("$(since "$t")")
    if [ -s "$TMP/$name.err" ]; then
      echo "$name: kg query said: $(cat "$TMP/$name.err")" >&2
      exit 1
    fi
  done
  STORE_S[$name]=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
done

# 3. In memory: one load, then each query over loopback HTTP.
t=$(now)
"$KG" serve --exports "$OUT" --no-store --port 0 --timeout 3600 \
  --max-result-bytes 4000000000 2> "$TMP/serve.log" &
SERVE_PID=$!
until grep -q 'SPARQL endpoint at' "$TMP/serve.log"; do
  kill -0 "$SERVE_PID" 2>/dev/null || { cat "$TMP/serve.log" >&2; exit 1; }
  sleep 0.2
done
MEM_LOAD_S=$(since "$t")
URL=$(grep -o 'http://[^ ]*' "$TMP/serve.log" | head -1)

printf '\n%-28s %8s %12s %12s %6s %s\n' query rows "store s" "memory s" speedup "same rows"
for q in ontology/queries/*.rq; do
  name=$(basename "$q" .rq)
  t=$(now)
  curl -sf -H 'Accept: text/csv' --data-urlencode "query@$q" "$URL" > "$TMP/$name.mem.csv"
  MEM_S=$(since "$t")
  rows=$(($(wc -l < "$TMP/$name.store.csv") - 1))
  same=no
  cmp -s "$TMP/$name.store.csv" "$TMP/$name.mem.csv" && same=yes
  printf '%-28s %8d %12s %12s %6s %s\n' "$name" "$rows" "${STORE_S[$name]}" "$MEM_S" \
    "$(awk -v a="${STORE_S[$name]}" -v b="$MEM_S" 'BEGIN { printf "%.1fx", b / a }')" "$same"
done
PEAK_KB=$(awk '/VmHWM/ { print $2 }' "/proc/$SERVE_PID/status")
echo
echo "in memory: graph.trig loaded in ${MEM_LOAD_S}s, peak $((PEAK_KB / 1024)) MB (kg serve --no-store)"
echo "store: ${LOAD_S}s to build once; each query above is a whole 'kg query' process"
