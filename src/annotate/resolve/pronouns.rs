//! The pronouns pass: he/him/his, she/her to a person of that gender, the
//! first (outside quotations) of the current sentence before the pronoun,
//! else of the nearest earlier sentence that has one.

use super::{Cand, Ctx, What};
use crate::annotate::quote_spans;
use crate::model::{Class, Mention, MentionKind};
use std::collections::BTreeSet;

impl<'o> Ctx<'_, 'o> {
    /// Pronouns: the first person (outside quotations) of the current
    /// sentence before the pronoun, else of the nearest earlier sentence.
    pub(super) fn pronouns(&mut self, later: &[Cand]) {
        let quotes = quote_spans(self.text);
        // Quotes are sorted and disjoint: only the last one starting before
        // `pos` can hold it.
        let inside = |pos: usize| {
            let i = quotes.partition_point(|&(s, _)| s < pos);
            i > 0 && pos < quotes[i - 1].1
        };
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
        // Mentions pushed below are pronouns, never antecedents; the ones
        // before are sorted by position, hence by sentence.
        let sorted = self.mentions.len();
        let in_sentence = |mentions: &[Mention], p: usize| {
            let lo = mentions[..sorted].partition_point(|m| m.sentence < p);
            let hi = mentions[..sorted].partition_point(|m| m.sentence <= p);
            lo..hi
        };
        // The latest sentence up to each sentence that holds a person who
        // could be "he" (index 0) or "she" (index 1): the fallback below
        // then costs nothing (it scanned every earlier sentence before).
        let mut latest: [Vec<Option<usize>>; 2] = [
            vec![None; self.sentences.len()],
            vec![None; self.sentences.len()],
        ];
        let marked = self.gender_marks(&self.mentions[..sorted]);
        let females: Vec<bool> = (self.table.records.iter().enumerate())
            .map(|(ix, r)| {
                let guess = || self.is_female(&r.key, &r.label);
                marked.get(&ix).copied().unwrap_or_else(guess)
            })
            .collect();
        let female_of = |ix: usize| females[ix];
        for m in &self.mentions[..sorted] {
            let r = &self.table.records[m.entity];
            if r.class == Class::Person && !inside(m.start) && m.kind != MentionKind::Pronoun {
                let female = usize::from(female_of(m.entity));
                latest[female][m.sentence] = Some(m.sentence);
            }
        }
        for column in &mut latest {
            for p in 1..column.len() {
                column[p] = column[p].or(column[p - 1]);
            }
        }
        // "he" or "she" resolved in the current sentence, first one first:
        // (sentence, female, entity).
        let mut subject_pronoun: Option<(usize, bool, usize)> = None;
        for c in later {
            if !matches!(c.what, What::Age | What::Pronoun { .. }) || inside(c.start) {
                continue;
            }
            let Some(s) = self.sentence_of(c.start) else {
                continue;
            };
            let person = |m: &&Mention| {
                let r = &self.table.records[m.entity];
                r.class == Class::Person && !inside(m.start) && m.kind != MentionKind::Pronoun
            };
            // "the 66-year-old": nobody whose known year of birth gives
            // another age on the document's date.
            let age = self.age_in(&self.text[c.start..c.end]);
            // Some(true): born the year the age gives; None: unknown.
            let age_fits = |entity: usize| {
                let born = self
                    .entry(&self.table.records[entity].key)
                    .and_then(|e| e.born);
                match (
                    age,
                    born,
                    self.year.as_deref().and_then(|y| y.parse::<i32>().ok()),
                ) {
                    (Some(a), Some(b), Some(y)) => Some(y - b == a || y - b - 1 == a),
                    _ => None,
                }
            };
            let aged = |m: &&Mention| age_fits(m.entity) != Some(false);
            let person = |m: &&Mention| person(m) && aged(m);
            let possessive = matches!(&self.text[c.start..c.end], "his" | "His" | "her" | "Her");
            let pick = if let What::Pronoun { female } = c.what {
                let fits = |m: &&Mention| person(m) && female_of(m.entity) == female;
                // A sentence's subject: its first person of the gender, past
                // a possessor ("Protasevich's father, Dmitry Protasevich,
                // told NPR …").
                let possessor = |m: &&Mention| self.text[m.end..].starts_with(['\'', '’']);
                let subject = |ms: &'_ [Mention]| -> Option<usize> {
                    let mut fit = ms.iter().enumerate().filter(|(_, m)| fits(m));
                    let first = fit.clone().next().map(|(i, _)| i);
                    fit.find(|(_, m)| !possessor(m)).map(|(i, _)| i).or(first)
                };
                // "his"/"her" after "X to <verb>" are X's ("allowed Putin to
                // launch his invasion"); else, like "he"/"she", the sentence's
                // first person (its subject).
                let before = self.mentions[in_sentence(&self.mentions, s)]
                    .iter()
                    .filter(|m| m.end <= c.start);
                let infinitive = |m: &&Mention| self.text[m.end..].trim_start().starts_with("to ");
                // "… arrested journalist Roman Protasevich and held him":
                // an object "him" is the nearest person before it, unless
                // that person is the subject of its own verb ("Lukashenko
                // said Putin had called him": Lukashenko).
                let object = &self.text[c.start..c.end] == "him";
                let here = if object {
                    let cands: Vec<&Mention> = before.filter(fits).collect();
                    let governs = |m: &&Mention| {
                        // past an apposition's closing comma ("X, an ally of
                        // Putin, signed …")
                        let after = self.text[m.end..].trim_start_matches([',', ' ']);
                        let next = after.split_whitespace().next().unwrap_or("");
                        // a relative clause governs only a pronoun inside it
                        let closed = next == "who"
                            && self.text[m.end..c.start]
                                .trim_start_matches([',', ' '])
                                .contains(',');
                        finite_like(next) && !closed
                    };
                    let nearest = cands.last().filter(|m| !governs(m));
                    nearest.or(cands.first()).copied()
                } else if possessive {
                    let cands: Vec<&Mention> = before.filter(fits).collect();
                    cands
                        .iter()
                        .rev()
                        .find(|m| infinitive(m))
                        .or(cands.first())
                        .copied()
                } else {
                    // "In 2000, he became an aide to Lukashenko, and from
                    // 2008 he headed …": a second "he" of a sentence is
                    // the first one's.
                    let prior = subject_pronoun
                        .filter(|&(ps, pf, _)| ps == s && pf == female)
                        .and_then(|(.., e)| self.mentions[..sorted].iter().find(|m| m.entity == e));
                    let ms = &self.mentions[in_sentence(&self.mentions, s)];
                    let n = ms.iter().take_while(|m| m.end <= c.start).count();
                    prior.or_else(|| subject(&ms[..n]).map(|i| &ms[i]))
                };
                // "The 67-year-old added … . “…,” he said": a description
                // opening the sentence before, ahead of any name there.
                let described = || {
                    let p = s.checked_sub(1)?;
                    let named = self.mentions[in_sentence(&self.mentions, p)]
                        .iter()
                        .find(fits)
                        .map(|m| m.start);
                    self.mentions[sorted..].iter().find(|m| {
                        m.sentence == p
                            && self.text[m.start..m.end].contains("-year-old")
                            && self.table.records[m.entity].class == Class::Person
                            && female_of(m.entity) == female
                            && named.is_none_or(|n| m.start < n)
                    })
                };
                here.or_else(described).or_else(|| {
                    let p = s
                        .checked_sub(1)
                        .and_then(|p| latest[usize::from(female)][p])?;
                    let ms = &self.mentions[in_sentence(&self.mentions, p)];
                    subject(ms).map(|i| &ms[i])
                })
            } else if self.text[c.start..c.end].split(' ').count() > 2 {
                // "the 70-year-old leader": of the people named before who
                // hold an office of a state, the one named most (the
                // story's protagonist, not whoever was named last); ties:
                // the one named first
                let mut counts: std::collections::BTreeMap<usize, (usize, usize)> =
                    Default::default();
                for m in self.mentions[..sorted]
                    .iter()
                    .filter(|m| m.end <= c.start)
                    .filter(person)
                {
                    counts.entry(m.entity).or_insert((0, m.start)).0 += 1;
                }
                // someone whose year of birth gives the age wins over
                // people of unknown age
                let sure = counts.keys().any(|&e| age_fits(e) == Some(true));
                counts
                    .into_iter()
                    .filter(|(e, _)| !sure || age_fits(*e) == Some(true))
                    .filter(|(e, _)| self.person_country(&self.table.records[*e].key).is_some())
                    .max_by_key(|&(_, (n, first))| (n, std::cmp::Reverse(first)))
                    .and_then(|(e, _)| self.mentions[..sorted].iter().find(|m| m.entity == e))
            } else {
                // "the 67-year-old": the first person of the nearest of the
                // five sentences before that names one; but people there
                // whose known year of birth gives the age win over people
                // of unknown age, and of them the one the text has named
                // most (Lukashenko, not his interviewer Kiselyov, both 67
                // in 2021)
                let window = s.saturating_sub(5)..s;
                let sure: BTreeSet<usize> = window
                    .clone()
                    .flat_map(|p| &self.mentions[in_sentence(&self.mentions, p)])
                    .filter(person)
                    .filter(|m| age_fits(m.entity) == Some(true))
                    .map(|m| m.entity)
                    .collect();
                let named = |e: usize| {
                    self.mentions[..sorted]
                        .iter()
                        .filter(|m| m.entity == e && m.end <= c.start)
                        .count()
                };
                let most = sure.iter().copied().max_by_key(|&e| named(e));
                let most = most.and_then(|e| {
                    self.mentions[..sorted]
                        .iter()
                        .rev()
                        .find(|m| m.entity == e && m.end <= c.start)
                });
                most.or_else(|| {
                    window.rev().find_map(|p| {
                        self.mentions[in_sentence(&self.mentions, p)]
                            .iter()
                            .find(person)
                    })
                })
            };
            if let (Some(m), &What::Pronoun { female }) = (pick, &c.what) {
                let first_here = subject_pronoun.is_none_or(|(ps, ..)| ps != s);
                if !possessive && first_here {
                    subject_pronoun = Some((s, female, m.entity));
                }
            }
            if let Some(m) = pick {
                let ix = m.entity;
                self.push(c.start, c.end, ix, MentionKind::Pronoun);
            }
        }
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
    }

    /// The people the text marks as female (true) or male (false) by a
    /// noun or title next to a mention: "his wife Janina Demuch", "Ms.
    /// Kolesnikova", "Eduard, his son". A noun before the name is its own
    /// ("wife X"); after the name only an apposition counts ("X, his wife").
    fn gender_marks(&self, mentions: &[Mention]) -> std::collections::HashMap<usize, bool> {
        let lex = &self.ann.onto.lexicon;
        let gender = |word: &str| {
            let word = word.trim_end_matches('.');
            let is = |list: &str| lex.words(list).iter().any(|w| w == word);
            match (is("female_noun"), is("male_noun")) {
                (true, false) => Some(true),
                (false, true) => Some(false),
                _ => None,
            }
        };
        let mut marks = std::collections::HashMap::new();
        for m in mentions {
            if self.table.records[m.entity].class != Class::Person || m.kind == MentionKind::Pronoun
            {
                continue;
            }
            let before = self.text[..m.start].trim_end().trim_end_matches(',');
            let noun = before.rsplit(char::is_whitespace).next().unwrap_or("");
            let after = self.text[m.end..].strip_prefix(", ").unwrap_or("");
            let mut words = after.split_whitespace();
            let appositive = match words.next() {
                Some("his" | "her" | "their" | "the" | "a" | "whose") => words.next(),
                _ => None,
            };
            let found = gender(noun)
                .or_else(|| appositive.and_then(|w| gender(w.trim_end_matches([',', '.', ';']))));
            if let Some(female) = found {
                marks.entry(m.entity).or_insert(female);
            }
        }
        marks
    }

    /// The age an age description gives ("the 66-year-old leader" → 66).
    fn age_in(&self, phrase: &str) -> Option<i32> {
        let at = phrase.find("-year-old")?;
        let digits = phrase[..at].rsplit(|c: char| !c.is_ascii_digit()).next()?;
        digits.parse().ok()
    }

    fn is_female(&self, key: &str, label: &str) -> bool {
        if let Some(g) = self.entry(key).and_then(|e| e.gender) {
            return g == 'f';
        }
        let first = label.split_whitespace().next().unwrap_or("");
        if self
            .ann
            .onto
            .lexicon
            .given_names
            .get("female")
            .is_some_and(|l| l.iter().any(|n| n == first))
        {
            return true;
        }
        let last = label.split_whitespace().last().unwrap_or("");
        ["aya", "ova", "eva", "ina", "ska", "skaya"]
            .iter()
            .any(|s| last.ends_with(s))
    }
}

