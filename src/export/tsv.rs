//! `relations.tsv`: the relation list for spreadsheets and `grep`, the same
//! lines as `relations.jsonl`. Tabs and line breaks inside a field become
//! spaces, so every relation is exactly one line.

use super::jsonl::relation_edges;
use super::ExportOptions;
use crate::graph::KnowledgeGraph;
use std::io::{self, Write};

pub const HEADER: &str = "subject\tpredicate\tobject\tsubject_class\tobject_class\tdoc\tstart\tend\trule\tconfidence\tdate\tsentence";

pub fn write_relations(
    g: &KnowledgeGraph,
    _o: &ExportOptions,
    w: &mut dyn Write,
) -> io::Result<()> {
    writeln!(w, "{HEADER}")?;
    let mut head = Vec::new();
    let mut out = Vec::new();
    for e in relation_edges(g) {
        // The first five fields are the edge's, the same on all its lines.
        head.clear();
        push_clean(&mut head, &e.subject.entity.label);
        write!(head, "\t{}\t", e.edge.predicate)?;
        push_clean(&mut head, &e.object.entity.label);
        write!(
            head,
            "\t{}\t{}\t",
            e.subject.entity.class, e.object.entity.class
        )?;
        for ev in &e.edge.evidence {
            out.clear();
            out.extend_from_slice(&head);
            push_clean(&mut out, &ev.doc);
            write!(
                out,
                "\t{}\t{}\t{}\t{}\t{}\t",
                ev.start,
                ev.end,
                ev.rule,
                ev.confidence,
                ev.date.as_deref().unwrap_or("")
            )?;
            push_clean(&mut out, &ev.sentence);
            out.push(b'\n');
            w.write_all(&out)?;
        }
    }
    Ok(())
}

/// Appends `s` as [`clean`] would make it, without building a string.
fn push_clean(out: &mut Vec<u8>, s: &str) {
    for (i, part) in s.split(['\t', '\n', '\r']).enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        out.extend_from_slice(part.as_bytes());
    }
}

/// One field on one line: tabs and line breaks become spaces.
pub fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_clean_equals_clean() {
        for s in ["", "a\tb\nc\r\n", "\t", "plain é"] {
            let mut out = Vec::new();
            push_clean(&mut out, s);
            assert_eq!(String::from_utf8(out).unwrap(), clean(s));
        }
    }
}
