//! RDF exports: `graph.ttl` (Turtle with prefixes), `graph.nt` (N-Triples,
//! one sorted triple a line) and `graph.trig` (facts in the default graph,
//! each document's evidence in a named graph named by the document's IRI).
//!
//! All three hold the same triples. Every relation is a plain triple
//! (`entity:a kg:meetsWith entity:b`); its evidence is a node of its own,
//! tied to the triple by standard RDF reification (`rdf:subject`,
//! `rdf:predicate`, `rdf:object`). RDF 1.2 triple terms would be neater, but
//! they need the `rdf-12` feature on every ox* crate at once and are not yet
//! read by most triple stores; reification loads everywhere.
//!
//! Vocabulary (kept to standard terms where one exists):
//! - entities: `rdf:type kg:Class`, `rdfs:label`, `skos:altLabel` (aliases),
//!   `owl:sameAs wd:Q…`, `kg:mentionCount`; Sanctions nodes add `dcterms:date`.
//! - documents (`schema:NewsArticle`): `dcterms:identifier` (file name),
//!   `dcterms:title`, `dcterms:date`, `dcterms:creator` (a `prov:Agent` with
//!   an `rdfs:label`), `dcterms:source` (the URL), `schema:mentions` (entities).
//! - evidence (`rdf:Statement`, `kg:Evidence`): `prov:wasDerivedFrom` (the
//!   document), `schema:text` (the sentence), `oa:start`/`oa:end` (character
//!   offsets, as the W3C Web Annotation model defines them), `kg:rule`,
//!   `kg:confidence`, `dcterms:date` (the date the fact holds on).
//!
//! How it is written (issue #5): the syntax is printed here, not through
//! oxttl's serializers, because building and checking an `oxrdf` term per
//! triple cost more than everything else in the export. Every IRI is
//! checked and spelt (`<…>` and prefixed) once, when [`Terms`] is built.
//! The output is byte for byte what oxttl 0.2 writes (the unit tests compare
//! it with the oxttl writer kept in `rdf_reference.rs`; `tests/rdf.rs` parses
//! it back). N-Triples are sorted without holding the file in memory: all
//! subjects are `{base}author/…`, `doc/…`, `entity/…` or `evidence/…`, so
//! lines can be written subject by subject, each subject's few lines sorted
//! on their own, evidence nodes last, in the order of their hash.

use super::ExportOptions;
use crate::graph::{Edge, KnowledgeGraph, Node};
use crate::iri;
use crate::model::{Class, DocMeta, Evidence, SANCTIONS_LINKS};
use oxrdf::NamedNode;
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const SCHEMA: &str = "https://schema.org/";
pub const OA: &str = "http://www.w3.org/ns/oa#";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// Output is gathered in a buffer and handed to the writer in blocks of
/// about this size: a `dyn Write` call per term would cost more than the term.
const BLOCK: usize = 1 << 16;

/// Writes every triple as N-Triples, sorted and without duplicates, so that
/// two builds diff line by line and shards merge with `sort -mu`.
pub fn write_ntriples(g: &KnowledgeGraph, o: &ExportOptions, w: &mut dyn Write) -> io::Result<()> {
    let t = Terms::new(g, &o.base_iri)?;
    let mut sink = Lines::new(w);
    // Authors, documents and entities, sorted by their `<iri>` (which sorts
    // the lines, since the subject starts them); IRIs shared by several
    // sources (two authors with the same slug) make one group.
    let mut subjects: Vec<(String, Source)> = Vec::new();
    for (i, meta) in g.documents.values().enumerate() {
        subjects.push((t.doc(&meta.name).nt.clone(), Source::Doc(i)));
        if let Some(a) = author_of(meta) {
            subjects.push((t.author(a).nt, Source::Author(i)));
        }
    }
    for (i, e) in t.entity.iter().enumerate() {
        subjects.push((e.nt.clone(), Source::Entity(i)));
    }
    subjects.sort_by(|a, b| a.0.cmp(&b.0));
    let docs: Vec<&DocMeta> = g.documents.values().collect();
    for group in subjects.chunk_by(|a, b| a.0 == b.0) {
        for (_, source) in group {
            match *source {
                Source::Doc(i) => document(&t, docs[i], &mut sink)?,
                Source::Author(i) => author(&t, docs[i], &mut sink)?,
                Source::Entity(i) => entity(&t, i, &mut sink)?,
            }
        }
        sink.flush_subject(&group[0].0)?;
    }
    // Evidence nodes sort after every other subject ("evidence/" > "entity/",
    // "doc/", "author/"), and among themselves by their fixed-width hex hash.
    let mut nodes: Vec<(u64, u32, u32)> = Vec::new();
    for (i, e) in t.edges.iter().enumerate() {
        for (j, ev) in e.edge.evidence.iter().enumerate() {
            nodes.push((t.evidence_hash(e, ev), i as u32, j as u32));
        }
    }
    nodes.sort_unstable();
    for group in nodes.chunk_by(|a, b| a.0 == b.0) {
        let node = t.evidence_node(group[0].0);
        for &(_, i, j) in group {
            let e = &t.edges[i as usize];
            evidence(&t, &node, e, &e.edge.evidence[j as usize], &mut sink)?;
        }
        sink.flush_subject(&node.nt)?;
    }
    sink.finish()
}

