"""Loads graph.graphml and graph.gexf with networkx and checks them against
the build's relations.jsonl and entities.jsonl: node and edge counts, the
attributes Gephi users partition and rank by, and the edge spells.

usage: python3 check_networkx.py EXPORTS_DIR
"""

import json
import sys
from pathlib import Path

import networkx as nx


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main(out):
    out = Path(out)
    failures = []
    passed = 0

    def check(ok, what):
        nonlocal passed
        print(("ok   " if ok else "FAIL ") + what, file=sys.stderr)
        if ok:
            passed += 1
        else:
            failures.append(what)

    gm = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    gx = nx.read_gexf(out / "graph.gexf", version="1.3")
    check(gm.is_directed() and gm.is_multigraph(), "GraphML loads as a directed multigraph")
    check(gm.number_of_nodes() == gx.number_of_nodes(),
          f"same nodes in both: {gm.number_of_nodes()} / {gx.number_of_nodes()}")
    check(gm.number_of_edges() == gx.number_of_edges(),
          f"same edges in both: {gm.number_of_edges()} / {gx.number_of_edges()}")

    entities = out / "entities.jsonl"
    if entities.exists() and entities.stat().st_size:
        ents = lines(entities)
        quotes = sum(1 for _, d in gm.nodes(data=True) if d.get("class") == "Quote")
        check(gm.number_of_nodes() - quotes == len(ents),
              f"one node per entity: {gm.number_of_nodes() - quotes} vs {len(ents)} entities")
    relations = out / "relations.jsonl"
    if relations.exists() and relations.stat().st_size:
        # relations.jsonl has a line per evidence; the graph one edge per
        # (subject, predicate, object), and Sanctions links besides.
        triples = {(r["subject"]["id"], r["predicate"], r["object"]["id"]) for r in lines(relations)}
        links = sum(1 for *_, d in gm.edges(data=True)
                    if d["predicate"] not in ("imposedBy", "targets", "inResponseTo"))
        check(links == len(triples), f"one edge per relation: {links} vs {len(triples)} distinct triples")

    for name, g in (("GraphML", gm), ("GEXF", gx)):
        missing = [n for n, d in g.nodes(data=True) if not d.get("class") or not d.get("label")]
        check(not missing, f"{name}: every node has label and class ({len(missing)} missing)")
        bad = [e for *e, d in g.edges(data=True)
               if d.get("weight", 0) < 1 or not d.get("predicate") or not d.get("label")]
        check(not bad, f"{name}: every edge has label, predicate and weight >= 1 ({len(bad)} bad)")
    ids = [k for *_, k in gm.edges(keys=True)]
    check(len(ids) == len(set(ids)), "GraphML edge ids are unique")
    dated = [d for *_, d in gx.edges(data=True) if d.get("spells")]
    check(all(d.get("first_date") for d in dated), f"GEXF: {len(dated)} edges carry spells, all dated")

    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
