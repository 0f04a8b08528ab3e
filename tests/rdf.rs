//! RDF exports (graph.ttl, graph.nt, graph.trig) and the ontology: parsed
//! back with oxttl, compared statement by statement, and checked against
//! the OWL declarations of `ontology/ontology.ttl`.
//!
//! The graph under test is built from the hand-made gold files of the five
//! seed articles (`tests/data/gold/`), with evidence sentences located in
//! `seeds/`, plus the Sanctions nodes the articles describe (the gold files
//! name those nodes but do not link them). It is `pub` so that the SPARQL
//! tests query the same graph.

use kg::export::{rdf, ExportOptions};
use kg::graph::KnowledgeGraph;
use kg::model::{Class, DocMeta, DocResult, EntityRecord, EntitySeen, Evidence, Fact, Object};
use oxrdf::vocab::{rdf as rdfv, xsd};
use oxrdf::{GraphName, NamedNode, Quad, Term, Triple};
use oxttl::{NTriplesParser, TriGParser, TurtleParser};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const KG: &str = "https://example.org/kg/ontology#";
const OWL: &str = "http://www.w3.org/2002/07/owl#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// (predicate, object key) links of a Sanctions node.
type Links = &'static [(&'static str, &'static str)];

/// Sanctions measures as the articles describe them: (doc, node, a phrase
/// of the sentence that says it, links).
const SANCTIONS: &[(&str, &str, &str, Links)] = &[
    (
        "001_9aadfc9c626cea25.txt",
        "baltic_sanctions_lukashenko",
        "have introduced sanctions against Lukashenko",
        &[
            ("imposedBy", "estonia"),
            ("imposedBy", "latvia"),
            ("imposedBy", "lithuania"),
            ("targets", "lukashenko"),
            ("inResponseTo", "belarus_election_2020"),
        ],
    ),
    (
        "003_7ed237135e548932.txt",
        "western_sanctions",
        "levied several rounds of sanctions on both Moscow and Minsk",
        &[
            ("imposedBy", "western_countries"),
            ("targets", "russia"),
            ("targets", "belarus"),
            ("inResponseTo", "russian_invasion_of_ukraine"),
        ],
    ),
    (
        "004_8caca3193bcad72e.txt",
        "us_eu_sanctions_belarus",
        "threw support behind Lukashenko’s opposition and imposed more sanctions on Belarus",
        &[
            ("imposedBy", "united_states"),
            ("imposedBy", "eu"),
            ("targets", "belarus"),
            ("inResponseTo", "belarus_election_2020"),
        ],
    ),
];

/// The knowledge graph the gold files describe.
pub fn gold_graph() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    let dir = root().join("tests/data/gold");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("gold folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    files.sort();
    for path in files {
        g.add(gold_doc(&path));
    }
    g
}

fn gold_doc(path: &Path) -> DocResult {
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("gold file"))
            .expect("gold json");
    let name = gold["doc"].as_str().expect("doc").to_string();
    let date = gold["date"].as_str().map(str::to_string);
    let text = std::fs::read_to_string(root().join("seeds").join(&name)).expect("seed article");
    let seed = Located::new(&text);
    let title = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_string);
    let evidence = |sentence: &str, rule: &str| {
        let (start, end) = seed.find(sentence).unwrap_or((0, 0));
        Evidence {
            doc: name.as_str().into(),
            sentence: sentence.into(),
            start,
            end,
            rule: rule.into(),
            confidence: 1.0,
            date: date.as_deref().map(Into::into),
        }
    };
    let mut entities = Vec::new();
    for e in gold["entities"].as_array().expect("entities") {
        let aliases: BTreeSet<String> = e["aliases"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        entities.push(EntitySeen {
            entity: EntityRecord {
                key: e["id"].as_str().expect("id").to_string(),
                label: e["name"].as_str().expect("name").to_string(),
                class: Class::parse(e["class"].as_str().expect("class")).expect("known class"),
                wikidata: e["wikidata"].as_str().map(str::to_string),
            },
            mentions: aliases.len() as u64,
            aliases: aliases.into_iter().collect(),
        });
    }
    let mut facts = Vec::new();
    for r in gold["relations"].as_array().expect("relations") {
        facts.push(Fact {
            subject: r["subject"].as_str().expect("subject").to_string(),
            predicate: r["predicate"].as_str().expect("predicate").to_string(),
            object: Object::Entity(r["object"].as_str().expect("object").to_string()),
            evidence: evidence(r["evidence"].as_str().expect("evidence"), "gold"),
        });
    }
    for q in gold["quotes"].as_array().expect("quotes") {
        let quote = q["text"].as_str().expect("text");
        facts.push(Fact {
            subject: q["speaker"].as_str().expect("speaker").to_string(),
            predicate: "said".to_string(),
            object: Object::Quote(quote.to_string()),
            evidence: evidence(quote, "gold.quote"),
        });
    }
    for (doc, node, phrase, links) in SANCTIONS {
        if *doc != name {
            continue;
        }
        let sentence = seed
            .sentence_with(phrase)
            .expect("sanctions sentence in the article");
        for (predicate, object) in *links {
            facts.push(Fact {
                subject: node.to_string(),
                predicate: predicate.to_string(),
                object: Object::Entity(object.to_string()),
                evidence: evidence(&sentence, "gold.sanctions"),
            });
        }
    }
    DocResult {
        meta: DocMeta {
            name,
            title,
            date,
            ..DocMeta::default()
        },
        entities,
        facts,
    }
}

