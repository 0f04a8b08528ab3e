//! The gazetteer: `ontology/gazetteer/*.tsv`, one entity a line
//! (`id  class  label  wikidata  aliases  attrs`, tab-separated; format in
//! `ontology/gazetteer/README.md`). Loading checks that ids are unique and
//! that no alias names two entities, and reports the file and line.

use super::LoadError;
use crate::model::Class;
use std::collections::BTreeMap;
use std::path::Path;

/// A person's office: title noun ("president") of an entity ("belarus"),
/// held from and to a date when the gazetteer says (`title@id:FROM..TO`,
/// each an ISO date cut to `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, either may be
/// left off: `prime minister@belarus:2020-06..2024-04`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Role {
    pub title: String,
    pub of: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl Role {
    /// Whether the role was held on `date` (an ISO date, `YYYY-MM-DD` or a
    /// prefix of it). A bound compares at its own precision, so a role held
    /// `..2020` is held on any day of 2020. Undated roles are always held.
    pub fn held_on(&self, date: &str) -> bool {
        let cut = |bound: &str| &date[..date.len().min(bound.len())];
        let after_start = self.from.as_deref().is_none_or(|f| cut(f) >= f);
        let before_end = self.to.as_deref().is_none_or(|t| cut(t) <= t);
        after_start && before_end
    }
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
    /// A person's year of birth, when known ("the 66-year-old" of an
    /// article of 2021 is no one born in 1952).
    pub born: Option<i32>,
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
    /// The lexicon event kind a named event is of ("kind=drills" on
    /// Zapad-2021): the kind's nouns in its document ("the drills") name it.
    pub kind: Option<String>,
    /// A yearly series ("recurs=yearly" on the Forum of Regions): each
    /// mention names the year's forum, not the series.
    pub yearly: bool,
    /// Common nouns that refer back to it ("called=bloc|alliance" on the
    /// SCO): "the security bloc" after it names it.
    pub called: Vec<String>,
    /// The countries or bodies that belong to a union or alliance
    /// ("members=russia,belarus" on the Union State), each a `Role` whose
    /// `of` is the member, dated as roles are (`belarus:2024-07-04..` on
    /// the SCO).
    pub members: Vec<Role>,
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

    /// The country of the first office the entry of `key` gives (held on
    /// `on`, when a date is given); a role in an organisation ("leader of
    /// the Anti-Corruption Foundation") says no country.
    pub fn office_country(&self, key: &str, on: Option<&str>) -> Option<&str> {
        self.get(key)?
            .roles
            .iter()
            .filter(|r| on.is_none_or(|d| r.held_on(d)))
            .map(|r| r.of.as_str())
            .find(|of| self.get(of).is_some_and(|c| c.class() == Class::Country))
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
            "born" => match v.parse::<i32>() {
                Ok(y) if (1850..=2030).contains(&y) => entry.born = Some(y),
                _ => return Err(format!("born '{v}' must be a year (YYYY)")),
            },
            "adj" => entry.adjectives = list(v, '|'),
            "demonym" => entry.demonyms = list(v, '|'),
            "capital" => entry.capital = Some(v.to_string()),
            "in" => entry.within = Some(v.to_string()),
            "by" => entry.by = Some(v.to_string()),
            "kind" => entry.kind = Some(v.to_string()),
            "recurs" => match v {
                "yearly" => entry.yearly = true,
                _ => return Err(format!("recurs '{v}' must be yearly")),
            },
            "called" => entry.called = list(v, '|'),
            "role" => {
                for role in list(v, ',') {
                    entry.roles.push(parse_role(&role)?);
                }
            }
            "members" => {
                for member in list(v, ',') {
                    entry.members.push(parse_role(&format!("member@{member}"))?);
                }
            }
            other => return Err(format!("unknown attribute '{other}'")),
        }
    }
    Ok(entry)
}

