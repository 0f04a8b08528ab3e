#!/usr/bin/env bash
# relations.tsv read as a user reads it: pandas (installed if missing) and
# Python's csv module must read every row of relations.jsonl, on the seeds,
# the held-out articles and the input-kind test files.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -c 'import pandas' 2>/dev/null || python3 -m pip install -q pandas
cargo build --release --locked -q
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for set in seeds tests/data/heldout/dev tests/data/heldout/test tests/data/inputs; do
  out="$tmp/$(echo "$set" | tr / _)"
  target/release/kg build "$set" --out "$out" 2>"$tmp/stderr" || { cat "$tmp/stderr"; exit 1; }
  python3 tests/py/check_tsv.py "$out"
done
