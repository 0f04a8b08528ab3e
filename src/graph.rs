//! The graph stage: merges per-document results into one petgraph graph,
//! one node per entity and one edge per (subject, predicate, object), each
//! edge carrying all its evidence.
//!
//! Merging is order-independent: nodes and edges are keyed by stable ids and
//! every accessor returns them sorted, so the exports do not depend on the
//! order (or the thread) in which documents finished.

use crate::model::{Class, DocMeta, DocResult, EntityRecord, Evidence, Fact, Object};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use std::collections::{BTreeMap, BTreeSet};

/// An entity node with what all documents said of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub entity: EntityRecord,
    /// Surface forms as written, over all documents.
    pub aliases: BTreeSet<String>,
    /// Every document that mentions the entity.
    pub docs: BTreeSet<String>,
    pub mentions: u64,
}

/// A relation: one per (subject, predicate, object).
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub predicate: String,
    /// Sorted by (doc, start, end, rule); one per (doc, sentence).
    pub evidence: Vec<Evidence>,
}

impl Edge {
    /// The evidence count, the edge's weight.
    pub fn weight(&self) -> usize {
        self.evidence.len()
    }
    /// The highest confidence of any evidence.
    pub fn confidence(&self) -> f64 {
        self.evidence
            .iter()
            .map(|e| e.confidence)
            .fold(0.0, f64::max)
    }
    /// Earliest and latest evidence date, if any evidence is dated.
    pub fn date_span(&self) -> Option<(&str, &str)> {
        let mut dates = self.evidence.iter().filter_map(|e| e.date.as_deref());
        let first = dates.next()?;
        Some(dates.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))))
    }
}

/// A borrowed view of one edge with both ends.
#[derive(Clone, Copy, Debug)]
pub struct EdgeView<'g> {
    pub subject: &'g Node,
    pub object: &'g Node,
    pub edge: &'g Edge,
}

/// The merged knowledge graph of a build.
#[derive(Clone, Debug, Default)]
pub struct KnowledgeGraph {
    pub graph: StableDiGraph<Node, Edge>,
    nodes: BTreeMap<String, NodeIndex>,
    edges: BTreeMap<(String, String, String), EdgeIndex>,
    /// Metadata of every document, by name.
    pub documents: BTreeMap<String, DocMeta>,
}

/// The key of the node a quotation becomes: stable, derived from its text.
pub fn quote_key(text: &str) -> String {
    // FNV-1a: tiny, stable across platforms and releases (unlike std's hasher).
    let mut h: u64 = 0xcbf29ce484222325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("quote-{h:016x}")
}

impl KnowledgeGraph {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one document's result. Adding the same documents in any order
    /// gives the same graph.
    pub fn add(&mut self, result: DocResult) {
        let doc = result.meta.name.clone();
        for seen in result.entities {
            let ix = self.node(seen.entity);
            let node = &mut self.graph[ix];
            node.aliases.extend(seen.aliases);
            node.docs.insert(doc.clone());
            node.mentions += seen.mentions;
        }
        for fact in result.facts {
            self.add_fact(fact);
        }
        self.documents.insert(doc, result.meta);
    }

    /// Adds every node, edge and document of `other`.
    pub fn merge(&mut self, other: KnowledgeGraph) {
        let mut other = other;
        for (_, ix) in std::mem::take(&mut other.nodes) {
            let n = other.graph[ix].clone();
            let mine = self.node(n.entity.clone());
            let node = &mut self.graph[mine];
            node.aliases.extend(n.aliases);
            node.docs.extend(n.docs);
            node.mentions += n.mentions;
        }
        for (_, ix) in std::mem::take(&mut other.edges) {
            let (s, o) = other.graph.edge_endpoints(ix).expect("indexed edge exists");
            let (s, o) = (
                other.graph[s].entity.key.clone(),
                other.graph[o].entity.key.clone(),
            );
            let e = other.graph[ix].clone();
            for ev in e.evidence {
                self.add_edge(&s, &e.predicate, &o, ev);
            }
        }
        self.documents.append(&mut other.documents);
    }

    /// Adds a node as a dump holds it (see `export::dump`): merged like
    /// [`KnowledgeGraph::merge`] merges nodes.
    pub fn add_node(&mut self, n: Node) {
        let ix = self.node(n.entity);
        let node = &mut self.graph[ix];
        node.aliases.extend(n.aliases);
        node.docs.extend(n.docs);
        node.mentions += n.mentions;
    }

