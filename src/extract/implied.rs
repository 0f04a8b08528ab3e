//! Facts a document states by naming rather than by a clause:
//! - a role phrase with a country ("the Belarusian leader") → leaderOf;
//! - a named event whose gazetteer entry says where and by whom ("Russian
//!   invasion of Ukraine": in=ukraine, by=russia) → locatedIn, and, when
//!   the document also names that actor, participatesIn (and attacks, for
//!   an attack-kind event);
//! - a meeting named by a noun ("the talks") → participatesIn for everyone
//!   the document says met, and locatedIn the place they met in.

use super::template::Templates;
use crate::model::{AnnotatedDoc, Class, Evidence, Fact, MentionKind, Object};
use crate::ontology::rules::alternation;
use crate::ontology::Ontology;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};

type MakeEvidence<'a> = dyn Fn(usize, &str, f64) -> Evidence + 'a;

pub struct Implied<'o> {
    onto: &'o Ontology,
    /// Country names and adjectives → country key.
    countries: BTreeMap<String, String>,
    leader_title: Regex,
    attack_label: Regex,
    meet_place: Regex,
}

impl<'o> Implied<'o> {
    pub fn new(onto: &'o Ontology) -> Implied<'o> {
        let mut countries = BTreeMap::new();
        for e in onto
            .gazetteer
            .entries
            .values()
            .filter(|e| e.class() == Class::Country)
        {
            for name in std::iter::once(&e.label)
                .chain(&e.aliases)
                .chain(&e.adjectives)
            {
                countries.insert(name.to_lowercase(), e.key.clone());
            }
        }
        let lex = &onto.lexicon;
        Implied {
            onto,
            countries,
            leader_title: Regex::new(&format!(
                r"(?i)\b(?:{})\b",
                alternation(lex.titles("leader"))
            ))
            .expect("escaped"),
            attack_label: Regex::new(
                r"(?i)\b(?:invasion|war|offensive|attack|incursion|annexation|bombing|assault)\b",
            )
            .expect("static"),
            meet_place: Regex::new(
                r"\bin (?:the )?(?:⟦L\d+⟧ (?:resort|city|town|capital|port|village) of )?⟦L(\d+)⟧",
            )
            .expect("static"),
        }
    }

    pub fn facts(
        &self,
        doc: &AnnotatedDoc,
        found: &[Fact],
        templates: &Templates,
        ev: &MakeEvidence<'_>,
    ) -> Vec<Fact> {
        let mut out = Vec::new();
        self.role_leaders(doc, ev, &mut out);
        self.named_events(doc, ev, &mut out);
        self.meetings(doc, found, templates, ev, &mut out);
        out
    }

    fn role_leaders(&self, doc: &AnnotatedDoc, ev: &MakeEvidence<'_>, out: &mut Vec<Fact>) {
        for m in doc.mentions.iter().filter(|m| m.kind == MentionKind::Role) {
            let text = doc.mention_text(m);
            if !self.leader_title.is_match(text) {
                continue;
            }
            let country = text
                .split(|c: char| !c.is_alphanumeric())
                .find_map(|w| self.countries.get(&w.to_lowercase()));
            if let Some(country) = country {
                out.push(fact(
                    &doc.entities[m.entity].key,
                    "leaderOf",
                    country,
                    ev(m.sentence, "leader.role_phrase", 0.8),
                ));
            }
        }
    }

    fn named_events(&self, doc: &AnnotatedDoc, ev: &MakeEvidence<'_>, out: &mut Vec<Fact>) {
        let named: BTreeSet<&str> = doc
            .mentions
            .iter()
            .map(|m| doc.entities[m.entity].key.as_str())
            .collect();
        let mut done = BTreeSet::new();
        for m in &doc.mentions {
            let record = &doc.entities[m.entity];
            let Some(entry) = self.onto.gazetteer.get(&record.key) else {
                continue;
            };
            if entry.class() != Class::Event || !done.insert(&record.key) {
                continue;
            }
            let e = ev(m.sentence, "event.named", 0.7);
            if let Some(place) = entry.within.as_deref().filter(|p| named.contains(p)) {
                out.push(fact(&record.key, "locatedIn", place, e.clone()));
            }
            if let Some(by) = entry.by.as_deref().filter(|b| named.contains(b)) {
                out.push(fact(by, "participatesIn", &record.key, e.clone()));
                if let Some(place) = entry.within.as_deref().filter(|p| named.contains(p)) {
                    if self.attack_label.is_match(&entry.label) {
                        out.push(fact(by, "attacks", place, e.clone()));
                    }
                }
            }
        }
    }

    fn meetings(
        &self,
        doc: &AnnotatedDoc,
        found: &[Fact],
        templates: &Templates,
        ev: &MakeEvidence<'_>,
        out: &mut Vec<Fact>,
    ) {
        let meetings: Vec<&str> = doc
            .event_kinds
            .iter()
            .filter(|(_, kind)| {
                self.onto
                    .lexicon
                    .events
                    .get(kind)
                    .and_then(|k| k.requires.as_deref())
                    == Some("meetsWith")
            })
            .map(|(ix, _)| doc.entities[*ix].key.as_str())
            .collect();
        let Some(&meeting) = meetings.first() else {
            return;
        };
        let classes: BTreeMap<&str, Class> = doc
            .entities
            .iter()
            .map(|e| (e.key.as_str(), e.class))
            .collect();
        for f in found.iter().filter(|f| f.predicate == "meetsWith") {
            let Object::Entity(o) = &f.object else {
                continue;
            };
            let sentence = doc
                .sentences
                .iter()
                .position(|s| doc.doc.source_offset(s.start) == f.evidence.start);
            let Some(si) = sentence else { continue };
            for who in [&f.subject, o] {
                if classes.get(who.as_str()) == Some(&Class::Person) {
                    out.push(fact(
                        who,
                        "participatesIn",
                        meeting,
                        ev(si, "meeting.participant", 0.7),
                    ));
                }
            }
            let t = templates.build(doc, si);
            if let Some(c) = self.meet_place.captures(&t.raw) {
                let slot: usize = c[1].parse().unwrap_or(usize::MAX);
                if let Some(m) = t.slots.get(slot) {
                    out.push(fact(
                        meeting,
                        "locatedIn",
                        &doc.entities[m.entity].key,
                        ev(si, "meeting.place", 0.7),
                    ));
                }
            }
        }
    }
}

fn fact(s: &str, p: &str, o: &str, evidence: Evidence) -> Fact {
    Fact {
        subject: s.to_string(),
        predicate: p.to_string(),
        object: Object::Entity(o.to_string()),
        evidence,
    }
}
