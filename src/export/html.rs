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
use super::graphml::{display_label, is_symmetric, squeeze};
use super::ExportOptions;
use crate::graph::KnowledgeGraph;
use crate::iri;
use crate::model::Class;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{self, Write};

const STYLE: &str = include_str!("html/view.css");
const SCRIPT: &str = include_str!("html/view.js");

pub fn write(g: &KnowledgeGraph, o: &ExportOptions, w: &mut dyn Write) -> io::Result<()> {
    let data = serde_json::to_string(&graph_json(g, o)).map_err(io::Error::other)?;
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
         <script type=\"application/json\" id=\"graph-data\">{}</script>\n\
         <script>\n{SCRIPT}</script>\n</body>\n</html>\n",
        script_safe(&data)
    )
}

/// JSON that cannot end a `<script>` element: `<` only occurs inside JSON
/// strings, where `\u003c` means the same.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
}

/// The page's data: nodes with positions, edges by node index with all
/// their evidence, and the class colours.
fn graph_json(g: &KnowledgeGraph, o: &ExportOptions) -> Value {
    let positions = layout::layout(g);
    let mut index = BTreeMap::new();
    let mut nodes = Vec::with_capacity(g.node_count());
    for (i, (node, (x, y))) in g.nodes().zip(positions).enumerate() {
        let e = &node.entity;
        index.insert(e.key.as_str(), i);
        let mut n = json!({
            "id": e.key,
            "label": display_label(node),
            "class": e.class.as_str(),
            "x": x,
            "y": y,
            "r": node_size(node.mentions) / 2.0,
            "mentions": node.mentions,
            "docs": node.docs.len(),
            "iri": iri::entity(&o.base_iri, &e.key),
        });
        if let Some(q) = &e.wikidata {
            n["wikidata"] = json!(q);
        }
        if e.class == Class::Quote {
            n["text"] = json!(squeeze(&e.label));
        }
        nodes.push(n);
    }
    let edges: Vec<Value> = g
        .edges()
        .map(|v| {
            let evidence: Vec<Value> = v
                .edge
                .evidence
                .iter()
                .map(|ev| {
                    json!({
                        "doc": ev.doc,
                        "sentence": squeeze(&ev.sentence),
                        "date": ev.date,
                        "rule": ev.rule,
                        "confidence": ev.confidence,
                    })
                })
                .collect();
            json!({
                "s": index[v.subject.entity.key.as_str()],
                "o": index[v.object.entity.key.as_str()],
                "p": v.edge.predicate,
                "sym": is_symmetric(&v.edge.predicate),
                "w": v.edge.weight(),
                "ev": evidence,
            })
        })
        .collect();
    let classes: serde_json::Map<String, Value> = Class::ALL
        .iter()
        .map(|&c| {
            let (r, g, b) = class_colour(c);
            (
                c.as_str().to_string(),
                json!(format!("#{r:02x}{g:02x}{b:02x}")),
            )
        })
        .collect();
    json!({"nodes": nodes, "edges": edges, "classes": classes})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_the_element() {
        let json = serde_json::to_string(&json!({"s": "</script><b>"})).unwrap();
        let safe = script_safe(&json);
        assert!(!safe.contains('<'));
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["s"], "</script><b>");
    }
}
