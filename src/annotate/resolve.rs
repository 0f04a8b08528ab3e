//! Resolving mention candidates to entities of the document's table:
//! gazetteer names and capitals (city or state, by context), new names and
//! their later surname-only mentions, event and group nouns (one entity per
//! kind, country and year), sanctions nouns (one entity per imposer set),
//! role phrases (to the person holding that role, nearest first) and
//! pronouns (to the subject of the current or the previous sentence).

use super::mentions::Annotator;
use crate::iri::slug;
use crate::model::{AnnotatedDoc, Class, Document, EntityRecord, Mention, MentionKind, Sentence};
use crate::ontology::gazetteer::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A mention candidate before resolution.
#[derive(Debug, Clone)]
pub(crate) struct Cand {
    pub start: usize,
    pub end: usize,
    pub what: What,
    /// Source rank for overlaps: lower wins among equal lengths.
    pub rank: u8,
}

impl Cand {
    pub fn new(start: usize, end: usize, what: What, rank: u8) -> Cand {
        Cand {
            start,
            end,
            what,
            rank,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum What {
    Name(String),
    Adjective(String),
    Block,
    New(Class),
    Event(String),
    /// An event noun in a verb's place: the event exists, this names it not.
    EventVerb(String),
    Crowd(String),
    Group(String),
    Sanctions,
    Role {
        title: String,
        mods: String,
        poss: Option<String>,
    },
    Pronoun {
        female: bool,
    },
    /// "the two countries", "both leaders": the last two of a class.
    Pair(Class),
    /// "the forum", "the treaty": a named event, agreement or organisation
    /// mentioned before whose name has that word.
    Definite(String),
}

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
    cx.definites(&later);
    cx.pairs(&later);
    cx.pronouns(&later);
    cx.mentions.sort_by_key(|m| (m.start, m.end));
    let (mentions, entities, event_kinds, sanctions_by) =
        (cx.mentions, cx.table.records, cx.kinds, cx.sanctions_by);
    AnnotatedDoc {
        doc,
        sentences,
        mentions,
        entities,
        event_kinds,
        sanctions_by,
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

    /// Names, adjectives and new names; false for candidates resolved later.
    fn name(&mut self, c: &Cand) -> bool {
        match &c.what {
            What::Name(key) => {
                // The gazetteer outlives `self`: no entry is cloned per mention.
                let gazetteer = &self.ann.onto.gazetteer;
                let Some(e) = gazetteer.get(key) else {
                    return true;
                };
                if let Some(country) = self.capital_of(&e.key) {
                    if !self.reads_as_city(c.start, c.end) {
                        let ix = self.table.add_entry(country);
                        self.push(c.start, c.end, ix, MentionKind::Metonym);
                        return true;
                    }
                }
                let ix = self.table.add_entry(e);
                self.push(c.start, c.end, ix, MentionKind::Name);
            }
            What::Adjective(key) => {
                let Some(e) = self.ann.onto.gazetteer.get(key) else {
                    return true;
                };
                let ix = self.table.add_entry(e);
                self.push(c.start, c.end, ix, MentionKind::Adjective);
            }
            What::New(class) => {
                let label = self.text[c.start..c.end]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let ix = self.table.add(EntityRecord {
                    key: slug(&label),
                    label,
                    class: *class,
                    wikidata: None,
                });
                self.push(c.start, c.end, ix, MentionKind::Pattern);
            }
            _ => return false,
        }
        true
    }

    /// The country whose capital `key` is, if any.
    fn capital_of(&self, key: &str) -> Option<&'o Entry> {
        let country = self.ann.capitals.get(key)?;
        self.ann.onto.gazetteer.get(country)
    }

    /// A capital names the city after place prepositions and motion verbs
    /// ("in Minsk", "visited Minsk"), or before a place noun ("Minsk's main
    /// street"); elsewhere it stands for the state ("Moscow aims to …").
    fn reads_as_city(&self, start: usize, end: usize) -> bool {
        let lex = &self.ann.onto.lexicon;
        // Only the words next to the name matter: lowercasing all the text
        // on either side made every capital a full scan (quadratic).
        const WINDOW: usize = 200;
        let before_all = self.text[..start].trim_end();
        let mut from = before_all.len().saturating_sub(WINDOW);
        while !before_all.is_char_boundary(from) {
            from -= 1;
        }
        let before = before_all[from..].to_lowercase();
        let after_all = self.text[end..]
            .trim_start_matches(['\'', '’', 's'])
            .trim_start();
        let mut to = WINDOW.min(after_all.len());
        while !after_all.is_char_boundary(to) {
            to += 1;
        }
        let after = after_all[..to].to_lowercase();
        lex.cues("city_before").iter().any(|w| {
            // `ends_with(" {w}")` without a string per cue and capital
            let spaced = before
                .strip_suffix(w.as_str())
                .is_some_and(|head| head.ends_with(' '));
            spaced || (from == 0 && before == *w)
        }) || lex
            .cues("city_after")
            .iter()
            .any(|w| after.starts_with(w.as_str()))
    }

    /// Surname-only mentions of people found by pattern ("Kalachev").
    fn surnames(&mut self, later: &[Cand]) {
        let people: Vec<(String, usize)> = self
            .table
            .records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.class == Class::Person && self.entry(&r.key).is_none())
            .filter_map(|(i, r)| {
                r.label
                    .split_whitespace()
                    .last()
                    .map(|s| (s.to_string(), i))
            })
            .collect();
        for (surname, ix) in people {
            let found: Vec<(usize, usize)> = self
                .text
                .match_indices(surname.as_str())
                .map(|(s, w)| (s, s + w.len()))
                .filter(|&(s, e)| word_bounded(self.text, s, e))
                .collect();
            for (s, e) in found {
                let taken = self.mentions.iter().any(|m| s < m.end && m.start < e)
                    || later.iter().any(|c| {
                        s < c.end && c.start < e && !matches!(c.what, What::Pronoun { .. })
                    });
                if !taken {
                    self.push(s, e, ix, MentionKind::Name);
                }
            }
        }
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
    }

    /// Records "Russian Economy Minister Maxim Oreshkin": (title, country)
    /// for the person, so that "Russia's economy minister" finds him.
    fn observe_titles(&mut self) {
        let titles: Vec<String> = self
            .ann
            .onto
            .lexicon
            .titles
            .values()
            .flatten()
            .map(|t| t.to_lowercase())
            .collect();
        let mut found = Vec::new();
        for pair in self.mentions.windows(2) {
            let (prev, m) = (&pair[0], &pair[1]);
            let rec = &self.table.records[m.entity];
            if rec.class != Class::Person || prev.sentence != m.sentence {
                continue;
            }
            let between = self.text[prev.end..m.start]
                .trim()
                .trim_start_matches(['\'', '’', 's'])
                .trim()
                .to_lowercase();
            let country = &self.table.records[prev.entity];
            if !matches!(country.class, Class::Country | Class::Organization) {
                continue;
            }
            if let Some(t) = titles
                .iter()
                .filter(|t| between.ends_with(t.as_str()))
                .max_by_key(|t| t.len())
            {
                found.push((rec.key.clone(), t.clone(), country.key.clone()));
            }
        }
        for (person, title, country) in found {
            self.titles
                .entry(person)
                .or_default()
                .push((title, Some(country)));
        }
    }

    /// The country the document is about, for nouns that name none ("the
    /// opposition", "the protests"): each mention of a country counts, and
    /// so does each mention of a person who holds an office of it, so a
    /// story about Lukashenko dealing with Moscow is about Belarus.
    fn focus_country(&self) -> Option<String> {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for m in &self.mentions {
            let r = &self.table.records[m.entity];
            let country = match r.class {
                Class::Country => Some(r.key.clone()),
                Class::Person => self.person_country(&r.key),
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
    fn starting_in(&self, from: usize, to: usize) -> impl Iterator<Item = &Mention> {
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
        let at = self.text[end..sentence_end]
            .find(" in ")
            .map(|i| end + i + 4)?;
        let m = self.starting_in(at, at + 5).next()?;
        let r = &self.table.records[m.entity];
        match r.class {
            Class::Country => Some(r.key.clone()),
            Class::Place => self.place_country(&r.key),
            _ => None,
        }
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

    fn person_country(&self, key: &str) -> Option<String> {
        if let Some(e) = self.entry(key) {
            if let Some(r) = e.roles.first() {
                return Some(r.of.clone());
            }
        }
        self.titles.get(key)?.iter().find_map(|(_, c)| c.clone())
    }

    fn year_near(&self, start: usize, end: usize) -> Option<String> {
        let lo = self.text[..start]
            .char_indices()
            .rev()
            .nth(20)
            .map_or(0, |(i, _)| i);
        let hi = (end + 12).min(self.text.len());
        let hi = (hi..=self.text.len())
            .find(|&i| self.text.is_char_boundary(i))
            .unwrap_or(self.text.len());
        // Compiled once: this runs per mention.
        static YEAR: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let re = YEAR
            .get_or_init(|| regex::Regex::new(r"(?-u:\b)(?:19|20)\d\d(?-u:\b)").expect("static"));
        re.find(&self.text[lo..hi]).map(|m| m.as_str().to_string())
    }

    /// Event, crowd, group and sanctions nouns.
    fn nouns(&mut self, later: &[Cand], focus: Option<&str>) {
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
        for c in later {
            if let What::Event(kind) | What::Crowd(kind) | What::EventVerb(kind) = &c.what {
                if let Some(country) = self.country_near(c.start, c.end) {
                    kind_country.entry(kind.clone()).or_insert(country);
                }
            }
        }
        for c in later {
            if let What::Event(kind) = &c.what {
                if !self.kind_place.contains_key(kind) {
                    if let Some(place) = self.place_for(c.start) {
                        self.kind_place.insert(kind.clone(), place);
                    }
                }
            }
        }
        let mut first_event: BTreeMap<String, usize> = BTreeMap::new();
        let mut crowds = Vec::new();
        let mut verbs: Vec<(Cand, String)> = Vec::new();
        for c in later {
            match &c.what {
                What::Event(kind) => {
                    let Some(ix) = self.event_entity(c, kind, &kind_country, focus) else {
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
                    let class = Class::parse(&g.class).unwrap_or(Class::Organization);
                    let country = self
                        .country_near(c.start, c.end)
                        .or_else(|| focus.map(String::from));
                    let record = self.fill(&g.key, &g.label, class, country.as_deref(), None, None);
                    let ix = self.table.add(record);
                    self.push(c.start, c.end, ix, MentionKind::Nominal);
                }
                What::Sanctions => self.sanctions(c),
                _ => {}
            }
        }
        for (c, kind) in crowds {
            let ix = match first_event.get(&kind) {
                Some(&ix) => Some(ix),
                // "Hundreds protest …": the crowd names the event the verb tells of.
                None if verbs.iter().any(|(_, k)| *k == kind) => {
                    self.event_entity(&c, &kind, &kind_country, focus)
                }
                None => None,
            };
            if let Some(ix) = ix {
                first_event.entry(kind.clone()).or_insert(ix);
                self.push(c.start, c.end, ix, MentionKind::Nominal);
            }
        }
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
    }

    /// The entity an event noun (or crowd) of `kind` at `c` names: one per
    /// kind, country and year in a document.
    fn event_entity(
        &mut self,
        c: &Cand,
        kind: &str,
        kind_country: &BTreeMap<String, String>,
        focus: Option<&str>,
    ) -> Option<usize> {
        let ev = self.ann.onto.lexicon.events.get(kind)?;
        if let Some(ix) = self.named_event(c, kind) {
            return Some(ix);
        }
        let country = self
            .country_near(c.start, c.end)
            .or_else(|| kind_country.get(kind).cloned())
            .or_else(|| focus.map(String::from));
        let year = self.year_near(c.start, c.end).or_else(|| self.year.clone());
        // One place per event kind in a document: the first named with it.
        let place = self.kind_place.get(kind).cloned();
        let record = self.fill(
            &ev.key,
            &ev.label,
            Class::Event,
            country.as_deref(),
            year.as_deref(),
            place.as_deref(),
        );
        let ix = self.table.add(record);
        if !self.kinds.contains(&(ix, kind.to_string())) {
            self.kinds.push((ix, kind.to_string()));
        }
        Some(ix)
    }

    /// A named event of the document (a gazetteer mention) that an event
    /// noun refers to: one whose name has one of the kind's nouns, and whose
    /// year, if the noun gives one, agrees ("the election" → "2020 Belarus
    /// elections"; "the vote in 2025" → not that one).
    fn named_event(&self, c: &Cand, kind: &str) -> Option<usize> {
        let year = self.year_near(c.start, c.end);
        let nouns = self
            .ann
            .event_words
            .get(kind)
            .map_or(&[][..], Vec::as_slice);
        self.named_events.iter().copied().find(|&ix| {
            let r = &self.table.records[ix];
            let named =
                r.class == Class::Event && name_words(&r.label).iter().any(|w| nouns.contains(w));
            named && year.as_ref().is_none_or(|y| r.label.contains(y.as_str()))
        })
    }

    /// The place of the sentence a meeting noun stands in, if one is named.
    fn place_for(&self, pos: usize) -> Option<String> {
        let s = self.sentence_of(pos)?;
        let sentence = &self.sentences[s];
        self.starting_in(sentence.start, sentence.end)
            .filter(|m| m.sentence == s && m.kind != MentionKind::Adjective)
            .map(|m| &self.table.records[m.entity])
            .find(|r| r.class == Class::Place)
            .map(|r| r.key.clone())
    }

    fn fill(
        &self,
        key: &str,
        label: &str,
        class: Class,
        country: Option<&str>,
        year: Option<&str>,
        place: Option<&str>,
    ) -> EntityRecord {
        let entry = country.and_then(|c| self.entry(c));
        let adj = entry
            .and_then(|e| e.adjectives.first().cloned())
            .or_else(|| entry.map(|e| e.label.clone()));
        let place_label = place.and_then(|p| self.entry(p)).map(|e| e.label.clone());
        let sub = |t: &str, for_key: bool| {
            let v = |x: Option<&str>| x.unwrap_or("").to_string();
            let date = self.date.clone().unwrap_or_default();
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

    /// A sanctions noun: the entity of its imposers, named just before it
    /// ("Western sanctions", "EU sanctions") or as the subject of the
    /// sentence ("the US and EU … imposed more sanctions"); else the last
    /// sanctions entity of the document.
    fn sanctions(&mut self, c: &Cand) {
        let Some(s) = self.sentence_of(c.start) else {
            return;
        };
        let sent_start = self.sentences[s].start;
        let mut before: Vec<Mention> = self
            .mentions
            .iter()
            .filter(|m| m.sentence == s && m.end <= c.start)
            .cloned()
            .collect();
        // `self.mentions` has an unsorted tail; the list readers walk text order.
        before.sort_by_key(|m| (m.start, m.end));
        let actor = |m: &Mention| {
            matches!(
                self.table.records[m.entity].class,
                Class::Country | Class::Organization
            )
        };
        // Adjacent: "Western sanctions", "US and EU sanctions": the modifiers
        // become part of the sanctions mention (its name as written).
        let adjacent = list_before(self.text, &before, c.start, 6);
        let mut imposers: Vec<usize> = adjacent
            .iter()
            .filter(|m| actor(m))
            .map(|m| m.entity)
            .collect();
        let mut start = c.start;
        if !imposers.is_empty() {
            start = adjacent.iter().map(|m| m.start).min().unwrap_or(c.start);
            self.mentions
                .retain(|m| !(m.sentence == s && m.start >= start && m.end <= c.start));
            // Removals shift unsorted tail entries into the prefix.
            self.sorted = 0;
            self.tail_sorted = false;
        }
        if imposers.is_empty() {
            // The subject of the sanctioning verb: the list right before it
            // ("Estonia, Latvia and Lithuania have introduced"), else the
            // sentence's first list ("the US and EU threw support … and imposed").
            if let Some(v) = self.ann.impose.find(&self.text[sent_start..c.start]) {
                let v = sent_start + v.start();
                let upto: Vec<Mention> = before.iter().filter(|m| m.end <= v).cloned().collect();
                let mut list = list_before(self.text, &upto, v, 40);
                if list.is_empty() || !list.iter().any(&actor) {
                    // Actors only: a fronted "After the election," is no subject.
                    let actors: Vec<Mention> = upto.iter().filter(|m| actor(m)).cloned().collect();
                    list = first_list(self.text, &actors);
                }
                imposers = list.iter().filter(|m| actor(m)).map(|m| m.entity).collect();
            }
        }
        if imposers.is_empty() {
            // "sanctions were imposed on Belarus by the EU"
            let after = &self.text[c.end..self.sentences[s].end];
            if let Some(by) = after.find(" by ") {
                let at = c.end + by + 4;
                imposers = self
                    .mentions
                    .iter()
                    .filter(|m| m.sentence == s && m.start >= at && m.start <= at + 5)
                    .filter(|m| actor(m))
                    .map(|m| m.entity)
                    .collect();
            }
        }
        let c = &Cand::new(start, c.end, What::Sanctions, c.rank);
        let ix = if imposers.is_empty() {
            match self.mentions.iter().rev().find(|m| {
                m.start < c.start && self.table.records[m.entity].class == Class::Sanctions
            }) {
                Some(m) => m.entity,
                None => return,
            }
        } else {
            let mut recs: Vec<&EntityRecord> =
                imposers.iter().map(|&i| &self.table.records[i]).collect();
            recs.sort_by(|a, b| a.key.cmp(&b.key));
            recs.dedup_by(|a, b| a.key == b.key);
            let key = format!(
                "{}_sanctions",
                recs.iter()
                    .map(|r| r.key.as_str())
                    .collect::<Vec<_>>()
                    .join("_")
            );
            let names: Vec<&str> = recs.iter().map(|r| r.label.as_str()).collect();
            let label = format!("sanctions by {}", join_names(&names));
            let keys: Vec<String> = recs.iter().map(|r| r.key.clone()).collect();
            let ix = self.table.add(EntityRecord {
                key,
                label,
                class: Class::Sanctions,
                wikidata: None,
            });
            if !self.sanctions_by.iter().any(|(i, _)| *i == ix) {
                self.sanctions_by.push((ix, keys));
            }
            ix
        };
        self.push(c.start, c.end, ix, MentionKind::Nominal);
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
    }

    /// Role phrases: to the person holding the role, the nearest mentioned
    /// before, else the first after.
    fn roles(&mut self, later: &[Cand]) {
        let lex = &self.ann.onto.lexicon;
        let leader_titles: Vec<String> = lex
            .titles("leader")
            .iter()
            .map(|t| t.to_lowercase())
            .collect();
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
        // Where each person is named (pronouns aside), by position: a role's
        // holder is looked up per entity, not by a scan of every mention.
        let mut named: BTreeMap<usize, BTreeSet<(usize, usize)>> = BTreeMap::new();
        for m in self
            .mentions
            .iter()
            .filter(|m| m.kind != MentionKind::Pronoun)
        {
            if self.table.records[m.entity].class == Class::Person {
                named.entry(m.entity).or_default().insert((m.start, m.end));
            }
        }
        for c in later {
            let What::Role { title, mods, poss } = &c.what else {
                continue;
            };
            // A title right before a name is not a role phrase of its own.
            // (Candidates are in text order, so the roles pushed below all
            // start before this one.)
            let next = self.starting_in(c.end, usize::MAX).min_by_key(|m| m.start);
            if next.is_some_and(|m| {
                self.text[c.end..m.start].trim().is_empty()
                    && self.table.records[m.entity].class == Class::Person
            }) {
                continue;
            }
            let mut country = None;
            for word in poss
                .iter()
                .map(String::as_str)
                .chain(mods.split_whitespace())
            {
                if let Some(key) = self.ann.lookup(word) {
                    if self
                        .entry(&key)
                        .is_some_and(|e| e.class() == Class::Country)
                    {
                        country = Some(key);
                    }
                }
            }
            if poss.is_some() && country.is_none() {
                continue; // "Putin's spokesman": a role of a person, not resolved here
            }
            let leader = leader_titles.contains(title);
            let holds = |key: &str| -> bool {
                let mut roles: Vec<(String, Option<String>)> = self
                    .entry(key)
                    .map(|e| {
                        e.roles
                            .iter()
                            .map(|r| (r.title.clone(), Some(r.of.clone())))
                            .collect()
                    })
                    .unwrap_or_default();
                roles.extend(self.titles.get(key).cloned().unwrap_or_default());
                roles.iter().any(|(t, of)| {
                    let title_ok = if leader {
                        leader_titles.contains(t)
                    } else {
                        t == title
                    };
                    title_ok && (country.is_none() || of.as_ref() == country.as_ref())
                })
            };
            let holders: Vec<(usize, &BTreeSet<(usize, usize)>)> = named
                .iter()
                .filter(|(ix, _)| holds(&self.table.records[**ix].key))
                .map(|(ix, spans)| (*ix, spans))
                .collect();
            let before = holders
                .iter()
                .filter_map(|(ix, spans)| {
                    let last = spans.range(..(c.start, 0)).rev().find(|s| s.1 <= c.start);
                    last.map(|s| (s.0, *ix))
                })
                .max();
            let after = || {
                holders
                    .iter()
                    .filter_map(|(ix, spans)| spans.range((c.end, 0)..).next().map(|s| (s.0, *ix)))
                    .min()
            };
            if let Some((_, ix)) = before.or_else(after) {
                self.push(c.start, c.end, ix, MentionKind::Role);
                named.entry(ix).or_default().insert((c.start, c.end));
            }
        }
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
    }

    /// "the forum" → the last named event, agreement or organisation whose
    /// label or aliases contain "forum" as a word.
    fn definites(&mut self, later: &[Cand]) {
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
        // Mentions pushed below are nominal, never antecedents.
        let sorted = self.mentions.len();
        // Whether an entity's names hold a word, per word and entity: asked
        // of the same few entities for every phrase (a vector by entity, so
        // each mention looked at costs no hashing).
        let entities = self.table.records.len();
        let mut named_by: HashMap<&str, Vec<Option<bool>>> = HashMap::new();
        for c in later {
            let What::Definite(word) = &c.what else {
                continue;
            };
            let has_word = |name: &str| {
                name.split(|ch: char| !ch.is_alphanumeric())
                    .any(|w| w.eq_ignore_ascii_case(word))
            };
            // Only mentions before the phrase, found by binary search over
            // the sorted ones, and at most LOOKBACK of them: a scan of all
            // mentions per phrase made a long article quadratic.
            const LOOKBACK: usize = 2000;
            let known = named_by
                .entry(word.as_str())
                .or_insert_with(|| vec![None; entities]);
            let before = self.mentions[..sorted].partition_point(|m| m.start < c.start);
            let pick = self.mentions[..before]
                .iter()
                .rev()
                .take(LOOKBACK)
                .filter(|m| m.end <= c.start && m.kind == MentionKind::Name)
                .find(|m| {
                    let r = &self.table.records[m.entity];
                    matches!(
                        r.class,
                        Class::Event | Class::Agreement | Class::Organization
                    ) && *known[m.entity].get_or_insert_with(|| {
                        has_word(&r.label)
                            || self
                                .entry(&r.key)
                                .is_some_and(|e| e.aliases.iter().any(|a| has_word(a)))
                    })
                });
            if let Some(m) = pick {
                let ix = m.entity;
                self.push(c.start, c.end, ix, MentionKind::Nominal);
            }
        }
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
    }

    /// "The two countries": the two entities of the class mentioned last
    /// before the phrase (for people, leaders first).
    fn pairs(&mut self, later: &[Cand]) {
        for c in later {
            let What::Pair(class) = c.what else { continue };
            // People pairs ("the two presidents") are leaders; names count
            // before adjectives ("ex-Soviet" is no country of the pair).
            let leaders = self.leader_keys();
            let mut picked: Vec<usize> = Vec::new();
            for adjectives in [false, true] {
                for m in self.mentions.iter().rev().filter(|m| m.end <= c.start) {
                    let r = &self.table.records[m.entity];
                    let fits = r.class == class
                        && m.kind != MentionKind::Pronoun
                        && (m.kind == MentionKind::Adjective) == adjectives
                        && (class != Class::Person || leaders.contains(&r.key));
                    if fits && !picked.contains(&m.entity) && picked.len() < 2 {
                        picked.push(m.entity);
                    }
                }
            }
            if picked.len() == 2 {
                picked.sort_by(|a, b| self.table.records[*a].key.cmp(&self.table.records[*b].key));
                for ix in picked {
                    self.push(c.start, c.end, ix, MentionKind::Pronoun);
                }
            }
        }
        self.mentions.sort_by_key(|m| (m.start, m.entity));
        self.all_sorted();
    }

    /// People holding a leader's role, by the gazetteer or a title seen here.
    fn leader_keys(&self) -> Vec<String> {
        let leader_titles: Vec<String> = self
            .ann
            .onto
            .lexicon
            .titles("leader")
            .iter()
            .map(|t| t.to_lowercase())
            .collect();
        self.table
            .records
            .iter()
            .filter(|r| r.class == Class::Person)
            .filter(|r| {
                let gaz = self
                    .entry(&r.key)
                    .is_some_and(|e| e.roles.iter().any(|x| leader_titles.contains(&x.title)));
                let seen = self
                    .titles
                    .get(&r.key)
                    .is_some_and(|t| t.iter().any(|(x, _)| leader_titles.contains(x)));
                gaz || seen
            })
            .map(|r| r.key.clone())
            .collect()
    }

    /// Pronouns: the first person (outside quotations) of the current
    /// sentence before the pronoun, else of the nearest earlier sentence.
    fn pronouns(&mut self, later: &[Cand]) {
        let quotes = super::quotemarks::quote_spans(self.text);
        // Quotes are sorted and disjoint: only the last one starting before
        // `pos` can hold it.
        let inside = |pos: usize| {
            let i = quotes.partition_point(|&(s, _)| s < pos);
            i > 0 && pos < quotes[i - 1].1
        };
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
        // Mentions pushed below are pronouns, never antecedents; the ones
        // before are sorted by position, hence by sentence.
        let sorted = self.mentions.len();
        let in_sentence = |mentions: &[Mention], p: usize| {
            let lo = mentions[..sorted].partition_point(|m| m.sentence < p);
            let hi = mentions[..sorted].partition_point(|m| m.sentence <= p);
            lo..hi
        };
        // The latest sentence up to each sentence that holds a person who
        // could be "he" (index 0) or "she" (index 1): the fallback below
        // then costs nothing (it scanned every earlier sentence before).
        let mut latest: [Vec<Option<usize>>; 2] = [
            vec![None; self.sentences.len()],
            vec![None; self.sentences.len()],
        ];
        for m in &self.mentions[..sorted] {
            let r = &self.table.records[m.entity];
            if r.class == Class::Person && !inside(m.start) && m.kind != MentionKind::Pronoun {
                let female = usize::from(self.is_female(&r.key, &r.label));
                latest[female][m.sentence] = Some(m.sentence);
            }
        }
        for column in &mut latest {
            for p in 1..column.len() {
                column[p] = column[p].or(column[p - 1]);
            }
        }
        for c in later {
            let What::Pronoun { female } = c.what else {
                continue;
            };
            if inside(c.start) {
                continue;
            }
            let Some(s) = self.sentence_of(c.start) else {
                continue;
            };
            let fits = |m: &&Mention| {
                let r = &self.table.records[m.entity];
                r.class == Class::Person
                    && !inside(m.start)
                    && m.kind != MentionKind::Pronoun
                    && (self.is_female(&r.key, &r.label) == female)
            };
            // "his"/"her" after "X to <verb>" are X's ("allowed Putin to
            // launch his invasion"); else, like "he"/"she", the sentence's
            // first person (its subject).
            let possessive = matches!(&self.text[c.start..c.end], "his" | "His" | "her" | "Her");
            let mut before = self.mentions[in_sentence(&self.mentions, s)]
                .iter()
                .filter(|m| m.end <= c.start);
            let infinitive = |m: &&Mention| self.text[m.end..].trim_start().starts_with("to ");
            let here = if possessive {
                let cands: Vec<&Mention> = before.filter(fits).collect();
                cands
                    .iter()
                    .rev()
                    .find(|m| infinitive(m))
                    .or(cands.first())
                    .copied()
            } else {
                before.find(fits)
            };
            let pick = here.or_else(|| {
                let p = s
                    .checked_sub(1)
                    .and_then(|p| latest[usize::from(female)][p])?;
                self.mentions[in_sentence(&self.mentions, p)]
                    .iter()
                    .find(fits)
            });
            if let Some(m) = pick {
                let ix = m.entity;
                self.push(c.start, c.end, ix, MentionKind::Pronoun);
            }
        }
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
    }

    fn is_female(&self, key: &str, label: &str) -> bool {
        if let Some(g) = self.entry(key).and_then(|e| e.gender) {
            return g == 'f';
        }
        let first = label.split_whitespace().next().unwrap_or("");
        if self
            .ann
            .onto
            .lexicon
            .given_names
            .get("female")
            .is_some_and(|l| l.iter().any(|n| n == first))
        {
            return true;
        }
        let last = label.split_whitespace().last().unwrap_or("");
        ["aya", "ova", "eva", "ina", "ska", "skaya"]
            .iter()
            .any(|s| last.ends_with(s))
    }
}

/// The lowercased words of a name, split at every non-alphanumeric char.
pub(crate) fn name_words(s: &str) -> Vec<String> {
    s.split(|ch: char| !ch.is_alphanumeric())
        .map(str::to_lowercase)
        .collect()
}

/// The coordinated list of mentions ending right before `pos` ("Estonia,
/// Latvia and Lithuania" before "have introduced"), allowing up to
/// `slack` bytes of auxiliaries between the list and `pos`.
fn list_before(text: &str, before: &[Mention], pos: usize, slack: usize) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let mut edge = pos;
    for m in before.iter().rev() {
        // Overlapping mentions do not form a list.
        let Some(gap) = text.get(m.end..edge).map(str::trim) else {
            break;
        };
        let first = out.is_empty();
        let joins = if first {
            edge - m.end <= slack && gap.split_whitespace().all(auxiliary)
        } else {
            matches!(list_gap(gap), "and" | "," | ", and" | "-" | "–" | "/" | "")
        };
        if !joins {
            break;
        }
        out.push(m.clone());
        edge = m.start;
    }
    out
}

/// The gap between two items of a list, without the article of the second
/// ("the EU, the United States and the UK").
fn list_gap(gap: &str) -> &str {
    match gap.strip_suffix("the") {
        Some(rest) if rest.is_empty() || rest.ends_with(' ') => rest.trim_end(),
        _ => gap,
    }
}

/// Words that may stand between a subject and its verb.
fn auxiliary(w: &str) -> bool {
    matches!(
        w,
        "have"
            | "has"
            | "had"
            | "will"
            | "would"
            | "also"
            | "already"
            | "now"
            | "then"
            | "jointly"
            | "again"
            | "all"
            | "both"
            | "together"
            | "themselves"
            | "itself"
            | "each"
    ) || (w.ends_with("ly") && w.chars().all(char::is_lowercase))
}

/// The first coordinated list of mentions of a sentence.
fn first_list(text: &str, mentions: &[Mention]) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    for m in mentions {
        if let Some(last) = out.last() {
            let gap = text.get(last.end..m.start).map(|g| list_gap(g.trim()));
            if !matches!(gap, Some("and" | "," | ", and" | "/")) {
                break;
            }
        }
        out.push(m.clone());
    }
    out
}

/// Whether `text[start..end]` has no ASCII word character on either side
/// (the `(?-u:\b)` test, without a regex per name).
fn word_bounded(text: &str, start: usize, end: usize) -> bool {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let bytes = text.as_bytes();
    let before = start > 0 && word(&bytes[start - 1]);
    !before && !bytes.get(end).is_some_and(word)
}

fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