/// A word that reads as the finite verb (or its auxiliary) of the name
/// before it: "had", "said", "called", "says", or opens its relative
/// clause ("Putin, who has supported him").
fn finite_like(word: &str) -> bool {
    let w = word.trim_end_matches([',', '.', ';']);
    matches!(
        w,
        "had" | "has" | "have" | "was" | "is" | "will" | "would" | "could" | "did" | "does" | "who"
    ) || (w.chars().all(|c| c.is_ascii_lowercase()) && (w.ends_with("ed") || w.ends_with("ys")))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{annotate, annotate_on, refers};

    #[test]
    fn an_age_is_nobody_whose_year_of_birth_gives_another() {
        // Putin (born 1952) was 68 in February 2021, Lukashenko (1954) 66.
        let doc = annotate_on(
            "Alexander Lukashenko flew to Sochi for talks. Vladimir Putin met \
             his guest. The 66-year-old said little.",
            "2021-02-22",
        );
        assert_eq!(refers(&doc, "The 66-year-old", 0), ["lukashenko"]);
        // Nobody of that age named: no one.
        let doc = annotate_on(
            "Vladimir Putin met the press. The 40-year-old said little.",
            "2021-02-22",
        );
        assert!(refers(&doc, "The 40-year-old", 0).is_empty());
        // Someone whose age is known and fits wins over people of unknown
        // age named more (Pompeo has no year of birth in the gazetteer).
        let doc = annotate_on(
            "Mike Pompeo arrived in Minsk. Pompeo met Alexander Lukashenko. At the \
             start of his meeting with Pompeo, the 65-year-old leader spoke.",
            "2020-02-01",
        );
        assert_eq!(refers(&doc, "the 65-year-old leader", 0), ["lukashenko"]);
        // So in the short form, over someone of unknown age named last.
        let doc = annotate_on(
            "Alyaksandr Lukashenka said Crimea was Russian. He told Dmitry Kiselyov so. \
             Kiselyov has been under EU sanctions since 2014. The 67-year-old added more.",
            "2021-12-01",
        );
        assert_eq!(refers(&doc, "The 67-year-old", 0), ["lukashenko"]);
    }

    #[test]
    fn a_second_he_of_a_sentence_is_the_first_ones() {
        let doc = annotate(
            "Vladimir Makei was born in 1958. In 2000, he became an aide to \
             Alexander Lukashenko, and from 2008 to 2012 he headed his administration.",
        );
        assert_eq!(refers(&doc, "he", 0), ["makei"]);
        assert_eq!(refers(&doc, "he", 1), ["makei"]);
    }

    #[test]
    fn an_object_him_is_the_nearest_man_who_is_not_its_verbs_subject() {
        let doc = annotate(
            "Volodymyr Zelensky's government halted flights after the authorities forced \
             a jet carrying journalist Roman Protasevich to land and arrested him.",
        );
        assert_eq!(refers(&doc, "him", 0), ["protasevich"]);
        let doc = annotate("Alexander Lukashenko said Vladimir Putin had called him.");
        assert_eq!(refers(&doc, "him", 0), ["lukashenko"]);
        let doc = annotate("Alexander Lukashenko met Vladimir Putin, who has supported him.");
        assert_eq!(refers(&doc, "him", 0), ["lukashenko"]);
        // past the relative clause's end, its person is no subject
        let doc = annotate(
            "Vladimir Putin, an ally of Alexander Lukashenko who has propped up his \
             regime, met him after the parade.",
        );
        assert_eq!(refers(&doc, "him", 0), ["lukashenko"]);
    }

    #[test]
    fn he_is_the_age_description_opening_the_sentence_before() {
        let doc = annotate_on(
            "Alyaksandr Lukashenka spoke to Dmitry Kiselyov. The 67-year-old added that he \
             would fly there with Vladimir Putin. \"We will agree on that,\" he said.",
            "2021-12-01",
        );
        assert_eq!(refers(&doc, "he", 1), ["lukashenko"]);
    }

    #[test]
    fn he_is_the_subject_past_a_possessor_of_the_sentence_before() {
        let doc = annotate(
            "Roman Protasevich was pardoned. Protasevich's father, Dmitry Protasevich, \
             told NPR the family had learned the news. He said they were glad.",
        );
        assert_eq!(refers(&doc, "He", 0), ["dmitry_protasevich"]);
        // with no one else to be, the possessor still is
        let doc = annotate("Putin's spokesman spoke first. He said nothing.");
        assert_eq!(refers(&doc, "He", 0), ["putin"]);
    }

    #[test]
    fn she_is_the_woman_and_he_the_man_of_the_sentence_before() {
        let doc = annotate(
            "Svetlana Tikhanovskaya met Vladimir Putin's envoy in Vilnius. \
             She said the talks were useful. Later Putin spoke. He was brief.",
        );
        assert_eq!(refers(&doc, "She", 0), ["tikhanovskaya"]);
        assert_eq!(refers(&doc, "He", 0), ["putin"]);
    }

    #[test]
    fn the_n_year_old_is_the_first_person_of_the_sentence_before() {
        let doc = annotate_on(
            "Belarusian leader Alexander Lukashenko met Vladimir Putin. The 70-year-old \
             leader, who has ruled Belarus since 1994, relied on Russia. Svetlana \
             Tikhanovskaya spoke. The 41-year-old fled to Lithuania.",
            "2024-09-17",
        );
        assert_eq!(refers(&doc, "The 70-year-old leader", 0), ["lukashenko"]);
        assert_eq!(refers(&doc, "The 41-year-old", 0), ["tikhanovskaya"]);
        // no person named before: nobody
        let doc = annotate("The 70-year-old leader spoke. Lukashenko left.");
        assert!(refers(&doc, "The 70-year-old leader", 0).is_empty());
        // a titled one skips people who hold no office of a state
        let doc = annotate_on(
            "Alexander Lukashenko pardoned 37 people. Viasna, whose founder Ales \
             Bialiatski is in jail, counts 1,355 prisoners. The 70-year-old leader \
             relied on Russia.",
            "2024-09-17",
        );
        assert_eq!(refers(&doc, "The 70-year-old leader", 0), ["lukashenko"]);
    }

    #[test]
    fn a_kin_noun_or_title_next_to_a_name_gives_its_gender() {
        // Neither "Janina" nor "Ales" is in the given-name lists.
        let doc = annotate(
            "Ales Pushkin died in Hrodna, his wife Janina Demuch told reporters. \
             She said he was 57.",
        );
        let demuch = refers(&doc, "Janina Demuch", 0);
        assert!(!demuch.is_empty());
        assert_eq!(refers(&doc, "She", 0), demuch);
        let pushkin = refers(&doc, "Ales Pushkin", 0);
        assert!(!pushkin.is_empty());
        assert_eq!(refers(&doc, "he", 0), pushkin);
        // "Ms." outweighs a surname ending that reads as a man's.
        let doc = annotate("Ms. Olena Kravets met Dmitry Peskov. She left early.");
        let kravets = refers(&doc, "Olena Kravets", 0);
        assert!(!kravets.is_empty());
        assert_eq!(refers(&doc, "She", 0), kravets);
        // After the name only an apposition counts: "X, his son".
        let doc = annotate(
            "Police detained Eduard Babaryka, his son, and Maria Kolesnikova. \
             He was released.",
        );
        let babaryka = refers(&doc, "Eduard Babaryka", 0);
        assert!(!babaryka.is_empty());
        assert_eq!(refers(&doc, "He", 0), babaryka);
    }

    #[test]
    fn he_is_the_first_man_of_his_own_sentence() {
        let doc = annotate("Alexander Lukashenko said on Monday that he would not resign.");
        assert_eq!(refers(&doc, "he", 0), ["lukashenko"]);
    }

    #[test]
    fn his_after_a_man_told_to_act_is_that_mans() {
        let doc = annotate("Vladimir Putin allowed Alexander Lukashenko to keep his army.");
        assert_eq!(refers(&doc, "his", 0), ["lukashenko"]);
    }

    #[test]
    fn her_skips_the_men_between() {
        let doc = annotate(
            "Svetlana Tikhanovskaya left for Lithuania. Lukashenko's police \
             had detained her husband.",
        );
        assert_eq!(refers(&doc, "her", 0), ["tikhanovskaya"]);
    }

    #[test]
    fn pronouns_inside_quotations_are_the_speakers_not_resolved() {
        let doc = annotate("Alexander Lukashenko said: \"He will never win.\"");
        assert!(refers(&doc, "He", 0).is_empty());
    }
}
