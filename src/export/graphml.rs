//! `graph.graphml`: the knowledge graph as GraphML for Gephi, yEd, networkx
//! and igraph, with typed `<key>` declarations.
//!
//! Key ids equal the attribute names (Gephi maps ids and names such as
//! `label` and `weight` to its own columns), except the edge label, whose id
//! is `edgelabel` (a name Gephi also maps to the edge label) because GraphML
//! requires key ids to be unique across nodes and edges.
//!
//! Symmetric predicates arrive once per pair and are written once, as
//! directed edges flagged `symmetric`: a per-edge `directed="false"` is valid
//! GraphML but makes networkx refuse the file.
//!
//! This module also holds the XML helpers the GEXF and HTML writers share.

use super::ExportOptions;
use crate::graph::{Edge, EdgeView, KnowledgeGraph, Node};
use crate::iri;
use crate::model::Class;
use std::io::{self, Write};

/// Quote labels longer than this many characters are cut for display.
pub const QUOTE_LABEL_CHARS: usize = 60;

/// (id, for, attr.name, attr.type) of every key, nodes first.
const KEYS: &[(&str, &str, &str, &str)] = &[
    ("label", "node", "label", "string"),
    ("class", "node", "class", "string"),
    ("wikidata", "node", "wikidata", "string"),
    ("mentions", "node", "mentions", "long"),
    ("docs", "node", "docs", "string"),
    ("text", "node", "text", "string"),
    ("iri", "node", "iri", "string"),
    ("edgelabel", "edge", "label", "string"),
    ("predicate", "edge", "predicate", "string"),
    ("weight", "edge", "weight", "double"),
    ("confidence", "edge", "confidence", "double"),
    ("first_date", "edge", "first_date", "string"),
    ("last_date", "edge", "last_date", "string"),
    ("evidence", "edge", "evidence", "string"),
    ("doc", "edge", "doc", "string"),
    ("symmetric", "edge", "symmetric", "boolean"),
];

pub fn write(g: &KnowledgeGraph, o: &ExportOptions, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        concat!(
            r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" "#,
            r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#,
            r#"xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns "#,
            r#"http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
        )
    )?;
    for (id, target, name, ty) in KEYS {
        writeln!(
            w,
            r#"  <key id="{id}" for="{target}" attr.name="{name}" attr.type="{ty}"/>"#
        )?;
    }
    writeln!(w, r#"  <graph id="kg" edgedefault="directed">"#)?;
    for node in g.nodes() {
        write_node(w, node, o)?;
    }
    for view in g.edges() {
        write_edge(w, &view, o)?;
    }
    writeln!(w, "  </graph>")?;
    writeln!(w, "</graphml>")
}

fn write_node(w: &mut dyn Write, node: &Node, o: &ExportOptions) -> io::Result<()> {
    writeln!(w, r#"    <node id="{}">"#, xml_id(&node.entity.key))?;
    for (key, value) in node_attributes(node, o) {
        data(w, key, &value)?;
    }
    writeln!(w, "    </node>")
}

fn write_edge(w: &mut dyn Write, view: &EdgeView<'_>, o: &ExportOptions) -> io::Result<()> {
    writeln!(
        w,
        r#"    <edge id="{}" source="{}" target="{}">"#,
        edge_id(view),
        xml_id(&view.subject.entity.key),
        xml_id(&view.object.entity.key)
    )?;
    for (key, value) in edge_attributes(view.edge, o) {
        let key = if key == "label" { "edgelabel" } else { key };
        data(w, key, &value)?;
    }
    writeln!(w, "    </edge>")
}

fn data(w: &mut dyn Write, key: &str, value: &str) -> io::Result<()> {
    writeln!(w, r#"      <data key="{key}">{}</data>"#, escape(value))
}

/// A node's attributes by name, in declaration order; unknown ones left out.
pub fn node_attributes(node: &Node, o: &ExportOptions) -> Vec<(&'static str, String)> {
    let e = &node.entity;
    let mut out = vec![
        ("label", display_label(node)),
        ("class", e.class.as_str().to_string()),
    ];
    if let Some(q) = &e.wikidata {
        out.push(("wikidata", q.clone()));
    }
    out.push(("mentions", node.mentions.to_string()));
    let docs: Vec<&str> = node.docs.iter().map(String::as_str).collect();
    out.push(("docs", docs.join(";")));
    if e.class == Class::Quote {
        out.push(("text", e.label.clone()));
    }
    out.push(("iri", iri::entity(&o.base_iri, &e.key)));
    out
}

/// An edge's attributes by name, in declaration order; unknown ones left out.
pub fn edge_attributes(edge: &Edge, o: &ExportOptions) -> Vec<(&'static str, String)> {
    let mut out = vec![
        ("label", edge.predicate.clone()),
        ("predicate", edge.predicate.clone()),
        ("weight", (edge.weight() as f64).to_string()),
        ("confidence", edge.confidence().to_string()),
    ];
    if let Some((first, last)) = edge.date_span() {
        out.push(("first_date", first.to_string()));
        out.push(("last_date", last.to_string()));
    }
    if let Some(ev) = edge.evidence.first() {
        out.push(("evidence", squeeze(&ev.sentence)));
        out.push(("doc", ev.doc.to_string()));
    }
    out.push(("symmetric", o.is_symmetric(&edge.predicate).to_string()));
    out
}

/// The label to show: a quote's text cut to [`QUOTE_LABEL_CHARS`] (its full
/// text stays in the `text` attribute); any other entity's label as is.
pub fn display_label(node: &Node) -> String {
    let label = &node.entity.label;
    if node.entity.class != Class::Quote || label.chars().count() <= QUOTE_LABEL_CHARS {
        return squeeze(label);
    }
    let cut: String = label.chars().take(QUOTE_LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// A stable, unique edge id: subject, predicate and object joined by `:`,
/// which no key or predicate contains.
pub fn edge_id(view: &EdgeView<'_>) -> String {
    format!(
        "{}:{}:{}",
        xml_id(&view.subject.entity.key),
        xml_id(&view.edge.predicate),
        xml_id(&view.object.entity.key)
    )
}

/// Text trimmed, with every run of whitespace made one space.
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A key as an XML name token: entity keys are slugs and pass unchanged;
/// any other character (and `.`, the escape) becomes `.XX` per UTF-8 byte,
/// so distinct keys stay distinct.
pub fn xml_id(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!(".{b:02X}"));
            }
        }
    }
    if out.is_empty() {
        out.push_str(".00");
    }
    out
}

/// Escapes text for XML content and attribute values alike. Characters XML
/// 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) become U+FFFD; line breaks
/// and tabs become character references so attributes keep them.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_handles_markup_quotes_and_controls() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;&#10;\u{fffd}"
        );
    }

    #[test]
    fn xml_id_keeps_slugs_and_stays_injective() {
        assert_eq!(xml_id("alexander_lukashenko"), "alexander_lukashenko");
        assert_eq!(xml_id("a.b"), "a.2Eb");
        assert_ne!(xml_id("a b"), xml_id("a_b"));
        assert_eq!(xml_id(""), ".00");
    }

    #[test]
    fn squeeze_trims_and_collapses_whitespace() {
        assert_eq!(squeeze("  Minsk \n said\tso "), "Minsk said so");
    }
}
