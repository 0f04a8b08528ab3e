//! End-to-end: the real `kg` binary on `seeds/` and on bad input it is
//! given in a fresh temporary folder. Checks stdout, stderr, exit status and
//! the files written (or left alone).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn kg(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(args)
        .output()
        .expect("kg runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn build(input: &Path, out: &Path, ontology: &Path) -> Output {
    kg(&[
        "build",
        &input.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
        "--ontology",
        &ontology.to_string_lossy(),
    ])
}

/// A copy of `ontology/` the test may break.
fn ontology_copy(dir: &Path) -> PathBuf {
    let to = dir.join("ontology");
    copy_dir(Path::new("ontology"), &to);
    to
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Every file of `dir` with its bytes, sorted by name; folders (the
/// persistent store, `.store/`) are left out.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn build_on_seeds_writes_every_export_and_scores_above_the_floors() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("exports");
    let o = build(Path::new("seeds"), &out, Path::new("ontology"));
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    assert!(
        stderr(&o).contains("5 documents (0 skipped)"),
        "summary: {}",
        stderr(&o)
    );
    for name in kg::export::FILES.iter().map(|f| f.0) {
        let len = fs::metadata(out.join(name)).map(|m| m.len()).unwrap_or(0);
        assert!(len > 0, "{name} missing or empty");
    }
    let leftovers: Vec<String> = files(&out)
        .into_iter()
        .map(|f| f.0)
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    let e = kg(&[
        "eval",
        "--gold",
        "tests/data/gold",
        "--exports",
        &out.to_string_lossy(),
    ]);
    let table = String::from_utf8_lossy(&e.stdout).into_owned();
    let f1 = |row: &str| crate::eval_f1(&table, row);
    // Floors recorded from the dev set; the issue asks for 0.95 / 0.80 / 0.90.
    assert!(f1("entities") >= 0.95, "{table}");
    assert!(f1("relations") >= 0.80, "{table}");
    assert!(f1("quotes") >= 0.90, "{table}");
}

#[test]
fn two_builds_are_byte_identical_and_equal_the_committed_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert!(build(Path::new("seeds"), &a, Path::new("ontology"))
        .status
        .success());
    assert!(build(Path::new("seeds"), &b, Path::new("ontology"))
        .status
        .success());
    assert_eq!(files(&a), files(&b), "two builds differ");
    let committed: Vec<(String, Vec<u8>)> = files(Path::new("exports"))
        .into_iter()
        .filter(|(n, _)| !n.starts_with('.'))
        .collect();
    let fresh = files(&a);
    let stale: Vec<&String> = fresh
        .iter()
        .filter(|f| !committed.contains(f))
        .map(|f| &f.0)
        .collect();
    assert!(
        stale.is_empty(),
        "exports/ is stale for {stale:?}: run `cargo run --release -- build`"
    );
}

#[test]
fn an_empty_folder_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("empty");
    fs::create_dir(&input).unwrap();
    let o = build(&input, &tmp.path().join("out"), Path::new("ontology"));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no articles to read") && stderr(&o).contains("empty"),
        "{}",
        stderr(&o)
    );
    assert!(!tmp.path().join("out").exists(), "nothing may be written");
}

#[test]
fn unreadable_articles_are_skipped_named_and_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::copy("seeds/000_2aeb1f931980b3aa.txt", input.join("good.txt")).unwrap();
    fs::write(
        input.join("junk.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254],
    )
    .unwrap();
    fs::write(
        input.join("latin1.txt"),
        b"Lukashenko met Putin in Minsk.\nCaf\xe9 talks\n",
    )
    .unwrap();
    fs::write(input.join("notes.docx"), b"PK\x03\x04").unwrap();
    let o = build(&input, &tmp.path().join("out"), Path::new("ontology"));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("junk.txt"), "each skipped file named: {err}");
    // a legacy encoding is decoded, not skipped
    assert!(err.contains("2 documents (1 skipped)"), "{err}");
    // a file of no kind kg reads is named and counted
    assert!(
        err.contains("not read: ")
            && err.contains("notes.docx")
            && err.contains("1 files not read"),
        "{err}"
    );
    assert!(tmp.path().join("out/relations.jsonl").exists());
}

#[test]
fn a_malformed_gazetteer_stops_before_writing_and_keeps_old_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let onto = ontology_copy(tmp.path());
    let out = tmp.path().join("out");
    assert!(build(Path::new("seeds"), &out, &onto).status.success());
    let before = files(&out);
    fs::write(
        onto.join("gazetteer/zz_bad.tsv"),
        "# comment\nputin\tPerson\tVladimir Putin\t\t\n",
    )
    .unwrap();
    let o = build(Path::new("seeds"), &out, &onto);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("zz_bad.tsv:2") && stderr(&o).contains("duplicate id 'putin'"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        files(&out),
        before,
        "previous exports must stay as they were"
    );
}

