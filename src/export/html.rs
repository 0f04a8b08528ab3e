//! `graph.html`: one self-contained page that shows the graph: laid out in
//! Rust ([`layout`]), drawn on a canvas by a small script of our own (no
//! library, no network), with a search box and, on clicking a node, its
//! relations with their evidence sentences, documents and dates.
//!
//! The graph travels as JSON in a `<script type="application/json">`
//! element; every `<` in it is written `\u003c`, so no text from an article
//! can close the element. A URL fragment `#select=NAME` opens the page with
//! the first node matching NAME selected (for links and for tests).

pub mod layout;

use super::gexf::{class_colour, node_size};
use super::graphml::{display_label, squeeze};
use super::ExportOptions;
use crate::graph::KnowledgeGraph;
use crate::iri;
use crate::model::Class;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

const STYLE: &str = include_str!("html/view.css");
const SCRIPT: &str = include_str!("html/view.js");

pub fn write(g: &KnowledgeGraph, o: &ExportOptions, w: &mut dyn Write) -> io::Result<()> {
    let title = format!(
        "kg: {} entities, {} relations",
        g.node_count(),
        g.edge_count()
    );
    write!(
        w,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <canvas id=\"view\"></canvas>\n\
         <div id=\"bar\"><input id=\"search\" type=\"search\" placeholder=\"Search entities\" autocomplete=\"off\">\
         <ul id=\"matches\"></ul><div id=\"legend\"></div><div id=\"stats\">{title}</div></div>\n\
         <aside id=\"panel\" hidden></aside>\n\
         <script type=\"application/json\" id=\"graph-data\">"
    )?;
    let mut safe = ScriptSafe { w };
    serde_json::to_writer(&mut safe, &graph_json(g, o))?;
    write!(
        w,
        "</script>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    )
}

/// A writer of JSON that cannot end a `<script>` element: `<` only occurs
/// inside JSON strings, where `\u003c` means the same. Streams, so the
/// page's data is never held whole in memory.
struct ScriptSafe<'w> {
    w: &'w mut dyn Write,
}

impl Write for ScriptSafe<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for (i, part) in buf.split(|&b| b == b'<').enumerate() {
            if i > 0 {
                self.w.write_all(b"\\u003c")?;
            }
            self.w.write_all(part)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

// The page's data. Fields are declared in alphabetical order: the page
// was first written through `serde_json::Value`, whose maps sort their keys,
// and the bytes must not change.

#[derive(Serialize)]
struct Data<'g> {
    classes: BTreeMap<&'static str, String>,
    edges: Vec<EdgeJson<'g>>,
    nodes: Vec<NodeJson<'g>>,
}

#[derive(Serialize)]
struct NodeJson<'g> {
    class: &'static str,
    docs: usize,
    id: &'g str,
    iri: String,
    label: String,
    mentions: u64,
    r: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wikidata: Option<&'g str>,
    x: f64,
    y: f64,
}

#[derive(Serialize)]
struct EdgeJson<'g> {
    ev: Vec<EvidenceJson<'g>>,
    /// The earliest and latest date of all the evidence (`ev` may be cut).
    first: Option<&'g str>,
    last: Option<&'g str>,
    o: usize,
    p: &'g str,
    s: usize,
    sym: bool,
    w: usize,
}

#[derive(Serialize)]
struct EvidenceJson<'g> {
    confidence: f64,
    date: Option<&'g str>,
    doc: &'g str,
    rule: &'g str,
    sentence: String,
}

/// Evidence sentences the page shows per edge. A large build has edges with
/// thousands; all of them made a page no browser would open (0.5 GB for a
/// 200 MB corpus). The page says how many more `relations.jsonl` holds.
const SHOWN_EVIDENCE: usize = 25;

/// The page's data: nodes with positions, edges by node index with their
/// first evidence, and the class colours.
fn graph_json<'g>(g: &'g KnowledgeGraph, o: &ExportOptions) -> Data<'g> {
    let positions = layout::layout(g);
    let mut index = HashMap::new();
    let mut nodes = Vec::with_capacity(g.node_count());
    for (i, (node, (x, y))) in g.nodes().zip(positions).enumerate() {
        let e = &node.entity;
        index.insert(e.key.as_str(), i);
        nodes.push(NodeJson {
            class: e.class.as_str(),
            docs: node.docs.len(),
            id: &e.key,
            iri: iri::entity(&o.base_iri, &e.key),
            label: display_label(node),
            mentions: node.mentions,
            r: node_size(node.mentions) / 2.0,
            text: (e.class == Class::Quote).then(|| squeeze(&e.label)),
            wikidata: e.wikidata.as_deref(),
            x,
            y,
        });
    }
    let edges = g
        .edges()
        .map(|v| EdgeJson {
            first: v
                .edge
                .evidence
                .iter()
                .filter_map(|e| e.date.as_deref())
                .min(),
            last: v
                .edge
                .evidence
                .iter()
                .filter_map(|e| e.date.as_deref())
                .max(),
            ev: (v.edge.evidence.iter().take(SHOWN_EVIDENCE))
                .map(|ev| EvidenceJson {
                    confidence: ev.confidence,
                    date: ev.date.as_deref(),
                    doc: &ev.doc,
                    rule: &ev.rule,
                    sentence: squeeze(&ev.sentence),
                })
                .collect(),
            o: index[v.object.entity.key.as_str()],
            p: &v.edge.predicate,
            s: index[v.subject.entity.key.as_str()],
            sym: o.is_symmetric(&v.edge.predicate),
            w: v.edge.weight(),
        })
        .collect();
    let classes = Class::ALL
        .iter()
        .map(|&c| {
            let (r, g, b) = class_colour(c);
            (c.as_str(), format!("#{r:02x}{g:02x}{b:02x}"))
        })
        .collect();
    Data {
        classes,
        edges,
        nodes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_the_element() {
        let mut out = Vec::new();
        let mut safe = ScriptSafe { w: &mut out };
        serde_json::to_writer(&mut safe, &serde_json::json!({"s": "</script><b>"})).unwrap();
        let safe = String::from_utf8(out).unwrap();
        assert!(!safe.contains('<'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["s"], "</script><b>");
    }
}
