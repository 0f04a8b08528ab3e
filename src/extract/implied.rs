//! Facts a document states by naming rather than by a clause:
//! - a role phrase with a country ("the Belarusian leader") → leaderOf;
//!   one with a group noun ("the exiled opposition leader") leads the
//!   gazetteer's group of that country (or of the document's focus);
//! - a named event whose gazetteer entry says where and by whom ("Russian
//!   invasion of Ukraine": in=ukraine, by=russia) → locatedIn, and, when
//!   the document also names that actor, participatesIn (and attacks, when
//!   its label has a word of the lexicon's `attack_event`);
//! - an organisation named as a body of a state ("the Belarusian Foreign
//!   Ministry", "Polish Border Guard": a country word and a word of the
//!   lexicon's `state_body` in its name) → affiliatedWith that country;
//!   so is one a state descriptor names ("the state news agency BelTA")
//!   with the country the gazetteer puts it in, when the text names it;
//! - a person named after a member title whom the gazetteer knows in a
//!   country's office on the document's date ("Defence Minister Sergei
//!   Shoigu") → affiliatedWith that country;
//! - a union named by its members ("the Union State of Russia and
//!   Belarus") → memberOf for each; a body named in a sentence with one
//!   of the members the gazetteer gives it → memberOf; such a union
//!   named in a document that names two of its members → cooperatesWith;
//! - a person named in a sentence with a country or body the gazetteer
//!   says they hold an office of → leaderOf or affiliatedWith;
//! - a meeting named by a noun ("the talks") → participatesIn for everyone
//!   the document says met, and locatedIn the place they met in (past a
//!   descriptor of the lexicon's `located_noun`: "Russia's Black Sea
//!   resort of Sochi").
//!
//! Relations a sentence states by its words are rules (`ontology/rules/`);
//! what is left here needs more than one sentence's template: the text of a
//! role mention, the gazetteer's event entries, the facts of other
//! sentences, the imposers the annotator folded into a sanctions mention.

use super::template::Templates;
use crate::model::{AnnotatedDoc, Class, Evidence, Fact, Mention, MentionKind, Object};
use crate::ontology::gazetteer::Role;
use crate::ontology::rules::alternation;
use crate::ontology::{Lexicon, Ontology};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};

type MakeEvidence<'a> = dyn Fn(usize, &str, f64) -> Evidence + 'a;

/// Titles of people who speak for an organisation.
const SPOKESPEOPLE: [&str; 4] = [
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "press secretary",
];

/// Gazetteer role titles that lead the body they are of, beside the
/// lexicon's leader and head titles.
const BODY_LEADERS: [&str; 5] = ["commander", "speaker", "governor", "mayor", "patriarch"];

