//! `graph.gexf`: the knowledge graph as GEXF 1.3 for Gephi, with a spell per
//! evidence date on every edge (Gephi's timeline), `viz` colours by class,
//! sizes by mentions and the positions of the HTML view's layout.
//!
//! Gephi merges parallel edges of the same type between two nodes, so every
//! edge carries its predicate as its `kind`: two relations between the same
//! pair are two edges of different kinds and both survive the import.
//! The published GEXF 1.3 schema declares `color`, `position` and `size` in
//! the GEXF namespace itself (its viz.xsd has no target namespace), so they
//! are written unprefixed: the file validates, and Gephi, which matches
//! them by local name, reads them as it reads `viz:color`.
//!
//! Symmetric predicates are written once, directed and flagged `symmetric`,
//! as in the GraphML (networkx refuses mixed graphs).

use super::graphml::{display_label, edge_attributes, edge_id, escape, node_attributes, xml_id};
use super::html::layout;
use super::ExportOptions;
use crate::graph::{EdgeView, KnowledgeGraph, Node};
use crate::model::Class;
use std::collections::BTreeSet;
use std::io::{self, Write};

/// (id, type) of the node attributes written as `<attvalue>`s.
const NODE_ATTRS: &[(&str, &str)] = &[
    ("class", "string"),
    ("wikidata", "string"),
    ("mentions", "long"),
    ("docs", "string"),
    ("text", "string"),
    ("iri", "string"),
];

/// (id, type) of the edge attributes written as `<attvalue>`s.
const EDGE_ATTRS: &[(&str, &str)] = &[
    ("predicate", "string"),
    ("confidence", "double"),
    ("first_date", "string"),
    ("last_date", "string"),
    ("evidence", "string"),
    ("doc", "string"),
    ("symmetric", "boolean"),
];

/// The colour of each class, shared with the HTML view.
pub fn class_colour(class: Class) -> (u8, u8, u8) {
    match class {
        Class::Person => (66, 133, 244),
        Class::Country => (219, 68, 55),
        Class::Place => (15, 157, 88),
        Class::Organization => (171, 71, 188),
        Class::Agreement => (255, 160, 0),
        Class::Event => (0, 172, 193),
        Class::Sanctions => (121, 85, 72),
        Class::Quote => (158, 158, 158),
    }
}

/// Node size from mention count: grows with the square root, so a node
/// mentioned a hundred times is ten times wider, not a hundred.
pub fn node_size(mentions: u64) -> f64 {
    4.0 + 2.0 * (mentions as f64).sqrt().min(40.0)
}

pub fn write(g: &KnowledgeGraph, o: &ExportOptions, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        concat!(
            r#"<gexf xmlns="http://gexf.net/1.3" "#,
            r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#,
            r#"xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" "#,
            r#"version="1.3">"#
        )
    )?;
    writeln!(w, "  <meta>")?;
    writeln!(w, "    <creator>kg {}</creator>", env!("CARGO_PKG_VERSION"))?;
    writeln!(
        w,
        "    <description>Russia–Belarus knowledge graph: entities and the relations read in {} documents</description>",
        g.documents.len()
    )?;
    writeln!(w, "  </meta>")?;
    writeln!(
        w,
        r#"  <graph defaultedgetype="directed" mode="dynamic" timeformat="date" timerepresentation="interval">"#
    )?;
    declare(w, "node", NODE_ATTRS)?;
    declare(w, "edge", EDGE_ATTRS)?;
    let positions = layout::layout(g);
    writeln!(w, "    <nodes>")?;
    for (node, (x, y)) in g.nodes().zip(positions) {
        write_node(w, node, o, x, y)?;
    }
    writeln!(w, "    </nodes>")?;
    writeln!(w, "    <edges>")?;
    for view in g.edges() {
        write_edge(w, &view, o)?;
    }
    writeln!(w, "    </edges>")?;
    writeln!(w, "  </graph>")?;
    writeln!(w, "</gexf>")
}

fn declare(w: &mut dyn Write, class: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    writeln!(w, r#"    <attributes class="{class}" mode="static">"#)?;
    for (id, ty) in attrs {
        writeln!(
            w,
            r#"      <attribute id="{id}" title="{id}" type="{ty}"/>"#
        )?;
    }
    writeln!(w, "    </attributes>")
}

fn write_node(w: &mut dyn Write, node: &Node, o: &ExportOptions, x: f64, y: f64) -> io::Result<()> {
    writeln!(
        w,
        r#"      <node id="{}" label="{}">"#,
        xml_id(&node.entity.key),
        escape(&display_label(node))
    )?;
    let attrs = node_attributes(node, o);
    attvalues(w, attrs.iter().filter(|(k, _)| *k != "label"))?;
    let (r, g, b) = class_colour(node.entity.class);
    writeln!(w, r#"        <color r="{r}" g="{g}" b="{b}"/>"#)?;
    writeln!(w, r#"        <position x="{x:.1}" y="{y:.1}" z="0.0"/>"#)?;
    writeln!(
        w,
        r#"        <size value="{:.1}"/>"#,
        node_size(node.mentions)
    )?;
    writeln!(w, "      </node>")
}

fn write_edge(w: &mut dyn Write, view: &EdgeView<'_>, o: &ExportOptions) -> io::Result<()> {
    let edge = view.edge;
    writeln!(
        w,
        r#"      <edge id="{}" source="{}" target="{}" label="{}" kind="{}" weight="{}">"#,
        edge_id(view),
        xml_id(&view.subject.entity.key),
        xml_id(&view.object.entity.key),
        escape(&edge.predicate),
        escape(&edge.predicate),
        edge.weight() as f64
    )?;
    let attrs = edge_attributes(edge, o);
    attvalues(
        w,
        attrs
            .iter()
            .filter(|(k, _)| !matches!(*k, "label" | "weight")),
    )?;
    let dates: BTreeSet<&str> = edge
        .evidence
        .iter()
        .filter_map(|e| e.date.as_deref())
        .filter(|d| crate::model::is_iso_date(d))
        .collect();
    if !dates.is_empty() {
        writeln!(w, "        <spells>")?;
        // One instant per evidence date: the relation is seen on that day.
        for d in dates {
            writeln!(w, r#"          <spell start="{d}" end="{d}"/>"#)?;
        }
        writeln!(w, "        </spells>")?;
    }
    writeln!(w, "      </edge>")
}

fn attvalues<'a>(
    w: &mut dyn Write,
    attrs: impl Iterator<Item = &'a (&'static str, String)>,
) -> io::Result<()> {
    writeln!(w, "        <attvalues>")?;
    for (k, v) in attrs {
        writeln!(
            w,
            r#"          <attvalue for="{k}" value="{}"/>"#,
            escape(v)
        )?;
    }
    writeln!(w, "        </attvalues>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_only() {
        assert!(crate::model::is_iso_date("2019-12-07"));
        assert!(!crate::model::is_iso_date("2019-12"));
        assert!(!crate::model::is_iso_date("Dec 7, 2019"));
    }

    #[test]
    fn sizes_grow_slower_than_mentions() {
        assert!(node_size(100) < 10.0 * node_size(1));
        assert!(node_size(2) > node_size(1));
    }
}
