//! The pairs pass: "the two countries", "both leaders" to the two entities
//! of the class mentioned last.

use super::{Cand, Ctx, What};
use crate::model::MentionKind;

impl<'o> Ctx<'_, 'o> {
    /// "The two countries", "the two men", "when the two met": the two
    /// entities of the class mentioned last before the phrase (leaders
    /// only for "the two presidents").
    pub(super) fn pairs(&mut self, later: &[Cand]) {
        for c in later {
            let What::Pair(class, only_leaders) = c.what else {
                continue;
            };
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
                        && (!only_leaders || leaders.contains(&r.key));
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
}

#[cfg(test)]
mod tests {
    use super::super::testing::{annotate, refers};

    #[test]
    fn the_two_countries_are_the_last_two_named() {
        let doc =
            annotate("Poland protested. Russia and Belarus signed. The two countries agreed.");
        let mut pair = refers(&doc, "The two countries", 0);
        pair.sort();
        assert_eq!(pair, ["belarus", "russia"]);
    }

    #[test]
    fn the_two_presidents_are_leaders() {
        let doc = annotate(
            "Vladimir Putin met Alexander Lukashenko in Sochi. The two presidents \
             agreed on gas prices.",
        );
        let mut pair = refers(&doc, "The two presidents", 0);
        pair.sort();
        assert_eq!(pair, ["lukashenko", "putin"]);
    }

    #[test]
    fn a_bare_two_before_its_verb_are_the_last_two_people() {
        let doc = annotate(
            "Putin promised Lukashenko a loan when the two met in Sochi. \
             The two men also spoke by phone.",
        );
        for phrase in ["the two", "The two men"] {
            let mut pair = refers(&doc, phrase, 0);
            pair.sort();
            assert_eq!(pair, ["lukashenko", "putin"], "{phrase}");
        }
    }
}
