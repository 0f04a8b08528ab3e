//! The extract stage: an [`AnnotatedDoc`] → a [`DocResult`]: relations by
//! the rules of `ontology/rules/` matched on sentence templates (see
//! [`template`]), quotations attributed to their speakers ([`quotes`]),
//! and links from each Sanctions node to who imposed it, on whom, and over
//! what. Matches inside a negated, denied or speculative context are dropped.
//! Every fact carries its evidence.

pub mod examples;
mod implied;
mod prefilter;
pub mod quotes;
mod seen;
pub mod template;

use crate::model::{AnnotatedDoc, Class, DocResult, Evidence, Fact, Mention, MentionKind, Object};
use crate::ontology::rules::{alternation, Hedge, Layer, Rule, Subject, Target};
use crate::ontology::Ontology;
use regex::Regex;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use template::{slots_in, Templates};

/// The event the text last named, in sentence `i` or the three before it,
/// of one of `kinds` if any are given: what "also took part" took part in.
fn last_event<'d>(
    doc: &'d AnnotatedDoc,
    i: usize,
    kinds: &[String],
    onto: &Ontology,
) -> Option<&'d Mention> {
    (i.saturating_sub(3)..=i).rev().find_map(|j| {
        doc.mentions_in(j).iter().rev().find(|m| {
            doc.entities[m.entity].class == Class::Event && of_kind(doc, m.entity, kinds, onto)
        })
    })
}

/// The unsaid event of a clause: one of `kinds` of the first year the
/// sentence names, wherever the text names it ("X, who ran against
/// Lukashenko in 2020" takes part in the 2020 election); with no year, the
/// one named last.
fn implied_event<'d>(
    doc: &'d AnnotatedDoc,
    i: usize,
    kinds: &[String],
    onto: &Ontology,
) -> Option<&'d Mention> {
    let Some(year) = crate::calendar::first_dating_year(doc.sentence_text(i)) else {
        return last_event(doc, i, kinds, onto);
    };
    // A year no event of the text has ("ran for president in 2010") is
    // another event: none.
    let suffix = format!("_{year}");
    doc.mentions.iter().find(|m| {
        let e = &doc.entities[m.entity];
        e.class == Class::Event && e.key.contains(&suffix) && of_kind(doc, m.entity, kinds, onto)
    })
}

/// Whether entity `ix` is an event of one of `kinds` (any entity when
/// `kinds` is empty): by the event noun that made it or its gazetteer kind.
fn of_kind(doc: &AnnotatedDoc, ix: usize, kinds: &[String], onto: &Ontology) -> bool {
    if kinds.is_empty() {
        return true;
    }
    let noun_kind = doc
        .event_kinds
        .iter()
        .find(|(e, _)| *e == ix)
        .map(|(_, k)| k.as_str());
    let kind = noun_kind.or_else(|| {
        onto.gazetteer
            .get(&doc.entities[ix].key)
            .and_then(|e| e.kind.as_deref())
    });
    kind.is_some_and(|k| kinds.iter().any(|w| w == k))
}

/// The compiled extractor of an ontology; build once, use for every document.
pub struct Extractor<'o> {
    onto: &'o Ontology,
    templates: Templates,
    negation: Regex,
    speculation: Regex,
    quotes: quotes::Quotes,
    retaliation: Regex,
    /// "in ⟦C1⟧": where a clause without an actor took place.
    state_place: Regex,
    implied: implied::Implied<'o>,
    /// Picks the rules a sentence's templates can match.
    prefilter: prefilter::Prefilter,
    /// "the Belarusian volunteers": people a state's adjective qualifies.
    people_of_state: Regex,
}

