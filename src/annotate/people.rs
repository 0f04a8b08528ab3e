//! People the gazetteer lacks, one entity each. Name patterns find a person
//! per spelling; this pass, run on a resolved document, joins them:
//! - a given name spelt another way ("Aleksandr Lukashenka") of a gazetteer
//!   person is that person;
//! - two unknown names whose given names are spellings of one name
//!   (`lexicon.toml` `name_variants`: "Sviatlana"/"Svetlana") and whose
//!   surnames agree, or differ by one letter in a long surname (a typo:
//!   "Ivanova"/"Ivanava"), are one person; another given name or another
//!   middle initial keeps namesakes apart;
//! - every unknown name takes the first spelling of its given name for its
//!   label and key, so one person named differently in two documents is
//!   one node of the build too. The spellings written stay its aliases.

use super::mentions::Annotator;
use crate::iri::slug;
use crate::model::{AnnotatedDoc, Class, EntityRecord};
use std::collections::HashMap;

/// Shortest surname in which a one-letter difference is read as a typo.
const TYPO_MIN_LEN: usize = 6;

/// A personal name cut in three: given name, middle parts, surname.
struct Name<'a> {
    given: &'a str,
    middle: Vec<&'a str>,
    surname: &'a str,
}

impl<'a> Name<'a> {
    fn parse(label: &'a str) -> Option<Name<'a>> {
        let words: Vec<&str> = label.split_whitespace().collect();
        let (&given, rest) = words.split_first()?;
        let (&surname, middle) = rest.split_last()?;
        Some(Name {
            given,
            middle: middle.to_vec(),
            surname,
        })
    }

    fn with_given(&self, given: &str) -> String {
        let mut words = vec![given];
        words.extend(&self.middle);
        words.push(self.surname);
        words.join(" ")
    }
}

/// Joins the spellings of one person in `doc` (see the module doc).
pub(crate) fn merge(doc: &mut AnnotatedDoc, ann: &Annotator<'_>) {
    let variants = Variants::new(&ann.onto.lexicon.name_variants);
    let unknown: Vec<usize> = (0..doc.entities.len())
        .filter(|&i| {
            let r = &doc.entities[i];
            r.class == Class::Person && ann.onto.gazetteer.get(&r.key).is_none()
        })
        .collect();
    for &i in &unknown {
        let record = &doc.entities[i];
        let Some(name) = Name::parse(&record.label) else {
            continue;
        };
        doc.entities[i] = match known_person(&name, &variants, ann) {
            Some(known) => known,
            None => {
                let label = name.with_given(variants.first_spelling(name.given));
                EntityRecord {
                    key: slug(&label),
                    label,
                    class: Class::Person,
                    wikidata: None,
                }
            }
        };
    }
    join_typos(doc, &unknown, ann);
    dedup_by_key(doc);
}

/// The gazetteer person `name` spells another way: a gazetteer name with
/// another spelling of the given name, or a surname that names a gazetteer
/// person whose given name is a spelling of this one.
fn known_person(name: &Name<'_>, variants: &Variants, ann: &Annotator<'_>) -> Option<EntityRecord> {
    let gazetteer = &ann.onto.gazetteer;
    let person = |key: String| gazetteer.get(&key).filter(|e| e.class() == Class::Person);
    let by_full = variants
        .spellings(name.given)
        .iter()
        .find_map(|g| person(ann.lookup(&name.with_given(g))?));
    let by_surname = || {
        person(ann.lookup(name.surname)?)
            .filter(|e| Name::parse(&e.label).is_some_and(|n| variants.same(n.given, name.given)))
    };
    let e = by_full.or_else(by_surname)?;
    Some(EntityRecord {
        key: e.key.clone(),
        label: e.label.clone(),
        class: e.class(),
        wikidata: e.wikidata.clone(),
    })
}

/// Unknown people of one document whose names differ only by a typo in a
/// long surname take the name of the one mentioned most (then first).
fn join_typos(doc: &mut AnnotatedDoc, unknown: &[usize], ann: &Annotator<'_>) {
    let mut count: HashMap<usize, usize> = HashMap::new();
    for m in &doc.mentions {
        *count.entry(m.entity).or_default() += 1;
    }
    let still_unknown: Vec<usize> = unknown
        .iter()
        .copied()
        .filter(|&i| ann.onto.gazetteer.get(&doc.entities[i].key).is_none())
        .collect();
    for &i in &still_unknown {
        let best = still_unknown
            .iter()
            .copied()
            .filter(|&j| j != i && typo_of(&doc.entities[i].label, &doc.entities[j].label))
            .max_by_key(|&j| (count.get(&j).copied().unwrap_or(0), std::cmp::Reverse(j)));
        if let Some(j) = best {
            let mentions = |k: usize| count.get(&k).copied().unwrap_or(0);
            let (mine, theirs) = (mentions(i), mentions(j));
            if (theirs, std::cmp::Reverse(j)) > (mine, std::cmp::Reverse(i)) {
                doc.entities[i] = doc.entities[j].clone();
            }
        }
    }
}

/// Two names (already in their first spellings) of one person but for one
/// letter of a long surname.
fn typo_of(a: &str, b: &str) -> bool {
    let (Some(x), Some(y)) = (Name::parse(a), Name::parse(b)) else {
        return false;
    };
    x.given == y.given
        && x.middle == y.middle
        && x.surname != y.surname
        && x.surname.chars().count().min(y.surname.chars().count()) >= TYPO_MIN_LEN
        && one_edit(x.surname, y.surname)
}

/// Whether `a` becomes `b` by one substitution, insertion or deletion.
fn one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if a == b || long.len() - short.len() > 1 {
        return false;
    }
    let head = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    let rest = if short.len() == long.len() {
        head + 1
    } else {
        head
    };
    short[rest..] == long[head + 1..]
}

