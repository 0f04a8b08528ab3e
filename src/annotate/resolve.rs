//! Resolving mention candidates to entities of the document's table.
//!
//! One shared state ([`Ctx`]: the entity table and the mention list) is
//! filled by passes, in this order, each a module of its own:
//! - `names`: gazetteer names and capitals (city or state, by context), new
//!   names and their later surname-only mentions, titles seen before names;
//! - `events`: event and group nouns (one entity per kind, country and year);
//! - `sanctions`: sanctions nouns (one entity per imposer set);
//! - `roles`: role phrases (to the person holding that role, nearest first);
//! - `bodies`: "the interior ministry" to that ministry of the country its
//!   clause is about, else of the focus country;
//! - `descriptions`: "the former Soviet republic" to the country in focus;
//! - `definites`: "the forum" to a named event, agreement or organisation;
//! - `epithets`: "the sprinter" to the person introduced with that noun;
//! - `pairs`: "the two countries" to the last two of a class;
//! - `pronouns`: to the subject of the current or the previous sentence;
//! - `neuter`: "it"/"its" to the one state or organisation, "they"/"their"
//!   to the one list, of the current or the previous sentence;
//! - `kin`: "its ally", "their neighbour" to the other party named last.
//!
//! Each pass reads the mentions the passes before it pushed; what it pushes
//! is never an antecedent for itself.

mod bodies;
mod definites;
pub(crate) use definites::incident_heads;
mod descriptions;
mod epithets;
mod events;
mod kin;
mod meetings;
mod names;
mod neuter;
mod pairs;
mod pronouns;
mod roles;
mod sanctions;

use super::cand::{Cand, What};
use super::mentions::Annotator;
use crate::model::{AnnotatedDoc, Class, Document, EntityRecord, Mention, MentionKind, Sentence};
use crate::ontology::gazetteer::Entry;
use std::collections::{BTreeMap, HashMap};

/// The entity table under construction.
#[derive(Default)]
struct Table {
    records: Vec<EntityRecord>,
    index: HashMap<String, usize>,
}

impl Table {
    fn add(&mut self, record: EntityRecord) -> usize {
        if let Some(&i) = self.index.get(&record.key) {
            return i;
        }
        self.index.insert(record.key.clone(), self.records.len());
        self.records.push(record);
        self.records.len() - 1
    }
    fn add_entry(&mut self, e: &Entry) -> usize {
        self.add(EntityRecord {
            key: e.key.clone(),
            label: e.label.clone(),
            class: e.class(),
            wikidata: e.wikidata.clone(),
        })
    }
}

struct Ctx<'a, 'o> {
    ann: &'a Annotator<'o>,
    text: &'a str,
    sentences: &'a [Sentence],
    table: Table,
    mentions: Vec<Mention>,
    /// How many of `mentions`, from the front, are sorted by start (pushes
    /// append unsorted until the next sort): lets lookups by position
    /// binary-search instead of scanning every mention of a huge text.
    sorted: usize,
    /// Whether the mentions after the sorted prefix are sorted too.
    tail_sorted: bool,
    /// Entities of the event names mentioned (`nouns` reads them per noun).
    named_events: Vec<usize>,
    /// Titles seen right before a person's name: person key → (title, country key).
    titles: BTreeMap<String, Vec<(String, Option<String>)>>,
    year: Option<String>,
    date: Option<String>,
    kinds: Vec<(usize, String)>,
    sanctions_by: Vec<(usize, Vec<String>)>,
    /// The place of each event kind: the first named with one of its nouns.
    kind_place: BTreeMap<String, String>,
    /// Meetings made so far, in text order: (day, place, entity).
    meetings: Vec<(Option<String>, Option<String>, usize)>,
    /// The day and place planned for each meeting noun, by its start.
    meeting_plan: BTreeMap<usize, (Option<String>, Option<String>)>,
}

