#!/usr/bin/env python3
"""Sanity checks for held-out gold files.

Run: python3 tests/py/check_heldout_gold.py [DIR ...]   (default: tests/data/heldout/fresh2)

For every <article>.txt.gold.json in DIR: the JSON loads, every
class and predicate is one of ontology.md, every relation's subject and object
is an entity id of the file, every evidence string and quote text occurs
verbatim in the article (whitespace folded), every alias occurs in the
article, no alias is shared by two entities, and no relation is listed twice
(symmetric predicates in either direction).
"""
import glob, json, os, re, sys

PREDS = {"leaderOf", "affiliatedWith", "memberOf", "locatedIn", "meetsWith", "visits",
         "cooperatesWith", "supports", "opposes", "imposesSanctionsOn", "protestsAgainst",
         "deploysForcesTo", "attacks", "represses", "participatesIn", "residesIn"}
SYM = {"meetsWith", "cooperatesWith"}
CLASSES = {"Person", "Country", "Place", "Organization", "Agreement", "Event", "Sanctions"}

def norm(s):
    return re.sub(r"\s+", " ", s).strip()

QUOTE_MARKS = "\"“”„«»‘’‚`'"
def strip_marks(s):
    return norm("".join(ch for ch in s if ch not in QUOTE_MARKS))

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
dirs = sys.argv[1:] or [os.path.join(root, "tests", "data", "heldout", "fresh2")]
errors = 0
def err(msg):
    global errors
    errors += 1
    print("ERROR", msg)

for gp in sorted(p for d in dirs for p in glob.glob(os.path.join(d, "*.txt.gold.json"))):
    here = os.path.dirname(gp)
    g = json.load(open(gp, encoding="utf-8"))
    name = os.path.basename(gp)
    doc = g["doc"]
    if name != doc + ".gold.json":
        err(f"{name}: doc field {doc!r} does not match file name")
    text = norm(open(os.path.join(here, doc), encoding="utf-8").read())
    ids = {}
    seen_alias = {}
    for e in g["entities"]:
        if e["id"] in ids:
            err(f"{doc}: duplicate id {e['id']}")
        ids[e["id"]] = e
        if e["class"] not in CLASSES:
            err(f"{doc}: bad class {e['class']} for {e['id']}")
        for a in e["aliases"]:
            if a not in text:
                err(f"{doc}: alias {a!r} of {e['id']} not in text")
            k = re.sub(r"[^\w]+", " ", a.casefold()).strip()
            if k in seen_alias and seen_alias[k] != e["id"]:
                err(f"{doc}: alias {a!r} shared by {seen_alias[k]} and {e['id']}")
            seen_alias[k] = e["id"]
    keys = set()
    used = set()
    for r in g["relations"]:
        s, p, o = r["subject"], r["predicate"], r["object"]
        if p not in PREDS:
            err(f"{doc}: bad predicate {p}")
        for x in (s, o):
            if x not in ids:
                err(f"{doc}: unknown id {x} in {s} {p} {o}")
            used.add(x)
        if s == o:
            err(f"{doc}: self relation {s} {p}")
        k = (s, p, o) if p not in SYM else (tuple(sorted((s, o))), p)
        if k in keys:
            err(f"{doc}: duplicate relation {s} {p} {o}")
        keys.add(k)
        if norm(r["evidence"]) not in text:
            err(f"{doc}: evidence not verbatim for {s} {p} {o}: {r['evidence'][:80]!r}")
    for q in g["quotes"]:
        if q["speaker"] not in ids:
            err(f"{doc}: unknown quote speaker {q['speaker']}")
        # a quotation running over a paragraph break is one quote, its parts
        # joined by a space: compare with the quote marks removed
        if strip_marks(norm(q["text"])) not in strip_marks(text):
            err(f"{doc}: quote not verbatim: {q['text'][:80]!r}")
        if len(q["text"].split()) < 3:
            err(f"{doc}: quote under three words: {q['text']!r}")
    n_words = len(open(os.path.join(here, doc), encoding="utf-8").read().split())
    unused = sorted(set(ids) - used - {q["speaker"] for q in g["quotes"]})
    print(f"{doc}: {len(g['entities'])} entities, {len(g['relations'])} relations, "
          f"{len(g['quotes'])} quotes, {n_words} words; entities without relations: {', '.join(unused) or '-'}")

print("OK" if errors == 0 else f"{errors} error(s)")
sys.exit(1 if errors else 0)
