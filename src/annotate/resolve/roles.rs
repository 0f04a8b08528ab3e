//! The roles pass: a role phrase ("the Belarusian leader", "Russia's
//! foreign minister") to the person holding that role by the gazetteer or
//! by a title seen before their name here, the nearest mentioned before,
//! else the first after.

use super::{Cand, Ctx, What};
use crate::model::{Class, Mention, MentionKind};
use std::collections::{BTreeMap, BTreeSet};

/// How far before a role phrase (bytes) the name it follows may start.
const APPOSITION_REACH: usize = 200;

/// What a role phrase asks for: an office, of a country if it names one,
/// held on a date unless it says "former".
struct RoleQuery<'q> {
    title: &'q str,
    country: Option<&'q str>,
    on: Option<&'q str>,
}

impl<'o> Ctx<'_, 'o> {
    /// Role phrases: to the person holding the role, the nearest mentioned
    /// before, else the first after.
    pub(super) fn roles(&mut self, later: &[Cand]) {
        let lex = &self.ann.onto.lexicon;
        let leader_titles: Vec<String> = lex
            .titles("leader")
            .iter()
            .map(|t| t.to_lowercase())
            .collect();
        // "his Lithuanian counterpart" holds any office.
        let any_title: Vec<String> = lex
            .titles
            .values()
            .flatten()
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
        let mut swallowed: Vec<(usize, usize)> = Vec::new();
        for c in later {
            let What::Role { title, mods, poss } = &c.what else {
                continue;
            };
            let title = lex.title_synonyms.get(title).unwrap_or(title);
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
            // "the president of Kazakhstan": the phrase names what the
            // office is of, a relation for the rules to read; a reference
            // only to whoever the text names holding that office of a body
            // ("“…,” the leader of the Belarusian democratic forces said").
            if self.text[c.end..].starts_with(" of ") {
                // the phrase takes in the body's name: one actor, the person
                if let Some((ix, body)) = self.body_head(c, title, &named) {
                    self.push(c.start, body.1, ix, MentionKind::Role);
                    named.entry(ix).or_default().insert((c.start, body.1));
                    swallowed.push(body);
                }
                continue;
            }
            let mut country = None;
            for word in poss
                .iter()
                .map(String::as_str)
                .chain(mods.split_whitespace())
            {
                if let Some(key) = self.ann.lookup(word) {
                    // "Budapest's top diplomat": a capital's is its state's
                    let capital_of = self.capital_of(&key).map(|c| c.key.clone());
                    match self.entry(&key) {
                        Some(e) if e.class() == Class::Country => country = Some(key),
                        Some(_) if capital_of.is_some() && poss.as_deref() == Some(word) => {
                            country = capital_of;
                        }
                        // "the Kremlin leader": the state the body is in
                        // ("the Wagner chief" heads Wagner, no state)
                        Some(e)
                            if e.class() == Class::Organization
                                && leader_titles.contains(title) =>
                        {
                            country = e.within.clone().or(country);
                        }
                        _ => {}
                    }
                }
            }
            if poss.is_some() && country.is_none() {
                // "Putin's spokesman": a role of a person, not resolved
                // here; the possessor keeps its mention for the rules.
                self.push_possessor(c, poss.as_deref());
                continue;
            }
            // "Tikhanovskaya, the exiled leader of …," and "Britain's
            // transport secretary, Grant Shapps": an apposition to a name
            // is no second person but words about the first, left as text
            // for the rules to read, like a title before a name; its
            // possessor keeps its own mention.
            if self.apposed(c) {
                self.push_possessor(c, poss.as_deref());
                self.push_adjectives(c, mods);
                continue;
            }
            // "became the first EU foreign minister to visit": a rank, no
            // reference (the rules read it as text).
            if mods.split_whitespace().any(|w| {
                matches!(
                    w,
                    "first" | "last" | "only" | "latest" | "highest-ranking" | "most"
                )
            }) {
                self.push_possessor(c, poss.as_deref());
                continue;
            }
            // "the former Belarusian prime minister" is no office held on
            // the document's date.
            let former = mods
                .split_whitespace()
                .any(|w| matches!(w, "former" | "ex" | "then"));
            let on = if former { None } else { self.date.clone() };
            let q = RoleQuery {
                title,
                country: country.as_deref(),
                on: on.as_deref(),
            };
            // A country's office by its own title first ("the Russian prime
            // minister" is no president), else any of its leaders ("the
            // Belarusian leader", "the strongman"); with no country named,
            // any leader ("the president") nearest.
            let leader = leader_titles.contains(title);
            let own = [title.clone()];
            // "his Lithuanian counterpart": whoever holds an office of that
            // country, nearest; with no country, no one.
            if title == "counterpart" {
                let pick = country
                    .is_some()
                    .then(|| self.mentioned_holder(&named, c, &q, &any_title))
                    .flatten();
                if let Some(ix) = pick {
                    self.push(c.start, c.end, ix, MentionKind::Role);
                    named.entry(ix).or_default().insert((c.start, c.end));
                } else {
                    self.push_possessor(c, poss.as_deref());
                    self.push_adjectives(c, mods);
                }
                continue;
            }
            let first: &[String] = if leader && country.is_none() {
                &leader_titles
            } else {
                &own
            };
            let pick = self
                .mentioned_holder(&named, c, &q, first)
                .or_else(|| self.gazetteer_holder(&q))
                .or_else(|| {
                    leader
                        .then(|| self.mentioned_holder(&named, c, &q, &leader_titles))
                        .flatten()
                });
            if let Some(ix) = pick {
                self.push(c.start, c.end, ix, MentionKind::Role);
                named.entry(ix).or_default().insert((c.start, c.end));
            } else {
                // "Iran's foreign minister", no one known: the state is
                // still named.
                self.push_possessor(c, poss.as_deref());
                self.push_adjectives(c, mods);
            }
        }
        self.mentions
            .retain(|m| !swallowed.contains(&(m.start, m.end)) || m.kind == MentionKind::Role);
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
    }

    /// The person named in the document who holds one of `titles` of the
    /// query's country (by the gazetteer on its date, or by a title seen
    /// here): the nearest named before the phrase, else the first after.
    fn mentioned_holder(
        &self,
        named: &BTreeMap<usize, BTreeSet<(usize, usize)>>,
        c: &Cand,
        q: &RoleQuery<'_>,
        titles: &[String],
    ) -> Option<usize> {
        // "the minister" is any minister: "foreign minister" fits it.
        let domains = self.ann.onto.lexicon.words("ministry_domain");
        let fits = |held: &str| {
            titles.iter().any(|t| {
                held == t
                    || t == "minister"
                        && held
                            .strip_suffix(" minister")
                            .is_some_and(|d| domains.iter().any(|w| w == d))
            })
        };
        let holds = |key: &str| -> bool {
            let dated = self.entry(key).into_iter().flat_map(|e| &e.roles);
            let gazetteer = dated
                .filter(|r| q.on.is_none_or(|d| r.held_on(d)))
                .any(|r| fits(&r.title) && q.country.is_none_or(|k| r.of == k));
            let seen = self.titles.get(key).is_some_and(|ts| {
                ts.iter()
                    .any(|(t, of)| fits(t) && q.country.is_none_or(|k| of.as_deref() == Some(k)))
            });
            gazetteer || seen
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
        before.or_else(after).map(|(_, ix)| ix)
    }

    /// The person named in the document who holds `title` of the
    /// organisation named right after the phrase ("the leader of ⟦the
    /// Belarusian democratic forces⟧"), with that name's span; none when a
    /// name is apposed to the phrase, before it or after the organisation,
    /// to be read as text.
    fn body_head(
        &self,
        c: &Cand,
        title: &str,
        named: &BTreeMap<usize, BTreeSet<(usize, usize)>>,
    ) -> Option<(usize, (usize, usize))> {
        let from = c.end + " of ".len();
        let body = self.starting_in(from, from + " the ".len()).find(|m| {
            self.text[from..m.start].trim().is_empty() || &self.text[from..m.start] == "the "
        })?;
        if self.table.records[body.entity].class != Class::Organization {
            return None;
        }
        let person = |m: &Mention| {
            m.kind != MentionKind::Pronoun && self.table.records[m.entity].class == Class::Person
        };
        let named_after = self
            .starting_in(body.end, body.end + APPOSITION_REACH)
            .min_by_key(|m| m.start)
            .is_some_and(|m| person(m) && self.text[body.end..m.start].trim() == ",");
        if named_after || self.apposed(c) {
            return None;
        }
        let key = self.table.records[body.entity].key.clone();
        let q = RoleQuery {
            title,
            country: Some(&key),
            on: self.date.as_deref(),
        };
        let span = (body.start, body.end);
        self.mentioned_holder(named, c, &q, &[title.to_string()])
            .map(|ix| (ix, span))
    }

    /// The one person the gazetteer says held the office on the document's
    /// date though the document names nobody holding it ("the Belarusian
    /// prime minister" in 2019 is Rumas, in 2023 Golovchenko). Only dated
    /// roles count: an undated one says nothing of when it was held.
    fn gazetteer_holder(&mut self, q: &RoleQuery<'_>) -> Option<usize> {
        let (country, on) = (q.country?, q.on?);
        let gazetteer = &self.ann.onto.gazetteer;
        let mut holders = gazetteer.entries.values().filter(|e| {
            e.roles.iter().any(|r| {
                r.title == *q.title && r.of == country && r.from.is_some() && r.held_on(on)
            })
        });
        let one = holders.next()?;
        if holders.next().is_some() {
            return None;
        }
        Some(self.table.add_entry(one))
    }

    /// Whether a role phrase stands in apposition to a person's name:
    /// the name right before it, or right after it, with only a comma
    /// between ("Lukashenko, the Belarusian leader,"; "the Belarusian
    /// leader, Alexander Lukashenko").
    fn apposed(&self, c: &Cand) -> bool {
        // An apposition after a name ends where its phrase does ("X, the
        // exiled leader, said"; "X, the leader who …"); one followed by its
        // verb is a clause's subject ("Speaking to X, the Russian president
        // called …").
        let closed = |rest: &str| {
            let rest = rest.trim_start();
            rest.is_empty()
                || rest.starts_with([',', '.', ';', ':', ')', '—', '–'])
                || [
                    "who ", "whose ", "which ", "and ", "of ", "in ", "for ", "to ",
                ]
                .iter()
                .any(|w| rest.starts_with(w))
        };
        let person = |m: &Mention| {
            m.kind != MentionKind::Pronoun && self.table.records[m.entity].class == Class::Person
        };
        let before = self
            .starting_in(c.start.saturating_sub(APPOSITION_REACH), c.start)
            .filter(|m| m.end <= c.start)
            .max_by_key(|m| m.end)
            .is_some_and(|m| person(m) && self.text[m.end..c.start].trim() == ",")
            && closed(&self.text[c.end..]);
        let after = || {
            self.starting_in(c.end, c.end + APPOSITION_REACH)
                .min_by_key(|m| m.start)
                .is_some_and(|m| person(m) && self.text[c.end..m.start].trim() == ",")
        };
        before || after()
    }

    /// The mention of a role's possessor that names an entity ("Britain"
    /// in "Britain's transport secretary").
    fn push_possessor(&mut self, c: &Cand, poss: Option<&str>) {
        // Through the ontology's own lifetime: the entry outlives `self`.
        let gazetteer = &self.ann.onto.gazetteer;
        let Some(entry) = poss.and_then(|p| gazetteer.get(&self.ann.lookup(p)?)) else {
            return;
        };
        let ix = self.table.add_entry(entry);
        let end = c.start + poss.map_or(0, str::len);
        self.push(c.start, end, ix, MentionKind::Name);
    }

    /// The mentions of the countries a role's modifiers name by adjective
    /// ("German" in "the German chancellor, Olaf Scholz,"), as they would
    /// be outside the phrase.
    fn push_adjectives(&mut self, c: &Cand, mods: &str) {
        let phrase = &self.text[c.start..c.end];
        let mut from = 0;
        for word in mods.split_whitespace() {
            let Some(at) = phrase[from..].find(word).map(|i| from + i) else {
                continue;
            };
            from = at + word.len();
            let gazetteer = &self.ann.onto.gazetteer;
            let Some(entry) = self.ann.lookup(word).and_then(|k| gazetteer.get(&k)) else {
                continue;
            };
            if entry.class() == Class::Country {
                let ix = self.table.add_entry(entry);
                let start = c.start + at;
                self.push(start, start + word.len(), ix, MentionKind::Adjective);
            }
        }
    }

    /// People holding a leader's role, by the gazetteer or a title seen here.
    pub(super) fn leader_keys(&self) -> Vec<String> {
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
}

#[cfg(test)]
mod tests {
    use super::super::testing::{annotate, annotate_on, has_entity, refers};

    #[test]
    fn a_role_phrase_is_the_person_holding_it() {
        let doc = annotate(
            "Belarusian President Alexander Lukashenko flew to Sochi. \
             The Belarusian leader said the talks went well.",
        );
        assert_eq!(refers(&doc, "The Belarusian leader", 0), ["lukashenko"]);
    }

    #[test]
    fn the_kremlin_leader_leads_the_state_the_kremlin_is_in() {
        let doc = annotate(
            "Vladimir Putin met Alexander Lukashenko in Minsk. \
             The Kremlin leader said the missiles would come next year.",
        );
        assert_eq!(refers(&doc, "The Kremlin leader", 0), ["putin"]);
    }

    #[test]
    fn a_counterpart_is_whoever_holds_an_office_of_its_country() {
        let doc = annotate(
            "Lithuanian Foreign Minister Gabrielius Landsbergis spoke. Polish \
             Foreign Minister Radoslaw Sikorski met his Lithuanian counterpart.",
        );
        assert_eq!(
            refers(&doc, "his Lithuanian counterpart", 0),
            ["gabrielius_landsbergis"]
        );
        // no one of that country named: no reference, and no country met
        let doc = annotate("Xi Jinping later met his Kazakh counterpart.");
        assert!(refers(&doc, "his Kazakh counterpart", 0).is_empty());
    }

    #[test]
    fn the_minister_is_the_last_minister_of_any_domain_named() {
        let doc = annotate(
            "Lithuania's Foreign Minister Kestutis Budrys spoke. \
             \"We will not be intimidated,\" the minister said.",
        );
        assert_eq!(refers(&doc, "the minister", 0), ["budrys"]);
        // a vice president is no president
        let doc = annotate("U.S. Vice President Kamala Harris spoke. The president said nothing.");
        assert!(refers(&doc, "The president", 0)
            .iter()
            .all(|k| k != "kamala_harris" && k != "harris"));
    }

    #[test]
    fn an_apposition_after_a_name_is_no_second_person() {
        let doc = annotate(
            "Alexander Lukashenko spoke first. Svetlana Tikhanovskaya, the \
             exiled leader of the opposition, answered him.",
        );
        let phrase = doc.doc.text.find("the exiled leader").unwrap();
        let covered = |m: &&crate::model::Mention| m.start <= phrase && phrase < m.end;
        assert!(!doc.mentions.iter().any(|m| covered(&m)));
        assert_eq!(refers(&doc, "Svetlana Tikhanovskaya", 0), ["tikhanovskaya"]);
    }

    #[test]
    fn a_possessor_before_an_apposed_name_keeps_its_mention() {
        let doc = annotate("Britain's transport secretary, Grant Shapps, condemned the move.");
        assert_eq!(refers(&doc, "Britain", 0), ["united_kingdom"]);
        assert_eq!(refers(&doc, "Grant Shapps", 0), ["shapps"]);
        assert!(has_entity(&doc, "united_kingdom"));
    }

    #[test]
    fn a_role_nobody_holds_keeps_the_state_it_names() {
        let doc = annotate("Iran's foreign minister said no.");
        assert_eq!(refers(&doc, "Iran", 0), ["iran"]);
        let doc = annotate("The Hungarian interior minister said no.");
        assert_eq!(refers(&doc, "Hungarian", 0), ["hungary"]);
    }

    #[test]
    fn an_office_nobody_here_holds_is_its_holder_on_the_documents_date() {
        let text = "The Belarusian prime minister arrived in Moscow for talks.";
        let in_2019 = annotate_on(text, "2019-03-12");
        assert_eq!(
            refers(&in_2019, "The Belarusian prime minister", 0),
            ["rumas"]
        );
        let in_2023 = annotate_on(text, "2023-03-12");
        assert_eq!(
            refers(&in_2023, "The Belarusian prime minister", 0),
            ["golovchenko"]
        );
    }

    #[test]
    fn a_named_person_who_no_longer_holds_the_office_is_not_its_holder() {
        // Medvedev was prime minister until January 2020.
        let doc = annotate_on(
            "Dmitry Medvedev spoke in Sochi. The Russian prime minister later \
             flew to Minsk.",
            "2021-06-01",
        );
        assert_eq!(refers(&doc, "The Russian prime minister", 0), ["mishustin"]);
        let before = annotate_on(
            "Dmitry Medvedev spoke in Sochi. The Russian prime minister later \
             flew to Minsk.",
            "2015-06-01",
        );
        assert_eq!(
            refers(&before, "The Russian prime minister", 0),
            ["medvedev"]
        );
    }

    #[test]
    fn a_prime_minister_is_not_the_president_named_before() {
        let doc = annotate_on(
            "Vladimir Putin met Alexander Lukashenko. The Russian prime \
             minister was not there.",
            "2021-06-01",
        );
        assert_eq!(refers(&doc, "The Russian prime minister", 0), ["mishustin"]);
    }
}