pub(crate) fn resolve(
    ann: &Annotator<'_>,
    doc: Document,
    sentences: Vec<Sentence>,
    cands: Vec<Cand>,
) -> AnnotatedDoc {
    let year = doc
        .meta
        .date
        .as_ref()
        .map(|d| d[..4.min(d.len())].to_string());
    let mut cx = Ctx {
        ann,
        text: &doc.text,
        sentences: &sentences,
        table: Table::default(),
        mentions: Vec::new(),
        sorted: 0,
        tail_sorted: true,
        named_events: Vec::new(),
        titles: BTreeMap::new(),
        year,
        date: doc.meta.date.clone(),
        kinds: Vec::new(),
        sanctions_by: Vec::new(),
        kind_place: BTreeMap::new(),
        meetings: Vec::new(),
        meeting_plan: BTreeMap::new(),
    };
    let cands: Vec<Cand> = cands
        .into_iter()
        .filter(|c| cx.sentence_of(c.start).is_some())
        .collect();
    let mut later = Vec::new();
    for c in &cands {
        if !cx.name(c) {
            later.push(c.clone());
        }
    }
    cx.surnames(&later);
    cx.observe_titles();
    let focus = cx.focus_country();
    cx.nouns(&later, focus.as_deref());
    cx.roles(&later);
    cx.bare_bodies(&later, focus.as_deref());
    cx.descriptions(&later, focus.as_deref());
    cx.definites(&later);
    cx.epithets(&later);
    cx.pairs(&later);
    cx.pronouns(&later);
    cx.neuters(&later);
    cx.kin(&later);
    cx.mentions.sort_by_key(|m| (m.start, m.end));
    let meeting_places = cx
        .meetings
        .iter()
        .filter_map(|(_, place, ix)| Some((*ix, place.clone()?)))
        .collect();
    let (mentions, entities, event_kinds, sanctions_by) =
        (cx.mentions, cx.table.records, cx.kinds, cx.sanctions_by);
    let focus = focus.and_then(|key| {
        mentions
            .iter()
            .map(|m| m.entity)
            .find(|&e| entities[e].key == key)
    });
    AnnotatedDoc {
        doc,
        sentences,
        mentions,
        entities,
        event_kinds,
        meeting_places,
        sanctions_by,
        focus,
    }
}

