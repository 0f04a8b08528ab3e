//! `relations.tsv`: the relation list for spreadsheets and `grep`, the same
//! lines as `relations.jsonl`. Tabs and line breaks inside a field become
//! spaces, so every relation is exactly one line.

use super::jsonl::relation_lines;
use super::ExportOptions;
use crate::graph::KnowledgeGraph;
use std::io::{self, Write};

pub const HEADER: &str = "subject\tpredicate\tobject\tsubject_class\tobject_class\tdoc\tstart\tend\trule\tconfidence\tdate\tsentence";

pub fn write_relations(g: &KnowledgeGraph, o: &ExportOptions, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "{HEADER}")?;
    for r in relation_lines(g, o) {
        writeln!(
            w,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            clean(&r.subject.label),
            r.predicate,
            clean(&r.object.label),
            r.subject.class,
            r.object.class,
            clean(&r.doc),
            r.start,
            r.end,
            r.rule,
            r.confidence,
            r.date.as_deref().unwrap_or(""),
            clean(&r.sentence),
        )?;
    }
    Ok(())
}

/// One field on one line: tabs and line breaks become spaces.
pub fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}
