//! What people feed `kg build`: real-looking files of every supported kind
//! (`tests/data/inputs/`), their metadata (date, date source, title, URL),
//! the exports read back as spreadsheets read them, and the binary run
//! from outside the repository.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the built `kg` with `args` in `cwd`.
fn kg(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kg"))
        .current_dir(cwd)
        .args(args)
        .env_remove("KG_ONTOLOGY")
        .output()
        .expect("kg runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The fields of one RFC 4180 record with tab as the separator.
fn tsv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        let field = fields.last_mut().unwrap();
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if field.is_empty() => quoted = true,
            '\t' if !quoted => fields.push(String::new()),
            c => field.push(c),
        }
    }
    assert!(!quoted, "unclosed quote in {line}");
    fields
}

#[test]
fn a_sentence_that_starts_with_a_quote_mark_stays_one_tsv_field() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(
        input.join("quoted.txt"),
        "Lukashenko hosts Putin\n\nMINSK, March 3, 2022 (Reuters) - \
         \"We are not going anywhere,\" Belarusian President Alexander Lukashenko said \
         after he met Russian President Vladimir Putin in Minsk on Thursday.\n\n\
         \"Our union is strong,\" Putin said.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = kg(
        repo(),
        &[
            "build",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let tsv = fs::read_to_string(out.join("relations.tsv")).unwrap();
    let jsonl = fs::read_to_string(out.join("relations.jsonl")).unwrap();
    let rows: Vec<Vec<String>> = tsv.lines().map(tsv_fields).collect();
    assert_eq!(
        rows.len() - 1,
        jsonl.lines().count(),
        "one row per relation"
    );
    assert!(rows.iter().all(|r| r.len() == 12), "{tsv}");
    let sentences: Vec<&str> = rows[1..].iter().map(|r| r[11].as_str()).collect();
    assert!(
        sentences
            .iter()
            .any(|s| s.starts_with("\"We are not going")),
        "{sentences:?}"
    );
    for (row, line) in rows[1..].iter().zip(jsonl.lines()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["sentence"], row[11].as_str());
        assert_eq!(v["date"], "2022-03-03");
    }
}

/// A short dated article that gives relations.
const ARTICLE: &str = "Putin meets Lukashenko in Sochi\n\n\
SOCHI, Dec 7, 2019 (Reuters) - Russian President Vladimir Putin met Belarusian \
President Alexander Lukashenko in Sochi on Friday to discuss integration.\n";

#[test]
fn an_installed_kg_runs_from_a_folder_outside_the_repository() {
    let home = tempfile::tempdir().unwrap();
    let bin = home.path().join("bin");
    fs::create_dir(&bin).unwrap();
    let kg_copy = bin.join("kg");
    fs::copy(env!("CARGO_BIN_EXE_kg"), &kg_copy).unwrap();
    let articles = home.path().join("articles");
    fs::create_dir(&articles).unwrap();
    fs::write(articles.join("sochi.txt"), ARTICLE).unwrap();
    let run = |envs: &[(&str, &Path)]| {
        Command::new(&kg_copy)
            .current_dir(home.path())
            .args(["build", "articles", "--out", "exports"])
            .env_remove("KG_ONTOLOGY")
            .env("HOME", home.path())
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .envs(envs.iter().map(|(k, v)| (k, v.as_os_str())))
            .output()
            .unwrap()
    };
    // nothing but the binary: the built-in ontology, unpacked into the cache
    let o = run(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("(built into kg, unpacked)"),
        "{}",
        stderr(&o)
    );
    let built_in = fs::read_to_string(home.path().join("exports/relations.jsonl")).unwrap();
    assert!(
        built_in.contains("\"predicate\":\"meetsWith\""),
        "{built_in}"
    );
    // a second run reuses the unpacked copy
    let o = run(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    // $KG_ONTOLOGY names the repository's folder: the same graph
    let o = run(&[("KG_ONTOLOGY", &repo().join("ontology"))]);
    assert!(stderr(&o).contains("(from $KG_ONTOLOGY)"), "{}", stderr(&o));
    let from_env = fs::read_to_string(home.path().join("exports/relations.jsonl")).unwrap();
    assert_eq!(built_in, from_env);
    // an ontology folder beside the binary wins over the built-in copy
    let beside = bin.join("ontology");
    copy_dir(&repo().join("ontology"), &beside);
    let o = run(&[]);
    assert!(
        stderr(&o).contains("(beside the kg binary)"),
        "{}",
        stderr(&o)
    );
    // a named folder that is not there is an error that names it
    let o = run(&[("KG_ONTOLOGY", &home.path().join("nowhere"))]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("nowhere"), "{}", stderr(&o));
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            fs::copy(&path, &dest).unwrap();
        }
    }
}
