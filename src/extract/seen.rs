//! The entities a document names, as the entity list shows them: each
//! with the surface forms the text used for it (its aliases), a noun's
//! modifiers included ("tense talks", "Sochi summit"), so a reader can find
//! an event by the words the article gave it.

use super::starts_upper;
use crate::calendar;
use crate::model::{
    AnnotatedDoc, Class, EntityRecord, EntitySeen, Fact, Mention, MentionKind, Object,
};
use crate::ontology::Ontology;
use std::collections::{BTreeMap, BTreeSet};

/// The entities the document names: every entity with a mention other than
/// an adjective or pronoun, and any entity a fact needs.
pub(super) fn seen(
    doc: &AnnotatedDoc,
    facts: &[Fact],
    named_only: &[String],
    dropped: &BTreeSet<String>,
    onto: &Ontology,
) -> Vec<EntitySeen> {
    let in_facts: BTreeSet<&str> = facts
        .iter()
        .flat_map(|f| {
            [
                Some(f.subject.as_str()),
                match &f.object {
                    Object::Entity(k) => Some(k.as_str()),
                    Object::Quote(_) => None,
                },
            ]
        })
        .flatten()
        .chain(named_only.iter().map(String::as_str))
        .collect();
    let mut by_entity: BTreeMap<usize, EntitySeen> = BTreeMap::new();
    for m in &doc.mentions {
        let record = &doc.entities[m.entity];
        let named = !matches!(m.kind, MentionKind::Adjective | MentionKind::Pronoun);
        let seen = by_entity.entry(m.entity).or_insert_with(|| EntitySeen {
            entity: record.clone(),
            aliases: Vec::new(),
            mentions: 0,
        });
        seen.mentions += 1;
        if named {
            let text = surface(doc.mention_text(m));
            // "Ukrainian embassy in Minsk" is also cited without its city
            if record.class == Class::Organization {
                if let Some((body, _)) = text.rsplit_once(" in ") {
                    seen.aliases.push(body.to_string());
                }
            }
            seen.aliases.push(text);
        }
        if m.kind == MentionKind::Nominal {
            seen.aliases.extend(modified_forms(doc, m, onto));
        }
    }
    // Entities only a fact names (the Ukraine of "the invasion of Ukraine").
    let known: BTreeSet<String> = by_entity.values().map(|s| s.entity.key.clone()).collect();
    let mut extra: Vec<EntitySeen> = in_facts
        .iter()
        .filter(|k| !known.contains(**k))
        .filter_map(|k| onto.gazetteer.get(k))
        .map(|e| EntitySeen {
            entity: EntityRecord {
                key: e.key.clone(),
                label: e.label.clone(),
                class: e.class(),
                wikidata: e.wikidata.clone(),
            },
            aliases: Vec::new(),
            mentions: 0,
        })
        .collect();
    let mut out: Vec<EntitySeen> = by_entity
        .into_values()
        .filter(|s| !dropped.contains(&s.entity.key))
        .filter(|s| !s.aliases.is_empty() || in_facts.contains(s.entity.key.as_str()))
        .map(|mut s| {
            s.aliases.sort();
            s.aliases.dedup();
            let e = &s.entity;
            let entry = onto.gazetteer.get(&e.key);
            s.aliases.retain(|a| is_alias(a, &e.label, entry, onto));
            // "U.S. State Department" also wrote the gazetteer's "State
            // Department": a known name inside a form the text used
            if let Some(entry) = entry {
                let inner = entry.aliases.iter().filter(|n| {
                    n.contains(' ') && s.aliases.iter().any(|a| a != *n && holds_words(a, n))
                });
                let inner: Vec<String> = inner.cloned().collect();
                s.aliases.extend(inner);
                s.aliases.sort();
                s.aliases.dedup();
            }
            s
        })
        .collect();
    out.append(&mut extra);
    out.sort_by(|a, b| a.entity.key.cmp(&b.entity.key));
    out
}

/// A noun mention's name as a person would cite it, with what the text
/// wrote around it: the modifiers before an event or sanctions noun ("tense
/// talks", "Sochi summit", "sectoral sanctions"), a measure before it ("five
/// hours of talks"), the target after sanctions ("sanctions on Belarus").
fn modified_forms(doc: &AnnotatedDoc, m: &Mention, onto: &Ontology) -> Vec<String> {
    let text = &doc.doc.text;
    let class = doc.entities[m.entity].class;
    let start = match class {
        Class::Event | Class::Sanctions => premodifier_start(doc, m, onto),
        _ => place_before(doc, m),
    };
    let end = (class == Class::Sanctions)
        .then(|| target_end(doc, m))
        .flatten()
        .unwrap_or(m.end);
    let mut forms = vec![surface(&text[start..m.end])];
    if end > m.end {
        forms.push(surface(&text[m.start..end]));
        forms.push(surface(&text[start..end]));
    }
    forms
}

/// Where a place named right before a noun starts ("Sochi summit").
fn place_before(doc: &AnnotatedDoc, m: &Mention) -> usize {
    let text = &doc.doc.text;
    doc.mentions_in(m.sentence)
        .iter()
        .rev()
        .find(|x| x.end <= m.start && x.entity != m.entity)
        .filter(|p| {
            text[p.end..m.start].trim().is_empty()
                && matches!(doc.entities[p.entity].class, Class::Place | Class::Country)
                && p.kind == MentionKind::Name
        })
        .map_or(m.start, |p| p.start)
}

