//! The entities a document names, as the entity list shows them: each
//! with the surface forms the text used for it (its aliases), a noun's
//! modifiers included ("tense talks", "Sochi summit"), so a reader can find
//! an event by the words the article gave it.

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
            seen.aliases.push(surface(doc.mention_text(m)));
        }
        if m.kind == MentionKind::Nominal {
            seen.aliases.extend(modified_form(doc, m));
            if record.class == Class::Event {
                seen.aliases.extend(premodified_form(doc, m, onto));
            }
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
            s.aliases
                .retain(|a| is_alias(a, &e.label, onto.gazetteer.get(&e.key), onto));
            s
        })
        .collect();
    out.append(&mut extra);
    out.sort_by(|a, b| a.entity.key.cmp(&b.entity.key));
    out
}

/// A noun mention's name with the place before it or the target after it,
/// as a person would cite it: "Sochi summit", "sanctions on Belarus".
fn modified_form(doc: &AnnotatedDoc, m: &Mention) -> Option<String> {
    let text = &doc.doc.text;
    let same: Vec<&Mention> = doc
        .mentions_in(m.sentence)
        .iter()
        .filter(|x| x.entity != m.entity)
        .collect();
    let before = same
        .iter()
        .rev()
        .find(|x| x.end <= m.start && text[x.end..m.start].trim().is_empty());
    if let Some(p) = before.filter(|p| {
        matches!(doc.entities[p.entity].class, Class::Place | Class::Country)
            && p.kind == MentionKind::Name
    }) {
        return Some(surface(&text[p.start..m.end]));
    }
    if doc.entities[m.entity].class == Class::Sanctions {
        let after = same.iter().find(|x| x.start >= m.end)?;
        let gap = text[m.end..after.start].trim();
        if matches!(gap, "on" | "against") {
            return Some(surface(&text[m.start..after.end]));
        }
    }
    None
}

/// An event noun with the modifiers written before it, as the article
/// names the event: "tense talks", "face-to-face talks", "the disputed
/// Aug. 9 election", "joint Zapad exercises". A modifier is a word of the
/// lexicon's `event_modifiers`, a hyphenated word, a word of another
/// entity's name ("Sochi", "Russian-Belarusian"), a date word, or a past
/// participle right after a determiner ("the disputed"); the walk stops at
/// anything else, so verbs ("held talks") and determiners stay out.
fn premodified_form(doc: &AnnotatedDoc, m: &Mention, onto: &Ontology) -> Option<String> {
    let text = &doc.doc.text;
    let floor = doc.sentences[m.sentence].start;
    let named = |at: usize| {
        doc.mentions_in(m.sentence).iter().any(|x| {
            x.start <= at && at < x.end && x.kind != MentionKind::Pronoun && x.entity != m.entity
        })
    };
    let mut from = m.start;
    let mut taken = 0;
    let mut words = text[floor..m.start].split_whitespace().rev().peekable();
    let mut at = m.start;
    while let Some(word) = words.next() {
        at = text[floor..at].rfind(word).map_or(floor, |i| floor + i);
        let lower = word.to_lowercase();
        let possessive = word.ends_with("'s") || word.ends_with("’s");
        let modifier = !possessive && onto.lexicon.event_modifiers.contains(&lower)
            || (word.contains('-') && word.chars().all(|c| c.is_alphanumeric() || c == '-'))
            || (starts_upper(word) && named(at))
            || calendar::month_number(word).is_some()
            || (word.len() <= 4 && word.chars().all(|c| c.is_ascii_digit()))
            || (lower.ends_with("ed")
                && words
                    .peek()
                    .is_some_and(|w| DETERMINERS.contains(&w.to_lowercase().as_str())));
        if !modifier || taken == 4 {
            break;
        }
        from = at;
        taken += 1;
    }
    (taken > 0).then(|| surface(&text[from..m.end]))
}

/// Words that open a noun phrase.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our",
];

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a surface form of an entity is worth keeping as its alias: a
/// description ("the Belarusian regime", "Russian authorities") is not,
/// unless the entity's label or the gazetteer names it so.
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
    !words
        .map(str::to_lowercase)
        .any(|w| onto.lexicon.not_alias.contains(&w))
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