/// An article with its whitespace folded (runs → one space, a hyphen at a
/// line end joined, as the gold files write evidence), mapped back to
/// character offsets of the file.
struct Located {
    folded: String,
    /// For each char of `folded`, its char offset in the file.
    origin: Vec<usize>,
}

impl Located {
    fn new(text: &str) -> Located {
        let chars: Vec<char> = text.chars().collect();
        let (mut folded, mut origin) = (String::new(), Vec::new());
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '-' && chars.get(i + 1) == Some(&'\n') {
                folded.push('-');
                origin.push(i);
                i += 1;
                while chars.get(i).is_some_and(|c| c.is_whitespace()) {
                    i += 1;
                }
                continue;
            }
            if c.is_whitespace() {
                if !folded.ends_with(' ') {
                    folded.push(' ');
                    origin.push(i);
                }
            } else {
                folded.push(c);
                origin.push(i);
            }
            i += 1;
        }
        Located { folded, origin }
    }

    /// Character offsets in the file of `needle` (whitespace folded).
    fn find(&self, needle: &str) -> Option<(usize, usize)> {
        let needle = needle.split_whitespace().collect::<Vec<_>>().join(" ");
        let at = self.folded.find(&needle)?;
        let first = self.folded[..at].chars().count();
        let last = first + needle.chars().count() - 1;
        Some((self.origin[first], self.origin[last] + 1))
    }

    /// The sentence (up to ". " either side) that contains `phrase`.
    fn sentence_with(&self, phrase: &str) -> Option<String> {
        let at = self.folded.find(phrase)?;
        let start = self.folded[..at].rfind(". ").map(|i| i + 2).unwrap_or(0);
        let end = self.folded[at..]
            .find(". ")
            .map(|i| at + i + 1)
            .unwrap_or(self.folded.len());
        Some(self.folded[start..end].trim().to_string())
    }
}

fn export(g: &KnowledgeGraph, opts: &ExportOptions, writer: kg::export::Writer) -> Vec<u8> {
    let mut out = Vec::new();
    writer(g, opts, &mut out).expect("export writes");
    out
}

fn parse_turtle(bytes: &[u8]) -> Vec<Triple> {
    TurtleParser::new()
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .expect("graph.ttl parses with oxttl")
}

fn parse_ntriples(bytes: &[u8]) -> Vec<Triple> {
    NTriplesParser::new()
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .expect("graph.nt parses with oxttl")
}

fn parse_trig(bytes: &[u8]) -> Vec<Quad> {
    TriGParser::new()
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .expect("graph.trig parses with oxttl")
}

fn set(triples: impl IntoIterator<Item = Triple>) -> BTreeSet<String> {
    triples.into_iter().map(|t| t.to_string()).collect()
}

/// The gold graph's triples, parsed back from graph.nt.
pub fn gold_triples() -> Vec<Triple> {
    parse_ntriples(&export(
        &gold_graph(),
        &ExportOptions::default(),
        rdf::write_ntriples,
    ))
}

fn kg(name: &str) -> NamedNode {
    NamedNode::new(format!("{KG}{name}")).expect("kg term")
}

