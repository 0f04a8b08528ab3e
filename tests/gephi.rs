//! Gephi-facing exports: `graph.graphml`, `graph.gexf` and `graph.html`,
//! written from a graph built by hand, read back with quick-xml and compared
//! with the graph; validated with xmllint against the published schemas and
//! opened in headless Chromium where those tools are installed (the Rust
//! suite skips them loudly otherwise; `.ci/checks/gephi.sh` installs them).

use kg::export::{gexf, graphml, html, ExportOptions};
use kg::graph::KnowledgeGraph;
use kg::model::{Class, DocMeta, DocResult, EntityRecord, EntitySeen, Evidence, Fact, Object};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

const TRICKY: &str = "Tom & \"Jerry\" <Ltd> 'x'\u{1}";
const QUOTE: &str = "We will never give up our sovereignty, and we will not be anyone's vassal, whatever they say in Moscow </script>";

fn entity(
    key: &str,
    label: &str,
    class: Class,
    wikidata: Option<&str>,
    mentions: u64,
) -> EntitySeen {
    EntitySeen {
        entity: EntityRecord {
            key: key.to_string(),
            label: label.to_string(),
            class,
            wikidata: wikidata.map(str::to_string),
        },
        aliases: vec![label.to_string()],
        mentions,
    }
}

fn fact(doc: &str, s: &str, p: &str, o: Object, sentence: &str, start: usize, date: &str) -> Fact {
    Fact {
        subject: s.to_string(),
        predicate: p.to_string(),
        object: o,
        evidence: Evidence {
            doc: doc.into(),
            sentence: sentence.into(),
            start,
            end: start + sentence.chars().count(),
            rule: format!("{p}.test").into(),
            confidence: 0.8,
            date: Some(date.into()),
        },
    }
}

fn ent(key: &str) -> Object {
    Object::Entity(key.to_string())
}

/// Two documents, 2019 and 2022: a symmetric relation seen in both, two
/// relations between the same pair, a quote, and a label that needs escaping.
fn fixture() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    let people = || {
        vec![
            entity(
                "alexander_lukashenko",
                "Alexander Lukashenko",
                Class::Person,
                Some("Q39796"),
                12,
            ),
            entity(
                "vladimir_putin",
                "Vladimir Putin",
                Class::Person,
                Some("Q7747"),
                7,
            ),
            entity("belarus", "Belarus", Class::Country, Some("Q184"), 9),
            entity("russia", "Russia", Class::Country, Some("Q159"), 8),
        ]
    };
    let mut first = people();
    first.push(entity("tricky_ltd", TRICKY, Class::Organization, None, 1));
    g.add(DocResult {
        meta: DocMeta {
            name: "000_a.txt".into(),
            date: Some("2019-12-07".into()),
            ..Default::default()
        },
        entities: first,
        facts: vec![
            fact(
                "000_a.txt",
                "alexander_lukashenko",
                "meetsWith",
                ent("vladimir_putin"),
                "Lukashenko met  Putin\nin Sochi on Saturday.",
                10,
                "2019-12-07",
            ),
            fact(
                "000_a.txt",
                "alexander_lukashenko",
                "leaderOf",
                ent("belarus"),
                "Belarusian President Alexander Lukashenko arrived.",
                80,
                "2019-12-07",
            ),
            fact(
                "000_a.txt",
                "alexander_lukashenko",
                "said",
                Object::Quote(QUOTE.into()),
                QUOTE,
                200,
                "2019-12-07",
            ),
            fact(
                "000_a.txt",
                "tricky_ltd",
                "affiliatedWith",
                ent("russia"),
                "Tom & \"Jerry\" <Ltd> works for Russia.",
                400,
                "2019-12-07",
            ),
        ],
    });
    g.add(DocResult {
        meta: DocMeta {
            name: "001_b.txt".into(),
            date: Some("2022-02-18".into()),
            ..Default::default()
        },
        entities: people(),
        facts: vec![
            fact(
                "001_b.txt",
                "alexander_lukashenko",
                "meetsWith",
                ent("vladimir_putin"),
                "The two presidents met again in Moscow.",
                30,
                "2022-02-18",
            ),
            fact(
                "001_b.txt",
                "alexander_lukashenko",
                "supports",
                ent("vladimir_putin"),
                "Lukashenko openly backed Putin.",
                90,
                "2022-02-18",
            ),
            fact(
                "001_b.txt",
                "russia",
                "deploysForcesTo",
                ent("belarus"),
                "Russia deployed troops to Belarus.",
                150,
                "2022-02-18",
            ),
        ],
    });
    g
}