    /// Adds one evidence of the edge (subject, predicate, object) between
    /// two nodes already added; false (and nothing added) if either is unknown.
    pub fn add_evidence(
        &mut self,
        subject: &str,
        predicate: &str,
        object: &str,
        ev: Evidence,
    ) -> bool {
        if !self.nodes.contains_key(subject) || !self.nodes.contains_key(object) {
            return false;
        }
        self.add_edge(subject, predicate, object, ev);
        true
    }

    fn add_fact(&mut self, fact: Fact) {
        let object = match fact.object {
            Object::Entity(key) => key,
            Object::Quote(text) => {
                let record = EntityRecord {
                    key: quote_key(&text),
                    label: text,
                    class: Class::Quote,
                    wikidata: None,
                };
                let key = record.key.clone();
                let ix = self.node(record);
                self.graph[ix].docs.insert(fact.evidence.doc.to_string());
                key
            }
        };
        if !self.nodes.contains_key(&fact.subject) || !self.nodes.contains_key(&object) {
            // Extraction only states facts about entities it reported; a
            // dangling key is a bug upstream, not something to invent a node for.
            debug_assert!(
                false,
                "fact about unknown entity: {} / {}",
                fact.subject, object
            );
            return;
        }
        self.add_edge(&fact.subject, &fact.predicate, &object, fact.evidence);
    }

    fn node(&mut self, entity: EntityRecord) -> NodeIndex {
        if let Some(&ix) = self.nodes.get(&entity.key) {
            let known = &mut self.graph[ix].entity;
            if known.wikidata.is_none() {
                known.wikidata = entity.wikidata;
            }
            return ix;
        }
        let key = entity.key.clone();
        let ix = self.graph.add_node(Node {
            entity,
            aliases: BTreeSet::new(),
            docs: BTreeSet::new(),
            mentions: 0,
        });
        self.nodes.insert(key, ix);
        ix
    }

    fn add_edge(&mut self, subject: &str, predicate: &str, object: &str, ev: Evidence) {
        let key = (
            subject.to_string(),
            predicate.to_string(),
            object.to_string(),
        );
        let ix = match self.edges.get(&key) {
            Some(&ix) => ix,
            None => {
                let (s, o) = (self.nodes[subject], self.nodes[object]);
                let ix = self.graph.add_edge(
                    s,
                    o,
                    Edge {
                        predicate: predicate.to_string(),
                        evidence: Vec::new(),
                    },
                );
                self.edges.insert(key, ix);
                ix
            }
        };
        let evidence = &mut self.graph[ix].evidence;
        // One evidence per (doc, sentence): keep the most confident rule.
        // The list is kept sorted by (doc, start, end), unique on it, so a
        // binary search finds the place: a hub edge with 100k evidence lines
        // must not be scanned and re-sorted on every insert.
        let found = evidence
            .binary_search_by(|e| (&*e.doc, e.start, e.end).cmp(&(&*ev.doc, ev.start, ev.end)));
        match found {
            Ok(i) if better(&ev, &evidence[i]) => evidence[i] = ev,
            Ok(_) => {}
            Err(i) => evidence.insert(i, ev),
        }
    }

    /// Nodes sorted by key.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values().map(|&ix| &self.graph[ix])
    }

    pub fn node_by_key(&self, key: &str) -> Option<&Node> {
        self.nodes.get(key).map(|&ix| &self.graph[ix])
    }

    /// Edges sorted by (subject key, predicate, object key).
    pub fn edges(&self) -> impl Iterator<Item = EdgeView<'_>> {
        self.edges.values().map(|&ix| {
            let (s, o) = self.graph.edge_endpoints(ix).expect("indexed edge exists");
            EdgeView {
                subject: &self.graph[s],
                object: &self.graph[o],
                edge: &self.graph[ix],
            }
        })
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }
}

/// Higher confidence wins; ties go to the smaller rule id, so the choice does
/// not depend on the order facts arrive in.
fn better(new: &Evidence, old: &Evidence) -> bool {
    new.confidence > old.confidence || (new.confidence == old.confidence && new.rule < old.rule)
}
