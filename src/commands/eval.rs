//! `kg eval`: scores a build's exports against gold files and prints
//! precision, recall and F1 for entities, relations (per predicate too) and
//! quotes; `--verbose` lists every miss and false hit per document.

use crate::eval::{self, Count, Gold, SysEntity};
use crate::export::jsonl::RelationLine;
use anyhow::{bail, Context};
use serde::de::DeserializeOwned;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `writeln!` into a String, which cannot fail.
macro_rules! outln {
    ($out:expr, $($arg:tt)*) => {{ let _ = writeln!($out, $($arg)*); }};
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folder of `*.gold.json` files.
    #[arg(long)]
    pub gold: PathBuf,
    /// Folder of the build to score.
    #[arg(long, default_value = "exports")]
    pub exports: PathBuf,
    /// List every miss and false hit per document.
    #[arg(long)]
    pub verbose: bool,
    /// Folder of the ontology (its `ontology.ttl` says which predicates
    /// match either way round).
    #[arg(long)]
    pub ontology: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let golds = read_golds(&args.gold)?;
    let entities: Vec<SysEntity> = read_lines(&args.exports.join("entities.jsonl"))?;
    let relations: Vec<RelationLine> = read_lines(&args.exports.join("relations.jsonl"))?;
    let ontology_dir = super::ontology_dir(args.ontology.as_deref())?;
    let ttl = ontology_dir.join("ontology.ttl");
    let predicates = crate::ontology::predicates_of(&ttl).context("cannot load the ontology")?;
    let symmetric = crate::ontology::symmetric_names(&predicates);
    let report = eval::score(&golds, &entities, &relations, &symmetric);
    let mut out = String::new();
    outln!(
        out,
        "{:<28} {:>9} {:>9} {:>9}   tp/sys/gold",
        "",
        "precision",
        "recall",
        "F1"
    );
    row(&mut out, "entities", &report.entities);
    row(&mut out, "relations", &report.relations);
    for (p, c) in &report.per_predicate {
        row(&mut out, &format!("  {p}"), c);
    }
    row(&mut out, "quotes", &report.quotes);
    if args.verbose {
        for (doc, kind, what, text) in &report.details {
            outln!(out, "{doc}\t{kind}\t{what}\t{text}");
        }
    }
    std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn row(out: &mut String, name: &str, c: &Count) {
    outln!(
        out,
        "{name:<28} {:>9.3} {:>9.3} {:>9.3}   {}/{}/{}",
        c.precision(),
        c.recall(),
        c.f1(),
        c.tp,
        c.sys,
        c.gold
    );
}

/// The gold files of a folder, sorted by name.
pub fn read_golds(dir: &Path) -> anyhow::Result<Vec<Gold>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read gold folder {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        bail!("{}: no *.gold.json files", dir.display());
    }
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            serde_json::from_str(&text).with_context(|| format!("{}: not a gold file", p.display()))
        })
        .collect()
}

/// Reads a JSON-lines file; an error names the file and line.
pub fn read_lines<T: DeserializeOwned>(path: &Path) -> anyhow::Result<Vec<T>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l)
                .with_context(|| format!("{}:{}: malformed line", path.display(), i + 1))
        })
        .collect()
}
