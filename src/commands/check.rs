//! `kg check`: everything a rule or gazetteer editor should know before a
//! build, without cargo: the ontology loads (else the file and line of the
//! first error), the gazetteer lint ([`crate::ontology::lint`]), every
//! rule's examples and counter-examples, and every query under
//! `ontology/queries/` parses. Problems go to stdout, one a line; the
//! summary to stderr; exit 1 if there is any problem.

use crate::extract::examples;
use crate::ontology::lint;
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folder of the ontology, gazetteer, rules and queries (default: $KG_ONTOLOGY, ./ontology, beside the binary, else built in).
    #[arg(long)]
    pub ontology: Option<PathBuf>,
    /// Also print notes that are not problems (names that differ only in case).
    #[arg(long)]
    pub notes: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let onto = super::load_ontology(args.ontology.as_deref())?;
    let (gazetteer, notes) = lint::gazetteer(&onto)?;
    let rules = examples::check(&onto);
    let queries = queries(&onto.dir.join("queries"))?;
    let problems: Vec<String> = gazetteer
        .iter()
        .map(ToString::to_string)
        .chain(rules.iter().cloned())
        .chain(queries.iter().cloned())
        .collect();
    for line in &problems {
        println!("{line}");
    }
    if args.notes {
        for note in &notes {
            println!("{note}");
        }
    }
    let examples: usize = onto
        .rules
        .iter()
        .map(|r| r.examples.len() + r.counter_examples.len())
        .sum();
    eprintln!(
        "kg: {} gazetteer entries: {} problems ({} notes); {} rules, {examples} examples: {} failed; queries: {} problems",
        onto.gazetteer.entries.len(),
        gazetteer.len(),
        notes.len(),
        onto.rules.len(),
        rules.len(),
        queries.len(),
    );
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A line per `*.rq` file of `dir` that does not parse (none if no folder).
fn queries(dir: &Path) -> anyhow::Result<Vec<String>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for path in crate::ontology::files_in(dir, "rq")? {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if let Err(e) = crate::query::check(&text) {
            out.push(format!("{}: {e}", path.display()));
        }
    }
    Ok(out)
}