impl<'o> Ctx<'_, 'o> {
    fn sentence_of(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        (i < self.sentences.len() && self.sentences[i].start <= pos).then_some(i)
    }

    fn push(&mut self, start: usize, end: usize, entity: usize, kind: MentionKind) {
        if let Some(sentence) = self.sentence_of(start) {
            let tail = &self.mentions[self.sorted.min(self.mentions.len())..];
            if tail.last().is_some_and(|m| m.start > start) {
                self.tail_sorted = false;
            }
            self.mentions.push(Mention {
                start,
                end,
                sentence,
                entity,
                kind,
            });
        }
    }

    fn entry(&self, key: &str) -> Option<&Entry> {
        self.ann.onto.gazetteer.get(key)
    }

    /// The country the document is about, for nouns that name none ("the
    /// opposition", "the protests"): each mention of a country counts, and
    /// so does each mention of a person who holds an office of it (by the
    /// gazetteer), so a story about Lukashenko dealing with Moscow is about
    /// Belarus. A title in the text does not count: "Polish journalist
    /// Andrzej Poczobut", named ten times, does not make his trial in
    /// Belarus a Polish story.
    fn focus_country(&self) -> Option<String> {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for m in &self.mentions {
            let r = &self.table.records[m.entity];
            let country = match r.class {
                Class::Country => Some(r.key.clone()),
                Class::Person => self.office_country(&r.key),
                _ => None,
            };
            if let Some(c) = country {
                *counts.entry(c).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(k, _)| k)
    }

    /// The mentions starting in `from..to`, in the order of `mentions`.
    pub(super) fn starting_in(&self, from: usize, to: usize) -> impl Iterator<Item = &Mention> {
        let (sorted, tail) = self.mentions.split_at(self.sorted.min(self.mentions.len()));
        let within = |run: &'_ [Mention]| {
            let lo = run.partition_point(|m| m.start < from);
            lo..run.partition_point(|m| m.start < to).max(lo)
        };
        // Pushes in text order keep the tail sorted too (one huge document
        // pushes many; a scan of them per lookup was quadratic).
        let tail = if self.tail_sorted {
            &tail[within(tail)]
        } else {
            tail
        };
        sorted[within(sorted)]
            .iter()
            .chain(tail.iter().filter(move |m| m.start >= from && m.start < to))
    }

    /// Records that all of `mentions` are sorted by start (after a sort).
    fn all_sorted(&mut self) {
        self.sorted = self.mentions.len();
        self.tail_sorted = true;
    }

    /// The country a mention near `pos` ties a noun to: an adjective or name
    /// of a country just before it, or a person's country by role.
    fn country_near(&self, start: usize, end: usize) -> Option<String> {
        let s = self.sentence_of(start)?;
        let window_start = self.text[..start]
            .char_indices()
            .rev()
            .nth(24)
            .map_or(0, |(i, _)| i);
        let near: Vec<&Mention> = self
            .starting_in(window_start, start)
            .filter(|m| m.sentence == s && m.end <= start)
            .collect();
        for m in near.iter().rev() {
            // "fled to Lithuania after the 2020 election": a country
            // across a preposition or clause word is no modifier of the noun.
            let between = self.text[m.end..start].to_lowercase();
            // "who lives in exile in Vilnius, blamed the authorities": a
            // comma ends the phrase the country could modify
            if between.contains(',') {
                break;
            }
            if between.split_whitespace().any(|w| {
                matches!(
                    w.trim_matches(|c: char| !c.is_alphabetic()),
                    "after"
                        | "since"
                        | "before"
                        | "during"
                        | "following"
                        | "amid"
                        | "until"
                        | "ahead"
                        | "over"
                        | "for"
                        | "to"
                        | "from"
                        | "with"
                        | "against"
                        | "that"
                        | "which"
                        | "who"
                        | "when"
                        | "than"
                        | "by"
                        // "who lives in Vilnius, said the regime": a speech
                        // verb starts another clause
                        | "said"
                        | "says"
                        | "told"
                        | "added"
                        | "warned"
                        | "wrote"
                        | "claimed"
                )
            }) {
                break;
            }
            let r = &self.table.records[m.entity];
            match r.class {
                Class::Country => return Some(r.key.clone()),
                // Only a possessor ("Lukashenko's disputed election"), not any
                // person nearby ("meeting with Putin since the protests").
                Class::Person if self.text[m.end..].starts_with(['\'', '’']) => {
                    if let Some(of) = self.person_country(&r.key) {
                        return Some(of);
                    }
                }
                Class::Place => {
                    if let Some(of) = self.place_country(&r.key) {
                        return Some(of);
                    }
                }
                _ => {}
            }
        }
        // "unrest in Belarus", "people gathered in Belarus' capital Minsk"
        let sentence_end = self.sentences[s].end;
        // in the noun's own clause: not "the election and has lived in
        // Lithuania since"
        let rest = &self.text[end..sentence_end];
        let clause = [
            ",", ";", " and ", " but ", " who ", " which ", " that ", " where ", " after ",
            " before ", " since ", " from ", " to ", " for ", " with ",
        ]
        .iter()
        .filter_map(|b| rest.find(b))
        .min()
        .unwrap_or(rest.len());
        let at = rest[..clause].find(" in ").map(|i| end + i + 4)?;
        let m = self.starting_in(at, at + 5).next()?;
        let r = &self.table.records[m.entity];
        match r.class {
            Class::Country => Some(r.key.clone()),
            Class::Place => self.place_country(&r.key),
            _ => None,
        }
    }

    /// The country a government noun belongs to through its owner: a
    /// person written before it ("the Lukashenko regime") or a country,
    /// place or person after "of"/"in" ("the regime of Belarusian strongman
    /// Alexander Lukashenko", "the regime in Minsk").
    pub(super) fn group_owner(&self, start: usize, end: usize) -> Option<String> {
        let country = |m: &Mention| {
            let r = &self.table.records[m.entity];
            match r.class {
                Class::Country => Some(r.key.clone()),
                Class::Place => self.place_country(&r.key),
                Class::Person => self.person_country(&r.key),
                _ => None,
            }
        };
        let before = self.text[..start].trim_end_matches(' ').len();
        let owner = self
            .starting_in(before.saturating_sub(60), before)
            .filter(|m| m.end == before && before < start)
            .last()
            .filter(|m| self.table.records[m.entity].class == Class::Person);
        if let Some(c) = owner.and_then(country) {
            return Some(c);
        }
        let rest = self.text[end..].strip_prefix(' ')?;
        let after = ["of ", "in "].iter().find_map(|p| rest.strip_prefix(p))?;
        let at = self.text.len() - after.trim_start_matches("the ").len();
        self.starting_in(at, at + 1).find_map(country)
    }

    /// The country a place lies in, following the gazetteer's `in=` chain.
    fn place_country(&self, key: &str) -> Option<String> {
        let mut key = key.to_string();
        for _ in 0..4 {
            let e = self.entry(&key)?;
            if e.class() == Class::Country {
                return Some(key);
            }
            key = e.within.clone()?;
        }
        None
    }

    pub(super) fn person_country(&self, key: &str) -> Option<String> {
        self.office_country(key)
            .or_else(|| self.titles.get(key)?.iter().find_map(|(_, c)| c.clone()))
    }

    /// The country of the first office the gazetteer gives a person, held
    /// at any time.
    fn office_country(&self, key: &str) -> Option<String> {
        let gazetteer = &self.ann.onto.gazetteer;
        gazetteer.office_country(key, None).map(str::to_string)
    }

    fn year_near(&self, start: usize, end: usize) -> Option<String> {
        // Never across the sentence start: "… since 1994. His reelection"
        // is not the 1994 one.
        let sentence_start = self
            .sentence_of(start)
            .map_or(0, |s| self.sentences[s].start);
        let lo = self.text[..start]
            .char_indices()
            .rev()
            .nth(20)
            .map_or(0, |(i, _)| i)
            .max(sentence_start);
        let sentence_end = self
            .sentence_of(start)
            .map_or(self.text.len(), |s| self.sentences[s].end);
        let hi = (end + 12).min(sentence_end);
        let hi = (hi..=self.text.len())
            .find(|&i| self.text.is_char_boundary(i))
            .unwrap_or(self.text.len());
        // Nor across a comma: "… the invasion in 2022, watched the
        // exercise" is no 2022 exercise.
        let lo = self.text[lo..start].rfind(',').map_or(lo, |i| lo + i + 1);
        let hi = self.text[end..hi].find(',').map_or(hi, |i| end + i);
        // Compiled once: this runs per mention.
        static YEAR: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let re = YEAR
            .get_or_init(|| regex::Regex::new(r"(?-u:\b)(?:19|20)\d\d(?-u:\b)").expect("static"));
        // "the election in January 2025", "the vote of 12 May 2019", "the
        // next presidential election, due in 2025".
        static AFTER: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let after = AFTER.get_or_init(|| {
            regex::Regex::new(r"^,?\s+(?:(?:due|set|scheduled|expected|planned|slated) (?:to be held )?)?(?:in|of|on|for) (?:early |late |mid-)?(?:[A-Z][a-z]+ )?(?:\d{1,2},? )?((?:19|20)\d\d)(?-u:\b)")
                .expect("static")
        });
        re.find(&self.text[lo..hi])
            .map(|m| m.as_str().to_string())
            .or_else(|| after.captures(&self.text[end..]).map(|c| c[1].to_string()))
    }
}