#[test]
fn turtle_ntriples_and_trig_hold_the_same_triples() {
    let g = gold_graph();
    let opts = ExportOptions::default();
    let nt = parse_ntriples(&export(&g, &opts, rdf::write_ntriples));
    let ttl = parse_turtle(&export(&g, &opts, rdf::write_turtle));
    let trig = parse_trig(&export(&g, &opts, rdf::write_trig));
    let nt_count = nt.len();
    let nt = set(nt);
    assert_eq!(nt.len(), nt_count, "graph.nt repeats a triple");
    assert!(
        nt_count > 1000,
        "only {nt_count} triples from five gold files"
    );
    assert_eq!(set(ttl), nt, "graph.ttl and graph.nt differ");
    assert_eq!(
        set(trig.into_iter().map(Triple::from)),
        nt,
        "graph.trig and graph.nt differ"
    );
}

#[test]
fn ntriples_are_sorted_and_builds_are_byte_identical() {
    let opts = ExportOptions::default();
    for writer in [rdf::write_ntriples, rdf::write_turtle, rdf::write_trig] {
        let a = export(&gold_graph(), &opts, writer);
        let b = export(&gold_graph(), &opts, writer);
        assert!(a == b, "two exports of the same graph differ");
    }
    let nt = String::from_utf8(export(&gold_graph(), &opts, rdf::write_ntriples)).expect("utf-8");
    let lines: Vec<&str> = nt.lines().collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted);
}

#[test]
fn trig_keeps_facts_in_the_default_graph_and_evidence_in_its_document_graph() {
    let quads = parse_trig(&export(
        &gold_graph(),
        &ExportOptions::default(),
        rdf::write_trig,
    ));
    let derived = NamedNode::new("http://www.w3.org/ns/prov#wasDerivedFrom").expect("iri");
    let evidence_type = Term::from(kg("Evidence"));
    let mut evidence_graph: BTreeMap<String, GraphName> = BTreeMap::new();
    for q in &quads {
        if q.predicate == rdfv::TYPE && q.object == evidence_type {
            evidence_graph.insert(q.subject.to_string(), q.graph_name.clone());
        }
    }
    assert!(
        evidence_graph.len() > 100,
        "{} evidence nodes",
        evidence_graph.len()
    );
    let mut checked = 0;
    for q in &quads {
        match evidence_graph.get(&q.subject.to_string()) {
            Some(graph) => assert_eq!(&q.graph_name, graph, "one evidence node spans graphs: {q}"),
            None => assert_eq!(
                q.graph_name,
                GraphName::DefaultGraph,
                "a fact outside the default graph: {q}"
            ),
        }
        if q.predicate == derived {
            let GraphName::NamedNode(doc) = &q.graph_name else {
                panic!("evidence in the default graph: {q}");
            };
            assert_eq!(
                &q.object,
                &Term::from(doc.clone()),
                "evidence in another document's graph"
            );
            checked += 1;
        }
    }
    assert_eq!(
        checked,
        evidence_graph.len(),
        "evidence without its document"
    );
}

#[test]
fn every_relation_is_a_plain_triple_with_reified_evidence() {
    let triples = gold_triples();
    let facts: BTreeSet<(String, String, String)> = triples
        .iter()
        .filter(|t| t.predicate.as_str().starts_with(KG) && matches!(t.object, Term::NamedNode(_)))
        .map(|t| {
            (
                t.subject.to_string(),
                t.predicate.to_string(),
                t.object.to_string(),
            )
        })
        .collect();
    let mut reified: BTreeMap<String, [Option<String>; 3]> = BTreeMap::new();
    for t in &triples {
        let slot = match t.predicate.as_str() {
            p if p == rdfv::SUBJECT.as_str() => 0,
            p if p == rdfv::PREDICATE.as_str() => 1,
            p if p == rdfv::OBJECT.as_str() => 2,
            _ => continue,
        };
        reified.entry(t.subject.to_string()).or_default()[slot] = Some(t.object.to_string());
    }
    let edges = gold_graph().edges().count();
    assert_eq!(facts.len(), edges, "one plain triple per graph edge");
    let supported: BTreeSet<(String, String, String)> = reified
        .into_values()
        .map(|[s, p, o]| {
            (
                s.expect("rdf:subject"),
                p.expect("rdf:predicate"),
                o.expect("rdf:object"),
            )
        })
        .collect();
    assert_eq!(
        supported, facts,
        "every fact has evidence, and all evidence is of a fact"
    );
}

/// The ontology's statements.
fn ontology() -> Vec<Triple> {
    let bytes = std::fs::read(root().join("ontology/ontology.ttl")).expect("ontology.ttl");
    TurtleParser::new()
        .for_slice(&bytes)
        .collect::<Result<_, _>>()
        .expect("ontology.ttl parses with oxttl")
}