/// Writes every triple as Turtle with prefixes, grouped by subject.
pub fn write_turtle(g: &KnowledgeGraph, o: &ExportOptions, w: &mut dyn Write) -> io::Result<()> {
    let t = Terms::new(g, &o.base_iri)?;
    let mut sink = Pretty::new(w, &t.prefixes, false);
    statements(g, &t, &mut sink)?;
    sink.finish()
}

/// Writes the facts in the default graph and each document's evidence in a
/// named graph whose name is the document's IRI.
pub fn write_trig(g: &KnowledgeGraph, o: &ExportOptions, w: &mut dyn Write) -> io::Result<()> {
    let t = Terms::new(g, &o.base_iri)?;
    let mut sink = Pretty::new(w, &t.prefixes, true);
    statements(g, &t, &mut sink)?;
    sink.finish()
}

/// The prefixes written in Turtle and TriG, data namespaces last.
pub fn prefixes(base: &str) -> Vec<(&'static str, String)> {
    vec![
        ("kg", iri::ONTOLOGY_NS.to_string()),
        ("rdf", RDF.to_string()),
        ("rdfs", RDFS.to_string()),
        ("owl", OWL.to_string()),
        ("xsd", XSD.to_string()),
        ("skos", SKOS.to_string()),
        ("prov", PROV.to_string()),
        ("dcterms", DCTERMS.to_string()),
        ("schema", SCHEMA.to_string()),
        ("oa", OA.to_string()),
        ("wd", iri::WIKIDATA_ENTITY.to_string()),
        ("entity", format!("{base}entity/")),
        ("doc", format!("{base}doc/")),
        ("evidence", format!("{base}evidence/")),
        ("author", format!("{base}author/")),
    ]
}

/// The IRI of the evidence node for one piece of evidence of one edge:
/// stable, derived from the document, the sentence offsets and the triple.
pub fn evidence_iri(
    base: &str,
    subject: &str,
    predicate: &str,
    object: &str,
    ev: &Evidence,
) -> String {
    format!(
        "{base}evidence/{:016x}",
        evidence_hash(subject, predicate, object, ev)
    )
}

/// FNV-1a (as `graph::quote_key`) of "doc\0start\0end\0s\0p\0o", fed piece
/// by piece rather than formatted into a string first.
fn evidence_hash(subject: &str, predicate: &str, object: &str, ev: &Evidence) -> u64 {
    let mut h = Fnv::new();
    h.feed(ev.doc.as_bytes());
    h.feed(b"\0");
    h.feed(decimal(ev.start, &mut [0; 20]));
    h.feed(b"\0");
    h.feed(decimal(ev.end, &mut [0; 20]));
    for part in [subject, predicate, object] {
        h.feed(b"\0");
        h.feed(part.as_bytes());
    }
    h.0
}

/// FNV-1a: stable across platforms and releases.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf29ce484222325)
    }
    fn feed(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x100000001b3);
        }
    }
}

/// `n` in decimal digits, written into `buf`.
fn decimal(mut n: usize, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[i..];
        }
    }
}

/// A subject of the N-Triples that is not an evidence node.
#[derive(Clone, Copy)]
enum Source {
    /// Index into `g.documents`.
    Doc(usize),
    /// The author of the document of that index.
    Author(usize),
    /// Index into `g.nodes()`.
    Entity(usize),
}

/// Emits every statement of the graph, grouped by subject: documents, then
/// entities each followed by its outgoing relations, then the evidence
/// nodes, grouped by document (each in its document's named graph).
fn statements(g: &KnowledgeGraph, t: &Terms, sink: &mut impl Sink) -> io::Result<()> {
    for meta in g.documents.values() {
        document(t, meta, sink)?;
        author(t, meta, sink)?;
    }
    for i in 0..t.entity.len() {
        entity(t, i, sink)?;
    }
    // By document, and within one in edge order (a stable sort keeps it).
    let mut items: Vec<(&str, usize, usize)> = Vec::new();
    for (i, e) in t.edges.iter().enumerate() {
        for (j, ev) in e.edge.evidence.iter().enumerate() {
            items.push((&*ev.doc, i, j));
        }
    }
    items.sort_by_key(|&(doc, _, _)| doc);
    for (_, i, j) in items {
        let e = &t.edges[i];
        let ev = &e.edge.evidence[j];
        let node = t.evidence_node(t.evidence_hash(e, ev));
        evidence(t, &node, e, ev, sink)?;
    }
    Ok(())
}

/// The document's own statements (not its author's).
fn document(t: &Terms, meta: &DocMeta, sink: &mut impl Sink) -> io::Result<()> {
    let v = &t.vocab;
    let d = t.doc(&meta.name);
    let mut add = |p: &Iri, o: Obj| sink.triple(None, &d, p, o);
    add(&v.rdf_type, Obj::Iri(&v.news_article))?;
    add(&v.dc_identifier, Obj::Str(&meta.name))?;
    if let Some(title) = meta.title.as_deref().filter(|t| !t.trim().is_empty()) {
        add(&v.dc_title, Obj::Str(title))?;
    }
    if let Some(date) = &meta.date {
        add(&v.dc_date, date_obj(v, date))?;
    }
    if let Some(a) = author_of(meta) {
        add(&v.dc_creator, Obj::Iri(&t.author(a)))?;
    }
    if let Some(url) = &meta.url {
        // A URL that is not a valid IRI is still worth keeping, as text.
        match NamedNode::new(url.as_str()) {
            Ok(_) => add(&v.dc_source, Obj::Iri(&t.spell(url.clone())))?,
            Err(_) => add(&v.dc_source, Obj::Str(url))?,
        }
    }
    for &i in t.mentioned.get(meta.name.as_str()).into_iter().flatten() {
        add(&v.schema_mentions, Obj::Iri(&t.entity[i]))?;
    }
    Ok(())
}

