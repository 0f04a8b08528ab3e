//! The kin pass: "its ally", "his ally", "their neighbour" to the other
//! party the text names last before it. The possessor is the first actor of
//! the sentence (its subject, mostly): a person for "his"/"her", a state or
//! organisation for "its", the states of a list for "their". The referent
//! is the last person (for a person's) or state (else) named in that
//! sentence or the two before it that is not the possessor ("The Kremlin
//! backed its ally" after a paragraph on Belarus is Belarus).

use super::{Cand, Ctx, What};
use crate::model::{Class, Mention, MentionKind};

/// How many sentences before the noun its referent may be named in.
const REACH: usize = 2;

impl Ctx<'_, '_> {
    pub(super) fn kin(&mut self, later: &[Cand]) {
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
        let mut found = Vec::new();
        for c in later {
            let What::Kin { person, plural } = c.what else {
                continue;
            };
            let Some(s) = self.sentence_of(c.start) else {
                continue;
            };
            let class_of = |m: &Mention| self.table.records[m.entity].class;
            let actor = |m: &Mention| match person {
                true => class_of(m) == Class::Person,
                false => matches!(class_of(m), Class::Country | Class::Organization),
            };
            let in_sentence: Vec<&Mention> = self
                .starting_in(self.sentences[s].start, c.start)
                .filter(|m| m.kind != MentionKind::Adjective)
                .collect();
            let possessors: Vec<usize> = match plural {
                true => self.last_list(&in_sentence, Class::Country),
                false => in_sentence
                    .iter()
                    .find(|m| actor(m))
                    .map(|m| vec![m.entity])
                    .unwrap_or_default(),
            };
            if possessors.is_empty() {
                continue;
            }
            let wanted = if person {
                Class::Person
            } else {
                Class::Country
            };
            let from = self.sentences[s.saturating_sub(REACH)].start;
            let referent = self
                .starting_in(from, c.start)
                .filter(|m| m.end <= c.start && class_of(m) == wanted)
                .filter(|m| !possessors.contains(&m.entity))
                .last()
                .map(|m| m.entity);
            if let Some(ix) = referent {
                found.push((c.start, c.end, ix));
            }
        }
        for (start, end, ix) in found {
            self.push(start, end, ix, MentionKind::Nominal);
        }
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
    }

    /// The entities of the last list of `class` among `mentions` ("Poland
    /// and Latvia" in "Frontex sent officers to Lithuania, and Poland and
    /// Latvia sent guards").
    fn last_list(&self, mentions: &[&Mention], class: Class) -> Vec<usize> {
        let of_class: Vec<&&Mention> = mentions
            .iter()
            .filter(|m| self.table.records[m.entity].class == class)
            .collect();
        // One "and" ends a list: "to Lithuania, and Poland and Latvia" is
        // a clause joined to a list of two.
        let (mut list, mut and_seen) = (Vec::new(), false);
        for (i, m) in of_class.iter().enumerate().rev() {
            list.push(m.entity);
            let gap = match i {
                0 => break,
                _ => &self.text[of_class[i - 1].end..m.start],
            };
            let and = matches!(gap, " and " | ", and " | " or ");
            if (and && and_seen) || !(and || gap == ", ") {
                break;
            }
            and_seen |= and;
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{annotate, refers};

    #[test]
    fn its_ally_is_the_other_party_but_its_allies_are_nobody_in_particular() {
        let doc = annotate("Lithuania hosts the opposition. The Kremlin backed its ally Belarus. Moscow stood by its ally.");
        assert_eq!(refers(&doc, "its ally", 1), ["belarus"]);
        let doc = annotate(
            "Lithuania hosts the opposition. Washington would keep working with its allies.",
        );
        assert!(refers(&doc, "its allies", 0).is_empty());
    }
}
