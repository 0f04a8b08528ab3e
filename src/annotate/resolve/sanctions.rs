//! The sanctions pass: a sanctions noun to the entity of its imposers, named
//! right before it, as the subject of the sanctioning verb (never a place
//! after a preposition), or after "by";
//! else to the last sanctions entity of the document.

use super::{Cand, Ctx, What};
use crate::model::{Class, EntityRecord, Mention, MentionKind};

impl<'o> Ctx<'_, 'o> {
    /// A sanctions noun: the entity of its imposers, named just before it
    /// ("Western sanctions", "EU sanctions") or as the subject of the
    /// sentence ("the US and EU … imposed more sanctions"); else the last
    /// sanctions entity of the document.
    pub(super) fn sanctions(&mut self, c: &Cand) {
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
                // "ministers meeting in Luxembourg approved": a place after a
                // preposition is no subject.
                let placed = list.last().is_some_and(|m| {
                    let head = self.text[sent_start..m.start].trim_end();
                    matches!(
                        head.rsplit(' ').next(),
                        Some("in" | "at" | "from" | "to" | "near" | "outside")
                    )
                });
                if placed {
                    list.clear();
                }
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

fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{annotate, refers};

    #[test]
    fn the_subject_list_of_the_verb_imposes_the_sanctions() {
        let doc = annotate("The EU and Canada have imposed sanctions on Belarus.");
        assert_eq!(refers(&doc, "sanctions", 0), ["canada_eu_sanctions"]);
    }

    #[test]
    fn adjacent_imposers_are_part_of_the_mention() {
        let doc = annotate("Lithuania said new EU sanctions would hit Belarus.");
        assert_eq!(refers(&doc, "EU sanctions", 0), ["eu_sanctions"]);
    }

    #[test]
    fn a_later_bare_noun_is_the_last_sanctions() {
        let doc = annotate("Canada imposed sanctions on Minsk. The sanctions hit potash.");
        assert_eq!(refers(&doc, "sanctions", 1), ["canada_sanctions"]);
    }
}
