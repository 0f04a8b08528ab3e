//! The descriptions pass: "the country", "the former Soviet republic" to a
//! country: the one referred to last before it in its sentence or the two
//! before (by name, adjective, or a person's office), else the document's
//! focus country if the text names it.

use super::{Cand, Ctx, What};
use crate::model::{Class, MentionKind};

/// How many sentences before a description its country may be named in.
const REACH: usize = 2;

impl Ctx<'_, '_> {
    pub(super) fn descriptions(&mut self, later: &[Cand], focus: Option<&str>) {
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
        // The focus only if the text names it (a description names nothing).
        let focus = focus
            .and_then(|k| self.table.index.get(k).copied())
            .filter(|&f| {
                self.mentions.iter().any(|m| {
                    m.entity == f && matches!(m.kind, MentionKind::Name | MentionKind::Metonym)
                })
            });
        let mut found = Vec::new();
        for c in later {
            let What::Description(Class::Country) = c.what else {
                continue;
            };
            let Some(s) = self.sentence_of(c.start) else {
                continue;
            };
            let from = self.sentences[s.saturating_sub(REACH)].start;
            // The nearest country before it: named, by adjective, or by the
            // office of a person ("Lukashenko, who has ruled the former
            // Soviet republic").
            let near = self
                .starting_in(from, c.start)
                .filter(|m| m.end <= c.start && m.kind != MentionKind::Pronoun)
                .filter_map(|m| {
                    let r = &self.table.records[m.entity];
                    match r.class {
                        Class::Country => Some(m.entity),
                        Class::Person => {
                            let key = self.person_country(&r.key)?;
                            self.table.index.get(&key).copied()
                        }
                        _ => None,
                    }
                })
                .last();
            let pick = near.or(focus);
            if let Some(ix) = pick {
                found.push((c.start, c.end, ix));
            }
        }
        for (start, end, ix) in found {
            self.push(start, end, ix, MentionKind::Nominal);
        }
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{annotate, refers};

    #[test]
    fn a_description_is_the_country_of_the_ruler_before_it() {
        let doc = annotate(
            "Protests shook Belarus and Russia. Alexander Lukashenko has ruled \
             the former Soviet republic since 1994.",
        );
        assert_eq!(refers(&doc, "the former Soviet republic", 0), ["belarus"]);
    }

    #[test]
    fn the_country_is_the_one_named_last() {
        let doc = annotate("Poland closed a crossing. Lithuania said the country would follow.");
        assert_eq!(refers(&doc, "the country", 0), ["lithuania"]);
    }

    #[test]
    fn a_country_by_its_adjective_counts_as_referred_to() {
        let doc = annotate(
            "Russia sent envoys. Belarusian police said protests in the \
             landlocked country had ended.",
        );
        assert_eq!(refers(&doc, "the landlocked country", 0), ["belarus"]);
    }

    #[test]
    fn a_proper_name_with_republic_is_no_description() {
        let doc = annotate("Belarus and the Czech Republic signed a deal.");
        let at = doc.doc.text.find("the Czech").unwrap();
        assert!(doc.mentions.iter().all(|m| m.start != at));
    }
}
