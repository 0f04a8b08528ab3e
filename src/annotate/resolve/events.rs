//! The events pass: event nouns ("the protests", "talks"), crowds that name
//! the event a verb tells of, and group nouns ("the opposition"), each tied
//! to one entity per kind, country and year (and place for meetings), or to
//! a named event of the document whose name has the noun.

use super::{Cand, Ctx, What};
use crate::annotate::cand::name_words;
use crate::iri::slug;
use crate::model::{Class, EntityRecord, Mention, MentionKind};
use std::collections::{BTreeMap, BTreeSet};

/// Per event kind, the first country and the first year named with one of
/// its nouns: they hold for the kind's nouns that name none.
struct KindFirsts {
    country: BTreeMap<String, String>,
    year: BTreeMap<String, String>,
    /// Start of a noun → the year of the dated event noun it is aimed at
    /// ("mass protests against Lukashenko's disputed re-election").
    aimed: BTreeMap<usize, String>,
}

impl<'o> Ctx<'_, 'o> {
    /// Event, crowd, group and sanctions nouns.
    pub(super) fn nouns(&mut self, later: &[Cand], focus: Option<&str>) {
        let lex = &self.ann.onto.lexicon;
        // Names are all found by now, and nothing below adds or reorders one.
        // Each entity once, in order of first mention.
        let mut seen = BTreeSet::new();
        self.named_events = self
            .mentions
            .iter()
            .filter(|m| m.kind == MentionKind::Name)
            .map(|m| m.entity)
            .filter(|&ix| self.table.records[ix].class == Class::Event && seen.insert(ix))
            .collect();
        // The first explicit country of each event kind holds for the document.
        let mut kind_country: BTreeMap<String, String> = BTreeMap::new();
        // Likewise the first year named with a noun of each kind: "the
        // 2020 election … the election" is one event, whatever the date.
        let mut kind_year: BTreeMap<String, String> = BTreeMap::new();
        for c in later {
            if let What::Event(kind) | What::Crowd(kind) | What::EventVerb(kind) = &c.what {
                if let Some(country) = self.country_near(c.start, c.end) {
                    kind_country.entry(kind.clone()).or_insert(country);
                }
            }
            // "its next presidential election in 2025" is another event:
            // its year holds for no other noun of the kind.
            if let What::Event(kind) = &c.what {
                let year = self
                    .year_near(c.start, c.end)
                    .or_else(|| self.month_year(c.start, kind));
                if let Some(year) = year.filter(|_| !self.new_event(c.start)) {
                    kind_year.entry(kind.clone()).or_insert(year);
                }
            }
        }
        let events: Vec<(&Cand, &String)> = later
            .iter()
            .filter_map(|c| match &c.what {
                What::Event(kind) => Some((c, kind)),
                _ => None,
            })
            .collect();
        let mut aimed = BTreeMap::new();
        for pair in events.windows(2) {
            let ((c, _), (d, kind)) = (pair[0], pair[1]);
            let between = &self.text[c.end..d.start];
            if !between.starts_with(" against ") || between.len() > 40 {
                continue;
            }
            let year = self
                .year_near(d.start, d.end)
                .or_else(|| self.month_year(d.start, kind))
                .or_else(|| kind_year.get(kind).cloned());
            if let Some(year) = year {
                aimed.insert(c.start, year);
            }
        }
        // An aimed year holds for the kind's other nouns as a written one does.
        for (c, kind) in &events {
            if let Some(year) = aimed.get(&c.start) {
                kind_year.entry(kind.to_string()).or_insert(year.clone());
            }
        }
        let firsts = KindFirsts {
            country: kind_country,
            year: kind_year,
            aimed,
        };
        for c in later {
            if let What::Event(kind) = &c.what {
                if !self.kind_place.contains_key(kind) {
                    if let Some(place) = self.place_for(c.start) {
                        self.kind_place.insert(kind.clone(), place);
                    }
                }
            }
        }
        let meeting_nouns: Vec<&Cand> = later
            .iter()
            .filter(|c| match &c.what {
                What::Event(kind) => lex
                    .events
                    .get(kind)
                    .is_some_and(|e| e.key.contains("{date}")),
                _ => false,
            })
            .collect();
        self.plan_meetings(&meeting_nouns);
        let mut first_event: BTreeMap<String, usize> = BTreeMap::new();
        let mut crowds = Vec::new();
        let mut verbs: Vec<(Cand, String)> = Vec::new();
        let mut last_vote: Option<String> = None;
        // "the Lukashenko regime … said the regime": a group noun its
        // clause gives no owner refers back to the same noun's owner.
        let mut owned: BTreeMap<String, String> = BTreeMap::new();
        for c in later {
            match &c.what {
                What::Event(kind) => {
                    let mut kind = kind;
                    // "the vote" after "a constitutional referendum" is the
                    // referendum: an ambiguous noun is of the kind of vote
                    // named last, unless that one only dated something else
                    // ("the first since the 2020 presidential vote").
                    let word = self.text[c.start..c.end].to_lowercase();
                    let bare = matches!(word.as_str(), "election" | "elections");
                    let now = self
                        .year_near(c.start, c.end)
                        .is_none_or(|y| Some(&y) == self.year.as_ref());
                    let ambiguous = now
                        && (matches!(word.as_str(), "vote" | "ballot" | "poll" | "polls")
                            || bare && last_vote.as_deref() == Some("parliamentary_election"));
                    if is_vote(kind) {
                        if ambiguous {
                            if let Some(k) = &last_vote {
                                kind = k;
                            }
                        } else if now || !self.time_anchor(c.start) {
                            last_vote = Some(kind.clone());
                        }
                    }
                    let Some(ix) = self.event_entity(c, kind, &firsts, focus) else {
                        continue;
                    };
                    first_event.entry(kind.clone()).or_insert(ix);
                    self.push(c.start, c.end, ix, MentionKind::Nominal);
                }
                What::Crowd(kind) => crowds.push((c.clone(), kind.clone())),
                What::EventVerb(kind) => verbs.push((c.clone(), kind.clone())),
                What::Group(kind) => {
                    let Some(g) = lex.groups.get(kind) else {
                        continue;
                    };
                    if self.rule_regime(c) {
                        continue;
                    }
                    let class = Class::parse(&g.class).unwrap_or(Class::Organization);
                    let noun = self.text[c.start..c.end].to_lowercase();
                    let noun = noun
                        .split_whitespace()
                        .next_back()
                        .unwrap_or("")
                        .to_string();
                    let own = self
                        .country_near(c.start, c.end)
                        .or_else(|| self.group_owner(c.start, c.end));
                    if let Some(country) = &own {
                        owned.insert(noun.clone(), country.clone());
                    }
                    let country = own
                        .or_else(|| owned.get(&noun).cloned())
                        .or_else(|| focus.map(String::from));
                    // "the authorities" of no country named are nobody's.
                    if country.is_none() && g.key.contains("{country}") {
                        continue;
                    }
                    let record = self.fill(
                        &g.key,
                        &g.label,
                        class,
                        country.as_deref(),
                        None,
                        None,
                        None,
                    );
                    let ix = self.table.add(record);
                    self.push(c.start, c.end, ix, MentionKind::Nominal);
                }
                What::Sanctions => self.sanctions(c),
                _ => {}
            }
        }
        for (c, kind) in crowds {
            // "Hundreds of people were detained as they protested …": the
            // crowd names the event its sentence's verb tells of, an event
            // of the document's own time, not one named before with a year.
            let s = self.sentence_of(c.start);
            let told = verbs
                .iter()
                .any(|(v, k)| *k == kind && self.sentence_of(v.start) == s);
            let ix = match first_event.get(&kind) {
                Some(&ix) if !told || self.dated_as_document(ix) => Some(ix),
                _ if told || verbs.iter().any(|(_, k)| *k == kind) => {
                    let undated = KindFirsts {
                        country: firsts.country.clone(),
                        year: BTreeMap::new(),
                        aimed: BTreeMap::new(),
                    };
                    self.event_entity(&c, &kind, if told { &undated } else { &firsts }, focus)
                }
                _ => None,
            };
            if let Some(ix) = ix {
                first_event.entry(kind.clone()).or_insert(ix);
                self.push(c.start, c.end, ix, MentionKind::Nominal);
            }
        }
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
    }

    /// Whether the noun at `start` only dates something ("since the 2020
    /// vote", "before the election"): a time anchor, not a topic.
    fn time_anchor(&self, start: usize) -> bool {
        let mut words = self.text[..start].split_whitespace().rev().take(4);
        words.any(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "since" | "after" | "before" | "until"
            )
        })
    }

    /// "The sanctions regime", "a visa-free regime", "a strict-regime
    /// colony", "the regime of sanctions": rules, no government.
    fn rule_regime(&self, c: &Cand) -> bool {
        let noun = self.text[c.start..c.end].to_lowercase();
        let rules = |w: Option<&str>| {
            w.is_some_and(|w| {
                let w = w.to_lowercase();
                self.ann.onto.lexicon.words("rule_regime").contains(&w)
            })
        };
        // "a strict-regime colony"
        let before = self.text[..c.start]
            .split_whitespace()
            .next_back()
            .map(|w| w.trim_end_matches('-'));
        let after = self.text[c.end..]
            .strip_prefix(" of ")
            .and_then(|a| a.split_whitespace().next());
        noun.trim_end_matches('s').ends_with("regime") && (rules(before) || rules(after))
    }

    /// The entity an event noun (or crowd) of `kind` at `c` names: one per
    /// kind, country and year in a document.
    fn event_entity(
        &mut self,
        c: &Cand,
        kind: &str,
        firsts: &KindFirsts,
        focus: Option<&str>,
    ) -> Option<usize> {
        let ev = self.ann.onto.lexicon.events.get(kind)?;
        // "those manoeuvres" after "the Zapad-2021 drills": the last named,
        // not the document's first event of the kind
        if let Some(ix) = self.demonstrative(c, kind) {
            return Some(ix);
        }
        if let Some(ix) = self.named_event(c, kind) {
            return Some(ix);
        }
        if ev.key.contains("{date}") {
            return Some(self.meeting(c, kind, focus));
        }
        let country = self
            .country_near(c.start, c.end)
            .or_else(|| self.possessor_country(c.start, c.end))
            .or_else(|| firsts.country.get(kind).cloned())
            .or_else(|| focus.map(String::from));
        let year = self
            .year_near(c.start, c.end)
            .or_else(|| self.relative_year(c.end))
            .or_else(|| self.month_year(c.start, kind))
            .or_else(|| self.target_year(c.start))
            .or_else(|| firsts.aimed.get(&c.start).cloned())
            .or_else(|| {
                // "another election", "the next vote": not the one named before
                let new = self.new_event(c.start);
                firsts.year.get(kind).filter(|_| !new).cloned()
            })
            .or_else(|| {
                // "another election" is no earlier one either
                let new = self.new_event(c.start);
                self.latest_known_year(ev, country.as_deref().filter(|_| !new))
            });
        // One place per event kind in a document: the first named with it.
        let place = self.kind_place.get(kind).cloned();
        let record = self.fill(
            &ev.key,
            &ev.label,
            Class::Event,
            country.as_deref(),
            year.as_deref(),
            place.as_deref(),
            None,
        );
        Some(self.add_event(record, kind))
    }

    /// The document's year, or for a kind held every few years whose
    /// gazetteer event of that year is unknown, the latest year of the five
    /// before that has one.
    fn latest_known_year(
        &self,
        ev: &crate::ontology::lexicon::EventKind,
        country: Option<&str>,
    ) -> Option<String> {
        let year = self.year.clone()?;
        let (Some(country), true, Ok(y)) = (country, ev.latest_known, year.parse::<i32>()) else {
            return Some(year);
        };
        let known = |y: &i32| {
            let key = ev
                .key
                .replace("{country}", country)
                .replace("{year}", &y.to_string());
            self.entry(&key).is_some()
        };
        if known(&y) {
            return Some(year);
        }
        (y - 5..y)
            .rev()
            .find(known)
            .map(|p| p.to_string())
            .or(Some(year))
    }

    /// "in that election", "the same protests", "those manoeuvres": the
    /// event of the kind named last before.
    fn demonstrative(&self, c: &Cand, kind: &str) -> Option<usize> {
        let before = self.text[..c.start].trim_end();
        if ![" that", " the same", " those", " these", " this"]
            .iter()
            .any(|w| before.ends_with(w))
        {
            return None;
        }
        self.mentions
            .iter()
            .filter(|m| m.end <= c.start)
            .filter(|m| {
                self.kinds.iter().any(|(e, k)| *e == m.entity && k == kind)
                    || self.named_of_kind(m.entity, kind)
            })
            .max_by_key(|m| m.end)
            .map(|m| m.entity)
    }

    /// Whether the words before an event noun say it is another one than
    /// those named before ("another election", "its next presidential").
    fn new_event(&self, start: usize) -> bool {
        let mut words = self.text[..start].split_whitespace().rev().take(3);
        words.any(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "another" | "next" | "new" | "upcoming" | "future" | "coming"
            )
        })
    }

    /// "the disputed Aug. 9 election", "the August vote": a month in the
    /// noun phrase dates the event to the last such month up to the
    /// document's date, or to one at most two months ahead. Only for votes: a country holds one a year, while
    /// "the November protest" is one of many.
    fn month_year(&self, start: usize, kind: &str) -> Option<String> {
        if !is_vote(kind) {
            return None;
        }
        let date = self.date.as_deref()?;
        let mut parts = date.split('-').map(|p| p.parse::<u32>().ok());
        let (year, month, day) = (
            parts.next()??,
            parts.next()??,
            parts.next().flatten().unwrap_or(31),
        );
        let words: Vec<&str> = self.text[..start]
            .split_whitespace()
            .rev()
            .take(4)
            .collect();
        let at = words.iter().position(|w| {
            w.starts_with(|c: char| c.is_uppercase()) && crate::calendar::month_number(w).is_some()
        })?;
        let m = crate::calendar::month_number(words[at])?;
        // the day after the month, if any ("Aug. 9")
        let d = at
            .checked_sub(1)
            .and_then(|i| words[i].trim_end_matches(',').parse::<u32>().ok())
            .unwrap_or(1);
        // A day up to two months ahead is an upcoming vote ("Sunday's
        // Aug. 9 election" on 5 August); further ahead, last year's.
        let last_year = (m, d) > (month, day) && m > month + 2;
        Some((year - u32::from(last_year)).to_string())
    }

    /// "the 2020 protests against Lukashenko's contested re-election": an
    /// event noun that a dated event of its sentence is aimed at shares that
    /// event's year.
    fn target_year(&self, start: usize) -> Option<String> {
        let s = self.sentence_of(start)?;
        let m = self
            .mentions
            .iter()
            .rev()
            .find(|m| m.end <= start && m.sentence == s && m.kind == MentionKind::Nominal)?;
        let between = &self.text[m.end..start];
        let r = &self.table.records[m.entity];
        if r.class != Class::Event || between.len() > 40 || !between.starts_with(" against ") {
            return None;
        }
        // only a year written with it: an undated noun took the document's
        self.year_near(m.start, m.end)
    }

    /// Whether an event's year is the document's (or it has none).
    fn dated_as_document(&self, ix: usize) -> bool {
        let label = &self.table.records[ix].label;
        let year = |l: &str| {
            l.split(|c: char| !c.is_ascii_digit())
                .find(|w| w.len() == 4)
                .map(String::from)
        };
        year(label).is_none_or(|y| Some(&y) == self.year.as_ref())
    }

    /// The entity of an event record, noted as of `kind`.
    pub(super) fn add_event(&mut self, record: EntityRecord, kind: &str) -> usize {
        let ix = self.table.add(record);
        if !self.kinds.contains(&(ix, kind.to_string())) {
            self.kinds.push((ix, kind.to_string()));
        }
        ix
    }

    /// A named event of the document (a gazetteer mention) that an event
    /// noun refers to: one of the kind (its gazetteer `kind=`) or whose name
    /// has one of the kind's nouns, and whose
    /// year, if the noun gives one, agrees ("the election" → "2020 Belarus
    /// elections"; "the vote in 2025" → not that one).
    fn named_event(&self, c: &Cand, kind: &str) -> Option<usize> {
        let year = self.year_near(c.start, c.end);
        self.named_events.iter().copied().find(|&ix| {
            self.named_of_kind(ix, kind)
                && year
                    .as_ref()
                    .is_none_or(|y| self.table.records[ix].label.contains(y.as_str()))
        })
    }

    /// Whether entity `ix` is a named event of `kind`: by its gazetteer
    /// kind, or a word of its name that is one of the kind's nouns.
    fn named_of_kind(&self, ix: usize, kind: &str) -> bool {
        let r = &self.table.records[ix];
        let nouns = self
            .ann
            .event_words
            .get(kind)
            .map_or(&[][..], Vec::as_slice);
        let of_kind = self
            .ann
            .onto
            .gazetteer
            .get(&r.key)
            .and_then(|e| e.kind.as_deref())
            .is_some_and(|k| k == kind);
        r.class == Class::Event
            && (of_kind || name_words(&r.label).iter().any(|w| nouns.contains(w)))
    }

    /// "his disputed re-election", "his survival in the 2020 protests",
    /// "protests against his rule", "protests against Lukashenko": the
    /// country of the person the noun belongs to or is aimed at. A pronoun
    /// is the last person named before the noun, in its sentence or the one
    /// before (the pronoun pass has not run yet; a possessor by name is
    /// `country_near`'s).
    fn possessor_country(&self, start: usize, end: usize) -> Option<String> {
        let s = self.sentence_of(start)?;
        let pronoun = |w: &str| matches!(w, "his" | "His" | "her" | "Her");
        let rest = &self.text[end..self.sentences[s].end];
        if let Some(aimed) = rest.strip_prefix(" against ") {
            let at = end + rest.len() - aimed.len();
            if pronoun(aimed.split_whitespace().next().unwrap_or("")) {
                return self.subject_country(s, start);
            }
            let m = self.starting_in(at, at + 1).next()?;
            let r = &self.table.records[m.entity];
            return (r.class == Class::Person)
                .then(|| self.person_country(&r.key))
                .flatten();
        }
        let mut words = self.text[..start].split_whitespace().rev().take(3);
        if words.any(pronoun) {
            // "his disputed re-election": the last person named before.
            let from = self.sentences[s.saturating_sub(1)].start;
            let person = self
                .starting_in(from, start)
                .filter(|m| self.table.records[m.entity].class == Class::Person)
                .max_by_key(|m| m.start)?;
            return self.person_country(&self.table.records[person.entity].key);
        }
        // "owes his survival in the 2020 protests": a possessive earlier in
        // the clause is the sentence's subject's.
        let clause = self.text[self.sentences[s].start..start]
            .rsplit([',', ';', ':', '(', '—'])
            .next()
            .unwrap_or("");
        let in_clause = clause.split_whitespace().rev().take(6).any(pronoun);
        in_clause.then(|| self.subject_country(s, start)).flatten()
    }

    /// The country of the first person named in sentence `s` before `pos`,
    /// else in the sentence before.
    fn subject_country(&self, s: usize, pos: usize) -> Option<String> {
        let person = |from: usize, to: usize| {
            self.starting_in(from, to)
                .find(|m| self.table.records[m.entity].class == Class::Person)
        };
        let this = self.sentences[s].start;
        let m = person(this, pos).or_else(|| {
            let before = self.sentences[s.checked_sub(1)?].start;
            person(before, this)
        })?;
        self.person_country(&self.table.records[m.entity].key)
    }

    /// The year "last year" or "this year" right after (or before) an
    /// event noun names, counted from the document's date.
    fn relative_year(&self, end: usize) -> Option<String> {
        let year: i32 = self.year.as_deref()?.parse().ok()?;
        // Wide enough for "last year's disputed presidential election".
        let lo = self.text[..end]
            .char_indices()
            .rev()
            .nth(60)
            .map_or(0, |(i, _)| i);
        let hi = self.text[end..]
            .char_indices()
            .nth(16)
            .map_or(self.text.len(), |(i, _)| end + i);
        let near = self.text[lo..hi].to_lowercase();
        // "last August": the August of the year before.
        let last_month = near.split("last ").skip(1).any(|w| {
            w.split(|c: char| !c.is_alphabetic())
                .next()
                .is_some_and(|w| crate::calendar::month_number(w).is_some())
        });
        if near.contains("last year") || last_month {
            Some((year - 1).to_string())
        } else if near.contains("this year") {
            Some(year.to_string())
        } else {
            None
        }
    }

    /// The place of the sentence a meeting noun stands in, if one is named:
    /// the first after "in" or "at" ("talks in Minsk"), else the first
    /// ("flew to Sochi for talks").
    pub(super) fn place_for(&self, pos: usize) -> Option<String> {
        self.place_before(pos, usize::MAX)
    }

    /// As `place_for`, but a place not after "in"/"at" counts only if it
    /// starts before `limit` ("flew to Sochi for talks", not "talks …,
    /// before flying to Kyiv").
    pub(super) fn place_before(&self, pos: usize, limit: usize) -> Option<String> {
        let s = self.sentence_of(pos)?;
        let sentence = &self.sentences[s];
        let places: Vec<&Mention> = self
            .starting_in(sentence.start, sentence.end)
            .filter(|m| m.sentence == s && m.kind != MentionKind::Adjective)
            .filter(|m| self.table.records[m.entity].class == Class::Place)
            .collect();
        let after_in = |m: &&&Mention| {
            let before = self.text[..m.start].trim_end();
            let before = before.strip_suffix("the").unwrap_or(before).trim_end();
            before.ends_with(" in") || before.ends_with(" at")
        };
        let first = places.first().filter(|m| m.start < limit);
        let m = places.iter().find(after_in).or(first)?;
        Some(self.table.records[m.entity].key.clone())
    }

    /// The record a key and label template give with these fields; the
    /// date is the document's unless one is given.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn fill(
        &self,
        key: &str,
        label: &str,
        class: Class,
        country: Option<&str>,
        year: Option<&str>,
        place: Option<&str>,
        date: Option<&str>,
    ) -> EntityRecord {
        // "talks in {place} ({date})" with no place: "talks (…)".
        let label = if place.is_none() {
            label.replace(" in {place}", "")
        } else {
            label.to_string()
        };
        let label = label.as_str();
        let date = date.map(String::from).or_else(|| self.date.clone());
        let entry = country.and_then(|c| self.entry(c));
        let adj = entry
            .and_then(|e| e.adjectives.first().cloned())
            .or_else(|| entry.map(|e| e.label.clone()));
        let place_label = place.and_then(|p| self.entry(p)).map(|e| e.label.clone());
        let sub = |t: &str, for_key: bool| {
            let v = |x: Option<&str>| x.unwrap_or("").to_string();
            let date = date.clone().unwrap_or_default();
            let s = t
                .replace("{country}", &v(country))
                .replace("{year}", &v(year))
                .replace("{date}", &date)
                .replace("{adj}", &v(adj.as_deref()))
                .replace(
                    "{place}",
                    &v(if for_key {
                        place
                    } else {
                        place_label.as_deref()
                    }),
                );
            s.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let mut key = slug(&sub(key, true));
        // "{adj} opposition" may be a gazetteer name ("Belarusian opposition");
        // a label with a field left empty names nothing in particular.
        let complete = !(label.contains("{year}") && year.is_none()
            || label.contains("{adj}") && adj.is_none());
        if let Some(k) = self.ann.lookup(&sub(label, false)).filter(|_| complete) {
            key = k;
        }
        if let Some(e) = self.entry(&key) {
            // "the Belarusian authorities" → the state itself.
            return EntityRecord {
                key,
                label: e.label.clone(),
                class: e.class(),
                wikidata: e.wikidata.clone(),
            };
        }
        let label = sub(label, false)
            .replace("()", "")
            .replace(" in  ", " ")
            .trim()
            .to_string();
        EntityRecord {
            key,
            label,
            class,
            wikidata: None,
        }
    }
}

