//! The gazetteer: `ontology/gazetteer/*.tsv`, one entity a line
//! (`id  class  label  wikidata  aliases  attrs`, tab-separated; format in
//! `ontology/gazetteer/README.md`). Loading checks that ids are unique and
//! that no alias names two entities, and reports the file and line.

use super::LoadError;
use crate::model::Class;
use std::collections::BTreeMap;
use std::path::Path;

/// A person's office: title noun ("president") of an entity ("belarus").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub title: String,
    pub of: String,
}

/// One gazetteer entity.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    pub key: String,
    pub class: Option<Class>,
    pub label: String,
    pub wikidata: Option<String>,
    pub aliases: Vec<String>,
    /// 'm' or 'f' for persons, when known.
    pub gender: Option<char>,
    /// Adjectival forms ("Belarusian", "Belarussian").
    pub adjectives: Vec<String>,
    /// Names of the people ("Belarusians"): not entities, never matched.
    pub demonyms: Vec<String>,
    /// Key of the country's capital.
    pub capital: Option<String>,
    /// Key of the country or place this lies in.
    pub within: Option<String>,
    pub roles: Vec<Role>,
    /// Key of the actor an event is by ("by=russia" on an invasion).
    pub by: Option<String>,
}

impl Entry {
    pub fn class(&self) -> Class {
        self.class.unwrap_or(Class::Organization)
    }
}

/// All gazetteer entries, by key.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    pub entries: BTreeMap<String, Entry>,
}

impl Gazetteer {
    /// Loads every `*.tsv` of `dir`, in name order.
    pub fn load(dir: &Path) -> Result<Gazetteer, LoadError> {
        let files = super::files_in(dir, "tsv")?;
        let mut gaz = Gazetteer::default();
        let mut seen: BTreeMap<String, (String, usize)> = BTreeMap::new();
        let mut aliases: BTreeMap<String, (String, String, usize)> = BTreeMap::new();
        for path in &files {
            let text = std::fs::read_to_string(path).map_err(|e| LoadError::io(path, e))?;
            for (i, line) in text.lines().enumerate() {
                let at = |message: String| LoadError::at(path, i + 1, message);
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let entry = parse_line(line).map_err(at)?;
                let here = path.display().to_string();
                if let Some((file, line)) = seen.get(&entry.key) {
                    return Err(at(format!(
                        "duplicate id '{}' (first defined at {file}:{line})",
                        entry.key
                    )));
                }
                seen.insert(entry.key.clone(), (here.clone(), i + 1));
                for name in std::iter::once(&entry.label).chain(&entry.aliases) {
                    match aliases.get(name) {
                        Some((other, file, line)) if *other != entry.key => {
                            return Err(at(format!(
                                "alias '{name}' of '{}' also names '{other}' ({file}:{line})",
                                entry.key
                            )))
                        }
                        _ => {
                            aliases.insert(name.clone(), (entry.key.clone(), here.clone(), i + 1));
                        }
                    }
                }
                gaz.entries.insert(entry.key.clone(), entry);
            }
        }
        Ok(gaz)
    }

    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }
}

fn parse_line(line: &str) -> Result<Entry, String> {
    let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
    if cols.len() < 3 || cols.len() > 6 {
        return Err(format!(
            "expected 5 or 6 tab-separated columns (id, class, label, wikidata, aliases, attrs), found {}",
            cols.len()
        ));
    }
    let col = |i: usize| cols.get(i).copied().unwrap_or("");
    let key = col(0).to_string();
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(format!("id '{key}' must be a lowercase slug of [a-z0-9_]"));
    }
    let class = Class::parse(col(1))
        .filter(|c| *c != Class::Quote)
        .ok_or_else(|| format!("unknown class '{}'", col(1)))?;
    let label = col(2).to_string();
    if label.is_empty() {
        return Err("empty label".into());
    }
    let wikidata = match col(3) {
        "" => None,
        q if q.starts_with('Q') && q.len() > 1 && q[1..].bytes().all(|b| b.is_ascii_digit()) => {
            Some(q.to_string())
        }
        q => return Err(format!("wikidata id '{q}' is not of the form Q123")),
    };
    let mut entry = Entry {
        key,
        class: Some(class),
        label,
        wikidata,
        aliases: list(col(4), '|'),
        ..Entry::default()
    };
    entry.aliases.retain(|a| *a != entry.label);
    for attr in col(5).split(';').map(str::trim).filter(|a| !a.is_empty()) {
        let (k, v) = attr
            .split_once('=')
            .ok_or_else(|| format!("attribute '{attr}' is not key=value"))?;
        let v = v.trim();
        match k.trim() {
            "gender" => match v {
                "m" | "f" => entry.gender = v.chars().next(),
                _ => return Err(format!("gender '{v}' must be m or f")),
            },
            "adj" => entry.adjectives = list(v, '|'),
            "demonym" => entry.demonyms = list(v, '|'),
            "capital" => entry.capital = Some(v.to_string()),
            "in" => entry.within = Some(v.to_string()),
            "by" => entry.by = Some(v.to_string()),
            "role" => {
                for role in list(v, ',') {
                    let (title, of) = role
                        .split_once('@')
                        .ok_or_else(|| format!("role '{role}' is not title@id"))?;
                    entry.roles.push(Role {
                        title: title.trim().to_lowercase(),
                        of: of.trim().to_string(),
                    });
                }
            }
            other => return Err(format!("unknown attribute '{other}'")),
        }
    }
    Ok(entry)
}

fn list(s: &str, sep: char) -> Vec<String> {
    s.split(sep)
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_line() {
        let e = parse_line("lukashenko\tPerson\tAlexander Lukashenko\t\tLukashenko|Lukashenka\tgender=m;role=president@belarus").unwrap();
        assert_eq!(e.aliases, ["Lukashenko", "Lukashenka"]);
        assert_eq!(e.gender, Some('m'));
        assert_eq!(
            e.roles,
            [Role {
                title: "president".into(),
                of: "belarus".into()
            }]
        );
    }

    #[test]
    fn rejects_bad_lines_with_reasons() {
        assert!(parse_line("x\tPlanet\tX\t\t")
            .unwrap_err()
            .contains("unknown class"));
        assert!(parse_line("x\tPerson\tX\t7747\t")
            .unwrap_err()
            .contains("Q123"));
        assert!(parse_line("X\tPerson\tX\t\t").unwrap_err().contains("slug"));
        assert!(parse_line("x\tPerson\tX\t\t\tcolour=red")
            .unwrap_err()
            .contains("unknown attribute"));
    }
}