pub struct Implied<'o> {
    onto: &'o Ontology,
    /// Country names and adjectives → country key.
    countries: BTreeMap<String, String>,
    leader_title: Regex,
    /// A noun of a lexicon group of class Organization ("opposition").
    group_noun: Regex,
    /// An apposition naming a group's leader right after a person ("X,
    /// the exiled opposition leader who …").
    group_leader_appos: Regex,
    /// The lexicon's leader and head titles, lower case.
    leading_titles: Vec<String>,
    /// Country key → the gazetteer's group organisation in it ("belarus"
    /// → "belarusian_opposition"): the entry whose label ends with the
    /// head of a group's label ("{adj} opposition").
    groups: BTreeMap<String, String>,
    /// A member title ending the text before a name.
    member_title_before: Regex,
    leader_title_before: Regex,
    state_body: Regex,
    /// "the state news agency ", "state-owned ": a descriptor saying the
    /// organisation named next is a state's.
    state_owned_before: Regex,
    attack_label: Regex,
    meet_place: Regex,
    noun_target: Regex,
    /// The target written before the noun: "⟦P0⟧, who has been under
    /// ⟦X1⟧", "⟦C0⟧ faced repeated rounds of ⟦X1⟧".
    target_before: Regex,
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
        let org_groups: Vec<_> = lex
            .groups
            .values()
            .filter(|g| Class::parse(&g.class) == Some(Class::Organization))
            .collect();
        let heads: Vec<String> = org_groups
            .iter()
            .filter_map(|g| g.label.rsplit(' ').next())
            .map(|h| format!(" {}", h.to_lowercase()))
            .collect();
        let groups = onto
            .gazetteer
            .entries
            .values()
            .filter(|e| e.class() == Class::Organization)
            .filter(|e| heads.iter().any(|h| e.label.to_lowercase().ends_with(h)))
            .filter_map(|e| Some((e.within.clone()?, e.key.clone())))
            .collect();
        let group_nouns: Vec<String> = org_groups.iter().flat_map(|g| g.nouns.clone()).collect();
        Implied {
            onto,
            countries,
            group_noun: Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
                r"(?i)\b(?:{})\b",
                alternation(&group_nouns)
            )))
            .expect("escaped"),
            group_leader_appos: Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
                r"^,? (?:who is )?(?:the |an? )?(?:[a-z-]+ ){{0,2}}?(?:[A-Z][a-z]+ )?(?:{}) (?:leader|figurehead)\b",
                alternation(&group_nouns)
            )))
            .expect("escaped"),
            leading_titles: lex
                .titles("leader")
                .iter()
                .chain(lex.titles("head"))
                .map(|t| t.to_lowercase())
                .collect(),
            groups,
            leader_title: Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
                r"(?i)\b(?:{})\b",
                alternation(lex.titles("leader"))
            )))
            .expect("escaped"),
            member_title_before: Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
                r"(?i)\b(?:{})\s*$",
                alternation(lex.titles("member"))
            )))
            .expect("escaped"),
            leader_title_before: Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
                r"(?i)(?:^|[^\w-])({})\s+$",
                alternation(lex.titles("leader"))
            )))
            .expect("escaped"),
            state_body: Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
                r"(?i)\b(?:{})\b",
                word_class(lex, "state_body")
            )))
            .expect("escaped"),
            state_owned_before: Regex::new(
                r"(?:^|[^\w-])[Ss]tate(?:-owned|-run|-controlled|-backed)?(?: [a-z][a-z-]*){0,3},? $",
            )
            .expect("static"),
            attack_label: Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
                r"(?i)\b(?:{})\b",
                word_class(lex, "attack_event")
            )))
            .expect("escaped"),
            noun_target: Regex::new(
                r"^(?:on|against) (?:both )?(⟦[PCO]\d+⟧(?:(?:,? and |, )⟦[PCO]\d+⟧)*)",
            )
            .expect("static"),
            target_before: Regex::new(
                r"(⟦[PCO]\d+⟧),? (?:who |which )?(?:(?:has|have|had|is|was|are|were|been|long|also|already|now|still) )*(?:under|faced|faces|face|facing|hit (?:by|with)|targeted (?:by|with)|subject to|subjected to|(?:the |a |an )?(?:main |chief |prime )?(?:target|targets|subject) of) (?:(?:repeated|several|new|fresh|more|further|multiple|many|sweeping|tough|harsh|broad) )?(?:(?:rounds?|waves?|packages?) of )?$",
            )
            .expect("static"),
            meet_place: Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
                r"\bin (?:the )?(?:(?:⟦C\d+⟧'s? )?⟦L\d+⟧ (?:{}) )?⟦L(\d+)⟧",
                word_class(lex, "located_noun")
            )))
            .expect("escaped"),
        }
    }

    pub fn facts(
        &self,
        doc: &AnnotatedDoc,
        found: &[Fact],
        templates: &Templates,
        ev: &MakeEvidence<'_>,
    ) -> (Vec<Fact>, Vec<String>) {
        let mut out = Vec::new();
        self.role_leaders(doc, ev, &mut out);
        self.apposed_group_leaders(doc, ev, &mut out);
        self.state_bodies(doc, ev, &mut out);
        self.known_offices(doc, ev, &mut out);
        self.known_leaders(doc, ev, &mut out);
        self.spokespeople(doc, ev, &mut out);
        self.named_members(doc, ev, &mut out);
        self.known_members(doc, ev, &mut out);
        self.union_partners(doc, ev, &mut out);
        self.offices_named(doc, ev, &mut out);
        self.described_capitals(doc, ev, &mut out);
        let named = self.named_events(doc, ev, &mut out);
        self.meetings(doc, found, templates, ev, &mut out);
        self.joint_drills(doc, found, ev, &mut out);
        self.sanctions(doc, templates, ev, &mut out);
        (out, named)
    }

    /// "in the Belarusian capital": the city a description names by its
    /// country lies in that country (the gazetteer's `in=`), when the
    /// document names the country.
    fn described_capitals(&self, doc: &AnnotatedDoc, ev: &MakeEvidence<'_>, out: &mut Vec<Fact>) {
        let gazetteer = &self.onto.gazetteer;
        for m in doc
            .mentions
            .iter()
            .filter(|m| m.kind == MentionKind::Nominal)
        {
            let place = &doc.entities[m.entity];
            if place.class != Class::Place {
                continue;
            }
            let Some(country) = gazetteer.get(&place.key).and_then(|e| e.within.as_deref()) else {
                continue;
            };
            let text = doc.mention_text(m);
            let says = text.split(|c: char| !c.is_alphanumeric()).any(|w| {
                self.countries.get(&w.to_lowercase()).map(String::as_str) == Some(country)
            });
            let named = doc
                .mentions
                .iter()
                .any(|n| n.kind != MentionKind::Adjective && doc.entities[n.entity].key == country);
            if says && named {
                let e = ev(m.sentence, "located.capital_description", 0.75);
                out.push(fact(&place.key, "locatedIn", country, e));
            }
        }
    }

    /// Drops "the Belarusian opposition affiliatedWith Belarus" ("Belarus's
    /// democratic forces"): a country's group is of it by name, and saying
    /// so is no fact of the text.
    pub fn drop_group_homes(&self, facts: &mut Vec<Fact>) {
        facts.retain(|f| {
            let Object::Entity(o) = &f.object else {
                return true;
            };
            f.predicate != "affiliatedWith" || self.groups.get(o) != Some(&f.subject)
        });
    }

    /// A leaderOf a state that the offices the gazetteer gives the person
    /// there on the fact's date deny is an affiliation: "his Belarusian
    /// counterpart Maxim Ryzhenkov" read as a leader's counterpart is
    /// Belarus's foreign minister, and "Russian Prime Minister Mikhail
    /// Mishustin" serves under Russia's president (the prime minister of a
    /// lexicon `presidential_states` state leads no state). Of someone the
    /// gazetteer gives no office of that state, the sentence decides: one
    /// naming a prime minister or premier and no president.
    pub fn office_checked_leaders(&self, doc: &AnnotatedDoc, facts: &mut [Fact]) {
        let states = self.onto.lexicon.words("presidential_states");
        let gazetteer = &self.onto.gazetteer;
        for f in facts.iter_mut().filter(|f| f.predicate == "leaderOf") {
            let Object::Entity(state) = &f.object else {
                continue;
            };
            if gazetteer
                .get(state)
                .is_none_or(|e| e.class() != Class::Country)
            {
                continue;
            }
            let premier_serves = states.contains(state);
            let date = f.evidence.date.as_deref().or(doc.doc.meta.date.as_deref());
            let held: Vec<&str> = gazetteer
                .get(&f.subject)
                .map(|e| {
                    e.roles
                        .iter()
                        .filter(|r| &r.of == state && date.is_none_or(|d| r.held_on(d)))
                        .map(|r| r.title.as_str())
                        .collect()
                })
                .unwrap_or_default();
            let leads = |t: &&str| {
                self.leading_titles.iter().any(|l| l == t)
                    && !(premier_serves && *t == "prime minister")
            };
            let serves = if held.is_empty() {
                let sentence = f.evidence.sentence.to_lowercase();
                premier_serves
                    && (sentence.contains("prime minister") || sentence.contains("premier"))
                    && !sentence.contains("president")
            } else {
                !held.iter().any(leads)
            };
            if serves {
                f.predicate = "affiliatedWith".into();
            }
        }
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
            let person = &doc.entities[m.entity].key;
            if self.group_noun.is_match(text) {
                // "the exiled opposition leader": the country's opposition
                let focus = doc.focus.map(|f| &doc.entities[f].key);
                if let Some(group) = country.or(focus).and_then(|c| self.groups.get(c)) {
                    let e = ev(m.sentence, "leader.group_role", 0.75);
                    out.push(fact(person, "leaderOf", group, e));
                }
            } else if let Some(country) = country {
                let e = ev(m.sentence, "leader.role_phrase", 0.8);
                out.push(fact(person, "leaderOf", country, e));
            } else if let Some(body) = self.body_named_in(person, text) {
                // "the head of the Belarusian Association of Journalists"
                let e = ev(m.sentence, "leader.role_of_body", 0.8);
                out.push(fact(person, "leaderOf", body, e));
            }
        }
    }

    /// "Sviatlana Tsikhanouskaya, the exiled opposition leader who …":
    /// she leads the opposition of the country the phrase names, else of
    /// the document's country.
    fn apposed_group_leaders(
        &self,
        doc: &AnnotatedDoc,
        ev: &MakeEvidence<'_>,
        out: &mut Vec<Fact>,
    ) {
        let text = &doc.doc.text;
        let focus = doc.focus.map(|f| doc.entities[f].key.as_str());
        for m in doc.mentions.iter().filter(|m| {
            matches!(m.kind, MentionKind::Name | MentionKind::Pattern)
                && doc.entities[m.entity].class == Class::Person
        }) {
            let Some(found) = self.group_leader_appos.find(text_after(text, m.end, 80)) else {
                continue;
            };
            let country = found
                .as_str()
                .split(|c: char| !c.is_alphanumeric())
                .find_map(|w| self.countries.get(&w.to_lowercase()).map(String::as_str))
                .or(focus);
            if let Some(group) = country.and_then(|c| self.groups.get(c)) {
                let e = ev(m.sentence, "leader.group_apposed", 0.75);
                out.push(fact(&doc.entities[m.entity].key, "leaderOf", group, e));
            }
        }
    }

    /// The organisation a person heads, by the gazetteer, that a role
    /// phrase names ("the leader of the Belarusian democratic forces").
    fn body_named_in(&self, person: &str, phrase: &str) -> Option<&'o str> {
        let gazetteer = &self.onto.gazetteer;
        gazetteer.get(person)?.roles.iter().find_map(|r| {
            let body = gazetteer.get(&r.of)?;
            let named = std::iter::once(&body.label)
                .chain(&body.aliases)
                .any(|n| phrase.contains(n.as_str()));
            (named && body.class() == Class::Organization).then_some(r.of.as_str())
        })
    }

    /// "President Alexander Lukashenko", "Prime Minister Ingrida Simonyte":
    /// a leader's title with no country before the name leads the country
    /// the gazetteer says the person held that office of on the document's
    /// date (never a former office: "President Medvedev" of 2019 is none).
    fn known_leaders(&self, doc: &AnnotatedDoc, ev: &MakeEvidence<'_>, out: &mut Vec<Fact>) {
        for (m, title, role) in self.titled_offices(doc, &self.leader_title_before, 40) {
            if title.starts_with(char::is_uppercase) && role.title.eq_ignore_ascii_case(title) {
                let person = &doc.entities[m.entity].key;
                let e = ev(m.sentence, "leader.known_office", 0.8);
                out.push(fact(person, "leaderOf", &role.of, e));
            }
        }
    }

    /// "Defence Minister Sergei Shoigu", "Secretary of State Antony
    /// Blinken": the title says he holds an office, the gazetteer says whose
    /// (the country of an office he held on the document's date that is no
    /// leader's or head's, nor the opposition's).
    fn known_offices(&self, doc: &AnnotatedDoc, ev: &MakeEvidence<'_>, out: &mut Vec<Fact>) {
        let lex = &self.onto.lexicon;
        let leading = |title: &str| {
            ["leader", "head"]
                .iter()
                .flat_map(|k| lex.titles(k))
                .any(|t| t.eq_ignore_ascii_case(title))
        };
        let text = &doc.doc.text;
        // "White House press secretary Jen Psaki": the body the text names
        // before the title is hers to be affiliated with, not the country.
        let body_named = |m: &Mention, title: &str| {
            let lo = doc.mentions.partition_point(|o| o.end + 80 < m.start);
            doc.mentions[lo..]
                .iter()
                .take_while(|o| o.end <= m.start)
                .any(|o| {
                    text[o.end..m.start]
                        .trim()
                        .eq_ignore_ascii_case(title.trim())
                })
        };
        for (m, title, role) in self.titled_offices(doc, &self.member_title_before, 60) {
            if !leading(&role.title) && !role.title.contains("opposition") && !body_named(m, title)
            {
                let person = &doc.entities[m.entity].key;
                let e = ev(m.sentence, "affiliation.known_office", 0.75);
                out.push(fact(person, "affiliatedWith", &role.of, e));
            }
        }
    }

    /// A spokesperson named by a bare title ("Spokeswoman Morgan Ortagus",
    /// "spokesman Mark Adams") speaks for the organisation the text named
    /// last before the title in the same sentence ("At the IOC's briefing,
    /// spokesman Mark Adams said"), else first in the sentence before ("The
    /// State Department condemned the detentions. Spokeswoman Morgan
    /// Ortagus called …"). A title with its body ("Kremlin spokesman") is
    /// the rules' to read.
    fn spokespeople(&self, doc: &AnnotatedDoc, ev: &MakeEvidence<'_>, out: &mut Vec<Fact>) {
        let text = &doc.doc.text;
        let org = |m: &&Mention| doc.entities[m.entity].class == Class::Organization;
        for (i, m) in doc.mentions.iter().enumerate() {
            let named = matches!(m.kind, MentionKind::Name | MentionKind::Pattern);
            if !named || doc.entities[m.entity].class != Class::Person {
                continue;
            }
            let before = text[..m.start].trim_end();
            let Some(head) = SPOKESPEOPLE.iter().find(|t| {
                let tail = before
                    .len()
                    .checked_sub(t.len())
                    .and_then(|k| before.get(k..));
                tail.is_some_and(|w| w.eq_ignore_ascii_case(t))
            }) else {
                continue;
            };
            let title_start = before.len() - head.len();
            // the word before the title, if any, is no name of a body
            let bare = !doc.mentions[..i]
                .iter()
                .any(|o| o.end > title_start || text[o.end..title_start].trim().is_empty());
            if !bare {
                continue;
            }
            let here = doc.mentions[..i]
                .iter()
                .rev()
                .take_while(|o| o.sentence == m.sentence)
                .find(org);
            let previous = || {
                let s = m.sentence.checked_sub(1)?;
                doc.mentions.iter().filter(|o| o.sentence == s).find(org)
            };
            if let Some(body) = here.or_else(previous) {
                let (person, body) = (&doc.entities[m.entity].key, &doc.entities[body.entity].key);
                let e = ev(m.sentence, "affiliation.spokesperson", 0.7);
                out.push(fact(person, "affiliatedWith", body, e));
            }
        }
    }

    /// Gazetteer people named right after a title (`title_before` matching
    /// the `reach` bytes before the name), each with the title written
    /// (its first group, else the whole match) and every office of a
    /// country the gazetteer says they held on the document's date. An
    /// undated document takes the offices only when all are of one country.
    fn titled_offices<'d>(
        &self,
        doc: &'d AnnotatedDoc,
        title_before: &Regex,
        reach: usize,
    ) -> Vec<(&'d Mention, &'d str, &'o Role)> {
        let date = doc.doc.meta.date.as_deref();
        let gazetteer = &self.onto.gazetteer;
        let text = &doc.doc.text;
        let mut out = Vec::new();
        for m in doc.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
            let person = &doc.entities[m.entity];
            if person.class != Class::Person {
                continue;
            }
            let Some(c) = title_before.captures(text_before(text, m.start, reach)) else {
                continue;
            };
            let title = c.get(1).or_else(|| c.get(0)).map_or("", |t| t.as_str());
            let Some(entry) = gazetteer.get(&person.key) else {
                continue;
            };
            let country = |r: &Role| {
                gazetteer
                    .get(&r.of)
                    .is_some_and(|e| e.class() == Class::Country)
            };
            let roles: Vec<&Role> = entry.roles.iter().filter(|r| country(r)).collect();
            let held = |r: &Role| match date {
                Some(date) => r.held_on(date),
                None => roles.iter().all(|o| o.of == r.of),
            };
            out.extend(
                roles
                    .iter()
                    .filter(|r| held(r))
                    .map(|role| (m, title, *role)),
            );
        }
        out
    }

    fn state_bodies(&self, doc: &AnnotatedDoc, ev: &MakeEvidence<'_>, out: &mut Vec<Fact>) {
        let mut done = BTreeSet::new();
        for m in &doc.mentions {
            let entity = &doc.entities[m.entity];
            if entity.class != Class::Organization
                || !matches!(m.kind, MentionKind::Name | MentionKind::Pattern)
            {
                continue;
            }
            let text = doc.mention_text(m);
            let found = if self.state_body.is_match(text) {
                text.split(|c: char| !c.is_alphanumeric() && c != '.')
                    .find_map(|w| self.countries.get(&w.to_lowercase()))
                    .map(|c| (c, "affiliation.state_body", 0.8))
            } else {
                self.state_owner(doc, m)
                    .map(|c| (c, "affiliation.state_owned", 0.7))
            };
            if let Some((country, rule, confidence)) = found {
                if done.insert((m.entity, country)) {
                    let e = ev(m.sentence, rule, confidence);
                    out.push(fact(&entity.key, "affiliatedWith", country, e));
                }
            }
            // "the US Embassy in Minsk" is in Minsk
            let city = text
                .rsplit_once(" in ")
                .and_then(|(_, city)| self.onto.gazetteer.get(&crate::iri::slug(city)))
                .filter(|p| p.class() == Class::Place);
            if let Some(city) = city {
                if done.insert((m.entity, &city.key)) {
                    let e = ev(m.sentence, "located.body_in", 0.8);
                    out.push(fact(&entity.key, "locatedIn", &city.key, e));
                }
            }
        }
    }

    /// "the state news agency BelTA", "state-owned Belneftekhim": the
    /// country the gazetteer puts the organisation in, when the document
    /// names that country too.
    fn state_owner<'d>(&self, doc: &'d AnnotatedDoc, m: &Mention) -> Option<&'d String> {
        let before = text_before(&doc.doc.text, m.start, 50);
        if !self.state_owned_before.is_match(before) {
            return None;
        }
        let within = self
            .onto
            .gazetteer
            .get(&doc.entities[m.entity].key)?
            .within
            .as_ref()?;
        doc.entities
            .iter()
            .find(|e| e.class == Class::Country && &e.key == within)
            .map(|e| &e.key)
    }

    fn named_members(&self, doc: &AnnotatedDoc, ev: &MakeEvidence<'_>, out: &mut Vec<Fact>) {
        let mut done = BTreeSet::new();
        for m in &doc.mentions {
            let entity = &doc.entities[m.entity];
            if !matches!(entity.class, Class::Organization | Class::Agreement)
                || m.kind != MentionKind::Name
            {
                continue;
            }
            let text = doc.mention_text(m);
            let Some((body, members)) = text.split_once(" of ").or(text.split_once(" between "))
            else {
                continue;
            };
            // A body with members ("Union State of …"), not a text two
            // states share ("the common military doctrine of …").
            const BODIES: [&str; 9] = [
                "union",
                "state",
                "organization",
                "organisation",
                "alliance",
                "community",
                "commonwealth",
                "council",
                "bloc",
            ];
            let head = body.rsplit(' ').next().unwrap_or(body).to_lowercase();
            if !members.contains(" and ") || !BODIES.contains(&head.as_str()) {
                continue;
            }
            let countries: Option<Vec<&String>> = members
                .split(',')
                .flat_map(|p| p.split(" and "))
                .map(|p| self.countries.get(&p.trim().to_lowercase()))
                .collect();
            for country in countries.into_iter().flatten() {
                if done.insert((m.entity, country)) {
                    out.push(fact(
                        country,
                        "memberOf",
                        &entity.key,
                        ev(m.sentence, "member.named", 0.8),
                    ));
                }
            }
        }
    }

    /// "Belarus and Russia, which are building the Union State", "NATO
    /// members Poland and Lithuania": a sentence that names a body the
    /// gazetteer gives members (`members=`) and one of its members (as a
    /// member on the document's date) → memberOf. The gazetteer lists
    /// members only of bodies whose naming beside a member states the
    /// membership in this news (measured on the read sets: the Union State
    /// 26 of 28 sentences, not the EU: 2 of 19).
    fn known_members(&self, doc: &AnnotatedDoc, ev: &MakeEvidence<'_>, out: &mut Vec<Fact>) {
        let date = doc.doc.meta.date.as_deref();
        let mut done = BTreeSet::new();
        for m in &doc.mentions {
            let body = &doc.entities[m.entity].key;
            let Some(entry) = self.onto.gazetteer.get(body) else {
                continue;
            };
            for o in doc.mentions_in(m.sentence) {
                let member = &doc.entities[o.entity].key;
                let belongs = entry
                    .members
                    .iter()
                    .any(|r| r.of == *member && date.is_none_or(|d| r.held_on(d)));
                if belongs && done.insert((member, body)) {
                    let e = ev(m.sentence, "member.known", 0.6);
                    out.push(fact(member, "memberOf", body, e));
                }
            }
        }
    }

    /// A union the gazetteer gives members (the Union State) named in a
    /// document that names two or more of its members: the members
    /// cooperate. Measured on the read sets: every one of 22 documents
    /// naming the Union State, Russia and Belarus states their cooperation
    /// in its gold (9 of them where no rule found it).
    fn union_partners(&self, doc: &AnnotatedDoc, ev: &MakeEvidence<'_>, out: &mut Vec<Fact>) {
        let date = doc.doc.meta.date.as_deref();
        let mut done = BTreeSet::new();
        for m in &doc.mentions {
            let body = &doc.entities[m.entity].key;
            let Some(entry) = self
                .onto
                .gazetteer
                .get(body)
                .filter(|e| !e.members.is_empty())
            else {
                continue;
            };
            if !done.insert(body) {
                continue;
            }
            let named: BTreeSet<&String> = doc
                .entities
                .iter()
                .map(|e| &e.key)
                .filter(|k| {
                    entry
                        .members
                        .iter()
                        .any(|r| r.of == **k && date.is_none_or(|d| r.held_on(d)))
                })
                .collect();
            for (i, a) in named.iter().enumerate() {
                for b in named.iter().skip(i + 1) {
                    let e = ev(m.sentence, "cooperate.union_members", 0.6);
                    out.push(fact(a, "cooperatesWith", b, e));
                }
            }
        }
    }

    /// "Gryzlov, … told Lukashenko that Russia …": a person named in a
    /// sentence that also names a country or body the gazetteer says they
    /// held an office of on the document's date leads it (a leader's
    /// title, or a head's of a body) or is affiliated with it. Measured on
    /// the read sets: 162 of 179 such sentences state it in their gold; an
    /// opposition leader's country is no such office.
    fn offices_named(&self, doc: &AnnotatedDoc, ev: &MakeEvidence<'_>, out: &mut Vec<Fact>) {
        let date = doc.doc.meta.date.as_deref();
        let gazetteer = &self.onto.gazetteer;
        let mut done = BTreeSet::new();
        for m in &doc.mentions {
            if !matches!(m.kind, MentionKind::Name | MentionKind::Role) {
                continue;
            }
            let person = &doc.entities[m.entity].key;
            let Some(entry) = gazetteer.get(person).filter(|e| e.class() == Class::Person) else {
                continue;
            };
            for o in doc.mentions_in(m.sentence) {
                let body = &doc.entities[o.entity].key;
                let held = entry.roles.iter().find(|r| {
                    r.of == *body
                        && date.is_none_or(|d| r.held_on(d))
                        && !r.title.contains("opposition")
                });
                let Some(role) = held else { continue };
                let country = gazetteer
                    .get(body)
                    .is_some_and(|e| e.class() == Class::Country);
                let predicate = if self.leads(&role.title, country) {
                    "leaderOf"
                } else {
                    "affiliatedWith"
                };
                if done.insert((person, body)) {
                    let e = ev(m.sentence, "office.named", 0.6);
                    out.push(fact(person, predicate, body, e));
                }
            }
        }
    }

    /// Whether an office of this gazetteer title leads what it is of: a
    /// leader's title always, a head's or commander's only of a body ("head
    /// of the KGB" leads it; "army chief" of Russia does not lead Russia).
    fn leads(&self, title: &str, of_country: bool) -> bool {
        let lex = &self.onto.lexicon;
        let is = |kind: &str| {
            lex.titles(kind)
                .iter()
                .any(|t| t.eq_ignore_ascii_case(title))
        };
        is("leader") || (!of_country && (is("head") || BODY_LEADERS.contains(&title)))
    }

    /// Returns the places named only inside the names of events that date
    /// something: entities of the text, though no fact is stated of them.
    fn named_events(
        &self,
        doc: &AnnotatedDoc,
        ev: &MakeEvidence<'_>,
        out: &mut Vec<Fact>,
    ) -> Vec<String> {
        let mut dated_places = Vec::new();
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
            // A historical event (no year in its name) named only to date
            // something ("the largest crowds since the collapse of the Soviet
            // Union") is no subject of the text; "since the 2020 protests in
            // Belarus" may well be.
            let historical = !entry.label.chars().any(|c| c.is_ascii_digit());
            let dating = historical
                && doc
                    .mentions
                    .iter()
                    .filter(|x| x.entity == m.entity)
                    .all(|x| {
                        let before = doc.doc.text[..x.start].trim_end_matches("the ").trim_end();
                        before.ends_with("since") || before.ends_with("Since")
                    });
            // The place must be in the event's own name as written ("invasion
            // of Ukraine", "Belarus protests"): a vote "in 2025" is not tied
            // to Belarus by the gazetteer's knowledge alone.
            let surfaces: Vec<&str> = doc
                .mentions
                .iter()
                .filter(|x| x.entity == m.entity)
                .map(|x| doc.mention_text(x))
                .collect();
            let within = entry
                .within
                .as_deref()
                .filter(|p| self.named_in(p, &surfaces));
            if dating {
                dated_places.extend(within.map(String::from));
                continue;
            }
            let e = ev(m.sentence, "event.named", 0.7);
            if let Some(place) = within {
                out.push(fact(&record.key, "locatedIn", place, e.clone()));
            }
            if let Some(by) = entry.by.as_deref().filter(|b| named.contains(b)) {
                out.push(fact(by, "participatesIn", &record.key, e.clone()));
                if let Some(place) = within {
                    if self.attack_label.is_match(&entry.label) {
                        out.push(fact(by, "attacks", place, e.clone()));
                    }
                }
            }
        }
        dated_places
    }

    /// Whether one of `surfaces` contains a name or adjective of `key`.
    fn named_in(&self, key: &str, surfaces: &[&str]) -> bool {
        let Some(e) = self.onto.gazetteer.get(key) else {
            return false;
        };
        let names: Vec<&String> = std::iter::once(&e.label)
            .chain(&e.aliases)
            .chain(&e.adjectives)
            .collect();
        surfaces.iter().any(|s| {
            s.split(|c: char| !c.is_alphanumeric() && c != '.')
                .any(|w| names.iter().any(|n| n.as_str() == w))
                || names
                    .iter()
                    .any(|n| n.contains(' ') && s.contains(n.as_str()))
        })
    }

    /// "Russia and Belarus launched military exercises": two or three
    /// states taking part in one drill in one sentence cooperate.
    fn joint_drills(
        &self,
        doc: &AnnotatedDoc,
        found: &[Fact],
        ev: &MakeEvidence<'_>,
        out: &mut Vec<Fact>,
    ) {
        let taking: Vec<&Fact> = found
            .iter()
            .filter(|f| f.predicate == "participatesIn")
            .collect();
        if taking.is_empty() {
            return;
        }
        let drills = ["drills".to_string()];
        let index: BTreeMap<&str, usize> = doc
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.key.as_str(), i))
            .collect();
        let is = |key: &str, class| {
            index
                .get(key)
                .is_some_and(|&i| doc.entities[i].class == class)
        };
        // (sentence start in the source, drill) → the states taking part
        let mut taking_part: BTreeMap<(usize, &str), BTreeSet<&str>> = BTreeMap::new();
        for f in taking {
            let Object::Entity(event) = &f.object else {
                continue;
            };
            let drill = index
                .get(event.as_str())
                .is_some_and(|&ix| super::of_kind(doc, ix, &drills, self.onto));
            if drill && is(&f.subject, Class::Country) {
                let states = taking_part.entry((f.evidence.start, event)).or_default();
                states.insert(&f.subject);
            }
        }
        for ((start, _), states) in taking_part {
            let Some(i) = doc
                .sentences
                .iter()
                .position(|s| doc.doc.source_offset(s.start) == start)
            else {
                continue;
            };
            if !(2..=3).contains(&states.len()) {
                continue;
            }
            let states: Vec<&str> = states.into_iter().collect();
            for (a, s) in states.iter().enumerate() {
                for o in &states[a + 1..] {
                    out.push(fact(
                        s,
                        "cooperatesWith",
                        o,
                        ev(i, "cooperate.joint_drills", 0.7),
                    ));
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
        let meetings: BTreeSet<usize> = doc
            .event_kinds
            .iter()
            .filter(|(_, kind)| self.onto.lexicon.required(kind) == Some("meetsWith"))
            .map(|(ix, _)| *ix)
            .collect();
        if meetings.is_empty() {
            return;
        }
        let key = |ix: usize| doc.entities[ix].key.as_str();
        // Sentence → the meetings it names.
        let mut naming: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for m in doc.mentions.iter().filter(|m| meetings.contains(&m.entity)) {
            naming.entry(m.sentence).or_default().insert(m.entity);
        }
        // Each meeting is where the annotator placed it, on the evidence of
        // the first sentence naming both.
        let mut placed = BTreeSet::new();
        for (meeting, place) in &doc.meeting_places {
            let names = |s: &usize, e: &str| doc.mentions_in(*s).iter().any(|m| key(m.entity) == e);
            let sentences = naming.iter().filter(|(_, ms)| ms.contains(meeting));
            let mut first = sentences.clone().map(|(s, _)| *s);
            let Some(si) = sentences
                .map(|(s, _)| *s)
                .find(|s| names(s, place))
                .or_else(|| first.next())
            else {
                continue;
            };
            placed.insert(*meeting);
            out.push(fact(
                key(*meeting),
                "locatedIn",
                place,
                ev(si, "meeting.place", 0.7),
            ));
        }
        let classes: BTreeMap<&str, Class> = doc
            .entities
            .iter()
            .map(|e| (e.key.as_str(), e.class))
            .collect();
        let mut meets: Vec<&Fact> = found
            .iter()
            .filter(|f| f.predicate == "meetsWith")
            .collect();
        meets.sort_by_key(|f| f.evidence.start);
        // Sentence starts in the source, ascending: a fact's sentence by
        // binary search (a huge document has many meetsWith facts).
        let starts: Vec<usize> = doc
            .sentences
            .iter()
            .map(|s| doc.doc.source_offset(s.start))
            .collect();
        let only = (meetings.len() == 1).then(|| *meetings.first().expect("one"));
        for f in meets {
            let Object::Entity(o) = &f.object else {
                continue;
            };
            let Ok(si) = starts.binary_search(&f.evidence.start) else {
                continue;
            };
            // Those who meet in a sentence that names a meeting take part in
            // it, as in the meeting the next sentence names at the place
            // this one names ("X and Y met in Sochi. The talks …").
            let place_named = |m: &usize| {
                let place = doc.meeting_places.iter().find(|(e, _)| e == m);
                place.is_some_and(|(_, p)| doc.mentions_in(si).iter().any(|x| key(x.entity) == p))
            };
            let next = naming.get(&(si + 1)).into_iter().flatten();
            let named = naming.get(&si).into_iter().flatten();
            for &meeting in named.chain(next.filter(|m| place_named(m))) {
                for who in [&f.subject, o] {
                    if classes.get(who.as_str()) == Some(&Class::Person) {
                        out.push(fact(
                            who,
                            "participatesIn",
                            key(meeting),
                            ev(si, "meeting.participant", 0.7),
                        ));
                    }
                }
            }
            // The one meeting of a document, not placed by its nouns, is
            // where the first meeting sentence with a place puts it.
            let Some(meeting) = only.filter(|m| !placed.contains(m)) else {
                continue;
            };
            let (raw, slots) = templates.raw(doc, si);
            if let Some(c) = self.meet_place.captures(&raw) {
                let slot: usize = c[1].parse().unwrap_or(usize::MAX);
                if let Some(m) = slots.get(slot) {
                    placed.insert(meeting);
                    out.push(fact(
                        key(meeting),
                        "locatedIn",
                        &doc.entities[m.entity].key,
                        ev(si, "meeting.place", 0.7),
                    ));
                }
            }
        }
    }
}

impl Implied<'_> {
    /// Sanctions named with their imposers ("Western sanctions on Moscow"):
    /// imposedBy for each imposer, and where the noun says on whom,
    /// imposesSanctionsOn and targets.
    fn sanctions(
        &self,
        doc: &AnnotatedDoc,
        templates: &Templates,
        ev: &MakeEvidence<'_>,
        out: &mut Vec<Fact>,
    ) {
        for (ix, imposers) in &doc.sanctions_by {
            let node = &doc.entities[*ix].key;
            let mut linked = false;
            for m in doc.mentions.iter().filter(|m| m.entity == *ix) {
                let (raw, slots) = templates.raw(doc, m.sentence);
                let Some(slot) = slots.iter().position(|s| std::ptr::eq(*s, m)) else {
                    continue;
                };
                let token = format!(
                    "⟦{}{slot}⟧",
                    crate::ontology::rules::class_letter(Class::Sanctions)
                );
                let Some(at) = raw.find(&token) else {
                    continue;
                };
                let rest = raw[at + token.len()..].strip_prefix(' ').unwrap_or("");
                // "⟦P0⟧, the head of ⟦O1⟧, has been under ⟦X2⟧": read the
                // target before the noun past the apposition.
                let reduced = || templates.build(doc, m.sentence).reduced;
                let before = |text: &str| {
                    let at = text.find(&token)?;
                    self.target_before
                        .captures(&text[..at])
                        .map(|c| c[1].to_string())
                };
                let Some(targets) = self
                    .noun_target
                    .captures(rest)
                    .map(|c| c[1].to_string())
                    .or_else(|| before(&reduced()))
                    .or_else(|| before(&raw))
                else {
                    continue;
                };
                let e = ev(m.sentence, "sanction.named", 0.8);
                for target in super::template::slots_in(&targets)
                    .into_iter()
                    .filter_map(|s| slots.get(s))
                {
                    let target = &doc.entities[target.entity].key;
                    for imposer in imposers.iter().filter(|i| *i != target) {
                        out.push(fact(imposer, "imposesSanctionsOn", target, e.clone()));
                        out.push(fact(node, "imposedBy", imposer, e.clone()));
                        out.push(fact(node, "targets", target, e.clone()));
                        linked = true;
                    }
                }
            }
            if !linked {
                if let Some(m) = doc.mentions.iter().find(|m| m.entity == *ix) {
                    for imposer in imposers {
                        out.push(fact(
                            node,
                            "imposedBy",
                            imposer,
                            ev(m.sentence, "sanction.named", 0.8),
                        ));
                    }
                }
            }
        }
    }
}

/// The up to `reach` bytes of `text` before `at`, from a char boundary.
fn text_before(text: &str, at: usize, reach: usize) -> &str {
    let from = (at.saturating_sub(reach)..at)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(at);
    &text[from..at]
}

/// The up to `reach` bytes of `text` after `at`, to a char boundary.
fn text_after(text: &str, at: usize, reach: usize) -> &str {
    let to = (at..=text.len().min(at + reach))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(at);
    &text[at..to]
}

/// A lexicon word class as a regex alternation; a class the lexicon lacks
/// matches nothing (an empty alternation would match everywhere).
fn word_class(lex: &Lexicon, name: &str) -> String {
    match lex.words(name) {
        [] => r"[^\s\S]".to_string(),
        words => alternation(words),
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