/// Event kinds a country holds one of a year, named also by "the vote".
fn is_vote(kind: &str) -> bool {
    matches!(kind, "election" | "parliamentary_election" | "referendum")
}

#[cfg(test)]
mod tests {
    use super::super::testing::{annotate, annotate_on, refers};

    #[test]
    fn a_vote_with_no_year_is_the_latest_the_gazetteer_knows() {
        // no Belarusian presidential election in 2021: the 2020 one
        let doc = annotate_on(
            "Lukashenko's main rival in the election, Tsikhanouskaya, lives in Lithuania.",
            "2021-08-03",
        );
        assert_eq!(refers(&doc, "election", 0), ["belarus_election_2020"]);
        // a year that has one keeps it
        let doc = annotate_on("Lukashenko won the election in Belarus.", "2025-02-01");
        assert_eq!(refers(&doc, "election", 0), ["belarus_election_2025"]);
    }

    #[test]
    fn a_group_noun_with_no_owner_near_is_the_same_nouns_last_owner() {
        let doc = annotate(
            "Lithuania closed its border. The EU condemned the Lukashenko regime. \
             Tsikhanouskaya, who lives in Vilnius, said the regime was weak.",
        );
        assert_eq!(refers(&doc, "regime", 1), ["belarus"]);
    }

