//! `kg relations`: the relation list a person reads, with the evidence
//! sentence of every line; filters match an entity by its label or any
//! alias (case-insensitive), so "Tsikhanouskaya" finds Tikhanovskaya.

use super::eval::read_lines;
use crate::eval::{norm, SysEntity};
use crate::export::jsonl::RelationLine;
use crate::export::tsv::clean;
use crate::ontology::Gazetteer;
use anyhow::bail;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only relations whose subject has this name or alias.
    #[arg(long)]
    pub subject: Option<String>,
    /// Only this predicate (e.g. meetsWith).
    #[arg(long)]
    pub predicate: Option<String>,
    /// Only relations whose object has this name or alias.
    #[arg(long)]
    pub object: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Folder of the build to read.
    #[arg(long, default_value = "exports")]
    pub exports: PathBuf,
    /// Gazetteer whose spelling variants also match (if it exists).
    #[arg(long, default_value = "ontology/gazetteer")]
    pub gazetteer: PathBuf,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Tsv,
    Json,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let entities: Vec<SysEntity> = read_lines(&args.exports.join("entities.jsonl"))?;
    let lines: Vec<RelationLine> = read_lines(&args.exports.join("relations.jsonl"))?;
    // Spelling variants the articles did not use still find the entity.
    let gazetteer = Gazetteer::load(&args.gazetteer).unwrap_or_default();
    let subjects = ids_named(&entities, &gazetteer, args.subject.as_deref());
    let objects = ids_named(&entities, &gazetteer, args.object.as_deref());
    for (flag, name, ids) in [
        ("--subject", &args.subject, &subjects),
        ("--object", &args.object, &objects),
    ] {
        if let (Some(name), Some(ids)) = (name, ids) {
            if ids.is_empty() {
                bail!("{flag} {name:?}: no entity of this build has that name or alias");
            }
        }
    }
    let keep = |r: &&RelationLine| {
        subjects
            .as_ref()
            .is_none_or(|ids| ids.contains(&r.subject.id))
            && objects.as_ref().is_none_or(|ids| {
                ids.contains(&r.object.id)
                    || r.object.label == *args.object.as_deref().unwrap_or("")
            })
            && args.predicate.as_ref().is_none_or(|p| *p == r.predicate)
    };
    let out = std::io::stdout();
    let mut out = out.lock();
    let mut n = 0;
    for r in lines.iter().filter(keep) {
        n += 1;
        match args.format {
            Format::Json => {
                serde_json::to_writer(&mut out, r)?;
                writeln!(out)?;
            }
            Format::Tsv => writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                clean(&r.subject.label),
                r.predicate,
                clean(&r.object.label),
                r.doc,
                r.date.as_deref().unwrap_or(""),
                r.rule,
                clean(&r.sentence)
            )?,
            Format::Table => writeln!(
                out,
                "{} —{}→ {}\n    {} {} [{} {:.2}]\n    “{}”",
                r.subject.label,
                r.predicate,
                r.object.label,
                r.doc,
                r.date.as_deref().unwrap_or("undated"),
                r.rule,
                r.confidence,
                r.sentence
            )?,
        }
    }
    eprintln!("kg: {n} relations");
    Ok(ExitCode::SUCCESS)
}

/// The ids of entities with this label or alias; `None` when no filter.
fn ids_named(
    entities: &[SysEntity],
    gazetteer: &Gazetteer,
    name: Option<&str>,
) -> Option<BTreeSet<String>> {
    let wanted = norm(name?);
    let keys: BTreeSet<&str> = gazetteer
        .entries
        .values()
        .filter(|e| {
            std::iter::once(&e.label)
                .chain(&e.aliases)
                .any(|n| norm(n) == wanted)
        })
        .map(|e| e.key.as_str())
        .collect();
    Some(
        entities
            .iter()
            .filter(|e| {
                std::iter::once(&e.label)
                    .chain(&e.aliases)
                    .any(|n| norm(n) == wanted)
                    || e.id.rsplit('/').next().is_some_and(|k| keys.contains(k))
            })
            .map(|e| e.id.clone())
            .collect(),
    )
}
