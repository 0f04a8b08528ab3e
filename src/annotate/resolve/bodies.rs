//! The bare ministries pass: "the interior ministry" to that ministry of
//! the first country its sentence refers to before it (the subject, mostly:
//! "Putin said fighters could sign contracts with the Defence Ministry"),
//! else of the first the sentence before it in its paragraph refers to,
//! else of the country the document is about, when the text names it.

use super::{Cand, Ctx, What};
use crate::model::{Class, MentionKind};

impl Ctx<'_, '_> {
    pub(super) fn bare_bodies(&mut self, later: &[Cand], focus: Option<&str>) {
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
        let focus = self
            .named_focus(focus)
            .map(|f| self.table.records[f].key.clone());
        for c in later {
            let What::BareBody(body) = &c.what else {
                continue;
            };
            let Some(country) = self.clause_country(c.start).or_else(|| focus.clone()) else {
                continue;
            };
            let ann = self.ann;
            match ann.bodies.of(&country, body, |n| ann.name_key(n)) {
                What::Name(key) => {
                    if let Some(e) = ann.onto.gazetteer.get(&key) {
                        let ix = self.table.add_entry(e);
                        self.push(c.start, c.end, ix, MentionKind::Name);
                    }
                }
                What::Body(label) => self.new_entity(c, label, Class::Organization),
                _ => {}
            }
        }
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
    }

    fn clause_country(&self, pos: usize) -> Option<String> {
        let s = self.sentence_of(pos)?;
        let first_in = |from: usize, to: usize| {
            self.starting_in(from, to)
                .filter(|m| m.end <= to)
                .find_map(|m| self.country_key(m))
        };
        let here = first_in(self.sentences[s].start, pos);
        let before = s
            .checked_sub(1)
            .filter(|&p| !self.text[self.sentences[p].start..pos].contains("\n\n"));
        here.or_else(|| {
            before.and_then(|p| first_in(self.sentences[p].start, self.sentences[p].end))
        })
    }
}