/// The document's author as a `prov:Agent`, if it has one.
fn author(t: &Terms, meta: &DocMeta, sink: &mut impl Sink) -> io::Result<()> {
    let Some(name) = author_of(meta) else {
        return Ok(());
    };
    let v = &t.vocab;
    let a = t.author(name);
    sink.triple(None, &a, &v.rdf_type, Obj::Iri(&v.prov_agent))?;
    sink.triple(None, &a, &v.rdfs_label, Obj::Str(name))
}

fn author_of(meta: &DocMeta) -> Option<&str> {
    meta.author.as_deref().filter(|a| !iri::slug(a).is_empty())
}

/// An entity's statements, then the relations it is the subject of.
fn entity(t: &Terms, i: usize, sink: &mut impl Sink) -> io::Result<()> {
    let v = &t.vocab;
    let node = t.nodes[i];
    let e = &node.entity;
    let s = &t.entity[i];
    let mut add = |p: &Iri, o: Obj| sink.triple(None, s, p, o);
    add(&v.rdf_type, Obj::Iri(&v.classes[class_index(e.class)]))?;
    add(&v.rdfs_label, Obj::Str(&e.label))?;
    for alias in node.aliases.iter().filter(|a| **a != e.label) {
        add(&v.alt_label, Obj::Str(alias))?;
    }
    if let Some(q) = e.wikidata.as_deref().filter(|q| is_wikidata_id(q)) {
        let wd = t.spell(format!("{}{q}", iri::WIKIDATA_ENTITY));
        add(&v.same_as, Obj::Iri(&wd))?;
    }
    if node.mentions > 0 {
        let n = node.mentions.to_string();
        add(&v.mention_count, Obj::Typed(&n, &v.xsd_integer))?;
    }
    if e.class == Class::Sanctions {
        if let Some(date) = t.sanctions.get(e.key.as_str()) {
            add(&v.dc_date, date_obj(v, date))?;
        }
    }
    for edge in &t.edges[t.out[i].clone()] {
        add(&t.predicates[edge.p], Obj::Iri(&t.entity[edge.o]))?;
    }
    Ok(())
}

/// One evidence node's statements, in its document's named graph.
fn evidence(
    t: &Terms,
    node: &Iri,
    e: &EdgeRef<'_>,
    ev: &Evidence,
    sink: &mut impl Sink,
) -> io::Result<()> {
    let v = &t.vocab;
    let doc = t.doc(&ev.doc);
    let graph = Some(&*doc);
    let mut add = |p: &Iri, o: Obj| sink.triple(graph, node, p, o);
    add(&v.rdf_type, Obj::Iri(&v.rdf_statement))?;
    add(&v.rdf_type, Obj::Iri(&v.kg_evidence))?;
    add(&v.rdf_subject, Obj::Iri(&t.entity[e.s]))?;
    add(&v.rdf_predicate, Obj::Iri(&t.predicates[e.p]))?;
    add(&v.rdf_object, Obj::Iri(&t.entity[e.o]))?;
    add(&v.derived_from, Obj::Iri(&doc))?;
    add(&v.schema_text, Obj::Str(&ev.sentence))?;
    let (start, end) = (ev.start.to_string(), ev.end.to_string());
    add(&v.oa_start, Obj::Typed(&start, &v.xsd_non_negative))?;
    add(&v.oa_end, Obj::Typed(&end, &v.xsd_non_negative))?;
    add(&v.kg_rule, Obj::Str(&ev.rule))?;
    let confidence = decimal_text(ev.confidence);
    add(&v.kg_confidence, Obj::Typed(&confidence, &v.xsd_decimal))?;
    if let Some(date) = &ev.date {
        add(&v.dc_date, date_obj(v, date))?;
    }
    Ok(())
}

/// An `xsd:decimal` in canonical-looking form: always a dot, no exponent,
/// at most 6 decimals (confidences are rule weights, not measurements).
fn decimal_text(x: f64) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    let mut s = format!("{x:.6}");
    while s.ends_with('0') && !s.ends_with(".0") {
        s.pop();
    }
    s
}

/// `xsd:date` when the text is an ISO date, else a plain string: a malformed
/// date stays visible rather than becoming an invalid literal.
fn date_obj<'a>(v: &'a Vocab, date: &'a str) -> Obj<'a> {
    if crate::model::is_iso_date(date) {
        Obj::Typed(date, &v.xsd_date)
    } else {
        Obj::Str(date)
    }
}

fn is_wikidata_id(q: &str) -> bool {
    q.len() > 1 && q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit())
}

fn class_index(c: Class) -> usize {
    Class::ALL.iter().position(|&k| k == c).unwrap_or(0)
}

/// An IRI with its two spellings: `<…>` (N-Triples) and the Turtle one
/// (prefixed where a prefix fits, as oxttl picks it).
#[derive(Clone, Debug)]
struct Iri {
    full: String,
    nt: String,
    ttl: String,
}