impl<'o> Extractor<'o> {
    pub fn new(onto: &'o Ontology) -> Extractor<'o> {
        let lex = &onto.lexicon;
        let negation = Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
            r"(?i)(?:\b(?:{})\b|n't\b)",
            alternation(lex.cues("negation"))
        )))
        .expect("escaped cue words");
        let speculation = Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
            r"(?i)\b(?:{})\b",
            alternation(lex.cues("speculation"))
        )))
        .expect("escaped cue words");
        let retaliation = Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
            r"(?i)\b(?:{})\s+(?:the\s+)?(⟦E\d+⟧)",
            alternation(lex.words("in_response"))
        )))
        .expect("escaped words");
        let people_of_state = Regex::new(&format!(
            r"^\s+(?i:{})\b",
            alternation(lex.words("people_of_state"))
        ))
        .expect("escaped words");
        Extractor {
            people_of_state,
            prefilter: prefilter::Prefilter::new(onto.rules.iter().map(|r| r.regex.as_str())),
            onto,
            templates: Templates::new(lex),
            negation,
            speculation,
            quotes: quotes::Quotes::new(onto),
            retaliation,
            state_place: Regex::new(r"(?:\b(\w+) )?\bin (?:the )?⟦C(\d+)⟧").expect("static"),
            implied: implied::Implied::new(onto),
        }
    }

    pub fn extract(&self, doc: &AnnotatedDoc) -> DocResult {
        self.extract_all(std::slice::from_ref(doc))
            .pop()
            .expect("one result per document")
    }

    /// [`Extractor::extract`] over several documents at once, with the same
    /// results: each rule runs over the sentences of all of them before the
    /// next rule, so its automaton stays in the processor's cache for
    /// longer (benches/RESULTS.md, session 19).
    pub fn extract_all(&self, docs: &[AnnotatedDoc]) -> Vec<DocResult> {
        let read: Vec<Read> = docs.iter().map(|doc| self.read(doc)).collect();
        let hits = self.match_rules(docs, &read);
        docs.iter()
            .zip(&read)
            .zip(hits)
            .map(|((doc, read), hits)| self.finish(doc, read, hits))
            .collect()
    }

    /// A document's quotations and sentence templates: what the rules need.
    fn read<'d>(&self, doc: &'d AnnotatedDoc) -> Read<'d> {
        let evidences = Evidences::new(doc);
        let (quoted, spoken) = self
            .quotes
            .extract(doc, &|i, rule, conf| evidences.make(i, rule, conf));
        // Every rule relates two different mentions, or one to the state
        // a clause without an actor acts for.
        let templates = (0..doc.sentences.len())
            .map(|i| {
                let n = doc.mentions_in(i).len();
                (n > 1 || n == 1 && doc.focus.is_some()).then(|| self.templates.build(doc, i))
            })
            .collect();
        Read {
            evidences,
            quoted,
            spoken,
            templates,
        }
    }

    /// The facts of one document from its rule matches.
    fn finish<'t>(&self, doc: &AnnotatedDoc, read: &'t Read, hits: Vec<Vec<Hit<'t>>>) -> DocResult {
        let Read {
            evidences,
            quoted,
            spoken,
            templates,
        } = read;
        let mut facts = Vec::new();
        for (i, (t, hits)) in templates.iter().zip(hits).enumerate() {
            if let Some(t) = t {
                self.sentence(doc, i, t, hits, evidences, spoken, &mut facts);
            }
        }
        facts.extend(quoted.iter().cloned());
        let (implied, named_only) =
            self.implied
                .facts(doc, &facts, &self.templates, &|i, rule, conf| {
                    evidences.make(i, rule, conf)
                });
        facts.extend(implied);
        let mut dropped = self.unmet_requirements(doc, &facts);
        dropped.extend(adjective_only(doc, &facts, self.onto));
        facts.retain(|f| {
            !dropped.contains(&f.subject)
                && !matches!(&f.object, Object::Entity(o) if dropped.contains(o))
        });
        self.implied.drop_group_homes(&mut facts);
        self.implied.office_checked_leaders(doc, &mut facts);
        dedup(&mut facts);
        one_office(&mut facts);
        DocResult {
            meta: doc.doc.meta.clone(),
            entities: seen::seen(doc, &facts, &named_only, &dropped, self.onto),
            facts,
        }
    }

    /// Every rule's matches in the templates of each document, by document,
    /// by sentence and, within one, in rule order. Each rule runs over all
    /// sentences before the next rule: its automaton stays in the
    /// processor's cache, which makes matching three times faster than
    /// running every rule on one sentence before the next
    /// (benches/RESULTS.md, session 18).
    fn match_rules<'t>(&self, docs: &[AnnotatedDoc], read: &'t [Read]) -> Vec<Vec<Vec<Hit<'t>>>> {
        // Per document, per sentence: the rules worth running, if any.
        let plans: Vec<Vec<Option<Vec<bool>>>> = docs
            .iter()
            .zip(read)
            .map(|(doc, read)| self.plan(doc, read))
            .collect();
        let mut hits: Vec<Vec<Vec<Hit>>> = read
            .iter()
            .map(|r| r.templates.iter().map(|_| Vec::new()).collect())
            .collect();
        for (ix, rule) in self.onto.rules.iter().enumerate() {
            for ((read, plan), hits) in read.iter().zip(&plans).zip(&mut hits) {
                for ((t, runs), hits) in read.templates.iter().zip(plan).zip(hits) {
                    let (Some(t), Some(runs)) = (t, runs) else {
                        continue;
                    };
                    if !runs[ix] {
                        continue;
                    }
                    let texts = match rule.layer {
                        Layer::Raw => std::slice::from_ref(&t.raw).iter().chain(&[]),
                        Layer::Reduced => std::slice::from_ref(&t.reduced).iter().chain(&t.lifted),
                    };
                    for text in texts {
                        hits.extend(rule.regex.captures_iter(text).map(|caps| Hit {
                            rule: ix,
                            text,
                            caps,
                        }));
                    }
                }
            }
        }
        hits
    }

    /// For each sentence of a document with a template, the rules that may
    /// match it: those the prefilter names, and the rules read inside
    /// quotations only where one is.
    fn plan(&self, doc: &AnnotatedDoc, read: &Read) -> Vec<Option<Vec<bool>>> {
        read.templates
            .iter()
            .zip(&doc.sentences)
            .map(|(t, s)| {
                let t = t.as_ref()?;
                let mut runs = self.prefilter.candidates(&[&t.raw, &t.reduced]);
                let at = read.spoken.partition_point(|q| q.end <= s.start);
                if read.spoken.get(at).is_none_or(|q| q.start >= s.end) {
                    for (run, rule) in runs.iter_mut().zip(&self.onto.rules) {
                        *run &= rule.subject != Subject::Speaker;
                    }
                }
                Some(runs)
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn sentence(
        &self,
        doc: &AnnotatedDoc,
        i: usize,
        t: &template::Template,
        hits: Vec<Hit>,
        evidences: &Evidences<'_>,
        spoken: &[quotes::Spoken],
        facts: &mut Vec<Fact>,
    ) {
        let first = facts.len();
        let mut by_state = Vec::new();
        let state = std::cell::OnceCell::new();
        for Hit { rule, text, caps } in hits {
            let rule = &self.onto.rules[rule];
            {
                let whole = caps.get(0).expect("match");
                let quoted = rule.subject == Subject::Speaker;
                if self.hedged(text, whole.start(), whole.end(), rule.hedge, quoted) {
                    continue;
                }
                if rule
                    .unless
                    .as_ref()
                    .is_some_and(|u| u.is_match(&text[whole.end()..]))
                {
                    continue;
                }
                // "hosted ⟦P1⟧'s office" meets nobody: the object is a
                // possessor.
                let possessor = caps.name("O").is_some_and(|o| {
                    text[o.end()..].starts_with("'s ") || text[o.end()..].starts_with("' ")
                });
                if possessor && rule.predicate == "meetsWith" {
                    continue;
                }
                // "agreed to hold (?P<K>⟦E2⟧)": the event must be of the
                // rule's slot kinds (talks, not drills).
                let slot_fits = |k: regex::Match| {
                    slots_in(k.as_str())
                        .into_iter()
                        .filter_map(|s| t.slots.get(s))
                        .all(|m| of_kind(doc, m.entity, &rule.slot_kinds, self.onto))
                };
                if !rule.slot_kinds.is_empty() && !caps.name("K").is_none_or(slot_fits) {
                    continue;
                }
                let objects: Vec<&Mention> = match rule.object {
                    Target::Named => slots_in(caps.name("O").map_or("", |m| m.as_str()))
                        .into_iter()
                        .filter_map(|o| t.slots.get(o).copied())
                        .filter(|m| of_kind(doc, m.entity, &rule.object_kinds, self.onto))
                        // "expelled Belarusian diplomats" represses people,
                        // not the state their adjective names; "praised the
                        // Belarusian volunteers" supports no state
                        .filter(|m| {
                            m.kind != MentionKind::Adjective
                                || rule.predicate != "represses" && !self.qualifies_people(doc, m)
                        })
                        .collect(),
                    Target::Event => implied_event(doc, i, &rule.object_kinds, self.onto)
                        .into_iter()
                        .collect(),
                    Target::State => self.state_mention(doc, t).into_iter().collect(),
                };
                let subjects: Vec<&str> = match rule.subject {
                    Subject::Named => slots_in(caps.name("S").map_or("", |m| m.as_str()))
                        .into_iter()
                        .filter_map(|s| t.slots.get(s))
                        .map(|m| doc.entities[m.entity].key.as_str())
                        .collect(),
                    Subject::State => (*state.get_or_init(|| self.state_of(doc, t)))
                        .into_iter()
                        .collect(),
                    Subject::Speaker => speaker_of(doc, spoken, &objects).into_iter().collect(),
                    Subject::Office => slots_in(caps.name("S").map_or("", |m| m.as_str()))
                        .into_iter()
                        .filter_map(|s| t.slots.get(s))
                        .filter_map(|m| self.office_of(doc, &doc.entities[m.entity].key))
                        .collect(),
                };
                for &sk in &subjects {
                    for om in &objects {
                        let (mut sk, mut ok) = (sk.to_string(), self.object_key(doc, rule, om));
                        if sk == ok {
                            continue;
                        }
                        if self.onto.is_symmetric(&rule.predicate) && ok < sk {
                            std::mem::swap(&mut sk, &mut ok);
                        }
                        let fact = Fact {
                            subject: sk,
                            predicate: rule.predicate.clone(),
                            object: Object::Entity(ok),
                            evidence: evidences.make(i, &rule.id, rule.confidence),
                        };
                        match rule.subject {
                            Subject::Named | Subject::Speaker | Subject::Office => facts.push(fact),
                            Subject::State => {
                                let placed = self.placed(t).is_some();
                                by_state.push(self.home_state(fact, placed));
                            }
                        }
                    }
                }
            }
        }
        // A clause's own actor wins over the one it leaves to the state.
        by_state.retain(|f| {
            !facts[first..]
                .iter()
                .any(|g| g.predicate == f.predicate && g.object == f.object)
        });
        facts.extend(by_state);
        let sanction_facts: Vec<Fact> = facts[first..]
            .iter()
            .filter(|f| f.predicate == "imposesSanctionsOn")
            .cloned()
            .collect();
        self.sanctions_links(doc, t, &sanction_facts, facts);
    }

    /// A state's act against an event is the act of the state the event
    /// happened in: the crackdown on the 2020 Belarusian protests is
    /// Belarus's, whichever country the story is about. Against a person,
    /// when the clause names no country, it is the act of the state the
    /// person works in (the jailing of Navalny is Russia's).
    fn home_state(&self, mut fact: Fact, placed: bool) -> Fact {
        let Object::Entity(object) = &fact.object else {
            return fact;
        };
        let gazetteer = &self.onto.gazetteer;
        let country_of = |key: &str| {
            std::iter::successors(Some(key), |k| {
                gazetteer.get(k).and_then(|e| e.within.as_deref())
            })
            .take(5)
            .find(|k| {
                gazetteer
                    .get(k)
                    .is_some_and(|e| e.class() == Class::Country)
            })
            .map(str::to_string)
        };
        let home = match gazetteer.get(object).map(|e| (e.class(), e)) {
            Some((Class::Event, e)) => e.within.as_deref().and_then(country_of),
            Some((Class::Person, e)) if !placed => e.roles.iter().find_map(|r| country_of(&r.of)),
            // An event the annotator made from a noun: its key starts
            // with its country's ("belarus_protests_2021").
            None => object
                .match_indices('_')
                .map(|(i, _)| &object[..i])
                .find(|k| {
                    gazetteer
                        .get(k)
                        .is_some_and(|e| e.class() == Class::Country)
                })
                .map(str::to_string),
            _ => None,
        };
        if let Some(home) = home.filter(|c| c != object) {
            fact.subject = home;
        }
        fact
    }

    /// The key a rule's object mention stands for: one visits a city, not
    /// the state it may stand for elsewhere ("visited Kyiv, Moscow and
    /// Beijing").
    fn object_key(&self, doc: &AnnotatedDoc, rule: &Rule, m: &Mention) -> String {
        let key = &doc.entities[m.entity].key;
        if rule.predicate != "visits" || m.kind != MentionKind::Metonym {
            return key.clone();
        }
        // a metonym is a capital standing for its state
        self.onto
            .gazetteer
            .get(key)
            .and_then(|e| e.capital.clone())
            .unwrap_or_else(|| key.clone())
    }

    /// The state a sentence's clause without an actor acts for: the
    /// country it places the clause in ("in ⟦C1⟧"), else the document's.
    fn state_of<'d>(&self, doc: &'d AnnotatedDoc, t: &template::Template<'d>) -> Option<&'d str> {
        let placed = self.placed(t).map(|m| m.entity);
        placed.or(doc.focus).map(|e| doc.entities[e].key.as_str())
    }

    /// The country mention a sentence places its clause in ("in ⟦C1⟧"),
    /// not one someone lives or went into exile in ("forced to live in
    /// exile in ⟦C1⟧" is no act of that state).
    fn placed<'d>(&self, t: &template::Template<'d>) -> Option<&'d Mention> {
        const ABROAD: [&str; 11] = [
            "exile", "lived", "lives", "live", "living", "settled", "refuge", "asylum", "based",
            "resides", "residing",
        ];
        let c = self
            .state_place
            .captures_iter(&t.raw)
            .find(|c| !c.get(1).is_some_and(|w| ABROAD.contains(&w.as_str())))?;
        let slot: usize = c[2].parse().ok()?;
        t.slots.get(slot).copied()
    }

    /// The country a person holds office in on the article's date, or the
    /// key itself for anything else.
    fn office_of<'k>(&'k self, doc: &AnnotatedDoc, key: &'k str) -> Option<&'k str> {
        let gazetteer = &self.onto.gazetteer;
        match gazetteer.get(key) {
            Some(e) if e.class() == Class::Person => {
                gazetteer.office_country(key, doc.doc.meta.date.as_deref())
            }
            _ => Some(key),
        }
    }

    /// A mention of the state a clause acts on (see `state_of`).
    /// Whether an adjective mention qualifies people after it ("the
    /// Belarusian volunteers"), who are no state.
    fn qualifies_people(&self, doc: &AnnotatedDoc, m: &Mention) -> bool {
        self.people_of_state.is_match(&doc.doc.text[m.end..])
    }

    fn state_mention<'d>(
        &self,
        doc: &'d AnnotatedDoc,
        t: &template::Template<'d>,
    ) -> Option<&'d Mention> {
        self.placed(t).or_else(|| {
            let focus = doc.focus?;
            doc.mentions.iter().find(|m| m.entity == focus)
        })
    }

    /// A match is hedged when a negation or speculation cue stands in it or
    /// in the five words before it ("there are no plans to …", "could try to").
    /// A capitalised cue inside a sentence is a name ("Since May, …"), not a cue.
    /// A rule read inside quotations (`quoted`) heeds the cues in them.
    fn hedged(&self, text: &str, start: usize, end: usize, hedge: Hedge, quoted: bool) -> bool {
        let before = &text[..start];
        let from = before
            .char_indices()
            .rev()
            .filter(|(_, c)| *c == ' ')
            .nth(5)
            .map_or(0, |(i, _)| i);
        if hedge == Hedge::None {
            return false;
        }
        // A cue inside a quotation ("chanted “No to occupation” as …") is
        // the quotation's, not the clause's.
        let window = if quoted {
            text[from..end].to_string()
        } else {
            without_quotes(&text[from..end])
        };
        let cue = |re: &Regex| {
            re.find_iter(&window)
                .any(|m| from == 0 && m.start() == 0 || !starts_upper(m.as_str()))
        };
        cue(&self.speculation) || (hedge == Hedge::All && cue(&self.negation))
    }

    /// Links the Sanctions nodes named in a sentence to the imposers and
    /// targets the sentence's sanction facts give, and to the event they
    /// answer ("in retaliation to the invasion").
    fn sanctions_links(
        &self,
        doc: &AnnotatedDoc,
        t: &template::Template<'_>,
        sanction_facts: &[Fact],
        facts: &mut Vec<Fact>,
    ) {
        let nodes: BTreeSet<&str> = t
            .slots
            .iter()
            .map(|m| &doc.entities[m.entity])
            .filter(|r| r.class == Class::Sanctions)
            .map(|r| r.key.as_str())
            .collect();
        let events: Vec<String> = self
            .retaliation
            .captures_iter(&t.raw)
            .filter_map(|c| slots_in(c.get(1)?.as_str()).first().copied())
            .filter_map(|slot| {
                t.slots
                    .get(slot)
                    .map(|m| doc.entities[m.entity].key.clone())
            })
            .collect();
        for node in nodes {
            let ev = |f: &Fact| Evidence {
                rule: "sanctions.link".into(),
                ..f.evidence.clone()
            };
            for f in sanction_facts {
                let Object::Entity(target) = &f.object else {
                    continue;
                };
                facts.push(link(node, "imposedBy", &f.subject, ev(f)));
                facts.push(link(node, "targets", target, ev(f)));
                for e in &events {
                    facts.push(link(node, "inResponseTo", e, ev(f)));
                }
            }
        }
    }

    /// Event entities whose kind requires a relation the document lacks
    /// (a meeting noun is a meeting only where someone meets) and no fact
    /// names a participant of, or a participant the document does not name.
    fn unmet_requirements(&self, doc: &AnnotatedDoc, facts: &[Fact]) -> BTreeSet<String> {
        let present: BTreeSet<&str> = facts.iter().map(|f| f.predicate.as_str()).collect();
        let attended: BTreeSet<&str> = facts
            .iter()
            .filter(|f| f.predicate == "participatesIn")
            .filter_map(|f| match &f.object {
                Object::Entity(k) => Some(k.as_str()),
                Object::Quote(_) => None,
            })
            .collect();
        let lex = &self.onto.lexicon;
        doc.event_kinds
            .iter()
            .filter(|(ix, kind)| {
                let attended = attended.contains(doc.entities[*ix].key.as_str());
                !attended
                    && (lex.needs_participant(kind)
                        || lex.required(kind).is_some_and(|p| !present.contains(p)))
            })
            .map(|(ix, _)| doc.entities[*ix].key.clone())
            .collect()
    }
}

