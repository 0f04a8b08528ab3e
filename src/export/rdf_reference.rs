//! The RDF writers as they were before issue #5, through oxttl's
//! serializers: kept for the tests only, as the reference the fast writers
//! of `rdf.rs` must match byte for byte.

use super::ExportOptions;
use crate::graph::{EdgeView, KnowledgeGraph, Node};
use crate::iri;
use crate::model::{Class, DocMeta, Evidence, SANCTIONS_LINKS};
use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term, TripleRef};
use oxttl::{TriGSerializer, TurtleSerializer};
use std::collections::BTreeMap;
use std::io::{self, Write};

pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const SCHEMA: &str = "https://schema.org/";
pub const OA: &str = "http://www.w3.org/ns/oa#";

/// Writes every triple as N-Triples, sorted and without duplicates, so that
/// two builds diff line by line and shards merge with `sort -mu`.
pub fn write_ntriples(g: &KnowledgeGraph, o: &ExportOptions, w: &mut dyn Write) -> io::Result<()> {
    let mut lines = Vec::new();
    statements(g, o, &mut |q| {
        lines.push(TripleRef::from(q.as_ref()).to_string());
        Ok(())
    })?;
    lines.sort_unstable();
    lines.dedup();
    for line in lines {
        w.write_all(line.as_bytes())?;
        w.write_all(b" .\n")?;
    }
    Ok(())
}

/// Writes every triple as Turtle with prefixes, grouped by subject.
pub fn write_turtle(g: &KnowledgeGraph, o: &ExportOptions, w: &mut dyn Write) -> io::Result<()> {
    let mut ser = TurtleSerializer::new();
    for (name, ns) in prefixes(&o.base_iri) {
        ser = ser.with_prefix(name, ns).map_err(invalid)?;
    }
    let mut ser = ser.for_writer(w);
    statements(g, o, &mut |q| {
        ser.serialize_triple(TripleRef::from(q.as_ref()))
    })?;
    ser.finish()?;
    Ok(())
}

/// Writes the facts in the default graph and each document's evidence in a
/// named graph whose name is the document's IRI.
pub fn write_trig(g: &KnowledgeGraph, o: &ExportOptions, w: &mut dyn Write) -> io::Result<()> {
    let mut ser = TriGSerializer::new();
    for (name, ns) in prefixes(&o.base_iri) {
        ser = ser.with_prefix(name, ns).map_err(invalid)?;
    }
    let mut ser = ser.for_writer(w);
    statements(g, o, &mut |q| ser.serialize_quad(q.as_ref()))?;
    ser.finish()?;
    Ok(())
}

