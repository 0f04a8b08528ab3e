//! `entities.jsonl` and `relations.jsonl`, exactly as `docs/spec/outputs.md` fixes
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
    /// `null` when the document is undated: the key is always there.
    #[serde(default)]
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
    // What the lines of one edge share ("{"subject":…,"object":…,") is
    // serialized once per edge; each evidence adds its own fields. The bytes
    // are those of serializing a whole `RelationLine`.
    let mut head = Vec::new();
    let mut tail = Vec::new();
    for e in relation_edges(g) {
        head.clear();
        head.extend_from_slice(b"{\"subject\":");
        serde_json::to_writer(&mut head, &end(e.subject, o))?;
        head.extend_from_slice(b",\"predicate\":");
        serde_json::to_writer(&mut head, &e.edge.predicate)?;
        head.extend_from_slice(b",\"object\":");
        serde_json::to_writer(&mut head, &end(e.object, o))?;
        head.push(b',');
        for ev in &e.edge.evidence {
            tail.clear();
            serde_json::to_writer(&mut tail, &EvidenceFields::from(ev))?;
            w.write_all(&head)?;
            w.write_all(&tail[1..])?; // without its "{"
            w.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// The fields of a [`RelationLine`] that come from its evidence, in order.
#[derive(Serialize)]
struct EvidenceFields<'a> {
    doc: &'a str,
    sentence: &'a str,
    start: usize,
    end: usize,
    rule: &'a str,
    confidence: f64,
    date: Option<&'a str>,
}

impl<'a> From<&'a Evidence> for EvidenceFields<'a> {
    fn from(ev: &'a Evidence) -> Self {
        EvidenceFields {
            doc: &ev.doc,
            sentence: &ev.sentence,
            start: ev.start,
            end: ev.end,
            rule: &ev.rule,
            confidence: ev.confidence,
            date: ev.date.as_deref(),
        }
    }
}

/// The edges that are relations (not Sanctions node links), in graph order.
pub fn relation_edges(g: &KnowledgeGraph) -> impl Iterator<Item = EdgeView<'_>> {
    g.edges()
        .filter(|e| !SANCTIONS_LINKS.contains(&e.edge.predicate.as_str()))
}

/// The relation lines of a graph: one per (subject, predicate, object,
/// document, sentence), sorted by subject, predicate, object, then evidence.
pub fn relation_lines(g: &KnowledgeGraph, o: &ExportOptions) -> Vec<RelationLine> {
    relation_edges(g)
        .flat_map(|e| e.edge.evidence.iter().map(move |ev| line(&e, ev, o)))
        .collect()
}

fn line(e: &EdgeView<'_>, ev: &Evidence, o: &ExportOptions) -> RelationLine {
    RelationLine {
        subject: end(e.subject, o),
        predicate: e.edge.predicate.clone(),
        object: end(e.object, o),
        doc: ev.doc.to_string(),
        sentence: ev.sentence.to_string(),
        start: ev.start,
        end: ev.end,
        rule: ev.rule.to_string(),
        confidence: ev.confidence,
        date: ev.date.as_deref().map(str::to_string),
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