/// The speaker of the quotation every one of `objects` stands in, if one
/// quotation holds them all.
fn speaker_of<'d>(
    doc: &'d AnnotatedDoc,
    spoken: &[quotes::Spoken],
    objects: &[&Mention],
) -> Option<&'d str> {
    let first = objects.first()?;
    let q = spoken
        .iter()
        .find(|q| q.start <= first.start && first.end <= q.end)?;
    objects
        .iter()
        .all(|m| q.start <= m.start && m.end <= q.end)
        .then(|| doc.entities[q.speaker].key.as_str())
}

/// Countries the text only qualifies ("German Chancellor Angela Merkel"),
/// never names, and that only hold offices: no entity of the graph, as in
/// the gold files. A name inside another's ("the Union State of Russia and
/// Belarus", "Russia's Foreign Ministry") names it.
fn adjective_only(doc: &AnnotatedDoc, facts: &[Fact], onto: &Ontology) -> Vec<String> {
    let mut named = vec![false; doc.entities.len()];
    for m in doc
        .mentions
        .iter()
        .filter(|m| m.kind != MentionKind::Adjective)
    {
        named[m.entity] = true;
    }
    let unnamed: Vec<&str> = doc
        .entities
        .iter()
        .zip(named)
        .filter(|(e, named)| e.class == Class::Country && !named)
        .map(|(e, _)| e.key.as_str())
        .collect();
    if unnamed.is_empty() {
        return Vec::new();
    }
    // A state that acts or is acted on ("Belarusian police detained her")
    // is one, whatever word names it.
    let acting: BTreeSet<&str> = facts
        .iter()
        .filter(|f| !matches!(f.predicate.as_str(), "leaderOf" | "affiliatedWith"))
        .flat_map(|f| {
            let object = match &f.object {
                Object::Entity(o) => Some(o.as_str()),
                Object::Quote(_) => None,
            };
            std::iter::once(f.subject.as_str()).chain(object)
        })
        .collect();
    let named_inside = |key: &str| {
        let Some(e) = onto.gazetteer.get(key) else {
            return false;
        };
        let names: Vec<&String> = std::iter::once(&e.label).chain(&e.aliases).collect();
        doc.mentions.iter().any(|m| {
            let text = doc.mention_text(m);
            names.iter().any(|n| {
                text.match_indices(n.as_str()).any(|(i, _)| {
                    let after = text[i + n.len()..].chars().next();
                    !after.is_some_and(char::is_alphanumeric)
                })
            })
        })
    };
    unnamed
        .into_iter()
        .filter(|key| !acting.contains(key) && !named_inside(key))
        .map(String::from)
        .collect()
}

