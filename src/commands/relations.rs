//! `kg relations`: the relation list a person reads, with the evidence
//! sentence of every line. Filters match an entity by its label or any
//! alias (case-insensitive), so "Tsikhanouskaya" finds Tikhanovskaya; a
//! predicate the ontology declares `owl:SymmetricProperty` matches either
//! way round ("--subject Putin" finds "Lukashenko meetsWith Putin"). A
//! predicate the ontology does not have is an error, not an empty list.

use super::eval::read_lines;
use crate::eval::{norm, SysEntity};
use crate::export::jsonl::RelationLine;
use crate::export::tsv::clean;
use crate::ontology::{self, Gazetteer};
use anyhow::{bail, Context};
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
    /// Only relations found in this document (its file name).
    #[arg(long)]
    pub doc: Option<String>,
    /// Only relations dated on or after this day (YYYY-MM-DD); undated ones
    /// are left out.
    #[arg(long, value_parser = parse_day)]
    pub since: Option<String>,
    /// Only relations dated on or before this day (YYYY-MM-DD); undated
    /// ones are left out.
    #[arg(long, value_parser = parse_day)]
    pub until: Option<String>,
    /// Only relations whose evidence has at least this confidence (0 to 1).
    #[arg(long, value_parser = parse_confidence)]
    pub min_confidence: Option<f64>,
    /// Output format: a readable table, TSV, or JSON Lines (one
    /// relations.jsonl object a line; `json` is an alias).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Folder of the build to read.
    #[arg(long, default_value = "exports")]
    pub exports: PathBuf,
    /// Folder of the ontology: its predicates (which exist, which are
    /// symmetric) and its gazetteer (spelling variants that also match).
    #[arg(long)]
    pub ontology: Option<PathBuf>,
    /// Gazetteer whose spelling variants also match, if not the ontology's.
    #[arg(long)]
    pub gazetteer: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Tsv,
    #[value(alias = "json")]
    Jsonl,
}

/// A `YYYY-MM-DD` day, checked for shape and range.
fn parse_day(text: &str) -> Result<String, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    match parts[..] {
        [y, m, d]
            if number(y, 4).is_some()
                && number(m, 2).is_some_and(|m| (1..=12).contains(&m))
                && number(d, 2).is_some_and(|d| (1..=31).contains(&d)) =>
        {
            Ok(text.to_string())
        }
        _ => Err(format!("{text:?} is not a day written YYYY-MM-DD")),
    }
}

fn parse_confidence(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(c) if (0.0..=1.0).contains(&c) => Ok(c),
        _ => Err(format!("{text:?} is not a confidence between 0 and 1")),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let ontology_dir = super::ontology_dir(args.ontology.as_deref())?;
    let ttl = ontology_dir.join("ontology.ttl");
    let predicates = ontology::predicates_of(&ttl).context("cannot load the ontology")?;
    if let Some(p) = &args.predicate {
        if !predicates.contains_key(p) {
            let known: Vec<&str> = predicates.keys().map(String::as_str).collect();
            bail!(
                "--predicate {p:?} is not a predicate of {}; the predicates are: {}",
                ttl.display(),
                known.join(", ")
            );
        }
    }
    let symmetric = ontology::symmetric_names(&predicates);
    let entities: Vec<SysEntity> = read_lines(&args.exports.join("entities.jsonl"))?;
    let lines: Vec<RelationLine> = read_lines(&args.exports.join("relations.jsonl"))?;
    // Spelling variants the articles did not use still find the entity.
    let gazetteer_dir = (args.gazetteer.clone()).unwrap_or_else(|| ontology_dir.join("gazetteer"));
    let gazetteer = Gazetteer::load(&gazetteer_dir).unwrap_or_default();
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
    let ends = Ends {
        subjects: subjects.as_ref(),
        objects: objects.as_ref(),
        object_text: args.object.as_deref(),
    };
    let keep = |r: &&RelationLine| {
        (ends.match_as_written(r) || symmetric.contains(&r.predicate) && ends.match_swapped(r))
            && args.predicate.as_ref().is_none_or(|p| *p == r.predicate)
            && args.doc.as_ref().is_none_or(|d| *d == r.doc)
            && args.min_confidence.is_none_or(|c| r.confidence >= c)
            && in_dates(
                r.date.as_deref(),
                args.since.as_deref(),
                args.until.as_deref(),
            )
    };
    let out = std::io::stdout();
    let mut out = out.lock();
    let mut n = 0;
    for r in lines.iter().filter(keep) {
        n += 1;
        write_line(&mut out, args.format, r)?;
    }
    out.flush()?;
    eprintln!("kg: {n} relations");
    Ok(ExitCode::SUCCESS)
}

/// The subject and object filters: entity ids (`None` when not filtered);
/// a quote object also matches by its text.
struct Ends<'a> {
    subjects: Option<&'a BTreeSet<String>>,
    objects: Option<&'a BTreeSet<String>>,
    object_text: Option<&'a str>,
}

impl Ends<'_> {
    fn match_as_written(&self, r: &RelationLine) -> bool {
        self.subjects.is_none_or(|ids| ids.contains(&r.subject.id))
            && self.objects.is_none_or(|ids| {
                ids.contains(&r.object.id) || Some(r.object.label.as_str()) == self.object_text
            })
    }

    /// The filters applied to the relation read the other way round.
    fn match_swapped(&self, r: &RelationLine) -> bool {
        self.subjects.is_none_or(|ids| ids.contains(&r.object.id))
            && self.objects.is_none_or(|ids| ids.contains(&r.subject.id))
    }
}

/// Whether a relation's date lies in [since, until]; an undated relation
/// is in only when neither bound is given. Days compare as text (ISO).
fn in_dates(date: Option<&str>, since: Option<&str>, until: Option<&str>) -> bool {
    if since.is_none() && until.is_none() {
        return true;
    }
    let Some(date) = date else { return false };
    since.is_none_or(|s| date >= s) && until.is_none_or(|u| date.get(..10).unwrap_or(date) <= u)
}

fn write_line(out: &mut impl Write, format: Format, r: &RelationLine) -> std::io::Result<()> {
    match format {
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, r)?;
            writeln!(out)
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
        ),
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
        ),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_checked() {
        assert!(parse_day("2020-09-11").is_ok());
        for bad in [
            "2020-9-11",
            "2020-13-01",
            "11.09.2020",
            "2020-09",
            "yesterday",
        ] {
            assert!(parse_day(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_bound_both_ways_and_undated_lines_only_pass_without_bounds() {
        assert!(in_dates(None, None, None));
        assert!(!in_dates(None, Some("2020-01-01"), None));
        assert!(in_dates(
            Some("2020-09-11"),
            Some("2020-09-11"),
            Some("2020-09-11")
        ));
        assert!(!in_dates(Some("2020-09-10"), Some("2020-09-11"), None));
        assert!(!in_dates(Some("2020-09-12"), None, Some("2020-09-11")));
        // A month-only date is within a bound in that month's range.
        assert!(in_dates(Some("2020-09"), None, Some("2020-09-30")));
    }

    #[test]
    fn confidences_lie_between_zero_and_one() {
        assert_eq!(parse_confidence("0.85"), Ok(0.85));
        assert!(parse_confidence("1.5").is_err());
        assert!(parse_confidence("high").is_err());
    }
}