/// The object of a statement.
#[derive(Clone, Copy)]
enum Obj<'a> {
    Iri(&'a Iri),
    /// A simple literal (`xsd:string`).
    Str(&'a str),
    /// A literal of another datatype: lexical form and datatype.
    Typed(&'a str, &'a Datatype),
}

/// A literal datatype and whether Turtle may write a value of it bare
/// (`3`, `0.5`), as oxttl does for `xsd:integer` and `xsd:decimal`.
struct Datatype {
    iri: Iri,
    bare: fn(&str) -> bool,
}

/// The vocabulary IRIs, spelt once per export.
struct Vocab {
    rdf_type: Iri,
    rdf_statement: Iri,
    rdf_subject: Iri,
    rdf_predicate: Iri,
    rdf_object: Iri,
    rdfs_label: Iri,
    alt_label: Iri,
    same_as: Iri,
    dc_identifier: Iri,
    dc_title: Iri,
    dc_date: Iri,
    dc_creator: Iri,
    dc_source: Iri,
    news_article: Iri,
    schema_mentions: Iri,
    schema_text: Iri,
    prov_agent: Iri,
    derived_from: Iri,
    oa_start: Iri,
    oa_end: Iri,
    kg_evidence: Iri,
    kg_rule: Iri,
    kg_confidence: Iri,
    mention_count: Iri,
    /// `kg:Person` … in the order of `Class::ALL`.
    classes: Vec<Iri>,
    xsd_integer: Datatype,
    xsd_non_negative: Datatype,
    xsd_decimal: Datatype,
    xsd_date: Datatype,
}

/// An edge with its ends and predicate as indexes into [`Terms`].
struct EdgeRef<'g> {
    s: usize,
    p: usize,
    o: usize,
    edge: &'g Edge,
}

/// Everything the three writers need, worked out once per export: IRIs
/// checked and spelt, edges indexed, mentions and Sanctions dates gathered.
struct Terms<'g> {
    base: String,
    /// (name, IRI), longest IRI first: the order oxttl tries them in.
    prefixes: Vec<(String, String)>,
    vocab: Vocab,
    nodes: Vec<&'g Node>,
    /// The IRI of each node, by node index.
    entity: Vec<Iri>,
    predicates: Vec<Iri>,
    /// Edges sorted as `g.edges()`: by subject, predicate, object.
    edges: Vec<EdgeRef<'g>>,
    /// The edges of each node (as subject), a range of `edges`.
    out: Vec<std::ops::Range<usize>>,
    docs: HashMap<&'g str, Iri>,
    /// For each document, the non-quote nodes it mentions, by key.
    mentioned: HashMap<&'g str, Vec<usize>>,
    /// The date of each Sanctions node: the earliest date any of its links
    /// (`imposedBy`, `targets`, `inResponseTo`) holds on.
    sanctions: BTreeMap<&'g str, &'g str>,
}

impl<'g> Terms<'g> {
    fn new(g: &'g KnowledgeGraph, base: &str) -> io::Result<Terms<'g>> {
        // Checks the base once, so that an invalid --base-iri fails early.
        NamedNode::new(iri::entity(base, "x")).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("invalid base IRI {base:?}: {e}"),
            )
        })?;
        let prefixes = sorted_prefixes(base);
        let nodes: Vec<&Node> = g.nodes().collect();
        let index: HashMap<&str, usize> = (nodes.iter().enumerate())
            .map(|(i, n)| (n.entity.key.as_str(), i))
            .collect();
        let entity = (nodes.iter())
            .map(|n| checked(iri::entity(base, &n.entity.key), &prefixes))
            .collect::<io::Result<Vec<Iri>>>()?;
        let mut predicates: Vec<Iri> = Vec::new();
        let mut predicate_index: HashMap<&str, usize> = HashMap::new();
        let mut edges = Vec::with_capacity(g.edge_count());
        for view in g.edges() {
            let name = view.edge.predicate.as_str();
            let p = match predicate_index.get(name) {
                Some(&p) => p,
                None => {
                    predicates.push(checked(iri::term(name), &prefixes)?);
                    predicate_index.insert(name, predicates.len() - 1);
                    predicates.len() - 1
                }
            };
            edges.push(EdgeRef {
                s: index[view.subject.entity.key.as_str()],
                p,
                o: index[view.object.entity.key.as_str()],
                edge: view.edge,
            });
        }
        // Edges are sorted by subject key, as nodes are: each node's edges
        // are one run.
        let out = (0..nodes.len())
            .map(|i| {
                edges.partition_point(|e: &EdgeRef| e.s < i)..edges.partition_point(|e| e.s <= i)
            })
            .collect();
        let mut docs: HashMap<&str, Iri> = HashMap::new();
        let evidence_docs =
            (edges.iter()).flat_map(|e: &EdgeRef<'g>| e.edge.evidence.iter().map(|ev| &*ev.doc));
        for name in g.documents.keys().map(String::as_str).chain(evidence_docs) {
            if !docs.contains_key(name) {
                docs.insert(name, spell(iri::document(base, name), &prefixes));
            }
        }
        let mut mentioned: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, node) in nodes.iter().enumerate() {
            if node.entity.class == Class::Quote {
                continue; // said, not mentioned: evidence ties it to its document
            }
            for doc in &node.docs {
                mentioned.entry(doc.as_str()).or_default().push(i);
            }
        }
        Ok(Terms {
            base: base.to_string(),
            vocab: Vocab::new(&prefixes),
            sanctions: sanctions_dates(&edges, &nodes),
            prefixes,
            nodes,
            entity,
            predicates,
            edges,
            out,
            docs,
            mentioned,
        })
    }

    /// `full` spelt both ways, without checking it.
    fn spell(&self, full: String) -> Iri {
        spell(full, &self.prefixes)
    }

    fn doc(&self, name: &str) -> std::borrow::Cow<'_, Iri> {
        match self.docs.get(name) {
            Some(d) => std::borrow::Cow::Borrowed(d),
            None => std::borrow::Cow::Owned(self.spell(iri::document(&self.base, name))),
        }
    }

    fn author(&self, name: &str) -> Iri {
        self.spell(format!("{}author/{}", self.base, iri::slug(name)))
    }

    fn evidence_hash(&self, e: &EdgeRef<'_>, ev: &Evidence) -> u64 {
        let key = |i: usize| self.nodes[i].entity.key.as_str();
        evidence_hash(key(e.s), &e.edge.predicate, key(e.o), ev)
    }

    fn evidence_node(&self, hash: u64) -> Iri {
        self.spell(format!("{}evidence/{hash:016x}", self.base))
    }
}

