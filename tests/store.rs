//! The persistent store (`<exports>/.store/`): the same answers as the TriG
//! loaded in memory, never used once stale, swapped in only when loaded in
//! full, and `kg query` saying on stderr when it falls back to the TriG.

use crate::sparql::{expected, gold_exports, select};
use kg::query::{self, Source};
use kg::store::{self, Skip};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn kg(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kg"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("kg runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `kg query` over `dir`: (exit code, stdout, stderr).
fn kg_query(dir: &Path, text: &str) -> (Option<i32>, String, String) {
    let o = kg(&[
        "query",
        "--exports",
        dir.to_str().unwrap(),
        "--format",
        "csv",
        text,
    ]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    (o.status.code(), out, stderr(&o))
}

const COUNT_LABELS: &str =
    "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }";
const COUNT_EVIDENCE_BY_GRAPH: &str = "PREFIX kg: <https://example.org/kg/ontology#>
    SELECT ?doc (COUNT(*) AS ?n) WHERE { GRAPH ?doc { ?ev a kg:Evidence } }
    GROUP BY ?doc ORDER BY ?doc";

fn stale(dir: &Path) -> bool {
    matches!(store::open(dir), Err(Skip::Stale(_)))
}

#[test]
fn a_seeds_build_writes_a_store_that_answers_as_the_trig_in_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("exports");
    let o = kg(&["build", "seeds", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("kg: store: "), "{}", stderr(&o));
    let (from_store, source) = query::open_exports(&out).expect("opens");
    assert_eq!(source, Source::Store);
    let in_memory = query::load_exports(&out).expect("graph.trig loads");

    let mut queries: Vec<PathBuf> = fs::read_dir(root().join("ontology/queries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rq"))
        .collect();
    queries.sort();
    assert_eq!(queries.len(), 5);
    let mut texts: Vec<String> = queries
        .iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    // Provenance: per named graph, and the default graph alone.
    texts.push(COUNT_EVIDENCE_BY_GRAPH.to_string());
    texts.push(COUNT_LABELS.to_string());
    let mut answered = 0;
    for text in &texts {
        let want = select(&in_memory, text);
        answered += usize::from(!want.1.is_empty());
        assert_eq!(select(&from_store, text), want, "{text}");
    }
    // Not a comparison of empty answers (the seeds name no sanctions).
    assert!(answered >= texts.len() - 1, "{answered} queries with rows");
    // The saved queries find at least one of their expected rows here too.
    let (_, want) = expected(&root().join("ontology/queries/most_quoted.tsv"));
    let (_, got) = select(&from_store, &texts[1]);
    assert!(want.iter().any(|row| got.contains(row)), "{got:?}");

    // The evidence graphs are named graphs in the store as well.
    let (code, csv, err) = kg_query(&out, COUNT_EVIDENCE_BY_GRAPH);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.is_empty(), "the store is used quietly: {err}");
    assert!(csv.lines().count() > 5, "one row per document: {csv}");
}

#[test]
fn kg_query_says_when_it_reads_the_trig_instead() {
    let dir = gold_exports();
    let (code, no_store, err) = kg_query(dir.path(), COUNT_LABELS);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("no store built yet") && err.contains("loading"),
        "{err}"
    );
    let o = kg(&["load", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (code, with_store, err) = kg_query(dir.path(), COUNT_LABELS);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(err, "");
    assert_eq!(with_store, no_store);
}

#[test]
fn a_stale_store_is_never_used() {
    let dir = gold_exports();
    let trig = dir.path().join("graph.trig");
    let original = fs::read_to_string(&trig).unwrap();
    store::load(dir.path()).expect("loads");
    assert!(store::open(dir.path()).is_ok());
    let (_, labels_before, _) = kg_query(dir.path(), COUNT_LABELS);

    // Another graph: one label more, so another length.
    let extra = "<https://example.org/kg/entity/nobody> \
                 <http://www.w3.org/2000/01/rdf-schema#label> \"Nobody At All\" .\n";
    fs::write(&trig, format!("{original}{extra}")).unwrap();
    assert!(stale(dir.path()));
    let (code, labels_after, err) = kg_query(dir.path(), COUNT_LABELS);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("stale") && err.contains("loading"), "{err}");
    assert_ne!(labels_after, labels_before, "answered from the new TriG");

    // Same length, one letter changed: only the digest can tell.
    let changed = original.replacen("Lukashenko\"", "Lukashenka\"", 1);
    assert_ne!(changed, original);
    assert_eq!(changed.len(), original.len());
    fs::write(&trig, &changed).unwrap();
    assert!(stale(dir.path()));

    // The same bytes written again (a new time): fresh by its digest.
    fs::write(&trig, &original).unwrap();
    assert!(store::open(dir.path()).is_ok());
}

#[test]
fn a_failed_load_leaves_the_previous_store_usable() {
    let dir = gold_exports();
    let trig = dir.path().join("graph.trig");
    let original = fs::read(&trig).unwrap();
    store::load(dir.path()).expect("loads");

    let mut broken = original.clone();
    broken.extend_from_slice(b"<https://example.org/a> <https://example.org/b> \"open\n");
    fs::write(&trig, &broken).unwrap();
    let o = kg(&["load", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("graph.trig") && err.contains("line"), "{err}");
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".store"))
        .collect();
    assert_eq!(names, [".store"], "no half-built store left");

    fs::write(&trig, &original).unwrap();
    let store = store::open(dir.path()).expect("the previous store, intact");
    assert!(!select(&store, COUNT_LABELS).1.is_empty());
}

#[test]
fn merge_writes_a_fresh_store_and_no_store_skips_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, merged) = (tmp.path().join("a"), tmp.path().join("merged"));
    let path = |p: &Path| p.to_str().unwrap().to_string();
    let o = kg(&["build", "seeds", "--out", &path(&a), "--no-store"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(store::open(&a).err(), Some(Skip::Missing));
    let o = kg(&["merge", &path(&a), "--out", &path(&merged)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(store::open(&merged).is_ok());
}

#[test]
fn a_store_from_an_older_kg_is_refused_by_query_and_serve() {
    let dir = gold_exports();
    store::load(dir.path()).expect("loads");
    // What an older kg wrote: its stamp names another store layout.
    let stamp = dir.path().join(".store/source.json");
    let text = fs::read_to_string(&stamp).unwrap();
    let older = text.replace("\"layout\": 1", "\"layout\": 0");
    assert_ne!(older, text, "{text}");
    fs::write(&stamp, older).unwrap();

    let (code, csv, err) = kg_query(dir.path(), COUNT_LABELS);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("another version of kg") && err.contains("loading"),
        "{err}"
    );
    assert_eq!(csv.lines().count(), 2, "answered from the TriG: {csv}");

    let mut child = Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(["serve", "--port", "0", "--exports"])
        .arg(dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("kg serve starts");
    let mut lines = std::io::BufReader::new(child.stderr.take().expect("stderr"));
    let mut said = String::new();
    while !said.contains("http://") {
        let before = said.len();
        std::io::BufRead::read_line(&mut lines, &mut said).expect("a line");
        if said.len() == before {
            break; // kg serve exited before listening
        }
    }
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let _ = child.wait();
    assert!(
        said.contains("another version of kg") && said.contains("loading"),
        "{said}"
    );
    assert!(said.contains("http://"), "kg serve still serves: {said}");
}