/// Text with double-quoted spans removed.
fn without_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        if c == '"' {
            inside = !inside;
        } else if !inside {
            out.push(c);
        }
    }
    out
}

fn link(node: &str, predicate: &str, target: &str, evidence: Evidence) -> Fact {
    Fact {
        subject: node.to_string(),
        predicate: predicate.to_string(),
        object: Object::Entity(target.to_string()),
        evidence,
    }
}

/// The evidence of sentence `i`: its text and character offsets in the source.
/// Makes the evidence of one document's facts, each string allocated once
/// and shared by every fact that cites it.
/// One rule's match in one of a sentence's texts.
/// What the rules of a document read: its quotations and templates.
struct Read<'d> {
    evidences: Evidences<'d>,
    quoted: Vec<Fact>,
    spoken: Vec<quotes::Spoken>,
    /// Per sentence: its templates, if it holds mentions enough.
    templates: Vec<Option<template::Template<'d>>>,
}

struct Hit<'t> {
    rule: usize,
    text: &'t str,
    caps: regex::Captures<'t>,
}

pub struct Evidences<'d> {
    doc: &'d AnnotatedDoc,
    name: Arc<str>,
    date: Option<Arc<str>>,
    sentences: RefCell<BTreeMap<usize, Arc<str>>>,
    rules: RefCell<BTreeSet<Arc<str>>>,
}

