//! The neuter pronouns pass: "it"/"its" to a state or organisation,
//! "they"/"their"/"them" to the members of a list ("Poland, Lithuania and
//! Latvia", "the two leaders"). Only one antecedent may fit: the one of the
//! sentence before the pronoun, else of the sentence before that one; where
//! two fit, or none, the pronoun stays unresolved (a wrong country costs
//! more than a missed one).

use super::{Cand, Ctx, What};
use crate::annotate::quote_spans;
use crate::model::{Class, Mention, MentionKind};

/// Words before a subject "it" ("Belarus said it would …", "…, and it
/// closed"): elsewhere "it" is an object, mostly of a thing.
const BEFORE_SUBJECT: &[&str] = &[
    "that", "and", "but", "said", "says", "because", "as", "if", "when", "while", "after",
    "before", "since", "where", "although", "though", "so",
];

/// Verbs after an expletive "it" ("it is unclear", "it seems"): no referent.
const EXPLETIVE_VERBS: &[&str] = &[
    "is", "was", "'s", "’s", "seems", "seemed", "appears", "appeared", "remains", "remained",
    "takes", "took", "became", "becomes", "matters", "means", "meant", "looks", "looked",
];

impl<'o> Ctx<'_, 'o> {
    /// Resolves "it", "its", "they", "their" and "them" (see the module doc).
    pub(super) fn neuters(&mut self, later: &[Cand]) {
        let quotes = quote_spans(self.text);
        let inside = |pos: usize| {
            let i = quotes.partition_point(|&(s, _)| s < pos);
            i > 0 && pos < quotes[i - 1].1
        };
        self.mentions.sort_by_key(|m| (m.start, m.end));
        self.all_sorted();
        let sorted = self.mentions.len();
        let mut found: Vec<(usize, usize, Vec<usize>)> = Vec::new();
        for c in later {
            let What::Neuter { plural } = c.what else {
                continue;
            };
            if inside(c.start) {
                continue;
            }
            let Some(s) = self.sentence_of(c.start) else {
                continue;
            };
            if !plural && !self.subject_or_possessive(c) {
                continue;
            }
            // Mentions are sorted by position, hence by sentence: a binary
            // search finds a sentence's (a scan of all was quadratic).
            let pick = |p: usize, until: usize| {
                let all = &self.mentions[..sorted];
                let lo = all.partition_point(|m| m.sentence < p);
                let hi = all.partition_point(|m| m.sentence <= p);
                let scope: Vec<&Mention> = all[lo..hi]
                    .iter()
                    .filter(|m| m.kind != MentionKind::Adjective && m.end <= until)
                    .filter(|m| !inside(m.start))
                    .collect();
                if plural {
                    self.one_list(&scope, p != s)
                } else {
                    let one = self.one_actor(&scope);
                    // "Lithuania, a member of NATO and the EU, has … It
                    // accuses Minsk": from the sentence before, its
                    // subject when several states fit
                    let one = match one {
                        Some(None) if p != s => self.subject_actor(&scope, p).map(Some),
                        one => one,
                    };
                    one.map(|one| one.map(|ix| vec![ix]))
                }
            };
            // A possessive's antecedent in its own sentence adds nothing a
            // rule needs (the state is named there) but a slot between the
            // words a rule reads ("Russia is sending its paratroopers to
            // Belarus"): only one from the sentence before is resolved.
            let possessive = matches!(
                &self.text[c.start..c.end],
                "its" | "Its" | "their" | "Their"
            );
            let here = if possessive { None } else { pick(s, c.start) };
            // Reaching back only from the start of a sentence ("They
            // accused …", "But it said …", "Its army …"): a pronoun after
            // words of its own sentence may well be theirs ("Russian forces
            // used … for their assault").
            let words_before = self.text[self.sentences[s].start..c.start]
                .split_whitespace()
                .count();
            let pick = match here {
                Some(Some(ixs)) => Some(ixs),
                Some(None) => None, // ambiguous here: no reaching back
                None if words_before <= 1 => {
                    s.checked_sub(1).and_then(|p| pick(p, usize::MAX)).flatten()
                }
                None => None,
            };
            if let Some(ixs) = pick {
                found.push((c.start, c.end, ixs));
            }
        }
        for (start, end, ixs) in found {
            for ix in ixs {
                self.push(start, end, ix, MentionKind::Pronoun);
            }
        }
        self.mentions.sort_by_key(|m| (m.start, m.end));
        self.all_sorted();
    }

    /// Whether "it" stands as a subject (not after an object's verb or a
    /// preposition, not an expletive "it is …") or is "its".
    fn subject_or_possessive(&self, c: &Cand) -> bool {
        let word = &self.text[c.start..c.end];
        if word.eq_ignore_ascii_case("its") {
            return true;
        }
        let next = self.text[c.end..].split_whitespace().next().unwrap_or("");
        let next = next.trim_end_matches([',', '.', ';']);
        if EXPLETIVE_VERBS.contains(&next) || next.starts_with(['\'', '’']) {
            return false;
        }
        let sentence = &self.sentences[self.sentence_of(c.start).unwrap_or(0)];
        let before = self.text[sentence.start..c.start].trim_end();
        before.is_empty()
            || before.ends_with(',')
            || before
                .rsplit(|ch: char| !ch.is_alphabetic())
                .next()
                .is_some_and(|w| BEFORE_SUBJECT.contains(&w.to_lowercase().as_str()))
    }

    /// The state or organisation that opens sentence `p` as its subject
    /// (its first mention, at most one word after the sentence start, or
    /// the mention right after it that heads their phrase).
    fn subject_actor(&self, scope: &[&Mention], p: usize) -> Option<usize> {
        let opening = scope.first()?;
        let before = &self.text[self.sentences[p].start..opening.start];
        // "The opposition United Civic Party": the last of adjacent
        // mentions heads the phrase
        let mut first = opening;
        for m in &scope[1..] {
            if m.start < first.end || !self.text[first.end..m.start].trim().is_empty() {
                break;
            }
            first = m;
        }
        // "Poland and Lithuania met. It …": no one of a pair
        let listed = scope.iter().any(|m| {
            m.start >= first.end
                && matches!(
                    self.text[first.end..m.start].trim(),
                    "and" | "," | "or" | ", and"
                )
        });
        let actor = !listed
            && matches!(
                self.table.records[first.entity].class,
                Class::Country | Class::Organization
            );
        (actor && before.split_whitespace().count() <= 1).then_some(first.entity)
    }

    /// The one state or organisation among `scope`: `None` if there is
    /// none, `Some(None)` if there are two or more.
    fn one_actor(&self, scope: &[&Mention]) -> Option<Option<usize>> {
        let mut actors: Vec<usize> = scope
            .iter()
            .filter(|m| {
                matches!(
                    self.table.records[m.entity].class,
                    Class::Country | Class::Organization
                )
            })
            .map(|m| m.entity)
            .collect();
        actors.dedup();
        actors.sort_unstable();
        actors.dedup();
        match actors.len() {
            0 => None,
            1 => Some(Some(actors[0])),
            _ => Some(None),
        }
    }

    /// The one list among `scope`: two or more mentions of one class (not
    /// events or places) with only commas and "and" between them, or two
    /// entities of one span ("the two leaders"). `None` if there is none,
    /// `Some(None)` if there are two or more. With `subject`, only a list
    /// that no other state, organisation or person precedes counts (the
    /// subject of the sentence before, not the objects of its verb).
    fn one_list(&self, scope: &[&Mention], subject: bool) -> Option<Option<Vec<usize>>> {
        let class = |m: &Mention| self.table.records[m.entity].class;
        let joined = |a: &Mention, b: &Mention| {
            (a.start, a.end) == (b.start, b.end)
                || (b.start >= a.end
                    && matches!(
                        self.text[a.end..b.start].trim(),
                        "," | "and" | ", and" | "&" | "as well as"
                    ))
        };
        let mut lists: Vec<Vec<usize>> = Vec::new();
        let mut run: Vec<&Mention> = Vec::new();
        let mut close = |run: &mut Vec<&Mention>| {
            let mut ixs: Vec<usize> = run.iter().map(|m| m.entity).collect();
            ixs.sort_unstable();
            ixs.dedup();
            if ixs.len() >= 2 {
                lists.push(ixs);
            }
            run.clear();
        };
        for &m in scope {
            let fits = matches!(
                class(m),
                Class::Country | Class::Organization | Class::Person
            );
            match run.last() {
                Some(&last) if fits && class(last) == class(m) && joined(last, m) => run.push(m),
                Some(_) if subject => break,
                _ => {
                    close(&mut run);
                    if fits {
                        run.push(m);
                    }
                }
            }
        }
        close(&mut run);
        match lists.len() {
            0 => None,
            1 => Some(lists.pop()),
            _ => Some(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{annotate, refers};

    #[test]
    fn it_is_the_subject_of_the_sentence_before_when_several_states_fit() {
        let doc = annotate(
            "Lithuania, a member of NATO and the EU, has criticised Belarus. \
             It accuses Minsk of smuggling.",
        );
        assert_eq!(refers(&doc, "It", 0), ["lithuania"]);
        // the head of "The opposition United Civic Party" is the party
        let doc = annotate(
            "The opposition United Civic Party has called a rally against Russia. \
             Its chairman, Nikolai Kozlov, spoke.",
        );
        assert_eq!(refers(&doc, "Its", 0), ["united_civic_party"]);
        // an object in its own sentence leaves "it" unresolved
        let doc = annotate("Poland and Lithuania met. It said nothing.");
        assert!(refers(&doc, "It", 0).is_empty());
    }

    #[test]
    fn they_are_the_countries_of_the_list_before() {
        let doc = annotate(
            "Poland, Lithuania and Latvia closed the border with Belarus. \
             They accused Minsk of staging the crisis.",
        );
        let mut got = refers(&doc, "They", 0);
        got.sort();
        assert_eq!(got, ["latvia", "lithuania", "poland"]);
    }

    #[test]
    fn they_are_the_two_leaders() {
        let doc = annotate(
            "Vladimir Putin and Alexander Lukashenko met in Sochi on Friday. \
             They discussed gas prices.",
        );
        let mut got = refers(&doc, "They", 0);
        got.sort();
        assert_eq!(got, ["lukashenko", "putin"]);
    }

    #[test]
    fn they_are_the_subject_list_not_the_object_list() {
        let doc = annotate(
            "Poland and Lithuania met Germany and France in Paris. They \
             agreed on nothing.",
        );
        let mut got = refers(&doc, "They", 0);
        got.sort();
        assert_eq!(got, ["lithuania", "poland"]);
    }

    #[test]
    fn they_with_two_lists_in_their_own_sentence_stay_unresolved() {
        let doc = annotate("Poland and Lithuania told Germany and France that they would wait.");
        assert!(refers(&doc, "they", 0).is_empty());
    }

    #[test]
    fn they_with_no_list_is_not_a_lone_country() {
        let doc = annotate("Belarus jailed the protesters. They had demanded new elections.");
        assert!(refers(&doc, "They", 0).is_empty());
    }

    #[test]
    fn it_as_subject_is_the_one_state_before() {
        let doc = annotate("Belarus recalled the ambassador. It said the move was temporary.");
        assert_eq!(refers(&doc, "It", 0), ["belarus"]);
        let doc = annotate("Belarus held drills on Monday. Its army marched to the border.");
        assert_eq!(refers(&doc, "Its", 0), ["belarus"]);
    }

    #[test]
    fn its_with_two_states_before_stays_unresolved() {
        let doc = annotate("Russia met Belarus in Minsk. Officials praised its army.");
        assert!(refers(&doc, "its", 0).is_empty());
    }

    #[test]
    fn a_possessive_in_its_antecedents_sentence_stays_unresolved() {
        let doc = annotate("Russia is sending its paratroopers to Belarus.");
        assert!(refers(&doc, "its", 0).is_empty());
    }

    #[test]
    fn an_expletive_it_refers_to_nothing() {
        let doc = annotate("The European Union met in Brussels. It is unclear what comes next.");
        assert!(refers(&doc, "It", 0).is_empty());
    }

    #[test]
    fn an_object_it_is_no_state() {
        let doc = annotate("Lithuania read the treaty and signed it on Monday.");
        assert!(refers(&doc, "it", 0).is_empty());
    }

    #[test]
    fn its_reaches_back_one_sentence_only() {
        let doc = annotate(
            "Belarus held drills. Soldiers marched for days. Officers praised \
             its army.",
        );
        assert!(refers(&doc, "its", 0).is_empty());
    }

    #[test]
    fn they_after_words_of_their_own_sentence_do_not_reach_back() {
        let doc = annotate(
            "Poland and Latvia protested. Russian troops used Belarus as a \
             base for their assault on Kyiv.",
        );
        assert!(refers(&doc, "their", 0).is_empty());
    }

    #[test]
    fn they_are_not_the_objects_of_the_sentence_before() {
        let doc = annotate(
            "At the summit the EU leaders demanded the release of Roman \
             Protasevich and Sofia Sapega. They also banned Belavia.",
        );
        assert!(refers(&doc, "They", 0).is_empty());
    }
}
