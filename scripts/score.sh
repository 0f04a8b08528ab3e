#!/usr/bin/env bash
# Usage: scripts/score.sh [SET...]   (default: seeds dev test)
#
# Builds each evaluation set with target/release/kg into a temporary folder
# and prints the `kg eval` table: `seeds` (tests/data/gold), or any folder
# under tests/data/heldout/ whose articles sit beside their .gold.json files.
# Pass --verbose as the first argument to list every miss and false hit.
set -euo pipefail
cd "$(dirname "$0")/.."
VERBOSE=()
if [ "${1:-}" = "--verbose" ]; then VERBOSE=(--verbose); shift; fi
SETS=("$@")
[ ${#SETS[@]} -eq 0 ] && SETS=(seeds dev test)
KG=target/release/kg
for set in "${SETS[@]}"; do
  tmp=$(mktemp -d)
  if [ "$set" = seeds ]; then
    cp seeds/*.txt "$tmp/" 2>/dev/null; mkdir -p "$tmp/in"; mv "$tmp"/*.txt "$tmp/in/"
    gold=tests/data/gold
  else
    mkdir -p "$tmp/in" "$tmp/gold"
    for f in tests/data/heldout/"$set"/*; do
      case "$f" in
        *.gold.json) cp "$f" "$tmp/gold/" ;;
        *) cp "$f" "$tmp/in/" ;;
      esac
    done
    gold="$tmp/gold"
  fi
  "$KG" build "$tmp/in" --out "$tmp/out" 2>/dev/null || true
  echo "== $set"
  "$KG" eval --gold "$gold" --exports "$tmp/out" "${VERBOSE[@]}"
  rm -rf "$tmp"
done
