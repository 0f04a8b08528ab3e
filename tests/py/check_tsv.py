"""relations.tsv read as people read it: pandas must find every row that
relations.jsonl has, with the twelve columns of spec/outputs.md, and the same
sentences (a sentence opening with a quote mark must not swallow lines).

usage: python3 tests/py/check_tsv.py EXPORTS_DIR [EXPORTS_DIR ...]
"""
import csv
import json
import sys

import pandas as pd

COLUMNS = ["subject", "predicate", "object", "subject_class", "object_class",
           "doc", "start", "end", "rule", "confidence", "date", "sentence"]


def check(folder):
    with open(f"{folder}/relations.jsonl", encoding="utf-8") as f:
        lines = [json.loads(line) for line in f]
    frame = pd.read_csv(f"{folder}/relations.tsv", sep="\t", dtype=str,
                        keep_default_na=False)
    assert list(frame.columns) == COLUMNS, list(frame.columns)
    assert len(frame) == len(lines), f"{folder}: pandas read {len(frame)} of {len(lines)} rows"
    for row, line in zip(frame.itertuples(index=False), lines):
        assert row.sentence == line["sentence"], (row.sentence, line["sentence"])
        assert row.date == (line["date"] or ""), (row.date, line["date"])
        assert row.doc == line["doc"]
    # the csv module (what csvkit is built on) reads the same rows
    with open(f"{folder}/relations.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    assert len(rows) - 1 == len(lines) and all(len(r) == 12 for r in rows)
    print(f"pandas: {folder}/relations.tsv: all {len(lines)} rows read")


for folder in sys.argv[1:]:
    check(folder)
