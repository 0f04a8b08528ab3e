//! What loads but is probably a mistake in the gazetteer: `kg check` reports
//! it, `kg build` does not refuse it. The loader ([`super::gazetteer`])
//! rejects what cannot be read (bad ids, classes, attributes, a name given
//! to two entities); this module finds what reads fine and is still wrong:
//! a person without a gender, an `in=` pointing at no entry, a role title
//! the lexicon does not know, an alias repeated or empty, stray spaces.

use super::{LoadError, Ontology};
use crate::model::Class;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One finding: where (`file:line`, or none for cross-file notes), and what.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub at: Option<(PathBuf, usize)>,
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.at {
            Some((path, line)) => write!(f, "{}:{line}: {}", path.display(), self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

/// The problems of `onto`'s gazetteer (`onto.dir/gazetteer/*.tsv`), in file
/// and line order, and notes worth a look that are not problems (names
/// that differ only in case between two entities).
pub fn gazetteer(onto: &Ontology) -> Result<(Vec<Finding>, Vec<Finding>), LoadError> {
    let lines = data_lines(&onto.dir.join("gazetteer"))?;
    let titles: BTreeSet<String> = ["leader", "member", "head"]
        .iter()
        .flat_map(|kind| onto.lexicon.titles(kind))
        .map(|t| t.to_lowercase())
        .collect();
    let mut problems = Vec::new();
    let mut names: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, line, text) in &lines {
        let at = |message: String| Finding {
            at: Some((path.clone(), *line)),
            message,
        };
        problems.extend(columns(text).into_iter().map(at));
        let key = text.split('\t').next().unwrap_or("").trim();
        if let Some(entry) = onto.gazetteer.get(key) {
            problems.extend(entry_problems(entry, onto, &titles).into_iter().map(at));
            for name in std::iter::once(&entry.label).chain(&entry.aliases) {
                names
                    .entry(name.to_lowercase())
                    .or_default()
                    .insert(entry.key.clone());
            }
        }
    }
    let notes = names
        .into_iter()
        .filter(|(_, keys)| keys.len() > 1)
        .map(|(name, keys)| Finding {
            at: None,
            message: format!(
                "note: '{name}' (in some case) names {}",
                keys.into_iter().collect::<Vec<_>>().join(", ")
            ),
        })
        .collect();
    Ok((problems, notes))
}

/// Every non-comment line of the `*.tsv` files of `dir`, in name order.
fn data_lines(dir: &Path) -> Result<Vec<(PathBuf, usize, String)>, LoadError> {
    let mut out = Vec::new();
    for path in super::files_in(dir, "tsv")? {
        let text = std::fs::read_to_string(&path).map_err(|e| LoadError::io(&path, e))?;
        for (i, line) in text.lines().enumerate() {
            if !line.trim().is_empty() && !line.starts_with('#') {
                out.push((path.clone(), i + 1, line.to_string()));
            }
        }
    }
    Ok(out)
}

/// What the loader forgives in the raw columns: it trims spaces and drops
/// empty or repeated names silently, which usually hides a typo.
fn columns(line: &str) -> Vec<String> {
    let cols: Vec<&str> = line.split('\t').collect();
    let mut out = Vec::new();
    if cols.iter().any(|c| *c != c.trim() || c.contains("  ")) {
        out.push("stray spaces in a column".to_string());
    }
    let label = cols.get(2).map_or("", |c| c.trim());
    let aliases: Vec<&str> = match cols.get(4).map(|c| c.trim()) {
        Some("") | None => Vec::new(),
        Some(c) => c.split('|').map(str::trim).collect(),
    };
    if aliases.contains(&"") {
        out.push("empty alias (a stray '|')".to_string());
    }
    if aliases.contains(&label) {
        out.push(format!("label '{label}' repeated as an alias"));
    }
    let mut seen = BTreeSet::new();
    for alias in aliases.iter().filter(|a| !a.is_empty()) {
        if !seen.insert(*alias) {
            out.push(format!("alias '{alias}' repeated"));
        }
    }
    out
}

/// Attributes that do not fit the entry's class, and ids that point nowhere.
fn entry_problems(
    entry: &super::gazetteer::Entry,
    onto: &Ontology,
    titles: &BTreeSet<String>,
) -> Vec<String> {
    let mut out = Vec::new();
    let class = entry.class();
    if class == Class::Person && entry.gender.is_none() {
        out.push("person without gender=m|f (pronouns cannot find them)".to_string());
    }
    if class != Class::Person && (entry.gender.is_some() || !entry.roles.is_empty()) {
        out.push(format!("gender= or role= on a {}", class.as_str()));
    }
    if class != Class::Event && entry.by.is_some() {
        out.push(format!(
            "by= on a {} (only events have actors)",
            class.as_str()
        ));
    }
    if !entry.members.is_empty() && !matches!(class, Class::Organization | Class::Agreement) {
        out.push(format!(
            "members= on a {} (only organisations and agreements have members)",
            class.as_str()
        ));
    }
    if let Some(kind) = &entry.kind {
        if class != Class::Event || !onto.lexicon.events.contains_key(kind) {
            out.push(format!(
                "kind={kind}: only an event has a kind, one of lexicon.toml [events.KIND]"
            ));
        }
    }
    for role in &entry.roles {
        if !titles.contains(&role.title) {
            out.push(format!(
                "role title '{}' is not a title of lexicon.toml [titles]",
                role.title
            ));
        }
    }
    let targets = [
        ("capital", &entry.capital),
        ("in", &entry.within),
        ("by", &entry.by),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
    .chain(entry.roles.iter().map(|r| ("role", &r.of)))
    .chain(entry.members.iter().map(|r| ("members", &r.of)));
    for (attr, target) in targets {
        if *target == entry.key {
            out.push(format!("{attr}={target} points at itself"));
        } else if onto.gazetteer.get(target).is_none() {
            out.push(format!("{attr}={target}: no entry has that id"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgiven_column_slips_are_found() {
        assert_eq!(
            columns("x\tPerson\tA B\t\tA B|C||C\tgender=m"),
            vec![
                "empty alias (a stray '|')",
                "label 'A B' repeated as an alias",
                "alias 'C' repeated"
            ]
        );
        assert_eq!(
            columns("x\tPerson\tA  B\t\t\tgender=m"),
            vec!["stray spaces in a column"]
        );
        assert!(columns("x\tPerson\tA B\tQ1\tC|D\tgender=m").is_empty());
    }
}
