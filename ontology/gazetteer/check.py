#!/usr/bin/env python3
"""Checks the gazetteer TSV files of this folder (see README.md).

Usage: python3 ontology/gazetteer/check.py [DIR]
Prints one line per problem (file:line: message) to stderr, a summary to
stdout, and exits 1 if any problem was found.
"""
import re
import sys
from collections import Counter
from pathlib import Path

CLASSES = {"Person", "Country", "Place", "Organization", "Agreement", "Event"}
TITLES = {
    "president", "prime minister", "foreign minister", "defence minister",
    "economy minister", "finance minister", "spokesman", "spokeswoman",
    "chancellor", "king", "pope", "secretary general", "commander", "leader",
    "opposition leader", "chairman", "speaker", "mayor", "governor",
    "ambassador", "envoy", "patriarch", "head", "director", "ceo",
}
ATTR_KEYS = {"gender", "adj", "demonym", "capital", "in", "role", "by"}
ID_RE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
QID_RE = re.compile(r"^Q[0-9]+$")


def parse(path, problems):
    """Yields (where, fields) for each data line of one file."""
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.split("\n"), 1):
        where = f"{path.name}:{number}"
        if line.strip() == "" or line.startswith("#"):
            continue
        cols = line.split("\t")
        if any(c != c.strip(" ") or "  " in c for c in cols):
            problems.append(f"{where}: stray spaces in a column")
        if len(cols) not in (5, 6):
            problems.append(f"{where}: {len(cols)} columns, want 5 or 6")
            continue
        yield where, cols + [""] * (6 - len(cols))


def parse_attrs(where, raw, problems):
    attrs = {}
    for pair in filter(None, raw.split(";")):
        key, sep, value = pair.partition("=")
        if not sep or not value or key not in ATTR_KEYS:
            problems.append(f"{where}: bad attr {pair!r}")
        elif key in attrs:
            problems.append(f"{where}: attr {key} twice")
        else:
            attrs[key] = value
    return attrs


def check_entry(where, cols, attrs, problems):
    ident, cls, label, qid, aliases, _ = cols
    if not ID_RE.match(ident):
        problems.append(f"{where}: bad id {ident!r}")
    if cls not in CLASSES:
        problems.append(f"{where}: bad class {cls!r}")
    if not label:
        problems.append(f"{where}: empty label")
    if qid and not QID_RE.match(qid):
        problems.append(f"{where}: bad wikidata {qid!r}")
    names = aliases.split("|") if aliases else []
    if "" in names:
        problems.append(f"{where}: empty alias")
    if label in names:
        problems.append(f"{where}: label repeated as alias")
    for name, count in Counter(names).items():
        if count > 1:
            problems.append(f"{where}: alias {name!r} repeated")
    if cls == "Person" and attrs.get("gender") not in ("m", "f"):
        problems.append(f"{where}: person without gender=m|f")
    if cls != "Person" and ("gender" in attrs or "role" in attrs):
        problems.append(f"{where}: gender/role on a {cls}")
    if cls != "Event" and "by" in attrs:
        problems.append(f"{where}: by= on a {cls} (only events have actors)")


def check_targets(entries, problems):
    """capital=, in=, by= and role=title@target must name existing ids."""
    for where, ident, attrs in entries.values():
        targets = []
        if "capital" in attrs:
            targets.append(attrs["capital"])
        for key in ("in", "by"):
            if key in attrs:
                targets.append(attrs[key])
        for role in filter(None, attrs.get("role", "").split(",")):
            title, sep, target = role.partition("@")
            if not sep or title not in TITLES:
                problems.append(f"{where}: bad role {role!r}")
            targets.append(target)
        for target in targets:
            if target not in entries:
                problems.append(f"{where}: unknown target id {target!r}")
            elif target == ident:
                problems.append(f"{where}: points at itself")


def check_names(names, problems):
    """No surface form may name two entities (labels count as names)."""
    for name, owners in sorted(names.items()):
        ids = sorted({ident for ident, _ in owners})
        if len(ids) > 1:
            places = ", ".join(f"{w} ({i})" for i, w in sorted(owners))
            problems.append(f"name {name!r} shared: {places}")


def case_notes(names):
    """Names that differ only in case between two entities: allowed (the
    loader compares case-sensitively) but worth a look."""
    folded = {}
    for name, owners in names.items():
        for ident, _ in owners:
            folded.setdefault(name.casefold(), set()).add(ident)
    return [
        f"note: {name!r} (any case) names {', '.join(sorted(ids))}"
        for name, ids in sorted(folded.items())
        if len(ids) > 1
    ]


def main():
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    problems = []
    entries = {}
    names = {}
    per_class = Counter()
    for path in sorted(folder.glob("*.tsv")):
        for where, cols in parse(path, problems):
            ident, cls, label, _, aliases, raw_attrs = cols
            attrs = parse_attrs(where, raw_attrs, problems)
            check_entry(where, cols, attrs, problems)
            if ident in entries:
                problems.append(f"{where}: id {ident!r} also at {entries[ident][0]}")
                continue
            entries[ident] = (where, ident, attrs)
            per_class[cls] += 1
            for name in [label] + (aliases.split("|") if aliases else []):
                names.setdefault(name, set()).add((ident, where))
    check_targets(entries, problems)
    check_names(names, problems)
    for problem in problems + case_notes(names):
        print(problem, file=sys.stderr)
    unplaced = [i for w, i, a in entries.values() if w.startswith("places") and "in" not in a]
    print(f"places without in= (span several countries): {len(unplaced)}")
    summary = ", ".join(f"{cls} {n}" for cls, n in sorted(per_class.items()))
    print(f"{len(entries)} entities ({summary}); {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
