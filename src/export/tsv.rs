//! `relations.tsv`: the relation list for spreadsheets and `grep`, the same
//! lines as `relations.jsonl`. Tabs and line breaks inside a field become
//! spaces, so every relation is exactly one line; a field holding a `"` is
//! quoted as RFC 4180 says (`"` doubled, the field in quotes), because
//! pandas, csvkit and LibreOffice read a field that starts with `"` as a
//! quoted one and would otherwise run it into the next lines.

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

/// Appends `s` as [`clean`] would make it, quoted when it holds a `"`,
/// without building a string.
fn push_clean(out: &mut Vec<u8>, s: &str) {
    let quoted = s.contains('"');
    if quoted {
        out.push(b'"');
    }
    for (i, part) in s.split(['\t', '\n', '\r']).enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        if quoted {
            for (j, piece) in part.split('"').enumerate() {
                if j > 0 {
                    out.extend_from_slice(b"\"\"");
                }
                out.extend_from_slice(piece.as_bytes());
            }
        } else {
            out.extend_from_slice(part.as_bytes());
        }
    }
    if quoted {
        out.push(b'"');
    }
}

/// One field on one line: tabs and line breaks become spaces, and a field
/// holding a `"` is quoted (RFC 4180).
pub fn clean(s: &str) -> String {
    let flat = s.replace(['\t', '\n', '\r'], " ");
    if flat.contains('"') {
        format!("\"{}\"", flat.replace('"', "\"\""))
    } else {
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_clean_equals_clean() {
        for s in [
            "",
            "a\tb\nc\r\n",
            "\t",
            "plain é",
            "\"No,\" he said",
            "a \"b\"\tc",
        ] {
            let mut out = Vec::new();
            push_clean(&mut out, s);
            assert_eq!(String::from_utf8(out).unwrap(), clean(s));
        }
    }

    #[test]
    fn a_field_with_a_quote_mark_is_quoted() {
        assert_eq!(clean("plain"), "plain");
        assert_eq!(
            clean("\"We won,\" he said."),
            "\"\"\"We won,\"\" he said.\""
        );
        assert_eq!(clean("a \"b\"\tc"), "\"a \"\"b\"\" c\"");
    }
}