    #[test]
    fn a_parliaments_election_is_not_the_presidents() {
        let doc = annotate_on(
            "Belarus held parliamentary elections on Sunday, the first since \
             the 2020 presidential vote. Lukashenko cast his ballot in Minsk. \
             The election was boycotted. He will run in the 2025 election.",
            "2024-02-26",
        );
        let held = ["belarus_parliamentary_election_2024".to_string()];
        assert_eq!(refers(&doc, "parliamentary elections", 0), held);
        assert_eq!(
            refers(&doc, "presidential vote", 0),
            ["belarus_election_2020"]
        );
        // later bare nouns are the article's own vote, not the background one
        assert_eq!(refers(&doc, "ballot", 0), held);
        assert_eq!(refers(&doc, "election", 0), held);
        // unless dated to another year
        assert_eq!(refers(&doc, "election", 1), ["belarus_election_2025"]);
    }

    #[test]
    fn a_demonstrative_is_the_event_of_its_kind_named_last() {
        let doc = annotate(
            "Russia and Belarus began the Union Resolve 2022 drills. They last \
             held joint exercises in September, when the Zapad-2021 drills drew \
             200,000 troops. Putin watched those manoeuvres at Mulino. The \
             exercises end on Sunday.",
        );
        assert_eq!(refers(&doc, "manoeuvres", 0), ["zapad_2021"]);
        assert_eq!(refers(&doc, "exercises", 1), ["allied_resolve_2022"]);
    }

