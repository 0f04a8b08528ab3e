//! `entities.jsonl` and `relations.jsonl`, exactly as `spec/outputs.md` fixes
//! them: tools outside the project read these lines, so field names and order
//! are a contract.

use super::ExportOptions;
use crate::graph::{EdgeView, KnowledgeGraph, Node};
use crate::iri;
use crate::model::{Class, Evidence, SANCTIONS_LINKS};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct EntityLine<'a> {
    id: String,
    label: &'a str,
    class: Class,
    aliases: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wikidata: Option<&'a str>,
    docs: Vec<&'a str>,
    mentions: u64,
}

/// One end of a relation line.
#[derive(Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
pub struct End {
    pub id: String,
    pub label: String,
    pub class: Class,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub wikidata: Option<String>,
}

/// One line of `relations.jsonl`; also what `kg relations` and `kg eval` read.
#[derive(Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
pub struct RelationLine {
    pub subject: End,
    pub predicate: String,
    pub object: End,
    pub doc: String,
    pub sentence: String,
    pub start: usize,
    pub end: usize,
    pub rule: String,
    pub confidence: f64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<String>,
}

pub fn write_entities(g: &KnowledgeGraph, o: &ExportOptions, w: &mut dyn Write) -> io::Result<()> {
    for node in g.nodes().filter(|n| n.entity.class != Class::Quote) {
        let line = EntityLine {
            id: iri::entity(&o.base_iri, &node.entity.key),
            label: &node.entity.label,
            class: node.entity.class,
            aliases: node.aliases.iter().map(String::as_str).collect(),
            wikidata: node.entity.wikidata.as_deref(),
            docs: node.docs.iter().map(String::as_str).collect(),
            mentions: node.mentions,
        };
        serde_json::to_writer(&mut *w, &line)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

pub fn write_relations(g: &KnowledgeGraph, o: &ExportOptions, w: &mut dyn Write) -> io::Result<()> {
    for line in relation_lines(g, o) {
        serde_json::to_writer(&mut *w, &line)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// The relation lines of a graph: one per (subject, predicate, object,
/// document, sentence), sorted by subject, predicate, object, then evidence.
pub fn relation_lines(g: &KnowledgeGraph, o: &ExportOptions) -> Vec<RelationLine> {
    g.edges()
        .filter(|e| !SANCTIONS_LINKS.contains(&e.edge.predicate.as_str()))
        .flat_map(|e| e.edge.evidence.iter().map(move |ev| line(&e, ev, o)))
        .collect()
}

fn line(e: &EdgeView<'_>, ev: &Evidence, o: &ExportOptions) -> RelationLine {
    RelationLine {
        subject: end(e.subject, o),
        predicate: e.edge.predicate.clone(),
        object: end(e.object, o),
        doc: ev.doc.clone(),
        sentence: ev.sentence.clone(),
        start: ev.start,
        end: ev.end,
        rule: ev.rule.clone(),
        confidence: ev.confidence,
        date: ev.date.clone(),
    }
}

fn end(n: &Node, o: &ExportOptions) -> End {
    End {
        id: iri::entity(&o.base_iri, &n.entity.key),
        label: n.entity.label.clone(),
        class: n.entity.class,
        wikidata: n.entity.wikidata.clone(),
    }
}
