//! The roles pass: a role phrase ("the Belarusian leader", "Russia's
//! foreign minister") to the person holding that role by the gazetteer or
//! by a title seen before their name here, the nearest mentioned before,
//! else the first after.

use super::{Cand, Ctx, What};
use crate::model::{Class, Mention, MentionKind};
use std::collections::{BTreeMap, BTreeSet};

/// How far before a role phrase (bytes) the name it follows may start.
const APPOSITION_REACH: usize = 200;

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
            // "Tikhanovskaya, the exiled leader of …," and "Britain's
            // transport secretary, Grant Shapps": an apposition to a name
            // is no second person but words about the first, left as text
            // for the rules to read, like a title before a name; its
            // possessor keeps its own mention.
            if self.apposed(c) {
                self.push_possessor(c, poss.as_deref());
                continue;
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

    /// Whether a role phrase stands in apposition to a person's name:
    /// the name right before it, or right after it, with only a comma
    /// between ("Lukashenko, the Belarusian leader"; "the Belarusian
    /// leader, Alexander Lukashenko").
    fn apposed(&self, c: &Cand) -> bool {
        let person = |m: &Mention| {
            m.kind != MentionKind::Pronoun && self.table.records[m.entity].class == Class::Person
        };
        let before = self
            .starting_in(c.start.saturating_sub(APPOSITION_REACH), c.start)
            .filter(|m| m.end <= c.start)
            .max_by_key(|m| m.end)
            .is_some_and(|m| person(m) && self.text[m.end..c.start].trim() == ",");
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
    use super::super::testing::{annotate, has_entity, refers};

    #[test]
    fn a_role_phrase_is_the_person_holding_it() {
        let doc = annotate(
            "Belarusian President Alexander Lukashenko flew to Sochi. \
             The Belarusian leader said the talks went well.",
        );
        assert_eq!(refers(&doc, "The Belarusian leader", 0), ["lukashenko"]);
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
}