/// The prefixes written in Turtle and TriG, data namespaces last.
pub fn prefixes(base: &str) -> Vec<(&'static str, String)> {
    vec![
        ("kg", iri::ONTOLOGY_NS.to_string()),
        (
            "rdf",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#".to_string(),
        ),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#".to_string()),
        ("owl", OWL.to_string()),
        ("xsd", "http://www.w3.org/2001/XMLSchema#".to_string()),
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
    let key = format!(
        "{}\0{}\0{}\0{subject}\0{predicate}\0{object}",
        ev.doc, ev.start, ev.end
    );
    format!("{base}evidence/{:016x}", fnv1a(key.as_bytes()))
}

/// FNV-1a: stable across platforms and releases, as `graph::quote_key`.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

type Emit<'a> = dyn FnMut(Quad) -> io::Result<()> + 'a;

/// Emits every statement of the graph, grouped by subject: documents, then
/// entities each followed by its outgoing relations, then the evidence
/// nodes, grouped by document (each in its document's named graph).
fn statements(g: &KnowledgeGraph, o: &ExportOptions, emit: &mut Emit) -> io::Result<()> {
    let v = Vocab::new(&o.base_iri)?;
    let mentioned = mentions_by_doc(g);
    let sanctions = sanctions_dates(g);
    for meta in g.documents.values() {
        document(&v, meta, mentioned.get(meta.name.as_str()), emit)?;
    }
    let mut edges = g.edges().peekable();
    for node in g.nodes() {
        entity(
            &v,
            node,
            sanctions.get(node.entity.key.as_str()).copied(),
            emit,
        )?;
        while let Some(e) = edges.next_if(|e| e.subject.entity.key == node.entity.key) {
            let s = v.entity(&e.subject.entity.key)?;
            let o = v.entity(&e.object.entity.key)?;
            emit(v.fact(s, v.term(&e.edge.predicate)?, o.into()))?;
        }
    }
    for (doc, items) in evidence_by_doc(g) {
        let graph = GraphName::NamedNode(v.doc(doc)?);
        for (e, ev) in items {
            evidence(&v, &graph, e, ev, emit)?;
        }
    }
    Ok(())
}

/// For each document, the entities it mentions (sorted by key). Quotes are
/// said, not mentioned: their evidence ties them to their document.
fn mentions_by_doc(g: &KnowledgeGraph) -> BTreeMap<&str, Vec<&Node>> {
    let mut out: BTreeMap<&str, Vec<&Node>> = BTreeMap::new();
    for node in g.nodes().filter(|n| n.entity.class != Class::Quote) {
        for doc in &node.docs {
            out.entry(doc.as_str()).or_default().push(node);
        }
    }
    out
}

/// For each document, the (edge, evidence) pairs read in it, in edge order.
fn evidence_by_doc(g: &KnowledgeGraph) -> BTreeMap<&str, Vec<(EdgeView<'_>, &Evidence)>> {
    let mut out: BTreeMap<&str, Vec<(EdgeView<'_>, &Evidence)>> = BTreeMap::new();
    for e in g.edges() {
        for ev in &e.edge.evidence {
            out.entry(&*ev.doc).or_default().push((e, ev));
        }
    }
    out
}

fn document(
    v: &Vocab,
    meta: &DocMeta,
    mentioned: Option<&Vec<&Node>>,
    emit: &mut Emit,
) -> io::Result<()> {
    let d = v.doc(&meta.name)?;
    let mut add = |p: &NamedNode, o: Term| emit(v.fact(d.clone(), p.clone(), o));
    add(
        &rdf::TYPE.into_owned(),
        v.named(&format!("{SCHEMA}NewsArticle"))?.into(),
    )?;
    add(
        &v.dc_identifier,
        Literal::new_simple_literal(&meta.name).into(),
    )?;
    if let Some(title) = meta.title.as_deref().filter(|t| !t.trim().is_empty()) {
        add(&v.dc_title, Literal::new_simple_literal(title).into())?;
    }
    if let Some(date) = &meta.date {
        add(&v.dc_date, date_literal(date).into())?;
    }
    if let Some(author) = meta.author.as_deref().filter(|a| !iri::slug(a).is_empty()) {
        add(&v.dc_creator, v.author(author)?.into())?;
    }
    if let Some(url) = &meta.url {
        // A URL that is not a valid IRI is still worth keeping, as text.
        let source = match NamedNode::new(url) {
            Ok(n) => Term::from(n),
            Err(_) => Literal::new_simple_literal(url).into(),
        };
        add(&v.dc_source, source)?;
    }
    for node in mentioned.into_iter().flatten() {
        add(&v.schema_mentions, v.entity(&node.entity.key)?.into())?;
    }
    if let Some(author) = meta.author.as_deref().filter(|a| !iri::slug(a).is_empty()) {
        let a = v.author(author)?;
        emit(v.fact(
            a.clone(),
            rdf::TYPE.into_owned(),
            v.named(&format!("{PROV}Agent"))?.into(),
        ))?;
        emit(v.fact(
            a,
            rdfs::LABEL.into_owned(),
            Literal::new_simple_literal(author).into(),
        ))?;
    }
    Ok(())
}

fn entity(v: &Vocab, node: &Node, sanctions_date: Option<&str>, emit: &mut Emit) -> io::Result<()> {
    let e = &node.entity;
    let s = v.entity(&e.key)?;
    let mut add = |p: NamedNode, o: Term| emit(v.fact(s.clone(), p, o));
    add(rdf::TYPE.into_owned(), v.term(e.class.as_str())?.into())?;
    add(
        rdfs::LABEL.into_owned(),
        Literal::new_simple_literal(&e.label).into(),
    )?;
    for alias in node.aliases.iter().filter(|a| **a != e.label) {
        add(
            v.alt_label.clone(),
            Literal::new_simple_literal(alias).into(),
        )?;
    }
    if let Some(q) = e.wikidata.as_deref().filter(|q| is_wikidata_id(q)) {
        add(
            v.same_as.clone(),
            v.named(&format!("{}{q}", iri::WIKIDATA_ENTITY))?.into(),
        )?;
    }
    if node.mentions > 0 {
        let n = Literal::new_typed_literal(node.mentions.to_string(), xsd::INTEGER);
        add(v.term("mentionCount")?, n.into())?;
    }
    if let Some(date) = sanctions_date.filter(|_| e.class == Class::Sanctions) {
        add(v.dc_date.clone(), date_literal(date).into())?;
    }
    Ok(())
}

/// The date of each Sanctions node: the earliest date any of its links
/// (`imposedBy`, `targets`, `inResponseTo`) holds on.
fn sanctions_dates(g: &KnowledgeGraph) -> BTreeMap<&str, &str> {
    let mut out: BTreeMap<&str, &str> = BTreeMap::new();
    for e in g.edges() {
        if !SANCTIONS_LINKS.contains(&e.edge.predicate.as_str()) {
            continue;
        }
        if let Some((first, _)) = e.edge.date_span() {
            let date = out.entry(e.subject.entity.key.as_str()).or_insert(first);
            *date = (*date).min(first);
        }
    }
    out
}

fn evidence(
    v: &Vocab,
    graph: &GraphName,
    e: EdgeView<'_>,
    ev: &Evidence,
    emit: &mut Emit,
) -> io::Result<()> {
    let (s, p, o) = (
        &e.subject.entity.key,
        &e.edge.predicate,
        &e.object.entity.key,
    );
    let node = v.named(&evidence_iri(&v.base, s, p, o, ev))?;
    let mut add =
        |pred: NamedNode, obj: Term| emit(Quad::new(node.clone(), pred, obj, graph.clone()));
    add(rdf::TYPE.into_owned(), rdf::STATEMENT.into_owned().into())?;
    add(rdf::TYPE.into_owned(), v.term("Evidence")?.into())?;
    add(rdf::SUBJECT.into_owned(), v.entity(s)?.into())?;
    add(rdf::PREDICATE.into_owned(), v.term(p)?.into())?;
    add(rdf::OBJECT.into_owned(), v.entity(o)?.into())?;
    add(v.derived_from.clone(), v.doc(&ev.doc)?.into())?;
    add(
        v.schema_text.clone(),
        Literal::new_simple_literal(&*ev.sentence).into(),
    )?;
    add(v.oa_start.clone(), offset_literal(ev.start).into())?;
    add(v.oa_end.clone(), offset_literal(ev.end).into())?;
    add(
        v.term("rule")?,
        Literal::new_simple_literal(&*ev.rule).into(),
    )?;
    add(v.term("confidence")?, decimal_literal(ev.confidence).into())?;
    if let Some(date) = &ev.date {
        add(v.dc_date.clone(), date_literal(date).into())?;
    }
    Ok(())
}

fn offset_literal(n: usize) -> Literal {
    Literal::new_typed_literal(n.to_string(), xsd::NON_NEGATIVE_INTEGER)
}

/// An `xsd:decimal` in canonical-looking form: always a dot, no exponent,
/// at most 6 decimals (confidences are rule weights, not measurements).
fn decimal_literal(x: f64) -> Literal {
    let x = if x.is_finite() { x } else { 0.0 };
    let mut s = format!("{x:.6}");
    while s.ends_with('0') && !s.ends_with(".0") {
        s.pop();
    }
    Literal::new_typed_literal(s, xsd::DECIMAL)
}

/// `xsd:date` when the text is an ISO date, else a plain string: a malformed
/// date stays visible rather than becoming an invalid literal.
fn date_literal(date: &str) -> Literal {
    if crate::model::is_iso_date(date) {
        Literal::new_typed_literal(date, xsd::DATE)
    } else {
        Literal::new_simple_literal(date)
    }
}

fn is_wikidata_id(q: &str) -> bool {
    q.len() > 1 && q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit())
}

fn invalid(e: impl std::error::Error + Send + Sync + 'static) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e)
}

/// The IRIs the writers use, built and checked once per export.
struct Vocab {
    base: String,
    alt_label: NamedNode,
    same_as: NamedNode,
    dc_identifier: NamedNode,
    dc_title: NamedNode,
    dc_date: NamedNode,
    dc_creator: NamedNode,
    dc_source: NamedNode,
    schema_mentions: NamedNode,
    schema_text: NamedNode,
    derived_from: NamedNode,
    oa_start: NamedNode,
    oa_end: NamedNode,
}

impl Vocab {
    fn new(base: &str) -> io::Result<Vocab> {
        let n = |s: String| NamedNode::new(s).map_err(invalid);
        // Checks the base once, so that an invalid --base-iri fails early.
        NamedNode::new(iri::entity(base, "x")).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("invalid base IRI {base:?}: {e}"),
            )
        })?;
        Ok(Vocab {
            base: base.to_string(),
            alt_label: n(format!("{SKOS}altLabel"))?,
            same_as: n(format!("{OWL}sameAs"))?,
            dc_identifier: n(format!("{DCTERMS}identifier"))?,
            dc_title: n(format!("{DCTERMS}title"))?,
            dc_date: n(format!("{DCTERMS}date"))?,
            dc_creator: n(format!("{DCTERMS}creator"))?,
            dc_source: n(format!("{DCTERMS}source"))?,
            schema_mentions: n(format!("{SCHEMA}mentions"))?,
            schema_text: n(format!("{SCHEMA}text"))?,
            derived_from: n(format!("{PROV}wasDerivedFrom"))?,
            oa_start: n(format!("{OA}start"))?,
            oa_end: n(format!("{OA}end"))?,
        })
    }

    fn named(&self, s: &str) -> io::Result<NamedNode> {
        NamedNode::new(s).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("invalid IRI <{s}>: {e}"),
            )
        })
    }

    fn entity(&self, key: &str) -> io::Result<NamedNode> {
        self.named(&iri::entity(&self.base, key))
    }

    fn doc(&self, name: &str) -> io::Result<NamedNode> {
        self.named(&iri::document(&self.base, name))
    }

    fn author(&self, name: &str) -> io::Result<NamedNode> {
        self.named(&format!("{}author/{}", self.base, iri::slug(name)))
    }

    fn term(&self, name: &str) -> io::Result<NamedNode> {
        self.named(&iri::term(name))
    }

    fn fact(&self, s: NamedNode, p: NamedNode, o: Term) -> Quad {
        Quad::new(NamedOrBlankNode::from(s), p, o, GraphName::DefaultGraph)
    }
}
