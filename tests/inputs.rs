//! What people feed `kg build`: real-looking files of every supported kind
//! (`tests/data/inputs/`), their metadata (date, date source, title, URL),
//! the exports read back as spreadsheets read them, and the binary run
//! from outside the repository.

use std::fs;
use std::path::{Path, PathBuf};
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