impl<'d> Evidences<'d> {
    pub fn new(doc: &'d AnnotatedDoc) -> Evidences<'d> {
        Evidences {
            doc,
            name: doc.doc.meta.name.as_str().into(),
            date: doc.doc.meta.date.as_deref().map(Arc::from),
            sentences: RefCell::default(),
            rules: RefCell::default(),
        }
    }

    /// The shared copy of a rule id (looked up without allocating).
    fn rule(&self, id: &str) -> Arc<str> {
        let mut rules = self.rules.borrow_mut();
        if let Some(shared) = rules.get(id) {
            return shared.clone();
        }
        let shared: Arc<str> = id.into();
        rules.insert(shared.clone());
        shared
    }

    /// The evidence of a fact read in sentence `i` by `rule`.
    pub fn make(&self, i: usize, rule: &str, confidence: f64) -> Evidence {
        let s = &self.doc.sentences[i];
        let sentence = self
            .sentences
            .borrow_mut()
            .entry(i)
            .or_insert_with(|| {
                let text = self.doc.sentence_text(i).split_whitespace();
                text.collect::<Vec<_>>().join(" ").into()
            })
            .clone();
        let rule = self.rule(rule);
        Evidence {
            doc: self.name.clone(),
            sentence,
            start: self.doc.doc.source_offset(s.start),
            end: self.doc.doc.source_end(s.end),
            rule,
            confidence,
            date: self.date.clone(),
        }
    }
}

/// One fact per (subject, predicate, object, sentence): the most confident.
fn dedup(facts: &mut Vec<Fact>) {
    facts.sort_by(|a, b| {
        (&a.subject, &a.predicate, &a.object, a.evidence.start)
            .cmp(&(&b.subject, &b.predicate, &b.object, b.evidence.start))
            .then(b.evidence.confidence.total_cmp(&a.evidence.confidence))
            .then(a.evidence.rule.cmp(&b.evidence.rule))
    });
    facts.dedup_by(|b, a| {
        a.subject == b.subject
            && a.predicate == b.predicate
            && a.object == b.object
            && a.evidence.start == b.evidence.start
    });
}

/// One office per person, body and sentence: where one sentence gives both
/// leaderOf and affiliatedWith for the same pair ("his Belarusian
/// counterpart, Viktor Khrenin" read by the title it answers to and by the
/// bare possessor), the more confident fact stands (a tie: leaderOf).
fn one_office(facts: &mut Vec<Fact>) {
    let office = |f: &Fact| matches!(f.predicate.as_str(), "leaderOf" | "affiliatedWith");
    let mut best: BTreeMap<(String, String, usize), (f64, bool)> = BTreeMap::new();
    for f in facts.iter().filter(|f| office(f)) {
        let Object::Entity(o) = &f.object else {
            continue;
        };
        let rank = (f.evidence.confidence, f.predicate == "leaderOf");
        let slot = best
            .entry((f.subject.clone(), o.clone(), f.evidence.start))
            .or_insert(rank);
        if rank.0 > slot.0 || (rank.0 == slot.0 && rank.1) {
            *slot = rank;
        }
    }
    facts.retain(|f| {
        let Object::Entity(o) = &f.object else {
            return true;
        };
        if !office(f) {
            return true;
        }
        let (_, leads) = best[&(f.subject.clone(), o.clone(), f.evidence.start)];
        leads == (f.predicate == "leaderOf")
    });
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod bounds_tests {
    use crate::ontology::rules::ascii_bounds;

    #[test]
    fn only_word_bounds_change() {
        assert_eq!(
            ascii_bounds(r"\bmet\b \\b \d"),
            r"(?-u:\b)met(?-u:\b) \\b \d"
        );
        let re = regex::Regex::new(&ascii_bounds(r"(?i)\bmet\b")).unwrap();
        assert!(re.is_match("⟦P0⟧ met ⟦P1⟧"));
        assert!(!re.is_match("⟦P0⟧ metal"));
    }
}