fn sanctions_dates<'g>(edges: &[EdgeRef<'g>], nodes: &[&'g Node]) -> BTreeMap<&'g str, &'g str> {
    let mut out: BTreeMap<&str, &str> = BTreeMap::new();
    for e in edges {
        if !SANCTIONS_LINKS.contains(&e.edge.predicate.as_str()) {
            continue;
        }
        if let Some((first, _)) = e.edge.date_span() {
            let key = nodes[e.s].entity.key.as_str();
            let date = out.entry(key).or_insert(first);
            *date = (*date).min(first);
        }
    }
    out
}

/// `full` spelt both ways, without checking it.
fn spell(full: String, prefixes: &[(String, String)]) -> Iri {
    Iri {
        nt: format!("<{full}>"),
        ttl: turtle_iri(&full, prefixes),
        full,
    }
}

/// `full` spelt both ways, if it is a valid IRI.
fn checked(full: String, prefixes: &[(String, String)]) -> io::Result<Iri> {
    if let Err(e) = NamedNode::new(full.as_str()) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("invalid IRI <{full}>: {e}"),
        ));
    }
    Ok(spell(full, prefixes))
}

/// The prefixes as oxttl keeps them: by name, then longest IRI first.
fn sorted_prefixes(base: &str) -> Vec<(String, String)> {
    let by_name: BTreeMap<String, String> = prefixes(base)
        .into_iter()
        .map(|(n, p)| (n.to_string(), p))
        .collect();
    let mut out: Vec<(String, String)> = by_name.into_iter().collect();
    // The very call oxttl makes, so that ties fall the same way.
    out.sort_unstable_by_key(|(_, p)| Reverse(p.len()));
    out
}

impl Vocab {
    fn new(prefixes: &[(String, String)]) -> Vocab {
        let n = |ns: &str, local: &str| spell(format!("{ns}{local}"), prefixes);
        let kg = |local: &str| spell(iri::term(local), prefixes);
        let dt = |local: &str, bare: fn(&str) -> bool| Datatype {
            iri: n(XSD, local),
            bare,
        };
        Vocab {
            rdf_type: n(RDF, "type"),
            rdf_statement: n(RDF, "Statement"),
            rdf_subject: n(RDF, "subject"),
            rdf_predicate: n(RDF, "predicate"),
            rdf_object: n(RDF, "object"),
            rdfs_label: n(RDFS, "label"),
            alt_label: n(SKOS, "altLabel"),
            same_as: n(OWL, "sameAs"),
            dc_identifier: n(DCTERMS, "identifier"),
            dc_title: n(DCTERMS, "title"),
            dc_date: n(DCTERMS, "date"),
            dc_creator: n(DCTERMS, "creator"),
            dc_source: n(DCTERMS, "source"),
            news_article: n(SCHEMA, "NewsArticle"),
            schema_mentions: n(SCHEMA, "mentions"),
            schema_text: n(SCHEMA, "text"),
            prov_agent: n(PROV, "Agent"),
            derived_from: n(PROV, "wasDerivedFrom"),
            oa_start: n(OA, "start"),
            oa_end: n(OA, "end"),
            kg_evidence: kg("Evidence"),
            kg_rule: kg("rule"),
            kg_confidence: kg("confidence"),
            mention_count: kg("mentionCount"),
            classes: Class::ALL.iter().map(|c| kg(c.as_str())).collect(),
            xsd_integer: dt("integer", is_turtle_integer),
            xsd_non_negative: dt("nonNegativeInteger", |_| false),
            xsd_decimal: dt("decimal", is_turtle_decimal),
            xsd_date: dt("date", |_| false),
        }
    }
}

/// Where statements go: a subject's sorted lines, or pretty Turtle/TriG.
trait Sink {
    /// One statement; `graph` is the named graph (`None`: the default graph).
    fn triple(&mut self, graph: Option<&Iri>, s: &Iri, p: &Iri, o: Obj) -> io::Result<()>;
}

/// N-Triples, one subject at a time: its lines (without the subject) are
/// gathered, then sorted, deduplicated and written by `flush_subject`.
struct Lines<'w> {
    w: &'w mut dyn Write,
    out: Vec<u8>,
    arena: Vec<u8>,
    lines: Vec<(usize, usize)>,
}