    #[test]
    fn election_nouns_of_one_year_are_one_event_and_other_years_another() {
        let doc = annotate(
            "Belarus held a presidential election in 2020. The election was \
             disputed. Another election is due in 2025.",
        );
        let first = refers(&doc, "presidential election", 0);
        assert_eq!(first.len(), 1);
        assert_eq!(refers(&doc, "election", 1), first);
        assert_ne!(refers(&doc, "election", 2), first);
    }

    #[test]
    fn a_referendum_is_no_election_and_a_year_after_the_noun_is_its_own() {
        let doc = annotate(
            "Belarus held a constitutional referendum in 2022. \
             It is due to hold its next presidential election in January 2025.",
        );
        let keys: Vec<&str> = doc.entities.iter().map(|e| e.key.as_str()).collect();
        assert!(keys.contains(&"belarus_referendum_2022"), "{keys:?}");
        assert!(keys.contains(&"belarus_election_2025"), "{keys:?}");
        assert!(!keys.contains(&"belarus_election_2022"), "{keys:?}");
    }

    #[test]
    fn last_years_election_is_the_year_before_the_documents() {
        let doc = annotate_on(
            "Belarus faces sanctions the bloc imposed after last year's disputed \
             presidential election.",
            "2021-11-11",
        );
        assert_eq!(
            refers(&doc, "presidential election", 0),
            ["belarus_election_2020"]
        );
    }