/// kg: terms declared as a class or property, with their rdf:type.
fn declared(onto: &[Triple]) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in onto {
        if t.predicate == rdfv::TYPE && t.subject.to_string().starts_with(&format!("<{KG}")) {
            out.entry(t.subject.to_string())
                .or_default()
                .insert(t.object.to_string());
        }
    }
    out
}

#[test]
fn every_class_and_predicate_used_is_declared() {
    let onto = ontology();
    let declared = declared(&onto);
    let class = format!("<{OWL}Class>");
    let properties = [
        format!("<{OWL}ObjectProperty>"),
        format!("<{OWL}DatatypeProperty>"),
    ];
    let mut used = 0;
    for t in gold_triples() {
        let p = t.predicate.to_string();
        if t.predicate.as_str().starts_with(KG) {
            let types = declared
                .get(&p)
                .unwrap_or_else(|| panic!("{p} is not declared"));
            assert!(
                properties.iter().any(|k| types.contains(k)),
                "{p} is not a property"
            );
            used += 1;
        }
        if t.predicate == rdfv::TYPE && t.object.to_string().starts_with(&format!("<{KG}")) {
            let o = t.object.to_string();
            let types = declared
                .get(&o)
                .unwrap_or_else(|| panic!("{o} is not declared"));
            assert!(types.contains(&class), "{o} is not an owl:Class");
        }
    }
    assert!(used > 0);
}

/// Expands a domain or range node: a class, a `[ owl:unionOf ( … ) ]`, or a
/// class that is itself a union (kg:Actor), to the named classes it admits.
fn expand(node: &Term, onto: &[Triple]) -> BTreeSet<String> {
    let union_of = NamedNode::new(format!("{OWL}unionOf")).expect("iri");
    let list = onto
        .iter()
        .find(|t| t.subject.to_string() == node.to_string() && t.predicate == union_of)
        .map(|t| t.object.clone());
    let Some(mut item) = list else {
        return BTreeSet::from([node.to_string()]);
    };
    let mut out = BTreeSet::new();
    while item != Term::from(rdfv::NIL.into_owned()) {
        let next = |p: &NamedNode| {
            onto.iter()
                .find(|t| t.subject.to_string() == item.to_string() && &t.predicate == p)
                .map(|t| t.object.clone())
                .expect("well-formed RDF list")
        };
        out.extend(expand(&next(&rdfv::FIRST.into_owned()), onto));
        item = next(&rdfv::REST.into_owned());
    }
    out
}

#[test]
fn data_respects_declared_domains_and_ranges() {
    let onto = ontology();
    let of = |p: &str, which: &str| -> Option<BTreeSet<String>> {
        onto.iter()
            .find(|t| {
                t.subject.to_string() == format!("<{KG}{p}>")
                    && t.predicate.as_str() == format!("{RDFS}{which}")
            })
            .map(|t| expand(&t.object, &onto))
    };
    let triples = gold_triples();
    let mut types: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in &triples {
        if t.predicate == rdfv::TYPE {
            types
                .entry(t.subject.to_string())
                .or_default()
                .insert(t.object.to_string());
        }
    }
    let none = BTreeSet::new();
    let mut checked = 0;
    for t in triples
        .iter()
        .filter(|t| t.predicate.as_str().starts_with(KG))
    {
        let name = &t.predicate.as_str()[KG.len()..];
        let domain = of(name, "domain").unwrap_or_else(|| panic!("{name} has no rdfs:domain"));
        let range = of(name, "range").unwrap_or_else(|| panic!("{name} has no rdfs:range"));
        let s_types = types.get(&t.subject.to_string()).unwrap_or(&none);
        assert!(
            !s_types.is_disjoint(&domain),
            "{t}: subject types {s_types:?} not in domain {domain:?}"
        );
        match &t.object {
            Term::Literal(l) => {
                let dt = format!("<{}>", l.datatype().as_str());
                assert!(
                    range.contains(&dt),
                    "{t}: literal type {dt} not in range {range:?}"
                );
            }
            other => {
                let o_types = types.get(&other.to_string()).unwrap_or(&none);
                assert!(
                    !o_types.is_disjoint(&range),
                    "{t}: object types {o_types:?} not in range {range:?}"
                );
            }
        }
        checked += 1;
    }
    assert!(checked > 300, "only {checked} kg: statements checked");
}