impl<'w> Lines<'w> {
    fn new(w: &'w mut dyn Write) -> Lines<'w> {
        Lines {
            w,
            out: Vec::with_capacity(BLOCK * 2),
            arena: Vec::new(),
            lines: Vec::new(),
        }
    }

    fn flush_subject(&mut self, subject_nt: &str) -> io::Result<()> {
        let arena = &self.arena;
        self.lines
            .sort_unstable_by(|a, b| arena[a.0..a.1].cmp(&arena[b.0..b.1]));
        self.lines
            .dedup_by(|a, b| arena[a.0..a.1] == arena[b.0..b.1]);
        for &(start, end) in &self.lines {
            self.out.extend_from_slice(subject_nt.as_bytes());
            self.out.push(b' ');
            self.out.extend_from_slice(&arena[start..end]);
            self.out.extend_from_slice(b" .\n");
        }
        self.arena.clear();
        self.lines.clear();
        if self.out.len() >= BLOCK {
            self.w.write_all(&self.out)?;
            self.out.clear();
        }
        Ok(())
    }

    fn finish(self) -> io::Result<()> {
        self.w.write_all(&self.out)
    }
}

impl Sink for Lines<'_> {
    fn triple(&mut self, _graph: Option<&Iri>, _s: &Iri, p: &Iri, o: Obj) -> io::Result<()> {
        let start = self.arena.len();
        self.arena.extend_from_slice(p.nt.as_bytes());
        self.arena.push(b' ');
        match o {
            Obj::Iri(i) => self.arena.extend_from_slice(i.nt.as_bytes()),
            Obj::Str(s) => quoted(&mut self.arena, s),
            Obj::Typed(s, dt) => {
                quoted(&mut self.arena, s);
                self.arena.extend_from_slice(b"^^");
                self.arena.extend_from_slice(dt.iri.nt.as_bytes());
            }
        }
        self.lines.push((start, self.arena.len()));
        Ok(())
    }
}

/// Turtle or TriG as oxttl's `LowLevelTriGSerializer` writes it: the
/// prefixes first, then one block per run of statements with the same
/// subject (`;` between predicates, `,` between objects of one predicate).
struct Pretty<'w> {
    w: &'w mut dyn Write,
    out: Vec<u8>,
    prefixes: Vec<(String, String)>,
    /// TriG: write named graphs; Turtle: everything in the default graph.
    trig: bool,
    started: bool,
    /// The open named graph's IRI, if any.
    graph: Option<String>,
    /// The subject and predicate of the last statement, if a block is open.
    open: bool,
    subject: String,
    predicate: String,
}

impl<'w> Pretty<'w> {
    fn new(w: &'w mut dyn Write, prefixes: &[(String, String)], trig: bool) -> Pretty<'w> {
        Pretty {
            w,
            out: Vec::with_capacity(BLOCK * 2),
            prefixes: prefixes.to_vec(),
            trig,
            started: false,
            graph: None,
            open: false,
            subject: String::new(),
            predicate: String::new(),
        }
    }

    fn finish(mut self) -> io::Result<()> {
        if self.open {
            self.out.extend_from_slice(b" .\n");
        }
        if self.graph.is_some() {
            self.out.extend_from_slice(b"}\n");
        }
        self.w.write_all(&self.out)
    }

    fn prelude(&mut self) {
        for (name, iri) in &self.prefixes {
            let line = format!("@prefix {name}: <{iri}> .\n");
            self.out.extend_from_slice(line.as_bytes());
        }
    }

    fn predicate_term(&mut self, p: &Iri) {
        if p.full == RDF_TYPE {
            self.out.push(b'a');
        } else {
            self.out.extend_from_slice(p.ttl.as_bytes());
        }
    }

    fn object(&mut self, o: Obj) {
        match o {
            Obj::Iri(i) => self.out.extend_from_slice(i.ttl.as_bytes()),
            Obj::Str(s) => quoted(&mut self.out, s),
            Obj::Typed(s, dt) if (dt.bare)(s) => self.out.extend_from_slice(s.as_bytes()),
            Obj::Typed(s, dt) => {
                quoted(&mut self.out, s);
                self.out.extend_from_slice(b"^^");
                self.out.extend_from_slice(dt.iri.ttl.as_bytes());
            }
        }
    }

    /// Subject, predicate and object, after the indent of a named graph.
    fn full_statement(&mut self, s: &Iri, p: &Iri, o: Obj) {
        if self.graph.is_some() {
            self.out.push(b'\t');
        }
        self.out.extend_from_slice(s.ttl.as_bytes());
        self.out.push(b' ');
        self.predicate_term(p);
        self.out.push(b' ');
        self.object(o);
    }

    fn remember(&mut self, s: &Iri, p: &Iri) {
        self.open = true;
        self.subject.clear();
        self.subject.push_str(&s.full);
        self.predicate.clear();
        self.predicate.push_str(&p.full);
    }
}

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

impl Sink for Pretty<'_> {
    fn triple(&mut self, graph: Option<&Iri>, s: &Iri, p: &Iri, o: Obj) -> io::Result<()> {
        if !self.started {
            self.started = true;
            self.prelude();
        }
        let graph = graph.filter(|_| self.trig);
        if graph.map(|g| g.full.as_str()) == self.graph.as_deref() {
            if !self.open {
                self.remember(s, p);
                self.full_statement(s, p, o);
            } else if s.full != self.subject {
                self.out.extend_from_slice(b" .\n");
                self.remember(s, p);
                self.full_statement(s, p, o);
            } else if p.full != self.predicate {
                self.out.extend_from_slice(b" ;\n");
                if self.graph.is_some() {
                    self.out.push(b'\t');
                }
                self.out.push(b'\t');
                self.predicate_term(p);
                self.out.push(b' ');
                self.object(o);
                self.predicate.clear();
                self.predicate.push_str(&p.full);
            } else {
                self.out.extend_from_slice(b" , ");
                self.object(o);
            }
        } else {
            if self.open {
                self.out.extend_from_slice(b" .\n");
            }
            if self.graph.is_some() {
                self.out.extend_from_slice(b"}\n");
            }
            self.graph = graph.map(|g| g.full.clone());
            if let Some(g) = graph {
                self.out.extend_from_slice(g.ttl.as_bytes());
                self.out.extend_from_slice(b" {\n");
            }
            self.remember(s, p);
            self.full_statement(s, p, o);
        }
        if self.out.len() >= BLOCK {
            self.w.write_all(&self.out)?;
            self.out.clear();
        }
        Ok(())
    }
}