/// Annotating hand-written sentences with the project's ontology, for the
/// passes' tests.
#[cfg(test)]
mod testing {
    use crate::annotate::Annotator;
    use crate::model::{AnnotatedDoc, DocMeta, Document, Segment};
    use crate::ontology::Ontology;
    use std::path::Path;
    use std::sync::OnceLock;

    /// `text` annotated as a document dated 2021-06-01.
    pub fn annotate(text: &str) -> AnnotatedDoc {
        annotate_on(text, "2021-06-01")
    }

    /// `text` annotated as a document dated `date`.
    pub fn annotate_on(text: &str, date: &str) -> AnnotatedDoc {
        static ONTO: OnceLock<Ontology> = OnceLock::new();
        static ANN: OnceLock<Annotator<'static>> = OnceLock::new();
        let onto = ONTO.get_or_init(|| {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology");
            Ontology::load(&dir).expect("the project's ontology loads")
        });
        let doc = Document {
            meta: DocMeta {
                date: Some(date.into()),
                ..DocMeta::default()
            },
            text: text.into(),
            segments: vec![Segment {
                clean: 0,
                source_char: 0,
            }],
        };
        ANN.get_or_init(|| Annotator::new(onto)).annotate(doc)
    }

    /// The keys of the entities the mention written `phrase` (its `nth`
    /// occurrence as whole words, from 0) refers to; empty if it is no mention.
    pub fn refers(doc: &AnnotatedDoc, phrase: &str, nth: usize) -> Vec<String> {
        let text = &doc.doc.text;
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let (start, _) = text
            .match_indices(phrase)
            .filter(|(i, _)| {
                !word(text[..*i].chars().next_back())
                    && !word(text[i + phrase.len()..].chars().next())
            })
            .nth(nth)
            .unwrap_or_else(|| panic!("{phrase:?} #{nth} is not in the text"));
        doc.mentions
            .iter()
            .filter(|m| m.start == start && m.end == start + phrase.len())
            .map(|m| doc.entities[m.entity].key.clone())
            .collect()
    }

    /// Whether any mention refers to the entity `key`.
    pub fn has_entity(doc: &AnnotatedDoc, key: &str) -> bool {
        doc.entities.iter().any(|e| e.key == key)
    }
}