    #[test]
    fn a_year_of_the_sentence_before_is_not_the_nouns() {
        let doc = annotate("Lukashenko has ruled Belarus since 1994. His disputed reelection last August sparked protests.");
        let keys: Vec<&str> = doc.entities.iter().map(|e| e.key.as_str()).collect();
        assert!(keys.contains(&"belarus_election_2020"), "{keys:?}");
        assert!(!keys.contains(&"belarus_election_1994"), "{keys:?}");
    }

    #[test]
    fn a_year_across_a_comma_is_not_the_nouns() {
        let doc = annotate(
            "Lukashenko, who let Russia use Belarus for the invasion in 2022, \
             watched the drills at Borisov.",
        );
        let keys: Vec<&str> = doc.entities.iter().map(|e| e.key.as_str()).collect();
        assert!(!keys.iter().any(|k| k.ends_with("drills_2022")), "{keys:?}");
        let doc = annotate("Belarus held joint drills in 2022 with Russia.");
        assert_eq!(
            refers(&doc, "joint drills", 0),
            ["belarus_joint_drills_2022"]
        );
    }

    #[test]
    fn protests_are_the_country_of_the_person_they_belong_to_or_target() {
        // Moscow is named before, but the protests are against Lukashenko.
        let doc = annotate_on(
            "Lukashenko, who relies on Moscow's backing since the 2020 protests \
             against his rule, has offered Belarus as a staging area.",
            "2022-02-10",
        );
        assert_eq!(refers(&doc, "protests", 0), ["belarus_protests_2020"]);
        let doc = annotate_on(
            "Germany has condemned the arrests since the 2020 protests against Lukashenko.",
            "2022-02-10",
        );
        assert_eq!(refers(&doc, "protests", 0), ["belarus_protests_2020"]);
        let doc = annotate_on(
            "The Kremlin backed Lukashenko, who owes his survival in the 2020 \
             protests to Moscow.",
            "2022-02-10",
        );
        assert_eq!(refers(&doc, "protests", 0), ["belarus_protests_2020"]);
    }