fn render(writer: kg::export::Writer, g: &KnowledgeGraph) -> String {
    let mut out = Vec::new();
    writer(g, &ExportOptions::default(), &mut out).expect("writer succeeds");
    String::from_utf8(out).expect("exports are UTF-8")
}

/// An XML element as read back: its name, attributes, and (for `<data>`)
/// its text.
#[derive(Debug, Clone, Default)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
    /// Index of the enclosing node/edge element, if any.
    owner: Option<usize>,
}

/// Reads every element of a document with quick-xml, unescaping attribute
/// values and text, so escaping mistakes show up as parse errors or
/// mismatched values.
fn elements(xml: &str) -> Vec<Element> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<Element> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    loop {
        let event = reader.read_event().expect("well-formed XML");
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = String::from_utf8(e.local_name().as_ref().to_vec()).unwrap();
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("valid attribute");
                        (
                            String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                            a.unescape_value().expect("valid escape").into_owned(),
                        )
                    })
                    .collect();
                let owner = stack
                    .iter()
                    .rev()
                    .copied()
                    .find(|&i| matches!(out[i].name.as_str(), "node" | "edge"));
                out.push(Element {
                    name,
                    attrs,
                    text: String::new(),
                    owner,
                });
                if matches!(event, Event::Start(_)) {
                    stack.push(out.len() - 1);
                }
            }
            Event::Text(t) => {
                if let Some(&top) = stack.last() {
                    out[top].text.push_str(&t.unescape().expect("valid escape"));
                }
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Eof => return out,
            _ => {}
        }
    }
}

fn named<'a>(els: &'a [Element], name: &str) -> Vec<(usize, &'a Element)> {
    els.iter()
        .enumerate()
        .filter(|(_, e)| e.name == name)
        .collect()
}

