//! The descriptions pass: "the country", "the former Soviet republic" to a
//! country: the one referred to last before it in its sentence or the two
//! before (by name, adjective, or a person's office), else the document's
//! focus country if the text names it.

use super::{Cand, Ctx, What};
use crate::model::{Class, MentionKind};

/// How many sentences before a description its country may be named in.
const REACH: usize = 2;

impl Ctx<'_, '_> {
    /// The focus country's entity, only if the text names it (a
    /// description names nothing).
    pub(super) fn named_focus(&self, focus: Option<&str>) -> Option<usize> {
        focus
            .and_then(|k| self.table.index.get(k).copied())
            .filter(|&f| {
                self.mentions.iter().any(|m| {
                    m.entity == f && matches!(m.kind, MentionKind::Name | MentionKind::Metonym)
                })
            })
    }

    /// The country that `fits` referred to last before `pos` in its
    /// sentence or the two before: by name, adjective, or the office of a
    /// person ("Lukashenko, who has ruled the former Soviet republic").
    fn country_before(&self, pos: usize, fits: &dyn Fn(&usize) -> bool) -> Option<usize> {
        let s = self.sentence_of(pos)?;
        let from = self.sentences[s.saturating_sub(REACH)].start;
        // "The EU and the United States imposed sanctions on the republic",
        // "Russian soldiers would be stationed in the country": a country
        // in the description's own clause is not the one it describes.
        let own_clause = |m: &crate::model::Mention| {
            let between = &self.text[m.end..pos];
            m.start >= self.sentences[s].start && !clause_break(between)
        };
        self.starting_in(from, pos)
            .filter(|m| m.end <= pos && !own_clause(m))
            .filter_map(|m| self.as_country(m))
            .filter(|ix| fits(ix))
            .last()
    }

    /// The country a mention refers to: a country, or a person's by office.
    fn as_country(&self, m: &crate::model::Mention) -> Option<usize> {
        let key = self.country_key(m)?;
        self.table.index.get(&key).copied()
    }

    /// The key of the country a mention refers to (named or not).
    pub(super) fn country_key(&self, m: &crate::model::Mention) -> Option<String> {
        let r = &self.table.records[m.entity];
        match r.class {
            _ if m.kind == MentionKind::Pronoun => None,
            Class::Country => Some(r.key.clone()),
            Class::Person => self.person_country(&r.key),
            _ => None,
        }
    }

    pub(super) fn descriptions(&mut self, later: &[Cand], focus: Option<&str>) {
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
        let focus = self.named_focus(focus);
        let mut found = Vec::new();
        for c in later {
            if let What::Description(Class::Place) = c.what {
                if let Some(ix) = self.capital_described(c) {
                    found.push((c.start, c.end, ix));
                }
                continue;
            }
            let What::Description(Class::Country) = c.what else {
                continue;
            };
            // "the Baltic state": only a country its modifier allows.
            let phrase = self.text[c.start..c.end]
                .to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let allowed = self
                .ann
                .onto
                .lexicon
                .description_modifiers
                .iter()
                .find(|(m, _)| phrase.contains(m.as_str()));
            let fits = |ix: &usize| {
                allowed.is_none_or(|(_, keys)| keys.contains(&self.table.records[*ix].key))
            };
            let near = self.country_before(c.start, &fits);
            let pick = near.or(focus.filter(fits));
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

impl Ctx<'_, '_> {
    /// "the Belarusian capital" → Minsk: the gazetteer capital of the state
    /// the adjective names.
    fn capital_described(&mut self, c: &Cand) -> Option<usize> {
        let adjective = self.text[c.start..c.end].split_whitespace().nth(1)?;
        let gazetteer = &self.ann.onto.gazetteer;
        let state = gazetteer.get(&self.ann.lookup(adjective)?)?;
        let capital = gazetteer.get(state.capital.as_deref()?)?;
        Some(self.table.add_entry(capital))
    }
}

/// Whether text between two words holds a clause boundary: a comma or
/// colon, or a word that opens or reports a clause.
fn clause_break(between: &str) -> bool {
    const OPENERS: [&str; 12] = [
        " that ",
        " said",
        " says",
        " which ",
        " who ",
        " while ",
        " but ",
        " because ",
        " after ",
        " when ",
        " told ",
        " where ",
    ];
    between.contains([',', ';', ':', '—', '(']) || OPENERS.iter().any(|w| between.contains(w))
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
    fn a_country_of_the_descriptions_own_clause_is_not_the_one_described() {
        let doc = annotate(
            "Makei led Belarus's diplomacy. The EU and the United States imposed new \
             sanctions on the republic.",
        );
        assert_eq!(refers(&doc, "the republic", 0), ["belarus"]);
        let doc = annotate(
            "Belarus' Defense Ministry said that 9,000 Russian soldiers would be \
             stationed in the country.",
        );
        assert_eq!(refers(&doc, "the country", 0), ["belarus"]);
    }

    #[test]
    fn the_country_is_the_one_named_last() {
        let doc = annotate("Poland closed a crossing. Lithuania said the country would follow.");
        assert_eq!(refers(&doc, "the country", 0), ["lithuania"]);
    }

    #[test]
    fn the_capital_of_an_adjective_is_its_city() {
        let doc = annotate("Medvedev arrived in the Belarusian capital in the morning.");
        assert_eq!(refers(&doc, "the Belarusian capital", 0), ["minsk"]);
        // In apposition the name is there for the rules to read.
        let doc = annotate("She lives in Vilnius, the Lithuanian capital, with her children.");
        assert!(refers(&doc, "the Lithuanian capital", 0).is_empty());
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
    fn a_descriptions_modifier_picks_a_country_it_fits() {
        let doc = annotate(
            "Lithuania closed two crossings on its border with Belarus on Friday. \
             The Baltic state accused Minsk of sending migrants.",
        );
        assert_eq!(refers(&doc, "The Baltic state", 0), ["lithuania"]);
        let doc = annotate(
            "Belarus and Russia signed a treaty. Lukashenko met Putin. \
             The former Soviet republic has been ruled by Lukashenko since 1994.",
        );
        assert_eq!(refers(&doc, "The former Soviet republic", 0), ["belarus"]);
    }

    #[test]
    fn a_proper_name_with_republic_is_no_description() {
        let doc = annotate("Belarus and the Czech Republic signed a deal.");
        let at = doc.doc.text.find("the Czech").unwrap();
        assert!(doc.mentions.iter().all(|m| m.start != at));
    }
}