    #[test]
    fn an_election_aimed_at_by_dated_protests_or_named_by_that_is_theirs() {
        let doc = annotate_on(
            "Those released took part in the 2020 protests against Lukashenko's \
             contested re-election. Babaryka tried to run against Lukashenko in \
             that election. Belarus is due to hold its next presidential election \
             in January 2025.",
            "2024-09-17",
        );
        assert_eq!(refers(&doc, "re-election", 0), ["belarus_election_2020"]);
        assert_eq!(refers(&doc, "election", 1), ["belarus_election_2020"]);
        assert_eq!(
            refers(&doc, "presidential election", 0),
            ["belarus_election_2025"]
        );
    }

    #[test]
    fn a_country_across_a_preposition_or_later_in_the_sentence_is_not_the_events() {
        let doc = annotate_on(
            "Tikhanovskaya, who ran against Lukashenko in the disputed 2020 \
             presidential election and has lived in Lithuania since, urged a boycott. \
             She fled to Lithuania after the 2020 election.",
            "2022-02-28",
        );
        let keys: Vec<&str> = doc.entities.iter().map(|e| e.key.as_str()).collect();
        assert!(
            !keys.iter().any(|k| k.starts_with("lithuania_election")),
            "{keys:?}"
        );
        assert!(keys.contains(&"belarus_election_2020"), "{keys:?}");
    }