#[test]
fn ontology_marks_symmetry_and_cameo_codes_as_strings() {
    let onto = ontology();
    let declared = declared(&onto);
    let symmetric: BTreeSet<&str> = declared
        .iter()
        .filter(|(_, types)| types.contains(&format!("<{OWL}SymmetricProperty>")))
        .map(|(term, _)| term.as_str())
        .collect();
    let expected = [format!("<{KG}cooperatesWith>"), format!("<{KG}meetsWith>")];
    assert_eq!(symmetric, expected.iter().map(String::as_str).collect());
    let codes: BTreeMap<String, Vec<String>> = onto
        .iter()
        .filter(|t| t.predicate == kg("cameoCode"))
        .fold(BTreeMap::new(), |mut m, t| {
            let Term::Literal(l) = &t.object else {
                panic!("cameoCode must be a literal: {t}");
            };
            assert_eq!(l.datatype(), xsd::STRING, "codes are strings: {t}");
            assert!(
                matches!(l.value().len(), 2 | 3) && l.value().bytes().all(|b| b.is_ascii_digit())
            );
            m.entry(t.subject.to_string())
                .or_default()
                .push(l.value().to_string());
            m
        });
    let code = |p: &str| {
        codes
            .get(&format!("<{KG}{p}>"))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(code("imposesSanctionsOn"), ["163"]);
    assert_eq!(code("said"), ["010"]);
    assert_eq!(code("meetsWith"), ["04"]);
    assert!(code("leaderOf").is_empty());
    // Every predicate the build reads is an owl:ObjectProperty.
    let object_properties = declared
        .values()
        .filter(|t| t.contains(&format!("<{OWL}ObjectProperty>")))
        .count();
    assert_eq!(
        object_properties, 20,
        "17 relations of docs/spec/ontology.md + 3 Sanctions links"
    );
}

#[test]
fn entities_documents_and_sanctions_carry_their_attributes() {
    let mut g = gold_graph();
    // A document with every metadata field, to see each written.
    g.add(DocResult {
        meta: DocMeta {
            name: "999_meta.txt".into(),
            title: Some("A title".into()),
            date: Some("2024-01-02".into()),
            date_source: None,
            author: Some("Jane Roe".into()),
            url: Some("https://news.example/a".into()),
        },
        ..DocResult::default()
    });
    let opts = ExportOptions {
        base_iri: "http://kg.test/".into(),
        ..ExportOptions::default()
    };
    let nt = String::from_utf8(export(&g, &opts, rdf::write_ntriples)).expect("utf-8");
    let has = |line: &str| nt.lines().any(|l| l == format!("{line} ."));
    assert!(has("<http://kg.test/entity/putin> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q7747>"));
    assert!(has(
        "<http://kg.test/entity/putin> <http://www.w3.org/2004/02/skos/core#altLabel> \"Putin\""
    ));
    assert!(has("<http://kg.test/entity/putin> <http://www.w3.org/2000/01/rdf-schema#label> \"Vladimir Putin\""));
    let doc = "<http://kg.test/doc/999_meta_txt>";
    assert!(has(&format!(
        "{doc} <http://purl.org/dc/terms/title> \"A title\""
    )));
    assert!(has(&format!("{doc} <http://purl.org/dc/terms/date> \"2024-01-02\"^^<http://www.w3.org/2001/XMLSchema#date>")));
    assert!(has(&format!(
        "{doc} <http://purl.org/dc/terms/source> <https://news.example/a>"
    )));
    assert!(has(&format!(
        "{doc} <http://purl.org/dc/terms/creator> <http://kg.test/author/jane_roe>"
    )));
    assert!(has("<http://kg.test/author/jane_roe> <http://www.w3.org/2000/01/rdf-schema#label> \"Jane Roe\""));
    // A Sanctions node is dated by the earliest evidence of its links.
    assert!(has("<http://kg.test/entity/western_sanctions> <http://purl.org/dc/terms/date> \"2022-07-01\"^^<http://www.w3.org/2001/XMLSchema#date>"));
    assert!(
        !nt.contains("https://example.org/kg/entity/"),
        "the base IRI option was ignored"
    );
}

#[test]
#[ignore = "writes the gold graph's exports to $KG_DUMP for a look"]
fn dump_gold_exports() {
    let dir = std::env::var("KG_DUMP").expect("KG_DUMP");
    kg::export::write_all(&gold_graph(), &ExportOptions::default(), Path::new(&dir))
        .expect("exports");
}
