#!/usr/bin/env bash
# Gephi-facing exports, checked with tools nobody on the team wrote:
#   1. graph.graphml and graph.gexf validate (xmllint) against the published
#      GraphML and GEXF 1.3 schemas;
#   2. networkx loads both and finds the build's node and edge counts;
#   3. graph.html, opened in Debian's headless Chromium (playwright-core, no
#      downloaded browser), draws its nodes and lists Lukashenko's relations;
#      the screenshot is kept at docs/graph-html.png;
#   4. the Rust tests of tests/gephi.rs, now with xmllint and Chromium present.
# Installs what it needs; exits non-zero on any failure.
# usage: bash .ci/checks/gephi.sh [SEEDS_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
seeds=${1:-seeds}

say() { echo "== gephi: $*" >&2; }

install() {
  local missing=()
  command -v xmllint >/dev/null || missing+=(libxml2-utils)
  command -v chromium >/dev/null || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
  if ((${#missing[@]})); then
    say "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  python3 -c 'import networkx' 2>/dev/null || python3 -m pip install -q networkx
  if [ ! -d tests/browser/node_modules/playwright-core ]; then
    say "npm install playwright-core (library only; the browser is Debian's)"
    (cd tests/browser && npm install --no-audit --no-fund --silent)
  fi
}

# The schemas: tests/data/schemas/ (filled by .ci/fetch-schemas.sh), else the
# shared folder beside the repo.
schema() {
  local rel
  for dir in "${KG_SCHEMA_DIR:-}" tests/data/schemas ../shared/schemas; do
    [ -n "$dir" ] || continue
    for rel in "$@"; do
      if [ -f "$dir/$rel" ]; then echo "$dir/$rel"; return 0; fi
    done
  done
  return 1
}

install
# The published schemas, out of a Debian package, into tests/data/schemas/.
bash .ci/fetch-schemas.sh
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

say "kg build $seeds"
cargo run --quiet -- build "$seeds" --out "$out"

graphml_xsd=$(schema graphml/graphml.xsd) || { say "FAIL: GraphML schema not found"; exit 1; }
say "validate against $graphml_xsd"
xmllint --noout --nonet --schema "$graphml_xsd" "$out/graph.graphml"
if gexf_xsd=$(schema gexf-1.3/gexf.xsd gexf/gexf.xsd); then
  say "validate against $gexf_xsd"
  xmllint --noout --nonet --schema "$gexf_xsd" "$out/graph.gexf"
else
  # No registry package ships the GEXF 1.3 schema (.ci/fetch-schemas.sh
  # finds only 1.2draft, which rejects 1.3 features). Say so loudly; the
  # file is still checked for well-formedness here and read back by
  # networkx below and by tests/gephi.rs.
  say "SKIPPED: GEXF 1.3 schema validation: no registry package ships gexf-1.3/gexf.xsd;"
  say "         put it in \$KG_SCHEMA_DIR/gexf-1.3/ to validate. Checking well-formedness only."
  xmllint --noout --nonet "$out/graph.gexf"
fi

say "networkx"
python3 tests/py/check_networkx.py "$out"

say "graph.html in headless Chromium"
mkdir -p docs
node tests/browser/graph_html.mjs "$out" "$root/docs/graph-html.png"

say "cargo test gephi (with xmllint, schemas and Chromium)"
KG_SCHEMA_DIR=$(dirname "$(dirname "$graphml_xsd")") cargo test --quiet --test tests gephi
say "all checks passed"