/// A string literal in double quotes, escaped as oxrdf prints it.
fn quoted(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut done = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let escape: Option<&[u8]> = match b {
            b'\x08' => Some(b"\\b"),
            b'\t' => Some(b"\\t"),
            b'\n' => Some(b"\\n"),
            b'\x0c' => Some(b"\\f"),
            b'\r' => Some(b"\\r"),
            b'"' => Some(b"\\\""),
            b'\\' => Some(b"\\\\"),
            0..=0x1f | 0x7f => None,
            // U+FFFE and U+FFFF: EF BF BE, EF BF BF.
            0xef if bytes.get(i + 1) == Some(&0xbf)
                && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)) =>
            {
                None
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[done..i]);
        match escape {
            Some(e) => {
                out.extend_from_slice(e);
                i += 1;
            }
            None => {
                let c = s[i..].chars().next().unwrap_or('\u{fffd}');
                out.extend_from_slice(format!("\\u{:04X}", u32::from(c)).as_bytes());
                i += c.len_utf8();
            }
        }
        done = i;
    }
    out.extend_from_slice(&bytes[done..]);
    out.push(b'"');
}

/// How oxttl writes an IRI in Turtle: with the first prefix (longest
/// first) that leaves a valid local name, else in full.
fn turtle_iri(full: &str, prefixes: &[(String, String)]) -> String {
    for (name, prefix) in prefixes {
        if let Some(local) = full.strip_prefix(prefix.as_str()) {
            if local.is_empty() {
                return format!("{name}:");
            }
            if let Some(local) = escape_local_name(local) {
                return format!("{name}:{local}");
            }
        }
    }
    format!("<{full}>")
}

/// PN_LOCAL with the escapes oxttl 0.2 writes, or `None` if `value` cannot
/// be one.
fn escape_local_name(value: &str) -> Option<String> {
    let mut output = String::with_capacity(value.len());
    let mut chars = value.chars();
    let first = chars.next()?;
    if is_pn_chars_u(first) || first == ':' || first.is_ascii_digit() {
        output.push(first);
    } else if can_be_escaped_in_local_name(first) {
        output.push('\\');
        output.push(first);
    } else {
        return None;
    }
    while let Some(c) = chars.next() {
        if is_pn_chars(c) || c == ':' || (c == '.' && !chars.as_str().is_empty()) {
            output.push(c);
        } else if can_be_escaped_in_local_name(c) {
            output.push('\\');
            output.push(c);
        } else {
            return None;
        }
    }
    Some(output)
}

fn can_be_escaped_in_local_name(c: char) -> bool {
    matches!(
        c,
        '_' | '~'
            | '.'
            | '-'
            | '!'
            | '$'
            | '&'
            | '\''
            | '('
            | ')'
            | '*'
            | '+'
            | ','
            | ';'
            | '='
            | '/'
            | '?'
            | '#'
            | '@'
            | '%'
    )
}