/// Records sharing a key become one; mentions and the event and sanctions
/// tables follow their record.
fn dedup_by_key(doc: &mut AnnotatedDoc) {
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut kept: Vec<EntityRecord> = Vec::new();
    let mut moved: Vec<usize> = Vec::with_capacity(doc.entities.len());
    for r in std::mem::take(&mut doc.entities) {
        let ix = *first.entry(r.key.clone()).or_insert_with(|| {
            kept.push(r);
            kept.len() - 1
        });
        moved.push(ix);
    }
    doc.entities = kept;
    for m in &mut doc.mentions {
        m.entity = moved[m.entity];
    }
    for (ix, _) in &mut doc.event_kinds {
        *ix = moved[*ix];
    }
    for (ix, _) in &mut doc.meeting_places {
        *ix = moved[*ix];
    }
    for (ix, _) in &mut doc.sanctions_by {
        *ix = moved[*ix];
    }
}

/// The spelling sets of given names, by spelling.
struct Variants<'l> {
    sets: HashMap<&'l str, &'l [String]>,
}

impl<'l> Variants<'l> {
    fn new(sets: &'l [Vec<String>]) -> Variants<'l> {
        let mut by_name = HashMap::new();
        for set in sets {
            for name in set {
                by_name.insert(name.as_str(), set.as_slice());
            }
        }
        Variants { sets: by_name }
    }

    /// The first spelling of `given`'s set, or `given` itself.
    fn first_spelling<'a>(&'a self, given: &'a str) -> &'a str {
        self.sets
            .get(given)
            .and_then(|set| set.first())
            .map_or(given, String::as_str)
    }

    /// Every spelling of `given` (itself first when it has no set).
    fn spellings(&self, given: &str) -> Vec<String> {
        match self.sets.get(given) {
            Some(set) => set.to_vec(),
            None => vec![given.to_string()],
        }
    }

    fn same(&self, a: &str, b: &str) -> bool {
        a == b || self.first_spelling(a) == self.first_spelling(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_is_one_letter_changed_added_or_dropped() {
        assert!(one_edit("Ivanova", "Ivanava"));
        assert!(one_edit("Ivanova", "Ivanovva"));
        assert!(one_edit("Ivanovva", "Ivanova"));
        assert!(one_edit("Kovalenko", "Kovalenk"));
        assert!(!one_edit("Ivanova", "Ivanova"));
        assert!(!one_edit("Ivanova", "Ivonava"));
        assert!(!one_edit("Ivanov", "Ivanova1"));
    }

    #[test]
    fn a_typo_needs_the_same_given_name_and_middle_initial() {
        assert!(typo_of("Svetlana Petrenko", "Svetlana Petrenka"));
        assert!(!typo_of("Sergei Petrenko", "Svetlana Petrenka"));
        assert!(!typo_of("Svetlana A. Petrenko", "Svetlana B. Petrenka"));
        assert!(!typo_of("Sergei Popov", "Sergei Popow"), "short surname");
    }
}