    #[test]
    fn a_month_or_an_armed_march_is_no_protest() {
        let doc = annotate_on(
            "Lukashenko talked Prigozhin out of his armed march on Moscow in March.",
            "2023-06-27",
        );
        assert!(
            !doc.entities.iter().any(|e| e.key.contains("protests")),
            "{:?}",
            doc.entities
        );
    }

    #[test]
    fn a_month_dates_a_vote_and_protests_against_it_share_its_year() {
        let doc = annotate_on(
            "Minsk leans on Moscow six months after mass protests against \
             Lukashenko's disputed re-election. Putin has backed him since the \
             unrest began. They met after the disputed Aug. 9 election.",
            "2021-02-22",
        );
        assert_eq!(refers(&doc, "election", 1), ["belarus_election_2020"]);
        assert_eq!(refers(&doc, "re-election", 0), ["belarus_election_2020"]);
        assert_eq!(refers(&doc, "mass protests", 0), ["belarus_protests_2020"]);
        assert_eq!(refers(&doc, "unrest", 0), ["belarus_protests_2020"]);
        // a vote days ahead is this year's
        let doc = annotate_on(
            "Belarus detained 33 Russians ahead of the Aug. 9 election.",
            "2020-08-05",
        );
        assert_eq!(refers(&doc, "election", 0), ["belarus_election_2020"]);
    }