/// `title@id` or `title@id:FROM..TO` (either date may be left off).
fn parse_role(role: &str) -> Result<Role, String> {
    let (title, rest) = role
        .split_once('@')
        .ok_or_else(|| format!("role '{role}' is not title@id"))?;
    let (of, span) = match rest.split_once(':') {
        Some((of, span)) => (of, Some(span)),
        None => (rest, None),
    };
    let mut out = Role {
        title: title.trim().to_lowercase(),
        of: of.trim().to_string(),
        ..Role::default()
    };
    if let Some(span) = span {
        let (from, to) = span
            .split_once("..")
            .ok_or_else(|| format!("role '{role}': dates must read FROM..TO"))?;
        let date = |d: &str| -> Result<Option<String>, String> {
            let d = d.trim();
            if d.is_empty() {
                Ok(None)
            } else if iso_date(d) {
                Ok(Some(d.to_string()))
            } else {
                Err(format!(
                    "role '{role}': '{d}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
                ))
            }
        };
        (out.from, out.to) = (date(from)?, date(to)?);
        if let (Some(f), Some(t)) = (&out.from, &out.to) {
            if f > t {
                return Err(format!("role '{role}' ends before it starts"));
            }
        }
    }
    Ok(out)
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, digits where digits go.
fn iso_date(d: &str) -> bool {
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
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
        let born = parse_line("x\tPerson\tX\t\t\tgender=m;born=1954").unwrap();
        assert_eq!(born.born, Some(1954));
        assert!(parse_line("x\tPerson\tX\t\t\tborn=54").is_err());
        assert_eq!(
            e.roles,
            [Role {
                title: "president".into(),
                of: "belarus".into(),
                ..Role::default()
            }]
        );
    }

    #[test]
    fn members_are_dated_as_roles_are() {
        let e =
            parse_line("sco\tOrganization\tSCO\t\t\tmembers=china,belarus:2024-07-04..").unwrap();
        let (china, belarus) = (&e.members[0], &e.members[1]);
        assert_eq!(
            (china.of.as_str(), belarus.of.as_str()),
            ("china", "belarus")
        );
        assert!(china.held_on("2020-01-01"));
        assert!(!belarus.held_on("2024-07-03"));
        assert!(belarus.held_on("2024-07-04"));
        assert!(parse_line("sco\tOrganization\tSCO\t\t\tmembers=belarus:2024..x").is_err());
    }

    #[test]
    fn roles_carry_optional_dates() {
        let e = parse_line("makei\tPerson\tVladimir Makei\t\t\tgender=m;role=foreign minister@belarus:2012-08..2022-11-26,head@belarusian_presidential_administration:..2012").unwrap();
        let (fm, head) = (&e.roles[0], &e.roles[1]);
        assert_eq!(fm.of, "belarus");
        assert_eq!(fm.from.as_deref(), Some("2012-08"));
        assert_eq!(fm.to.as_deref(), Some("2022-11-26"));
        assert!(fm.held_on("2020-08-09"));
        assert!(fm.held_on("2012-08-20"));
        assert!(fm.held_on("2022"), "a year overlapping the span");
        assert!(!fm.held_on("2023-01-05"));
        assert!(!fm.held_on("2011-12-31"));
        assert_eq!(head.from, None);
        assert!(head.held_on("2012-12-31") && !head.held_on("2013-01-01"));
        assert!(Role::default().held_on("1999-01-01"), "undated: always");
    }

    #[test]
    fn bad_role_dates_are_refused() {
        let line = |role: &str| parse_line(&format!("x\tPerson\tX\t\t\tgender=m;role={role}"));
        assert!(line("president@x:2020").unwrap_err().contains("FROM..TO"));
        assert!(line("president@x:20-01..")
            .unwrap_err()
            .contains("not a date"));
        assert!(line("president@x:2024..2020")
            .unwrap_err()
            .contains("ends before"));
        assert!(line("president@x:..2020-05").is_ok());
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
