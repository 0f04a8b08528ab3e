//! `graph.json`: a lossless dump of the [`KnowledgeGraph`], one JSON object
//! per line, so `kg merge` can rebuild the graph of several finished builds
//! (shards) and write every export again.
//!
//! Lines come in a fixed order, each sorted: first `{"base": IRI}`, the
//! base the build's IRIs were made with (so a merge keeps it), then
//! `{"document": DocMeta}` by name, then `{"node": ...}` by key, then `{"edge": ...}` by (subject,
//! predicate, object) with its evidence in the graph's order. Nodes come
//! before the edges that need them, so a reader can stream the file.

use super::ExportOptions;
use crate::graph::{KnowledgeGraph, Node};
use crate::model::{DocMeta, EntityRecord, Evidence};
use serde::{Deserialize, Serialize};
use std::io::{self, BufRead, Write};

/// One line of the dump.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Line {
    Base(String),
    Document(DocMeta),
    Node {
        entity: EntityRecord,
        aliases: Vec<String>,
        docs: Vec<String>,
        mentions: u64,
    },
    Edge {
        subject: String,
        predicate: String,
        object: String,
        evidence: Vec<Evidence>,
    },
}

pub fn write(g: &KnowledgeGraph, o: &ExportOptions, w: &mut dyn Write) -> io::Result<()> {
    line(w, &Line::Base(o.base_iri.clone()))?;
    for meta in g.documents.values() {
        line(w, &Line::Document(meta.clone()))?;
    }
    for n in g.nodes() {
        line(
            w,
            &Line::Node {
                entity: n.entity.clone(),
                aliases: n.aliases.iter().cloned().collect(),
                docs: n.docs.iter().cloned().collect(),
                mentions: n.mentions,
            },
        )?;
    }
    for e in g.edges() {
        line(
            w,
            &Line::Edge {
                subject: e.subject.entity.key.clone(),
                predicate: e.edge.predicate.clone(),
                object: e.object.entity.key.clone(),
                evidence: e.edge.evidence.clone(),
            },
        )?;
    }
    Ok(())
}

fn line(w: &mut dyn Write, l: &Line) -> io::Result<()> {
    serde_json::to_writer(&mut *w, l)?;
    w.write_all(b"\n")
}

/// Reads a dump into `g` (adding to what it holds), line by line. `name`
/// labels errors ("graph.json:12: ..."). Returns the base IRI the dump
/// records (`None` for dumps written before it was recorded).
pub fn read_into(
    g: &mut KnowledgeGraph,
    name: &str,
    r: impl BufRead,
) -> anyhow::Result<Option<String>> {
    let mut base = None;
    for (i, text) in r.lines().enumerate() {
        let at = || format!("{name}:{}", i + 1);
        let text = text.map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", at()))?;
        if text.trim().is_empty() {
            continue;
        }
        let parsed: Line =
            serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", at()))?;
        match parsed {
            Line::Base(iri) => base = Some(iri),
            Line::Document(meta) => {
                g.documents.insert(meta.name.clone(), meta);
            }
            Line::Node {
                entity,
                aliases,
                docs,
                mentions,
            } => g.add_node(Node {
                entity,
                aliases: aliases.into_iter().collect(),
                docs: docs.into_iter().collect(),
                mentions,
            }),
            Line::Edge {
                subject,
                predicate,
                object,
                evidence,
            } => {
                for ev in evidence {
                    if !g.add_evidence(&subject, &predicate, &object, ev) {
                        anyhow::bail!("{}: edge between unknown nodes {subject} / {object}", at());
                    }
                }
            }
        }
    }
    Ok(base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Class, DocResult, EntitySeen, Fact, Object};

    fn seen(key: &str, class: Class) -> EntitySeen {
        EntitySeen {
            entity: EntityRecord {
                key: key.into(),
                label: key.to_uppercase(),
                class,
                wikidata: Some("Q1".into()),
            },
            aliases: vec![key.into()],
            mentions: 2,
        }
    }

    fn sample() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        let evidence = Evidence {
            doc: "a.txt".into(),
            sentence: "Putin met Lukashenko, “quoted”.".into(),
            start: 3,
            end: 40,
            rule: "meets.1".into(),
            confidence: 0.85,
            date: Some("2024-01-02".into()),
        };
        g.add(DocResult {
            meta: DocMeta {
                name: "a.txt".into(),
                title: Some("T".into()),
                ..DocMeta::default()
            },
            entities: vec![
                seen("putin", Class::Person),
                seen("lukashenko", Class::Person),
            ],
            facts: vec![
                Fact {
                    subject: "putin".into(),
                    predicate: "meets".into(),
                    object: Object::Entity("lukashenko".into()),
                    evidence: evidence.clone(),
                },
                Fact {
                    subject: "putin".into(),
                    predicate: "said".into(),
                    object: Object::Quote("quoted".into()),
                    evidence,
                },
            ],
        });
        g
    }

    fn dump(g: &KnowledgeGraph) -> Vec<u8> {
        let mut out = Vec::new();
        write(g, &ExportOptions::default(), &mut out).unwrap();
        out
    }

    #[test]
    fn a_dump_reads_back_to_the_same_dump() {
        let g = sample();
        let first = dump(&g);
        let mut back = KnowledgeGraph::new();
        let base = read_into(&mut back, "graph.json", first.as_slice()).unwrap();
        assert_eq!(base.as_deref(), Some(crate::iri::DEFAULT_BASE));
        assert_eq!(back.node_count(), g.node_count());
        assert_eq!(back.edge_count(), g.edge_count());
        assert_eq!(
            String::from_utf8(dump(&back)).unwrap(),
            String::from_utf8(first).unwrap()
        );
    }

    #[test]
    fn the_base_iri_is_recorded() {
        let opts = ExportOptions {
            base_iri: "http://data.example.net/".into(),
            ..ExportOptions::default()
        };
        let mut out = Vec::new();
        write(&sample(), &opts, &mut out).unwrap();
        let first = String::from_utf8(out).unwrap();
        assert!(first.starts_with("{\"base\":\"http://data.example.net/\"}\n"));
        let mut back = KnowledgeGraph::new();
        let base = read_into(&mut back, "graph.json", first.as_bytes()).unwrap();
        assert_eq!(base.as_deref(), Some("http://data.example.net/"));
    }

    #[test]
    fn bad_lines_are_named() {
        let mut g = KnowledgeGraph::new();
        let err = read_into(&mut g, "x.json", "\n{\"nope\": 1}\n".as_bytes()).unwrap_err();
        assert!(err.to_string().starts_with("x.json:2:"), "{err}");
        let edge = r#"{"edge":{"subject":"a","predicate":"p","object":"b","evidence":[{"doc":"d","sentence":"s","start":0,"end":1,"rule":"r","confidence":1.0,"date":null}]}}"#;
        let err = read_into(&mut g, "y.json", edge.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("unknown nodes"), "{err}");
    }
}