fn is_pn_chars_base(c: char) -> bool {
    matches!(c,
        'A'..='Z'
        | 'a'..='z'
        | '\u{00C0}'..='\u{00D6}'
        | '\u{00D8}'..='\u{00F6}'
        | '\u{00F8}'..='\u{02FF}'
        | '\u{0370}'..='\u{037D}'
        | '\u{037F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}'
        | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

fn is_pn_chars_u(c: char) -> bool {
    is_pn_chars_base(c) || c == '_'
}

fn is_pn_chars(c: char) -> bool {
    is_pn_chars_u(c)
        || matches!(c, '-' | '0'..='9' | '\u{00B7}' | '\u{0300}'..='\u{036F}' | '\u{203F}'..='\u{2040}')
}

/// `[+-]? [0-9]+` (Turtle INTEGER).
fn is_turtle_integer(value: &str) -> bool {
    let v = value.strip_prefix(['+', '-']).unwrap_or(value);
    !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())
}

/// `[+-]? [0-9]* '.' [0-9]+` (Turtle DECIMAL).
fn is_turtle_decimal(value: &str) -> bool {
    let v = value.strip_prefix(['+', '-']).unwrap_or(value);
    let v = v.trim_start_matches(|c: char| c.is_ascii_digit());
    match v.strip_prefix('.') {
        Some(frac) => !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit()),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_always_have_a_dot() {
        assert_eq!(decimal_text(1.0), "1.0");
        assert_eq!(decimal_text(0.9), "0.9");
        assert_eq!(decimal_text(0.125), "0.125");
    }

    #[test]
    fn evidence_iris_differ_by_sentence() {
        let ev = |start| Evidence {
            doc: "a.txt".into(),
            sentence: "s".into(),
            start,
            end: 10,
            rule: "r".into(),
            confidence: 0.5,
            date: None,
        };
        let a = evidence_iri("http://x/", "s", "p", "o", &ev(0));
        let b = evidence_iri("http://x/", "s", "p", "o", &ev(1));
        assert_ne!(a, b);
        assert!(a.starts_with("http://x/evidence/"));
    }

    use crate::model::{DocResult, EntityRecord, EntitySeen, Fact, Object};

    fn seen(key: &str, class: Class, label: &str) -> EntitySeen {
        EntitySeen {
            entity: EntityRecord {
                key: key.into(),
                label: label.into(),
                class,
                wikidata: Some(format!("Q{}", key.len())),
            },
            aliases: vec![label.into(), format!("{label} \"alias\"")],
            mentions: key.len() as u64,
        }
    }

    fn fact(s: &str, p: &str, o: Object, doc: &str, start: usize, date: Option<&str>) -> Fact {
        Fact {
            subject: s.into(),
            predicate: p.into(),
            object: o,
            evidence: Evidence {
                doc: doc.into(),
                sentence: format!("Line\tbreak\n \\ \"{s}\" \u{1} {p} \u{fffe} é").into(),
                start,
                end: start + 40,
                rule: format!("{p}.rule").into(),
                confidence: 0.25 + start as f64 / 1000.0,
                date: date.map(std::sync::Arc::from),
            },
        }
    }

    /// A graph with the awkward cases: keys that sort differently as IRIs
    /// (`a`, `a-b`, `a_b`), documents and authors whose slugs collide,
    /// URLs valid and not, dates ISO and not, evidence from a document the
    /// graph has no metadata for.
    fn awkward() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        let entities = vec![
            seen("a", Class::Person, "A"),
            seen("a-b", Class::Country, "A-B"),
            seen("a_b", Class::Organization, "A B"),
            seen("sanctions-1", Class::Sanctions, "Sanctions"),
        ];
        let docs = [
            ("a.txt", Some("Jane Roe"), Some("https://news.example/a b")),
            (
                "a_txt",
                Some("jane  roe"),
                Some("https://example.org/kg/doc/x"),
            ),
            ("b.txt", Some("!!"), None),
        ];
        for (k, (name, author, url)) in docs.into_iter().enumerate() {
            let other = if k == 2 { "ghost.txt" } else { name };
            g.add(DocResult {
                meta: DocMeta {
                    name: name.into(),
                    title: Some(if k == 1 {
                        " ".into()
                    } else {
                        format!("T \"{k}\"")
                    }),
                    date: Some(if k == 0 { "2020-01-02" } else { "May 2020" }.into()),
                    date_source: None,
                    author: author.map(String::from),
                    url: url.map(String::from),
                },
                entities: entities.clone(),
                facts: vec![
                    fact(
                        "a",
                        "meetsWith",
                        Object::Entity("a-b".into()),
                        name,
                        k,
                        Some("2020-03-04"),
                    ),
                    fact(
                        "a_b",
                        "criticizes",
                        Object::Entity("a".into()),
                        other,
                        k,
                        None,
                    ),
                    fact(
                        "a",
                        "said",
                        Object::Quote(format!("We said \"{k}\"")),
                        name,
                        7,
                        None,
                    ),
                    fact(
                        "sanctions-1",
                        "targets",
                        Object::Entity("a".into()),
                        name,
                        k,
                        Some("2021-01-01"),
                    ),
                    fact(
                        "sanctions-1",
                        "imposedBy",
                        Object::Entity("a_b".into()),
                        name,
                        k,
                        Some("2019-05-06"),
                    ),
                ],
            });
        }
        g
    }

    #[test]
    fn output_matches_the_oxttl_writers_byte_for_byte() {
        use super::super::rdf_reference as reference;
        type W = fn(&KnowledgeGraph, &ExportOptions, &mut dyn Write) -> io::Result<()>;
        let pairs: [(W, W); 3] = [
            (write_ntriples, reference::write_ntriples),
            (write_turtle, reference::write_turtle),
            (write_trig, reference::write_trig),
        ];
        for g in [awkward(), KnowledgeGraph::new()] {
            for base in [crate::iri::DEFAULT_BASE, "http://kg.test/x#"] {
                let o = ExportOptions {
                    base_iri: base.into(),
                    ..ExportOptions::default()
                };
                for (fast, slow) in pairs {
                    let (mut a, mut b) = (Vec::new(), Vec::new());
                    fast(&g, &o, &mut a).unwrap();
                    slow(&g, &o, &mut b).unwrap();
                    assert_eq!(String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap());
                }
            }
        }
    }

    #[test]
    fn quoting_matches_oxrdf() {
        for s in [
            "plain",
            "a \"q\" \\ b",
            "tab\tnl\ncr\rbs\x08ff\x0c",
            "nul\0 us\x1f del\x7f",
            "non-char \u{fffe}\u{ffff} ok \u{fffd} é “x”",
            "",
        ] {
            let mut out = Vec::new();
            quoted(&mut out, s);
            let expected = oxrdf::Literal::new_simple_literal(s).to_string();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{s:?}");
        }
    }
}