#[test]
fn a_malformed_rule_names_its_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let onto = ontology_copy(tmp.path());
    let rule =
        "[[rule]]\nid = \"x.bad\"\npredicate = \"meetsWith\"\npattern = \"{S} (unclosed {O}\"\n";
    fs::write(onto.join("rules/zz_bad.toml"), rule).unwrap();
    let o = build(Path::new("seeds"), &tmp.path().join("out"), &onto);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("zz_bad.toml:1") && stderr(&o).contains("invalid pattern"),
        "{}",
        stderr(&o)
    );
    fs::write(
        onto.join("rules/zz_bad.toml"),
        rule.replace("meetsWith", "meetWith")
            .replace("(unclosed ", ""),
    )
    .unwrap();
    let o = build(Path::new("seeds"), &tmp.path().join("out"), &onto);
    assert!(
        stderr(&o).contains("unknown predicate 'meetWith'"),
        "{}",
        stderr(&o)
    );
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn relations_filters_by_any_alias_and_shows_evidence() {
    let o = kg(&[
        "relations",
        "--exports",
        "exports",
        "--subject",
        "Tsikhanouskaya",
        "--format",
        "tsv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.lines().count() >= 2, "{text}");
    assert!(
        text.lines()
            .all(|l| l.starts_with("Svetlana Tikhanovskaya\t")),
        "{text}"
    );
    assert!(
        text.contains("taken shelter in EU member Lithuania"),
        "evidence sentence shown: {text}"
    );
    let o = kg(&[
        "relations",
        "--exports",
        "exports",
        "--subject",
        "Nobody Atall",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

/// The relation lines `kg relations ARGS --format jsonl` prints.
fn relation_lines(args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["relations", "--exports", "exports", "--format", "jsonl"];
    all.extend(args);
    let o = kg(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn relations_match_symmetric_predicates_either_way_round() {
    // In the shipped exports Lukashenko is the subject of every meeting
    // with Putin: asked from Putin's side they must all be found.
    let as_subject = relation_lines(&["--subject", "Putin", "--predicate", "meetsWith"]);
    let as_object = relation_lines(&["--object", "Putin", "--predicate", "meetsWith"]);
    assert!(!as_object.is_empty());
    assert_eq!(as_subject, as_object);
    let both = relation_lines(&["--subject", "Putin", "--object", "Lukashenko"]);
    let symmetric = |r: &serde_json::Value| {
        ["meetsWith", "cooperatesWith"].contains(&r["predicate"].as_str().unwrap())
    };
    assert!(both
        .iter()
        .all(|r| r["subject"]["label"] == "Vladimir Putin" || symmetric(r)));
    assert!(both.iter().filter(|r| symmetric(r)).count() > as_object.len());
    // A predicate that is not symmetric keeps its direction.
    let led = relation_lines(&["--object", "Lukashenko", "--predicate", "leaderOf"]);
    assert!(led.is_empty(), "{led:?}");
    // `json` is still accepted as the name of the JSON Lines format.
    let o = kg(&[
        "relations",
        "--exports",
        "exports",
        "--format",
        "json",
        "--predicate",
        "meetsWith",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn relations_filter_by_document_dates_and_confidence() {
    let all = relation_lines(&[]);
    let doc = all[0]["doc"].as_str().unwrap().to_string();
    let in_doc = relation_lines(&["--doc", &doc]);
    assert_eq!(in_doc.len(), all.iter().filter(|r| r["doc"] == doc).count());
    let dated: Vec<&str> = all.iter().filter_map(|r| r["date"].as_str()).collect();
    let day = *dated.iter().max().expect("some relations are dated");
    let since = relation_lines(&["--since", day]);
    assert_eq!(since.len(), dated.iter().filter(|d| **d >= day).count());
    let until = relation_lines(&["--until", day]);
    assert_eq!(until.len(), dated.iter().filter(|d| **d <= day).count());
    let window = relation_lines(&["--since", day, "--until", day]);
    assert!(window.iter().all(|r| r["date"] == day) && !window.is_empty());
    let sure = relation_lines(&["--min-confidence", "0.85"]);
    let expected = all
        .iter()
        .filter(|r| r["confidence"].as_f64().unwrap() >= 0.85)
        .count();
    assert_eq!(sure.len(), expected);
    assert!(expected > 0 && expected < all.len());
    for bad in [["--since", "2020-9-1"], ["--min-confidence", "2"]] {
        let o = kg(&["relations", "--exports", "exports", bad[0], bad[1]]);
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
    }
}

#[test]
fn an_unknown_predicate_is_an_error_that_lists_the_predicates() {
    let o = kg(&["relations", "--exports", "exports", "--predicate", "meets"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(err.contains("\"meets\" is not a predicate"), "{err}");
    assert!(
        err.contains("meetsWith") && err.contains("imposesSanctionsOn"),
        "{err}"
    );
}

/// Builds one short article with `--base-iri base` into `dir/name`.
fn build_with_base(dir: &Path, name: &str, text: &str, base: &str) -> PathBuf {
    let input = dir.join(format!("{name}-in"));
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join(format!("{name}.txt")), text).unwrap();
    let out = dir.join(name);
    let o = kg(&[
        "build",
        &input.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
        "--base-iri",
        base,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

#[test]
fn merge_keeps_the_base_iri_of_the_builds_and_refuses_two_bases() {
    let tmp = tempfile::tempdir().unwrap();
    let base = "http://news.example.net/graph/";
    let a = build_with_base(
        tmp.path(),
        "a",
        "Alexander Lukashenko met Vladimir Putin in Minsk on Friday.\n",
        base,
    );
    let b = build_with_base(
        tmp.path(),
        "b",
        "The European Union imposed sanctions on Belarus in June.\n",
        base,
    );
    let out = tmp.path().join("merged");
    let merge = |dirs: &[&Path], extra: &[&str]| {
        let mut args = vec!["merge".to_string()];
        args.extend(dirs.iter().map(|d| d.to_string_lossy().into_owned()));
        args.extend(["--out".to_string(), out.to_string_lossy().into_owned()]);
        args.extend(extra.iter().map(|s| s.to_string()));
        kg(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let o = merge(&[&a, &b], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let entities = fs::read_to_string(out.join("entities.jsonl")).unwrap();
    assert!(
        entities.contains(&format!("\"{base}entity/lukashenko\"")),
        "{entities}"
    );
    assert!(
        !entities.contains("https://example.org/kg/entity/"),
        "{entities}"
    );
    let nt = fs::read_to_string(out.join("graph.nt")).unwrap();
    assert!(nt.contains(&format!("<{base}doc/")), "{nt}");
    // A different --base-iri would rewrite every IRI: refused.
    let o = merge(&[&a, &b], &["--base-iri", "http://other.example/"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(base), "{}", stderr(&o));
    // Two builds made with different bases are not one graph: refused.
    let c = build_with_base(
        tmp.path(),
        "c",
        "Sviatlana Tsikhanouskaya met Emmanuel Macron in Vilnius.\n",
        "http://elsewhere.example/",
    );
    let before = fs::read(out.join("entities.jsonl")).unwrap();
    let o = merge(&[&a, &c], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("different base IRIs"), "{err}");
    assert!(
        err.contains(base) && err.contains("http://elsewhere.example/"),
        "{err}"
    );
    assert_eq!(
        fs::read(out.join("entities.jsonl")).unwrap(),
        before,
        "nothing written"
    );
}

#[test]
fn explain_shows_mentions_templates_and_facts() {
    let o = kg(&[
        "explain",
        "Belarusian President Alexander Lukashenko met Vladimir Putin in Sochi.",
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("reduced: ⟦P1⟧ met ⟦P2⟧ in ⟦L3⟧."), "{text}");
    assert!(
        text.contains("fact: lukashenko meetsWith Entity(\"putin\")  [meet.verb"),
        "{text}"
    );
}

#[test]
fn an_adjective_and_the_noun_after_it_naming_one_state_are_one_slot() {
    let o = kg(&[
        "explain",
        "Ukraine halted flights after the Belarusian authorities arrested Protasevich.",
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("raw:     ⟦C0⟧ halted flights after the ⟦C2⟧ arrested ⟦P3⟧."),
        "{text}"
    );
}

#[test]
fn check_passes_the_shipped_ontology() {
    let out = kg(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(stderr(&out).contains("0 problems"), "{}", stderr(&out));
}

#[test]
fn check_names_each_problem_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let onto = ontology_copy(dir.path());
    let people = onto.join("gazetteer/people.tsv");
    let mut text = fs::read_to_string(&people).unwrap();
    text.push_str("test_person\tPerson\tTest Person\t\tTest Person\t\n");
    let line = text.lines().count();
    fs::write(&people, text).unwrap();
    let rules = onto.join("rules/interaction.toml");
    let mut text = fs::read_to_string(&rules).unwrap();
    text.push_str(
        "\n[[rule]]\nid = \"test.never\"\npredicate = \"meetsWith\"\npattern = \"{S} zzqx {O}\"\n\
         examples = [\"Putin met Lukashenko in Sochi. => putin meetsWith lukashenko\"]\n",
    );
    fs::write(&rules, text).unwrap();
    fs::write(onto.join("queries/broken.rq"), "SELECT ?x WHERE {").unwrap();

    let out = kg(&["check", "--ontology", &onto.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let at = format!("people.tsv:{line}: ");
    for want in [
        format!("{at}label 'Test Person' repeated as an alias"),
        format!("{at}person without gender=m|f"),
        "test.never (".to_string(),
        "broken.rq: ".to_string(),
    ] {
        assert!(stdout.contains(&want), "no {want:?} in:\n{stdout}");
    }
}