/// Where the target named after sanctions ends ("sanctions on Belarus").
fn target_end(doc: &AnnotatedDoc, m: &Mention) -> Option<usize> {
    let text = &doc.doc.text;
    let after = doc
        .mentions_in(m.sentence)
        .iter()
        .find(|x| x.start >= m.end && x.entity != m.entity)?;
    let gap = text[m.end..after.start].trim();
    (matches!(gap, "on" | "against") && after.kind == MentionKind::Name).then_some(after.end)
}

/// Where the modifiers written before an event or sanctions noun start:
/// "tense talks", "face-to-face talks", "the disputed Aug. 9 election",
/// "joint Zapad exercises", "several rounds of sanctions". A modifier is a
/// word of the lexicon's `noun_modifiers`, a hyphenated word, a word of
/// another entity's name ("Sochi", "Russian-Belarusian"), a date word, or a
/// past participle right after a determiner ("the disputed"); the walk
/// stops at anything else, so verbs ("held talks") and determiners stay out.
fn premodifier_start(doc: &AnnotatedDoc, m: &Mention, onto: &Ontology) -> usize {
    let text = &doc.doc.text;
    let floor = doc.sentences[m.sentence].start;
    let named = |at: usize| {
        doc.mentions_in(m.sentence).iter().any(|x| {
            x.start <= at && at < x.end && x.kind != MentionKind::Pronoun && x.entity != m.entity
        })
    };
    let words = word_starts(&text[floor..m.start]);
    let mut from = m.start;
    for (i, &(at, word)) in words.iter().enumerate().rev() {
        let before = i.checked_sub(1).map(|j| words[j].1.to_lowercase());
        let lower = word.to_lowercase();
        let possessive = word.ends_with("'s") || word.ends_with("’s");
        let modifier = !possessive
            && (onto.lexicon.noun_modifiers.contains(&lower)
                || (word.contains('-') && word.chars().all(|c| c.is_alphanumeric() || c == '-'))
                || (starts_upper(word) && named(floor + at))
                || calendar::month_number(word).is_some()
                || (word.len() <= 4 && word.chars().all(|c| c.is_ascii_digit()))
                || (lower.ends_with("ed")
                    && before.as_deref().is_some_and(|w| DETERMINERS.contains(&w))));
        if lower == "of"
            && from == m.start
            && i >= 1
            && MEASURES.contains(&before.as_deref().unwrap_or(""))
        {
            // "five hours of talks", "several rounds of sanctions"
            let counted = i >= 2 && is_count(words[i - 2].1);
            from = floor + words[i - 1 - usize::from(counted)].0;
            break;
        }
        if !modifier || m.start - from > 60 {
            break;
        }
        from = floor + at;
    }
    from
}

/// Nouns that measure an event: "hours of talks", "rounds of sanctions".
const MEASURES: &[&str] = &[
    "hours", "days", "weeks", "months", "rounds", "round", "package", "packages", "wave", "waves",
];

/// A number or a vague count before a measure ("five", "12", "several").
fn is_count(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
        || [
            "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several",
            "many", "multiple", "new", "fresh", "further", "another",
        ]
        .contains(&word.to_lowercase().as_str())
}

/// The words of a text with their byte offsets.
fn word_starts(text: &str) -> Vec<(usize, &str)> {
    text.split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect()
}

/// Words that open a noun phrase.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our",
];

/// Whether a surface form of an entity is worth keeping as its alias: a
/// description ("the Belarusian regime", "Russian authorities", "the
/// ministry") is not, unless the entity's label or the gazetteer names it
/// so.
fn is_alias(
    form: &str,
    label: &str,
    entry: Option<&crate::ontology::gazetteer::Entry>,
    onto: &Ontology,
) -> bool {
    let named = |n: &String| n.eq_ignore_ascii_case(form);
    if form.eq_ignore_ascii_case(label)
        || entry.is_some_and(|e| std::iter::once(&e.label).chain(&e.aliases).any(named))
    {
        return true;
    }
    let words = form
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| w.trim_end_matches("'s").trim_end_matches("’s"));
    // written in capitals ("Lithuania's Foreign Ministry") it is a name
    let described = words
        .filter(|w| w.starts_with(|c: char| c.is_lowercase()))
        .any(|w| onto.lexicon.not_alias.iter().any(|n| n == w));
    // "the sanctions regime" names a measure, not a government
    !described || {
        let lower = form.to_lowercase();
        onto.lexicon
            .words("sanctions_noun")
            .iter()
            .any(|n| n.contains(' ') && lower.ends_with(n.as_str()))
    }
}

/// Whether `form` holds `name` as whole words ("U.S. State Department"
/// holds "State Department").
fn holds_words(form: &str, name: &str) -> bool {
    form.match_indices(name).any(|(i, _)| {
        let before = form[..i].chars().next_back();
        let after = form[i + name.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A surface form as an alias: whitespace folded, possessive dropped.
fn surface(text: &str) -> String {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for p in ["'s", "’s", "'", "’"] {
        if let Some(stripped) = t.strip_suffix(p) {
            return stripped.to_string();
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::holds_words;

    #[test]
    fn a_name_inside_a_form_counts_only_as_whole_words() {
        assert!(holds_words("U.S. State Department", "State Department"));
        assert!(holds_words(
            "Lithuania's Foreign Ministry",
            "Foreign Ministry"
        ));
        assert!(!holds_words("Interstate Departments", "State Department"));
        assert!(!holds_words("KGB", "KGB of Belarus"));
    }
}