/// The `<data>` (GraphML) or `<attvalue>` (GEXF) values of one node or edge.
fn values_of(els: &[Element], owner: usize) -> BTreeMap<String, String> {
    els.iter()
        .filter(|e| e.owner == Some(owner))
        .filter_map(|e| match e.name.as_str() {
            "data" => Some((e.attrs["key"].clone(), e.text.clone())),
            "attvalue" => Some((e.attrs["for"].clone(), e.attrs["value"].clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn graphml_reads_back_with_the_graph_counts_and_attributes() {
    let g = fixture();
    let xml = render(graphml::write, &g);
    let els = elements(&xml);
    let nodes = named(&els, "node");
    let edges = named(&els, "edge");
    assert_eq!(nodes.len(), g.node_count());
    assert_eq!(edges.len(), g.edge_count());

    // Keys: unique ids, typed, declared separately for nodes and edges.
    let keys = named(&els, "key");
    let ids: BTreeSet<&str> = keys.iter().map(|(_, k)| k.attrs["id"].as_str()).collect();
    assert_eq!(ids.len(), keys.len(), "key ids must be unique");
    let key_of = |target: &str, name: &str| {
        keys.iter()
            .find(|(_, k)| k.attrs["for"] == target && k.attrs["attr.name"] == name)
            .map(|(_, k)| (k.attrs["id"].clone(), k.attrs["attr.type"].clone()))
    };
    assert_eq!(
        key_of("node", "label"),
        Some(("label".into(), "string".into()))
    );
    assert_eq!(
        key_of("node", "mentions"),
        Some(("mentions".into(), "long".into()))
    );
    assert_eq!(
        key_of("edge", "label"),
        Some(("edgelabel".into(), "string".into()))
    );
    assert_eq!(
        key_of("edge", "weight"),
        Some(("weight".into(), "double".into()))
    );

    for (ix, el) in &nodes {
        let node = g
            .node_by_key(&el.attrs["id"])
            .expect("node id is an entity key");
        let v = values_of(&els, *ix);
        assert_eq!(v["class"], node.entity.class.as_str());
        assert_eq!(v["mentions"], node.mentions.to_string());
        assert_eq!(v.get("wikidata"), node.entity.wikidata.as_ref());
        if node.entity.class == Class::Quote {
            assert_eq!(v["text"], node.entity.label, "full quote text kept");
            assert!(v["label"].chars().count() <= graphml::QUOTE_LABEL_CHARS);
        } else {
            assert_eq!(
                v["label"],
                node.entity
                    .label
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace('\u{1}', "\u{fffd}")
            );
        }
    }
    let by_id: BTreeMap<&str, BTreeMap<String, String>> = edges
        .iter()
        .map(|(ix, el)| (el.attrs["id"].as_str(), values_of(&els, *ix)))
        .collect();
    assert_eq!(by_id.len(), edges.len(), "edge ids are unique");
    for view in g.edges() {
        let id = graphml::edge_id(&view);
        let v = &by_id[id.as_str()];
        assert_eq!(v["edgelabel"], view.edge.predicate);
        assert_eq!(v["predicate"], view.edge.predicate);
        assert_eq!(
            v["weight"].parse::<f64>().unwrap(),
            view.edge.weight() as f64
        );
        assert_eq!(
            v["symmetric"],
            ExportOptions::default()
                .is_symmetric(&view.edge.predicate)
                .to_string()
        );
    }
    let meets = &by_id["alexander_lukashenko:meetsWith:vladimir_putin"];
    assert_eq!(meets["weight"], "2");
    assert_eq!(meets["first_date"], "2019-12-07");
    assert_eq!(meets["last_date"], "2022-02-18");
    assert_eq!(
        meets["evidence"],
        "Lukashenko met Putin in Sochi on Saturday."
    );
    let tricky = &by_id["tricky_ltd:affiliatedWith:russia"];
    assert_eq!(
        tricky["evidence"],
        "Tom & \"Jerry\" <Ltd> works for Russia."
    );
}

#[test]
fn gexf_keeps_parallel_relations_and_dates_them() {
    let g = fixture();
    let xml = render(gexf::write, &g);
    let els = elements(&xml);
    let root = &named(&els, "gexf")[0].1;
    assert_eq!(root.attrs["version"], "1.3");
    assert_eq!(root.attrs["xmlns"], "http://gexf.net/1.3");
    let nodes = named(&els, "node");
    let edges = named(&els, "edge");
    assert_eq!(nodes.len(), g.node_count());
    assert_eq!(edges.len(), g.edge_count());

    // Lukashenko → Putin: meetsWith and supports, two edges of two kinds.
    let pair: Vec<&Element> = edges
        .iter()
        .map(|(_, e)| *e)
        .filter(|e| {
            e.attrs["source"] == "alexander_lukashenko" && e.attrs["target"] == "vladimir_putin"
        })
        .collect();
    let kinds: BTreeSet<&str> = pair.iter().map(|e| e.attrs["kind"].as_str()).collect();
    assert_eq!(kinds, BTreeSet::from(["meetsWith", "supports"]));

    for (ix, el) in &edges {
        let view = g
            .edges()
            .find(|v| graphml::edge_id(v) == el.attrs["id"])
            .expect("edge id names a graph edge");
        assert_eq!(el.attrs["label"], view.edge.predicate);
        assert_eq!(
            el.attrs["weight"].parse::<f64>().unwrap(),
            view.edge.weight() as f64
        );
        let spells: BTreeSet<String> = els
            .iter()
            .filter(|s| s.name == "spell" && s.owner == Some(*ix))
            .map(|s| s.attrs["start"].clone())
            .collect();
        let dates: BTreeSet<String> = view
            .edge
            .evidence
            .iter()
            .filter_map(|e| e.date.as_deref().map(str::to_string))
            .collect();
        assert_eq!(spells, dates, "one spell per evidence date");
        assert_eq!(values_of(&els, *ix)["predicate"], view.edge.predicate);
    }
    let years: BTreeSet<&str> = els
        .iter()
        .filter(|s| s.name == "spell")
        .map(|s| &s.attrs["start"][..4])
        .collect();
    assert_eq!(years, BTreeSet::from(["2019", "2022"]));

    for (ix, el) in &nodes {
        let node = g.node_by_key(&el.attrs["id"]).unwrap();
        let colour = els
            .iter()
            .find(|c| c.name == "color" && c.owner == Some(*ix))
            .unwrap();
        let (r, _, _) = gexf::class_colour(node.entity.class);
        assert_eq!(colour.attrs["r"], r.to_string());
        let size = els
            .iter()
            .find(|c| c.name == "size" && c.owner == Some(*ix))
            .unwrap();
        assert_eq!(
            size.attrs["value"],
            format!("{:.1}", gexf::node_size(node.mentions))
        );
        assert_eq!(values_of(&els, *ix)["class"], node.entity.class.as_str());
    }
}

#[test]
fn exports_are_byte_identical_across_runs_and_merge_orders() {
    let a = fixture();
    let mut b = KnowledgeGraph::new();
    b.merge(fixture());
    for writer in [
        graphml::write as kg::export::Writer,
        gexf::write,
        html::write,
    ] {
        assert_eq!(render(writer, &a), render(writer, &a));
        assert_eq!(render(writer, &a), render(writer, &b));
    }
}

/// The JSON embedded in graph.html.
fn embedded_json(page: &str) -> serde_json::Value {
    let open = r#"<script type="application/json" id="graph-data">"#;
    let start = page.find(open).expect("data element") + open.len();
    let end = start
        + page[start..]
            .find("</script>")
            .expect("data element closes");
    serde_json::from_str(&page[start..end]).expect("embedded JSON parses")
}

#[test]
fn html_is_self_contained_and_embeds_the_whole_graph() {
    let g = fixture();
    let page = render(html::write, &g);
    let data = embedded_json(&page);
    assert_eq!(data["nodes"].as_array().unwrap().len(), g.node_count());
    assert_eq!(data["edges"].as_array().unwrap().len(), g.edge_count());
    let quote = data["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["class"] == "Quote")
        .unwrap();
    assert!(
        quote["text"].as_str().unwrap().ends_with("</script>"),
        "the quote survives whole"
    );
    for n in data["nodes"].as_array().unwrap() {
        assert!(n["x"].as_f64().unwrap().is_finite() && n["y"].as_f64().unwrap().is_finite());
    }
    // Nothing loaded from elsewhere: no external scripts, styles or fonts.
    for needle in ["src=\"http", "href=\"http", "@import", "url("] {
        assert!(!page.contains(needle), "page references {needle}");
    }
}

#[test]
fn html_shows_the_first_evidence_of_a_busy_edge_and_counts_the_rest() {
    let mut g = fixture();
    // 40 more documents, 2000–2039, each saying the two met.
    for year in (2000..2040).rev() {
        let doc = format!("{year}.txt");
        let date = format!("{year}-01-01");
        g.add(DocResult {
            meta: DocMeta {
                name: doc.clone(),
                date: Some(date.clone()),
                ..Default::default()
            },
            entities: Vec::new(),
            facts: vec![fact(
                &doc,
                "alexander_lukashenko",
                "meetsWith",
                ent("vladimir_putin"),
                "Lukashenko met Putin.",
                0,
                &date,
            )],
        });
    }
    let data = embedded_json(&render(html::write, &g));
    let edges = data["edges"].as_array().unwrap();
    let busy = edges
        .iter()
        .find(|e| e["p"] == "meetsWith")
        .expect("meetsWith edge");
    assert_eq!(busy["w"], 42, "all evidence counted");
    assert_eq!(
        busy["ev"].as_array().unwrap().len(),
        25,
        "the page shows 25"
    );
    assert_eq!(busy["first"], "2000-01-01", "dates over all evidence");
    assert_eq!(busy["last"], "2039-01-01");
    let quiet = edges.iter().find(|e| e["p"] != "meetsWith").unwrap();
    assert_eq!(
        quiet["ev"].as_array().unwrap().len() as u64,
        quiet["w"].as_u64().unwrap(),
        "small edges show all their evidence"
    );
}

#[test]
fn layout_spreads_nodes_and_is_fast_for_thousands() {
    let mut g = KnowledgeGraph::new();
    let n = 2000;
    let entities = (0..n)
        .map(|i| {
            entity(
                &format!("e{i:05}"),
                &format!("Entity {i}"),
                Class::Person,
                None,
                1 + i as u64 % 7,
            )
        })
        .collect();
    // A hub linked to every tenth node, the rest linked at pseudo-random.
    let target = |i: usize| {
        if i.is_multiple_of(10) {
            0
        } else {
            (i * 2_654_435_761 + 17) % n
        }
    };
    let facts = (1..n)
        .filter(|&i| target(i) != i)
        .map(|i| {
            fact(
                "d.txt",
                &format!("e{i:05}"),
                "supports",
                ent(&format!("e{:05}", target(i))),
                "S.",
                i,
                "2020-01-01",
            )
        })
        .collect();
    g.add(DocResult {
        meta: DocMeta {
            name: "d.txt".into(),
            ..Default::default()
        },
        entities,
        facts,
    });
    let started = std::time::Instant::now();
    let pos = html::layout::layout(&g);
    eprintln!("layout of {n} nodes: {:?} (debug build)", started.elapsed());
    assert_eq!(pos.len(), n);
    let distinct: BTreeSet<(i64, i64)> = pos.iter().map(|&(x, y)| (x as i64, y as i64)).collect();
    assert!(
        distinct.len() > n * 9 / 10,
        "nodes do not pile up: {} distinct",
        distinct.len()
    );
    assert_eq!(pos, html::layout::layout(&g), "deterministic");
}

// ---- external tools: xmllint with the published schemas, and Chromium ----

fn tool(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

fn skip(what: &str) {
    eprintln!("\n!!!!!!!! SKIPPED: {what} !!!!!!!!\n!!!!!!!! .ci/checks/gephi.sh runs it in full !!!!!!!!\n");
}

/// A schema file: looked for in `$KG_SCHEMA_DIR`, `tests/data/schemas/`,
/// and the `schemas/` of the shared folder beside the repository (where CI
/// finds it) or of `/work`. `rels` are the accepted relative paths.
fn schema(rels: &[&str]) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs = [
        std::env::var_os("KG_SCHEMA_DIR").map(PathBuf::from),
        Some(root.join("tests/data/schemas")),
        Some(root.join("../shared/schemas")),
        Some(PathBuf::from("/work/shared/schemas")),
    ];
    dirs.into_iter()
        .flatten()
        .flat_map(|d| rels.iter().map(move |r| d.join(r)))
        .find(|p| p.is_file())
}

fn xmllint(file: &Path, schema: Option<&Path>) -> std::process::Output {
    let mut cmd = Command::new("xmllint");
    cmd.arg("--noout").arg("--nonet");
    if let Some(s) = schema {
        cmd.arg("--schema").arg(s);
    }
    cmd.arg(file).output().expect("xmllint runs")
}

#[test]
fn graphml_and_gexf_validate_against_the_published_schemas() {
    if tool("xmllint").is_none() {
        return skip("xmllint not installed (Debian: libxml2-utils)");
    }
    let g = fixture();
    let dir = tempfile::tempdir().unwrap();
    for (name, writer, xsd) in [
        (
            "graph.graphml",
            graphml::write as kg::export::Writer,
            &["graphml/graphml.xsd"][..],
        ),
        (
            "graph.gexf",
            gexf::write,
            &["gexf-1.3/gexf.xsd", "gexf/gexf.xsd"][..],
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, render(writer, &g)).unwrap();
        let out = xmllint(&path, None);
        assert!(
            out.status.success(),
            "{name} is not well-formed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        match schema(xsd) {
            Some(xsd) => {
                let out = xmllint(&path, Some(&xsd));
                assert!(
                    out.status.success(),
                    "{name} does not validate: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            None => skip(&format!("schema {xsd:?} not found (see schema())")),
        }
    }
}

fn chromium() -> Option<PathBuf> {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| tool("chromium"))
}

#[test]
fn html_draws_and_lists_relations_in_headless_chromium() {
    let Some(browser) = chromium() else {
        return skip("chromium not installed: graph.html not opened in a browser");
    };
    let g = fixture();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("graph.html");
    std::fs::write(&page, render(html::write, &g)).unwrap();
    // Under heavy load headless Chromium may dump the DOM before the page's
    // first frame: a page that never draws fails all three tries.
    let open = || {
        Command::new(&browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
            ])
            .args([
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .args([
                "--disable-quic",
                "--window-size=1280,800",
                "--virtual-time-budget=3000",
            ])
            .arg(format!(
                "--user-data-dir={}",
                dir.path().join("profile").display()
            ))
            .arg("--dump-dom")
            .arg(format!("file://{}#select=Lukashenko", page.display()))
            .output()
            .expect("chromium runs")
    };
    let mut out = open();
    for _ in 0..2 {
        if String::from_utf8_lossy(&out.stdout).contains("data-drawn-nodes=\"") {
            break;
        }
        out = open();
    }
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        dom.contains("data-drawn-nodes=\""),
        "the page drew nothing: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dom.contains("data-drawn-nodes=\"0\""), "no node drawn");
    assert!(!dom.contains("data-errors"), "script errors: {dom}");
    let panel = &dom[dom.find("<aside id=\"panel\"").expect("panel")..];
    assert!(panel.contains("Alexander Lukashenko"));
    assert!(panel.contains("meetsWith") && panel.contains("Vladimir Putin"));
    assert!(
        panel.contains("Lukashenko met Putin in Sochi on Saturday."),
        "evidence listed"
    );
    assert!(panel.contains("2019-12-07 – 2022-02-18"), "dates listed");
}
