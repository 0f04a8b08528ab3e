//! The definites pass: "the forum", "the treaty", "the plant" to the last
//! named event, agreement, organisation or place whose names hold that word.

use super::{Cand, Ctx, What};
use crate::model::{Class, MentionKind};
use std::collections::HashMap;

impl<'o> Ctx<'_, 'o> {
    /// "the forum" → the last named event, agreement or organisation whose
    /// label or aliases contain "forum" as a word.
    pub(super) fn definites(&mut self, later: &[Cand]) {
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
                        Class::Event | Class::Agreement | Class::Organization | Class::Place
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
}

#[cfg(test)]
mod tests {
    use super::super::testing::{annotate, refers};

    #[test]
    fn the_forum_is_the_named_forum_before_it() {
        let doc = annotate(
            "Putin opened the Forum of Regions in Minsk. Governors from both \
             countries spoke at the forum.",
        );
        assert_eq!(refers(&doc, "the forum", 0), ["forum_of_regions"]);
    }

    #[test]
    fn a_verb_after_the_noun_is_not_its_head() {
        let doc = annotate(
            "The Belarusian Defence Ministry announced the news. The ministry said \
             crews had completed training.",
        );
        assert_eq!(
            refers(&doc, "The ministry", 0),
            ["belarusian_defence_ministry"]
        );
    }
}
