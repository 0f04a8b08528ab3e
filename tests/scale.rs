//! Scale: the exports do not depend on the number of threads, and shards
//! built apart then merged (`kg build --shard K/N`, `kg merge`) equal one
//! build of everything, byte for byte on every export.
//!
//! The corpus is the seed articles plus recombinations of their paragraphs
//! under other names (so there are more documents than threads and the
//! shards are not trivial), made fresh in a temporary folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Seeds, plus `extra` articles made of seed paragraphs taken in a fixed
/// stride (deterministic, no randomness needed).
fn corpus(dir: &Path, extra: usize) {
    let mut paras = Vec::new();
    let mut seeds: Vec<PathBuf> = fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    for path in &seeds {
        let text = fs::read_to_string(path).unwrap();
        fs::write(dir.join(path.file_name().unwrap()), &text).unwrap();
        paras.extend(
            text.split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(String::from),
        );
    }
    for i in 0..extra {
        let body: Vec<&str> = (0..8)
            .map(|j| paras[(i * 7 + j * 13) % paras.len()].as_str())
            .collect();
        fs::write(dir.join(format!("mix_{i:03}.txt")), body.join("\n\n")).unwrap();
    }
}

fn kg(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(args)
        .output()
        .unwrap();
    // Exit 1 means "built, some inputs skipped": still a finished build.
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "kg {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn build(input: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "build",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let onto = root().join("ontology");
    args.extend(["--ontology", onto.to_str().unwrap()]);
    args.extend_from_slice(extra);
    kg(&args);
}

/// Every export of a build, by name.
fn exports(dir: &Path) -> Vec<(String, Vec<u8>)> {
    kg::export::FILES
        .iter()
        .map(|(name, _)| (name.to_string(), fs::read(dir.join(name)).unwrap()))
        .collect()
}

fn assert_same(a: &Path, b: &Path) {
    for ((name, x), (_, y)) in exports(a).into_iter().zip(exports(b)) {
        assert!(
            x == y,
            "{name} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

#[test]
fn exports_do_not_depend_on_the_number_of_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    corpus(&input, 12);
    let (one, two) = (tmp.path().join("t1"), tmp.path().join("t2"));
    build(&input, &one, &["--threads", "1"]);
    build(&input, &two, &["--threads", "2"]);
    assert!(!fs::read(one.join("graph.nt")).unwrap().is_empty());
    assert_same(&one, &two);
}

#[test]
fn merged_shards_equal_one_build() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    corpus(&input, 12);
    let whole = tmp.path().join("whole");
    build(&input, &whole, &[]);
    let mut shards = Vec::new();
    for k in 1..=3 {
        let dir = tmp.path().join(format!("shard{k}"));
        build(&input, &dir, &["--shard", &format!("{k}/3")]);
        shards.push(dir.to_str().unwrap().to_string());
    }
    // Shards are disjoint and cover every document.
    let docs = |d: &str| fs::read_to_string(Path::new(d).join("graph.json")).unwrap();
    let counts: usize = shards
        .iter()
        .map(|d| {
            docs(d)
                .lines()
                .filter(|l| l.starts_with("{\"document\""))
                .count()
        })
        .sum();
    assert_eq!(counts, 17);
    let merged = tmp.path().join("merged");
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(String::as_str));
    args.extend(["--out", merged.to_str().unwrap()]);
    kg(&args);
    assert!(!fs::read(merged.join("relations.jsonl")).unwrap().is_empty());
    assert_same(&whole, &merged);
}