    #[test]
    fn a_vote_after_a_referendum_is_the_referendum() {
        let doc = annotate_on(
            "Belarus held a constitutional referendum on Sunday. The United States \
             would not recognise the outcome of the vote. The 2020 presidential \
             election was rigged, and the vote was followed by protests.",
            "2022-02-28",
        );
        assert_eq!(refers(&doc, "vote", 0), ["belarus_referendum_2022"]);
        assert_eq!(refers(&doc, "vote", 1), ["belarus_election_2020"]);
    }

    #[test]
    fn a_year_after_due_in_dates_the_noun_before() {
        let doc = annotate_on(
            "Belarus adopted a two-term limit. It will apply only from the next \
             presidential election, due in 2025.",
            "2022-02-28",
        );
        assert_eq!(
            refers(&doc, "presidential election", 0),
            ["belarus_election_2025"]
        );
    }

    #[test]
    fn a_crowd_told_by_its_own_verb_is_an_event_of_the_documents_year() {
        let doc = annotate_on(
            "Lukashenko owes his survival in the 2020 protests to Moscow. \
             Hundreds of people were detained in Minsk as they protested \
             against the war.",
            "2022-02-28",
        );
        let old = refers(&doc, "protests", 0);
        assert_eq!(old, ["belarus_protests_2020"]);
        let new = refers(&doc, "Hundreds of people", 0);
        assert_eq!(new.len(), 1);
        assert_ne!(new, old);
    }

    #[test]
    fn a_noun_without_a_year_takes_last_year_or_its_kinds_first_year() {
        let doc = annotate("Protests in Belarus followed his disputed re-election last year.");
        assert_eq!(refers(&doc, "re-election", 0), ["belarus_election_2020"]);
        let doc = annotate("Belarus held an election in 2015. The election was disputed.");
        assert_eq!(refers(&doc, "election", 1), ["belarus_election_2015"]);
        // "his": the election of the last person named before
        let doc = annotate(
            "Moscow backs Lukashenko. Russia helped since the protests against his re-election in 2015.",
        );
        assert_eq!(refers(&doc, "re-election", 0), ["belarus_election_2015"]);
    }

    #[test]
    fn idioms_and_rules_name_no_protest_and_no_regime() {
        let doc = annotate(
            "Belarus jailed him. In 1999 Ales Pushkin dumped manure in Minsk in protest \
             against Lukashenko. He was sent to a strict-regime colony.",
        );
        assert!(refers(&doc, "protest", 0).is_empty());
        assert!(refers(&doc, "regime", 0).is_empty());
    }

    #[test]
    fn a_country_across_a_comma_owns_no_authorities() {
        let doc = annotate(
            "Belarus jailed Ales Pushkin. Sviatlana Tsikhanouskaya, who lives in exile \
             in Vilnius, blamed the authorities for his death.",
        );
        assert_eq!(refers(&doc, "authorities", 0), ["belarus"]);
    }

    #[test]
    fn a_name_after_a_kin_noun_ends_with_its_capitals() {
        let doc =
            annotate("Viasna's head, Nobel Peace Prize laureate Ales Bialiatski, was jailed.");
        assert!(refers(&doc, "Nobel Peace", 0).is_empty());
        assert_eq!(refers(&doc, "Ales Bialiatski", 0), ["bialiatski"]);
    }

    #[test]
    fn a_group_noun_of_no_country_is_no_entity() {
        let doc = annotate("The authorities said the opposition was weak.");
        assert!(doc.entities.iter().all(|e| !e.key.is_empty()));
        assert!(refers(&doc, "authorities", 0).is_empty());
    }

    #[test]
    fn the_opposition_is_the_focus_countrys() {
        let doc = annotate("Belarus jailed critics. The opposition called for strikes in Belarus.");
        assert_eq!(refers(&doc, "opposition", 0), ["belarusian_opposition"]);
    }

    #[test]
    fn the_focus_is_a_named_country_never_an_organisation() {
        // Navalny's first role is in a foundation: he counts for no country
        let focus = |text| {
            let doc = annotate(text);
            doc.focus.map(|e| doc.entities[e].key.clone())
        };
        assert_eq!(
            focus("Russia holds many. Alexei Navalny was jailed."),
            Some("russia".into())
        );
        assert_eq!(focus("Lukashenko and Putin met in Sochi."), None);
        assert_eq!(
            focus("Lukashenko met Putin. Lukashenko spoke of Belarus and Russia."),
            Some("belarus".into())
        );
    }
}
