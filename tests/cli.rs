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
        stderr(&o).contains("no .txt or .md articles") && stderr(&o).contains("empty"),
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
    let o = build(&input, &tmp.path().join("out"), Path::new("ontology"));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("junk.txt") && err.contains("latin1.txt:2"),
        "each skipped file named (with line): {err}"
    );
    assert!(err.contains("1 documents (2 skipped)"), "{err}");
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
