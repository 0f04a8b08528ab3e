//! Sentence templates: the sentence with each mention replaced by a token
//! `⟦<class letter><slot>⟧`, quotes and apostrophes made ASCII and spaces
//! folded. The reduced layer also folds titles into the name they precede
//! ("⟦C0⟧ President ⟦P1⟧" → "⟦P1⟧") and drops appositions and relative
//! clauses ("⟦P1⟧, who heads ⟦O2⟧, said" → "⟦P1⟧ said"), so that a verb
//! rule sees its subject next to its verb.

use crate::model::{AnnotatedDoc, Mention, MentionKind};
use crate::ontology::rules::{alternation, class_letter};
use crate::ontology::Lexicon;
use regex::Regex;
use std::borrow::Cow;
use std::fmt::Write;

pub struct Templates {
    title_fold: Regex,
    bare_title_fold: Regex,
    apposition: Regex,
    together: Regex,
    relative_that: Regex,
    relative_prep: Regex,
    fronted: Regex,
    relative_whose: Regex,
    list_the: Regex,
    viewpoint: Regex,
    scare_quotes: Regex,
    when: Regex,
    possessor: Regex,
    title_of: Regex,
    forces_from: Regex,
    relative: Regex,
    subject: Regex,
    conjunct: Regex,
    conjunct_present: Regex,
    subordinate: Regex,
    honorific: Regex,
    counterpart: Regex,
    forces_of: Regex,
    org_descriptor: Regex,
    kin_opening: Regex,
}

/// The template of one sentence and the mention behind each slot.
pub struct Template<'d> {
    pub raw: String,
    pub reduced: String,
    /// Relative clauses and coordinated verb phrases lifted into clauses
    /// of their own, reduced: "⟦P0⟧, who has ruled ⟦C1⟧ since 1994, said …"
    /// gives "⟦P0⟧ has ruled ⟦C1⟧ since 1994."; "⟦P0⟧ said … and accused
    /// ⟦C1⟧ of …" gives "⟦P0⟧ accused ⟦C1⟧ of …". Rules of the reduced layer
    /// read these too.
    pub lifted: Vec<String>,
    pub slots: Vec<&'d Mention>,
}

impl Templates {
    pub fn new(lex: &Lexicon) -> Templates {
        let titles: Vec<String> = lex.titles.values().flatten().cloned().collect();
        let titles = alternation(&titles);
        let title_fold = Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
            r"(?i)(?:the )?⟦[COA]\d+⟧(?:'s?)? (?:[a-z-]+ ){{0,2}}?(?:{titles})(?: (?:to|of|for) (?:the )?⟦[CLO]\d+⟧)?(?:, (?P<a>⟦P\d+⟧),|,? (?P<b>⟦P\d+⟧))"
        )))
        .expect("title fold");
        let bare_title_fold = Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
            r"(?i)\b(?:the )?(?:(?P<m>[a-z-]+) )?(?:{titles}) (?P<p>⟦P\d+⟧)"
        )))
        .expect("bare title fold");
        // A relative clause may hold a list ("⟦O0⟧, which groups ⟦C1⟧,
        // ⟦C2⟧ and ⟦C3⟧, met"); a noun phrase may not ("by the ⟦O0⟧, the
        // ⟦C1⟧, ⟦C2⟧ and ⟦C3⟧" is a list itself).
        let apposition = Regex::new(&crate::ontology::rules::ascii_bounds(
            r"(⟦[A-Z]\d+⟧), ((?:who|which|whose)\b[^,⟦]*(?:⟦[A-Z]\d+⟧(?:(?:, (?:the )?|,? (?:and|or) (?:the )?)⟦[A-Z]\d+⟧)*[^,⟦]*)*|(?:\d{1,3}, )?(?:an?|the|in|both|\d+)\b[^,⟦]*(?:⟦[A-Z]\d+⟧[^,⟦]*)*), ",
        ))
        .expect("apposition");
        // "⟦C0⟧, together with ⟦C1⟧ and ⟦C2⟧, has pushed" → "⟦C0⟧, ⟦C1⟧
        // and ⟦C2⟧ has pushed": the companions act too.
        let together = Regex::new(
            r"(⟦[A-Z]\d+⟧),? (?:together|along|jointly) with ((?:the )?⟦[A-Z]\d+⟧(?:(?:, |,? and )(?:the )?⟦[A-Z]\d+⟧)*), ",
        )
        .expect("together");
        // "to protest against what its opposition views as a loss …": the
        // viewer is not the object.
        let viewpoint = Regex::new(&crate::ontology::rules::ascii_bounds(r"(?i)\bwhat (?:its |their |the )?⟦[A-Z]\d+⟧ (?:views|sees|regards|considers|calls|describes|called|saw) as ")).expect("viewpoint");
        // A few quoted words inside a sentence ("called the trial \"a
        // sham\"", "urged them to \"immediately release\" all") are part
        // of its syntax: the reduced layer drops their marks.
        let scare_quotes = Regex::new(r#""((?:[^"⟦⟧ ]+ ){0,7}[^"⟦⟧ ]+)""#).expect("scare quotes");
        // A time between a subject and its verb ("⟦P0⟧ on Sept. 16
        // observed", "⟦C1⟧ last week said") goes, so verb rules see the two
        // side by side.
        let when = Regex::new(
            r"(⟦[A-Z]\d+⟧),? (?:on (?:[A-Z][a-z]+day|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2})(?: (?:morning|afternoon|evening|night))?|(?:last|earlier this|late last|early last|earlier|later) (?:week|month|year|[A-Z][a-z]+day)|a day (?:earlier|later)|(?:earlier|later) on [A-Z][a-z]+day),? ([a-z])",
        )
        .expect("when");
        // Words before a possessor, or a possessor that is no mention, go:
        // "heads the exiled ⟦O1⟧'s ⟦O2⟧" → "heads the ⟦O1⟧'s ⟦O2⟧"; "the
        // group's ⟦O1⟧" → "the ⟦O1⟧".
        let possessor = Regex::new(&crate::ontology::rules::ascii_bounds(
            r"\b(the|its|their|his|her) (?:(?:[a-z-]+ ){1,2}(⟦[A-Z]\d+⟧'s? )|(?:[a-z-]+ ){0,2}[a-z]+'s? )(⟦[A-Z]\d+⟧)",
        ))
        .expect("possessor");
        // A title naming its body after "of", then the name: "State
        // Secretary of the ⟦A1⟧ ⟦P2⟧", "Ambassador Extraordinary and
        // Plenipotentiary of the ⟦C3⟧ to ⟦C4⟧ ⟦P5⟧" → the name alone.
        let title_of = Regex::new(&crate::ontology::rules::ascii_bounds(
            r"\b[A-Z][a-z]+(?: [A-Z][a-z]+| and){0,4} (?:of|to) (?:the )?⟦[COAL]\d+⟧(?: (?:of|to) (?:the )?⟦[COAL]\d+⟧)* (⟦P\d+⟧)",
        ))
        .expect("title of");
        // "troops from ⟦C0⟧ and ⟦C1⟧" → "⟦C0⟧ and ⟦C1⟧ troops", the form
        // rules read.
        let forces_from = Regex::new(&crate::ontology::rules::ascii_bounds(
            r"(?i)\b(troops|soldiers|servicemen|forces|units|contingents?|paratroopers|delegations?) from (⟦C\d+⟧(?:(?:, |,? and )⟦C\d+⟧)*)",
        ))
        .expect("forces from");
        // "⟦P0⟧, who …," / "⟦O1⟧, which …" / "⟦P0⟧, a banker who …" /
        // "⟦C0⟧ troops, who …": the clause runs to the next comma, semicolon
        // or the sentence's end.
        let relative = Regex::new(&crate::ontology::rules::ascii_bounds(
            r"(⟦[A-Z]\d+⟧(?: (?:troops|soldiers|forces|fighters|servicemen|units|mercenaries|paratroopers))?),? (?:\d{1,3}, )?(?:(?:a|an|the) (?:[^,;⟦]|⟦[A-Z]\d+⟧)*? )?(?:who|whom|which) ([^,;⟦]*(?:⟦[A-Z]\d+⟧(?:(?:, (?:the )?|,? (?:and|or) (?:the )?)⟦[A-Z]\d+⟧)*[^,;⟦]*)*)",
        ))
        .expect("relative");
        // The actor a sentence opens with, its verb right after it ("⟦P0⟧
        // said", "⟦C0⟧ and ⟦C1⟧ have long accused"), past an opening word or
        // phrase ("But", "On Monday,", "In ⟦L0⟧,").
        let subject = Regex::new(
            r"^(?:(?:In ⟦L\d+⟧|[A-Z][a-z]+|On [A-Z][a-z]+|In \d+),? )?(?:[Tt]he )?(?:⟦[A-Z]\d+⟧'s? )?(⟦[A-Za-z]\d+⟧(?:(?:,? and |, )⟦[A-Za-z]\d+⟧)*) (?:[a-z]+ly )?(?:has |have |had |will |would |also )?[a-z]",
        )
        .expect("subject");
        // "… and accused …": a second verb in the past tense after "and";
        // the word before "and" says whose verb it is (below).
        let conjunct = Regex::new(&crate::ontology::rules::ascii_bounds(
            r"(\S+),? and (?:also |then |later |subsequently |now |(?:has |have |had )(?:been |long |since )?)?((?:[a-z]+ed|met|led|held|told|sent|sought|took|gave|won|fled|left|began|struck|said|spoke|brought|kept|paid|fought|became|withdrew|drew|threw|put|set|hit|ordered)\b.*)",
        ))
        .expect("conjunct");
        // "⟦C0⟧ denies … and accuses ⟦O1⟧": a present-tense second verb,
        // taken only after a subject whose own verb is one too.
        let conjunct_present = Regex::new(&crate::ontology::rules::ascii_bounds(
            r"(\S+),? and (?:also |then |now )?([a-z]+s\b.*)",
        ))
        .expect("conjunct");
        // "… after ⟦P6⟧ claimed victory and crushed …": a subordinate
        // clause's own subject, nearer the second verb than the opening one.
        let subordinate = Regex::new(
            r"\b(?:after|before|when|while|because|since|although|though|until|once|as|whereas) (?:Mr\. |Mrs\. |Ms\. |[Tt]he )?(⟦[A-Za-z]\d+⟧(?:(?:,? and |, )⟦[A-Za-z]\d+⟧)*) [a-z]",
        )
        .expect("subordinate");
        let honorific = Regex::new(r"\b(?:Mr|Mrs|Ms|Dr)\. (⟦P\d+⟧)").expect("honorific");
        // "Her husband, ⟦P0⟧, has fled to ⟦C1⟧": a sentence opening with a
        // possessed kin or role noun and the name in apposition is about
        // the name.
        let kin_opening = Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
            r"^(?:His|Her|Their|Its) (?:[a-z-]+ )?(?:{}), (⟦P\d+⟧), ",
            alternation(lex.words("appos_person_noun"))
        )))
        .expect("kin opening");
        let counterpart = Regex::new(
            r"(⟦P\d+⟧'s|\b[Hh]is|\b[Hh]er|\b[Tt]heir) ⟦C\d+⟧ (counterparts?)(,? ⟦P\d+⟧)?",
        )
        .expect("counterpart");
        // "the ⟦O1⟧ Telegram channel ⟦O2⟧", "the independent news outlet
        // ⟦O2⟧": a descriptor before an organisation's name is no word of
        // the clause, nor is the group it names first.
        let org_descriptor = Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
            r"\b(?:the )?(?:⟦O\d+⟧ )?(?:(?:[A-Z][a-z]+|independent|opposition|exiled|banned|outlawed|state|state-run|state-owned|private|online|news|popular|main|largest|leading|pro-democracy|pro-government|pro-Kremlin) ){{0,2}}(?:{}) (⟦O\d+⟧)",
            alternation(lex.words("org_descriptor"))
        )))
        .expect("org descriptor");
        let forces_of = Regex::new(
            r"(⟦[COA]\d+⟧)'s (?:(?:special|security|riot|secret|elite) )?(?:forces|police|officers|agents|operatives|investigators|troops|units|commandos)\b",
        )
        .expect("forces of");
        Templates {
            org_descriptor,
            kin_opening,
            forces_of,
            counterpart,
            honorific,
            subordinate,
            subject,
            conjunct,
            conjunct_present,
            title_fold,
            bare_title_fold,
            apposition,
            together,
            // "a ⟦A1⟧ that ⟦C2⟧ and ⟦C3⟧ signed last December": an object
            // relative with "that" after a thing, read with its own subject
            // first ("⟦C2⟧ and ⟦C3⟧ signed ⟦A1⟧ last December.").
            relative_that: Regex::new(
                r"(⟦[AEOXL]\d+⟧) that ((?:the )?⟦[A-Z]\d+⟧(?:(?:,? and |, )(?:the )?⟦[A-Z]\d+⟧)*) ((?:(?:has|have|had) )?)([a-z]+) ([^,;.]*)",
            )
            .expect("relative that"),
            // "the ⟦E0⟧, in which ⟦P1⟧ declared himself the winner": read as
            // "⟦P1⟧ declared himself the winner in ⟦E0⟧.".
            relative_prep: Regex::new(
                r"(⟦[A-Z]\d+⟧),? (in|at|during|under|after|through|from|against) which ((?:the )?⟦[A-Z]\d+⟧[^,;]*)",
            )
            .expect("relative with a preposition"),
            // "After meeting ⟦P1⟧ in ⟦L2⟧, ⟦P3⟧ said": the opening participle
            // is the main clause's subject's.
            fronted: Regex::new(
                r"^(?:(?:After|Before|While|When|Since|Upon|On|By|Despite|Following|Having) )?(?:having )?([a-z]+(?:ing|ed)|fled|met|led|held|sent) ([^,;]*?), (?:the )?(⟦[PCO]\d+⟧(?:(?:,? and |, )(?:the )?⟦[PCO]\d+⟧)*) [a-z]",
            )
            .expect("fronted participle"),
            // "⟦P0⟧, whose wife, ⟦P1⟧, leads the ⟦O2⟧": the person the
            // relative names acts, and is the noun of the head.
            relative_whose: Regex::new(
                r"(⟦[A-Z]\d+⟧)(?: [a-z]+)?, whose ([a-z]+(?: [a-z]+)?),? (⟦P\d+⟧),? ([^,;]*)",
            )
            .expect("whose relative"),
            list_the: Regex::new(r"(⟦[PCOAX]\d+⟧,) the (⟦[A-Z]\d+⟧,)").expect("list the"),
            viewpoint,
            scare_quotes,
            when,
            possessor,
            title_of,
            forces_from,
            relative,
        }
    }

    pub fn build<'d>(&self, doc: &'d AnnotatedDoc, sentence: usize) -> Template<'d> {
        let (raw, slots) = self.raw(doc, sentence);
        let reduced = self.reduce(&raw);
        let mut lifted = self.relatives(&raw);
        // "⟦P0⟧ left ⟦C1⟧ and lives in exile in ⟦C2⟧." from a relative
        // clause, too.
        let second: Vec<String> = lifted
            .iter()
            .filter_map(|l| self.conjunct(l, true))
            .collect();
        lifted.extend(second);
        lifted.extend(self.conjunct(&reduced, false));
        Template {
            raw,
            reduced,
            lifted,
            slots,
        }
    }

    /// The raw layer of a sentence's template and the mention behind each
    /// slot: for callers that never read the reduced layer.
    pub fn raw<'d>(&self, doc: &'d AnnotatedDoc, sentence: usize) -> (String, Vec<&'d Mention>) {
        let s = &doc.sentences[sentence];
        let text = &doc.doc.text;
        // Mentions are sorted by position, hence by sentence: find this
        // sentence's by binary search (a filter over all of them made a long
        // article quadratic).
        let slots: Vec<&Mention> = doc.mentions_in(sentence).iter().collect();
        let mut raw = String::with_capacity(s.end - s.start + 16);
        let mut at = s.start;
        // Where the last slot token starts in `raw`, and its mention.
        let mut last: Option<(usize, &Mention)> = None;
        for (i, m) in slots.iter().enumerate() {
            let letter = class_letter(doc.entities[m.entity].class);
            // "the Belarusian authorities": an adjective and the noun after
            // it naming one state are one slot, the noun's.
            if let Some((pos, p)) = last {
                let glued = m.start >= at && text[at..m.start].trim().is_empty();
                if glued && p.kind == MentionKind::Adjective && p.entity == m.entity {
                    raw.truncate(pos);
                    let _ = write!(raw, "⟦{letter}{i}⟧");
                    last = Some((pos, m));
                    at = m.end;
                    continue;
                }
            }
            if m.start < at {
                // A second entity of the same span ("the two countries").
                let _ = write!(raw, " and ⟦{letter}{i}⟧");
                continue;
            }
            // "reject a ⟦E2⟧": an indefinite article before an event reads
            // as "the" does, which rules skip before any entity.
            let before = &text[at..m.start];
            let before = match letter {
                'E' => before
                    .strip_suffix("a ")
                    .or_else(|| before.strip_suffix("an "))
                    .filter(|b| b.is_empty() || b.ends_with(' '))
                    .map_or(before.to_string(), |b| format!("{b}the ")),
                _ => before.to_string(),
            };
            push_plain(&mut raw, &before);
            last = Some((raw.len(), m));
            let _ = write!(raw, "⟦{letter}{i}⟧");
            let word = &text[m.start..m.end];
            let possessive = match word {
                "his" | "His" | "its" | "their" => true,
                "her" | "Her" => !object_her(&text[m.end..s.end]),
                _ => false,
            };
            if m.kind == MentionKind::Pronoun && possessive {
                raw.push_str("'s");
            }
            at = m.end;
        }
        push_plain(&mut raw, &text[at..s.end]);
        (raw.trim().to_string(), slots)
    }

    /// The relative clauses of a raw template, each lifted into a clause
    /// of its own with the slot it qualifies as subject, reduced.
    fn relatives(&self, raw: &str) -> Vec<String> {
        self.relative
            .captures_iter(raw)
            .map(|c| {
                let clause = c[2].trim_end_matches(['.', ' ', '"', ')', '-']);
                let (whole, head) = (c.get(0).expect("match"), c.get(1).expect("group"));
                let who = raw[head.end()..c.get(2).expect("group").start()].ends_with("who ");
                let head = match who && !head.as_str().starts_with("⟦P") {
                    true => apposed_person(&raw[..whole.start()]).unwrap_or(head.as_str()),
                    false => head.as_str(),
                };
                // "⟦C0⟧ and ⟦C1⟧, which form a ⟦O2⟧": a plural verb
                // qualifies the whole pair.
                let pair = raw[..whole.start()]
                    .strip_suffix(" and ")
                    .filter(|_| plural_verb(clause))
                    .and_then(|b| {
                        b.rfind('⟦')
                            .filter(|&i| b[i..].ends_with('⟧'))
                            .map(|i| &b[i..])
                    });
                if let Some(clause) = object_relative(clause, head) {
                    return self.reduce(&clause);
                }
                match pair {
                    Some(first) => self.reduce(&format!("{first} and {head} {clause}.")),
                    None => self.reduce(&format!("{head} {clause}.")),
                }
            })
            .chain(self.that_relatives(raw))
            .chain(self.prep_relatives(raw))
            .chain(self.fronted(raw))
            .chain(self.whose_relatives(raw))
            .collect()
    }

    /// "whose" relatives that name a person: "⟦P0⟧, whose wife, ⟦P1⟧,
    /// leads the ⟦O2⟧" gives "⟦P1⟧ leads the ⟦O2⟧."; when the noun makes
    /// the person the head's leader ("the ⟦O0⟧ centre, whose founder ⟦P1⟧
    /// is in jail"), "⟦P1⟧ leads ⟦O0⟧." too.
    fn whose_relatives<'a>(&'a self, raw: &'a str) -> impl Iterator<Item = String> + 'a {
        raw.contains(", whose ")
            .then(|| self.relative_whose.captures_iter(raw))
            .into_iter()
            .flatten()
            .flat_map(|c| {
                let rest = c[4].trim_end_matches(['.', ' ', '"', ')', '-']);
                let acts = (!rest.is_empty()).then(|| self.reduce(&format!("{} {rest}.", &c[3])));
                let leads = LEADER_NOUNS
                    .contains(&&c[2])
                    .then(|| self.reduce(&format!("{} leads {}.", &c[3], &c[1])));
                acts.into_iter().chain(leads)
            })
    }

    /// An opening participle phrase read as its own clause with the main
    /// clause's subject: "After meeting ⟦P1⟧ in ⟦L2⟧, ⟦P3⟧ said …" gives
    /// "⟦P3⟧ meeting ⟦P1⟧ in ⟦L2⟧."; "Having fled to ⟦C0⟧, ⟦P1⟧ leads …"
    /// gives "⟦P1⟧ fled to ⟦C0⟧.".
    fn fronted(&self, raw: &str) -> Option<String> {
        let c = self.fronted.captures(raw)?;
        let phrase = c[2].trim_end_matches(['.', ' ']);
        Some(self.reduce(&format!("{} {} {phrase}.", &c[3], &c[1])))
    }

    /// Relative clauses opened by a preposition and "which", read with
    /// their own subject first and the preposition's object last: "the
    /// ⟦E0⟧, at which ⟦P1⟧ met ⟦P2⟧" gives "⟦P1⟧ met ⟦P2⟧ at ⟦E0⟧.".
    fn prep_relatives<'a>(&'a self, raw: &'a str) -> impl Iterator<Item = String> + 'a {
        raw.contains(" which ")
            .then(|| self.relative_prep.captures_iter(raw))
            .into_iter()
            .flatten()
            .map(|c| {
                let clause = c[3].trim_end_matches(['.', ' ', '"', ')', '-']);
                self.reduce(&format!("{clause} {} {}.", &c[2], &c[1]))
            })
    }

    /// Object relatives with "that" whose verb is a past form other than
    /// a speech verb: "told ⟦O1⟧ that ⟦P2⟧ said …" is no relative clause.
    fn that_relatives<'a>(&'a self, raw: &'a str) -> impl Iterator<Item = String> + 'a {
        const IRREGULAR: [&str; 10] = [
            "held", "won", "set", "made", "built", "led", "sent", "began", "brought", "put",
        ];
        const SPEECH: [&str; 8] = [
            "said", "claimed", "warned", "stated", "insisted", "argued", "believed", "feared",
        ];
        let any = raw.contains("⟧ that ⟦") || raw.contains("⟧ that the ⟦");
        any.then(|| self.relative_that.captures_iter(raw))
            .into_iter()
            .flatten()
            .filter(|c| {
                let verb = &c[4];
                (verb.ends_with("ed") || IRREGULAR.contains(&verb)) && !SPEECH.contains(&verb)
            })
            .map(|c| {
                let tail = c[5].trim_end();
                self.reduce(&format!("{} {}{} {} {tail}.", &c[2], &c[3], &c[4], &c[1]))
            })
    }

    /// The second verb phrase of a clause whose subject opens the sentence,
    /// given that subject: "⟦P0⟧ said the reaction was shocking and accused
    /// ⟦O1⟧ of hypocrisy." gives "⟦P0⟧ accused ⟦O1⟧ of hypocrisy.". Not when
    /// the word before "and" is a past form too ("⟦C1⟧ had attacked and
    /// occupied", "was arrested and jailed": the nearer subject's) or a
    /// relative clause comes between. A present-tense one ("⟦C0⟧ denies …
    /// and accuses ⟦O1⟧") only after a subject whose verb is present too,
    /// or in a lifted relative clause (`any_tense`: "⟦P0⟧ left ⟦C1⟧ in 2019
    /// and lives in exile in ⟦C2⟧").
    #[cfg(test)]
    fn conjunct_of(&self, reduced: &str) -> Option<String> {
        self.conjunct(reduced, false)
    }

    fn conjunct(&self, reduced: &str, any_tense: bool) -> Option<String> {
        let subject = self.subject.captures(reduced)?;
        // "At the ⟦E0⟧ in ⟦L1⟧, …": a slot after a preposition is no subject.
        let opening = reduced[..subject.get(1)?.start()].trim_end();
        let opening = opening
            .strip_suffix(" the")
            .or(opening.strip_suffix(" The"))
            .unwrap_or(opening);
        if PREPOSITIONS.contains(&opening) {
            return None;
        }
        let rest = &reduced[subject.get(0)?.end() - 1..];
        let verb = rest.split(|c: char| !c.is_ascii_alphabetic()).next()?;
        // "has closed … and accuses": a present perfect is present too
        let aux = subject[0].trim_end_matches(|c: char| c.is_ascii_lowercase());
        let perfect = aux.ends_with(" has ") || aux.ends_with(" have ");
        let present = any_tense || perfect || (verb.ends_with('s') && verb != "was");
        let (c, same_form): (_, fn(&str) -> bool) = match self.conjunct.captures(rest) {
            Some(c) => (c, |w| w.ends_with("ed") || w.ends_with("en")),
            None if present => (self.conjunct_present.captures(rest)?, |w| w.ends_with('s')),
            None => return None,
        };
        let before = c.get(1)?;
        let between = &rest[..before.end()];
        if same_form(before.as_str().trim_end_matches(','))
            || between
                .split(' ')
                .any(|w| matches!(w, "who" | "which" | "whom" | "whose"))
        {
            return None;
        }
        let nearer = self.subordinate.captures_iter(between).last();
        let who = nearer.as_ref().map_or(&subject[1], |n| &n[1]);
        Some(self.reduce(&format!("{} {}", who, c[2].trim_end())))
    }

    /// "the former Defense Minister ⟦P1⟧" → "⟦P1⟧"; a word before the
    /// title that is no modifier of it stays ("accompanied by Defense
    /// Minister ⟦P1⟧" → "accompanied by ⟦P1⟧").
    fn fold_bare_titles(&self, text: String) -> String {
        const KEEP: &[&str] = &[
            "by",
            "with",
            "to",
            "for",
            "from",
            "of",
            "at",
            "in",
            "on",
            "and",
            "or",
            "as",
            "than",
            "between",
            "among",
            "against",
            "after",
            "before",
            "met",
            "told",
            "said",
            "called",
            "urged",
            "accused",
            "thanked",
            "congratulated",
            "welcomed",
            "invited",
            "visited",
            "replaced",
            "succeeded",
            "dismissed",
            "appointed",
            "named",
        ];
        replace(&self.bare_title_fold, text, |c: &regex::Captures| {
            match c.name("m").map(|m| m.as_str()) {
                Some(m) if KEEP.contains(&m.to_lowercase().as_str()) => {
                    format!("{m} {}", &c["p"])
                }
                _ => c["p"].to_string(),
            }
        })
    }

    /// "⟦P0⟧, a former banker, said" → "⟦P0⟧ said"; a list item ("by the
    /// ⟦O0⟧, the ⟦C1⟧, ⟦C2⟧ and ⟦C3⟧") stays.
    fn drop_appositions(&self, text: String) -> String {
        replace(&self.apposition, text, |c: &regex::Captures| {
            let body = c[2].strip_prefix("the ").unwrap_or(&c[2]);
            let item = body.starts_with('⟦') && body.ends_with('⟧') && !body[3..].contains('⟦');
            if item {
                c[0].to_string()
            } else {
                format!("{} ", &c[1])
            }
        })
    }

    /// "⟦C0⟧, together with ⟦C1⟧, has" → "⟦C0⟧ and ⟦C1⟧ has".
    fn join_companions(&self, text: String) -> String {
        replace(&self.together, text, |c: &regex::Captures| {
            let join = if c[2].contains(" and ") {
                ", "
            } else {
                " and "
            };
            format!("{}{join}{} ", &c[1], &c[2])
        })
    }

    /// The reduced layer made from the raw one.
    fn reduce(&self, raw: &str) -> String {
        let mut reduced = raw.to_string();
        // Both title folds keep a person slot: without one they cannot match.
        if raw.contains("⟦P") || raw.contains("⟦p") {
            reduced = replace(&self.title_fold, reduced, "${a}${b}");
            reduced = self.fold_bare_titles(reduced);
            reduced = replace(&self.title_of, reduced, "$1");
        }
        if reduced.contains(" with ⟦") || reduced.contains(" with the ⟦") {
            reduced = self.join_companions(reduced);
        }
        // "met his ⟦C1⟧ counterpart" with no name after it: the country
        // is not the one met.
        if reduced.contains(" counterpart") {
            reduced = replace(&self.counterpart, reduced, |c: &regex::Captures| {
                match c.get(3) {
                    Some(_) => c[0].to_string(),
                    None => format!("{} {}", &c[1], &c[2]),
                }
            });
        }
        // "detained by the ⟦O3⟧'s special forces": the body acts.
        if reduced.contains("'s ") {
            reduced = replace(&self.forces_of, reduced, "$1");
        }
        // "met Mr. ⟦P2⟧": an honorific is no word of the clause.
        if reduced.contains(". ⟦P") {
            reduced = replace(&self.honorific, reduced, "$1");
        }
        if reduced.contains(" ⟦O") {
            reduced = replace(&self.org_descriptor, reduced, "$1");
        }
        if reduced.starts_with(['H', 'T', 'I']) {
            reduced = replace(&self.kin_opening, reduced, "$1 ");
        }
        reduced = self.drop_appositions(reduced);
        // "by the ⟦O0⟧, the ⟦C1⟧, ⟦C2⟧ and ⟦C3⟧": a list item, not a fronted
        // phrase ("In ⟦C0⟧, the ⟦C1⟧ and ⟦O2⟧ said"), since a comma follows;
        // a place or event before it is one ("Since the ⟦E0⟧, the ⟦O1⟧, …").
        if reduced.contains("⟧, the ⟦") {
            reduced = replace(&self.list_the, reduced, "$1 $2");
        }
        // Each only where its words are: most sentences have none, and a
        // search for a slot bracket alone finds one in every sentence.
        if reduced.contains('"') {
            reduced = replace(&self.scare_quotes, reduced, "$1");
        }
        if ["⟧ on ", "⟧, on ", " last ", "earlier", "later"]
            .iter()
            .any(|w| reduced.contains(w))
        {
            reduced = replace(&self.when, reduced, "$1 $2");
        }
        if reduced.contains("'s ") || reduced.contains("' ") {
            reduced = replace(&self.possessor, reduced, "$1 $2$3");
        }
        if reduced.contains(" from ⟦C") {
            reduced = replace(&self.forces_from, reduced, "$2 $1");
        }
        replace(&self.viewpoint, reduced, "")
    }
}

/// Nouns of a "whose" relative that make the person named the head's
/// leader ("whose founder ⟦P1⟧").
const LEADER_NOUNS: [&str; 9] = [
    "founder",
    "co-founder",
    "leader",
    "head",
    "chairman",
    "chairwoman",
    "chief",
    "director",
    "president",
];

/// `text` with every match of `re` replaced (by a template such as "$1" or
/// a closure), reusing `text` when nothing matches.
fn replace<R: regex::Replacer>(re: &Regex, text: String, with: R) -> String {
    let replaced = match re.replace_all(&text, with) {
        Cow::Owned(s) => Some(s),
        Cow::Borrowed(_) => None,
    };
    replaced.unwrap_or(text)
}

/// Appends text with typographic quotes made ASCII and whitespace folded.
fn push_plain(out: &mut String, text: &str) {
    for c in text.chars() {
        let c = match c {
            '’' | '‘' | '`' => '\'',
            '“' | '”' | '«' | '»' => '"',
            '–' | '—' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        out.push(c);
    }
}

/// The slot numbers of the entity tokens in a captured group, leaving out
/// possessors and modifiers ("⟦P1⟧'s ⟦O2⟧" → 2, "⟦C1⟧-⟦C2⟧ ⟦A3⟧" → 3).
pub fn slots_in(group: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev_close: Option<usize> = None;
    let mut skip = false;
    let mut pos = 0;
    while let Some(i) = group[pos..].find('⟦') {
        let open = pos + i;
        let Some(close) = group[open..].find('⟧').map(|c| open + c) else {
            break;
        };
        let after = &group[close + '⟧'.len_utf8()..];
        // "⟦C1⟧'s position on ⟦C2⟧": a preposition after the possessor's
        // noun makes the possessor the entity, not the slot after it.
        let owner = after.starts_with('\'')
            && after[..after.find('⟦').unwrap_or(after.len())]
                .split(' ')
                .any(|w| OWNER_PREPOSITIONS.contains(&w));
        let modifier = !owner
            && (after.starts_with('\'')
                || after.starts_with(" ⟦")
                || after.starts_with(" \"⟦")
                || after.starts_with("-⟦")
                || prev_close.is_some_and(|p| group[p..open] == *"-"));
        let digits: String = group[open + '⟦'.len_utf8()..close]
            .chars()
            .skip(1)
            .collect();
        if let (false, false, Ok(n)) = (modifier, skip, digits.parse()) {
            out.push(n);
        }
        skip = owner;
        prev_close = Some(close + '⟧'.len_utf8());
        pos = close;
    }
    out
}

/// The person a description in apposition ends with "who" belongs to:
/// "⟦P0⟧, a former minister and ambassador to ⟦C1⟧ who broke with …" is
/// P0's clause, not the country's. `before` is the text up to the
/// description's last token.
fn apposed_person(before: &str) -> Option<&str> {
    let at = before.rfind(", ")?;
    let rest = &before[at + 2..];
    if !["a ", "an ", "the "].iter().any(|a| rest.starts_with(a)) || rest.contains(';') {
        return None;
    }
    let token = before[..at].rsplit('⟦').next()?;
    let start = at - token.len() - '⟦'.len_utf8();
    token
        .starts_with('P')
        .then(|| &before[start..at])
        .filter(|t| t.ends_with('⟧'))
}

/// Whether "her" before `rest` is an object ("take her in", "told her
/// that", "her.") rather than a possessive ("her husband"): the next word
/// is none, or a particle, preposition or conjunction.
fn object_her(rest: &str) -> bool {
    let next = rest
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    next.is_empty()
        || !rest.starts_with(' ')
        || matches!(
            next,
            "in" | "out"
                | "to"
                | "for"
                | "with"
                | "from"
                | "at"
                | "on"
                | "of"
                | "as"
                | "and"
                | "or"
                | "but"
                | "that"
                | "up"
                | "down"
                | "back"
                | "home"
                | "into"
                | "over"
                | "after"
                | "before"
                | "by"
                | "again"
                | "too"
                | "once"
                | "because"
                | "despite"
                | "when"
                | "if"
                | "while"
                | "off"
                | "away"
                | "through"
                | "about"
                | "against"
                // "granted her a visa": a determiner opens a second object
                | "a"
                | "an"
                | "the"
        )
}

/// Prepositions after a possessor's noun: "⟦C1⟧'s position on ⟦C2⟧".
const OWNER_PREPOSITIONS: &[&str] = &[
    "on", "in", "of", "to", "for", "with", "against", "at", "by", "from", "over", "about", "into",
    "toward", "towards",
];

/// Words that open a fronted phrase, not a subject ("At the ⟦E0⟧ in ⟦L1⟧,
/// the leaders …").
const PREPOSITIONS: &[&str] = &[
    "At",
    "In",
    "On",
    "After",
    "Before",
    "During",
    "From",
    "With",
    "For",
    "Under",
    "Amid",
    "Since",
    "By",
    "Despite",
    "Following",
    "Unlike",
    "Like",
    "Near",
    "Outside",
    "Inside",
    "Over",
    "Through",
    "Against",
    "Ahead of",
    "Until",
];

/// Whether a relative clause opens with a verb agreeing with a plural
/// ("form", "are", "have long opposed"), not a singular ("borders", "is").
fn plural_verb(clause: &str) -> bool {
    let verb = clause.split_whitespace().find(|w| {
        !w.ends_with("ly") && !matches!(*w, "also" | "still" | "now" | "jointly" | "together")
    });
    verb.is_some_and(|v| {
        matches!(
            v,
            "are" | "were" | "have" | "form" | "share" | "make" | "border" | "remain"
        ) || (!v.ends_with('s') && !v.ends_with("ed") && !matches!(v, "was" | "had" | "is"))
    })
}

/// A relative clause whose pronoun is the object ("⟦X4⟧, which ⟦C5⟧
/// calls illegitimate", "⟦P2⟧, whom ⟦P3⟧ accused of incompetence") lifted
/// with its own subject first and the head after the verb: "⟦C5⟧ calls
/// ⟦X4⟧ illegitimate.".
fn object_relative(clause: &str, head: &str) -> Option<String> {
    let rest = clause.strip_prefix("the ").unwrap_or(clause);
    let close = rest.strip_prefix('⟦')?.find('⟧')? + '⟦'.len_utf8() + '⟧'.len_utf8();
    let subject = &rest[..close];
    let mut words = rest[close..].strip_prefix(' ')?.splitn(2, ' ');
    let mut verb = String::new();
    let mut word = words.next()?;
    let mut tail = words.next().unwrap_or("");
    while matches!(
        word,
        "has" | "have" | "had" | "long" | "also" | "often" | "repeatedly"
    ) {
        verb.push_str(word);
        verb.push(' ');
        let mut more = tail.splitn(2, ' ');
        word = more.next()?;
        tail = more.next().unwrap_or("");
    }
    if word.is_empty() || !word.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    verb.push_str(word);
    Some(format!("{subject} {verb} {head} {tail}.").replace(" .", "."))
}

#[cfg(test)]
mod tests {
    use super::slots_in;

    /// The templates of the project's own lexicon.
    fn templates() -> super::Templates {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology");
        let onto = crate::ontology::Ontology::load(&dir).expect("the project's ontology loads");
        super::Templates::new(&onto.lexicon)
    }

    #[test]
    fn a_relative_clause_with_a_preposition_is_lifted_with_its_own_subject() {
        let t = templates();
        assert_eq!(
            t.relatives("He died after the 2020 ⟦E0⟧, in which ⟦P1⟧ declared himself the winner."),
            ["⟦P1⟧ declared himself the winner in ⟦E0⟧."]
        );
        assert_eq!(
            t.relatives(
                "They met at the ⟦E0⟧ at which ⟦P1⟧ and ⟦P2⟧ signed the ⟦A3⟧, officials said."
            ),
            ["⟦P1⟧ and ⟦P2⟧ signed the ⟦A3⟧ at ⟦E0⟧."]
        );
        assert!(t
            .relatives("The ⟦E0⟧, in which many took part, ended.")
            .is_empty());
    }

    #[test]
    fn an_opening_participle_is_read_with_the_main_subject() {
        let t = templates();
        assert_eq!(
            t.relatives("After meeting ⟦P0⟧ in ⟦L1⟧, ⟦P2⟧ said the talks went well."),
            ["⟦P2⟧ meeting ⟦P0⟧ in ⟦L1⟧."]
        );
        assert_eq!(
            t.relatives("Having fled to ⟦C0⟧ in 2020, ⟦P1⟧ now leads the ⟦O2⟧."),
            ["⟦P1⟧ fled to ⟦C0⟧ in 2020."]
        );
        assert!(t.relatives("In ⟦L0⟧, ⟦P1⟧ met ⟦P2⟧.").is_empty());
        assert!(t.relatives("After the ⟦E0⟧, ⟦P1⟧ left.").is_empty());
    }

    #[test]
    fn a_whose_relative_naming_a_person_is_read_for_that_person() {
        let t = templates();
        assert_eq!(
            t.relatives("⟦P0⟧, whose wife, ⟦P1⟧, leads the ⟦O2⟧ in exile, was jailed."),
            ["⟦P1⟧ leads the ⟦O2⟧ in exile."]
        );
        let lifted = t.relatives("The ⟦O0⟧ centre, whose founder ⟦P1⟧ is in jail, documented it.");
        assert!(
            lifted.contains(&"⟦P1⟧ leads ⟦O0⟧.".to_string()),
            "{lifted:?}"
        );
        assert!(t
            .relatives("⟦P0⟧, whose troops invaded ⟦C1⟧, spoke.")
            .is_empty());
    }

    #[test]
    fn a_descriptor_before_an_organisations_name_folds_into_it() {
        let t = templates();
        assert_eq!(
            t.reduce("The ⟦O0⟧ has designated the ⟦O1⟧ Telegram channel ⟦O2⟧ as extremist."),
            "The ⟦O0⟧ has designated ⟦O2⟧ as extremist."
        );
        assert_eq!(
            t.reduce("⟦C0⟧ blocked the independent news outlet ⟦O1⟧."),
            "⟦C0⟧ blocked ⟦O1⟧."
        );
        assert_eq!(t.reduce("⟦C0⟧ and ⟦O1⟧ met."), "⟦C0⟧ and ⟦O1⟧ met.");
        assert_eq!(
            t.reduce("⟦O0⟧ raided the offices of the human rights group ⟦O1⟧."),
            "⟦O0⟧ raided the offices of ⟦O1⟧."
        );
    }

    #[test]
    fn an_age_and_a_description_in_apposition_both_drop() {
        let t = templates();
        assert_eq!(
            t.reduce("⟦P0⟧, 40, a former English teacher, fled to ⟦C1⟧."),
            "⟦P0⟧ fled to ⟦C1⟧."
        );
        assert_eq!(t.reduce("⟦P0⟧, 69, met ⟦P1⟧."), "⟦P0⟧ met ⟦P1⟧.");
        assert_eq!(
            t.reduce("⟦C0⟧ and ⟦C1⟧, both ⟦O2⟧ members, condemned ⟦C3⟧."),
            "⟦C0⟧ and ⟦C1⟧ condemned ⟦C3⟧."
        );
        assert_eq!(
            t.reduce("⟦P0⟧, a former banker, met ⟦P1⟧."),
            "⟦P0⟧ met ⟦P1⟧."
        );
    }

    #[test]
    fn short_quotes_lose_their_marks_and_a_time_leaves_subject_and_verb() {
        let t = templates();
        assert_eq!(
            t.reduce(r#"⟦P0⟧ called the trial "a sham" and urged ⟦C1⟧ to "free them now"."#),
            "⟦P0⟧ called the trial a sham and urged ⟦C1⟧ to free them now."
        );
        // a long quotation, or one holding a mention, keeps its marks
        let long = r#""We will never accept a vote held under the barrels of guns," ⟦P0⟧ said."#;
        assert_eq!(t.reduce(long), long);
        assert_eq!(
            t.reduce(r#"⟦P0⟧ called "⟦E1⟧" a farce."#),
            r#"⟦P0⟧ called "⟦E1⟧" a farce."#
        );
        assert_eq!(
            t.reduce("⟦P0⟧ on Sept. 16 observed the ⟦E1⟧."),
            "⟦P0⟧ observed the ⟦E1⟧."
        );
        assert_eq!(t.reduce("⟦C0⟧, on Monday, said no."), "⟦C0⟧ said no.");
        assert_eq!(
            t.reduce("⟦P0⟧ last week accused ⟦C1⟧."),
            "⟦P0⟧ accused ⟦C1⟧."
        );
        // words before a possessor, and a possessor that is no mention, go
        assert_eq!(
            t.reduce("⟦P0⟧ now heads the exiled ⟦O1⟧'s ⟦O2⟧."),
            "⟦P0⟧ now heads the ⟦O1⟧'s ⟦O2⟧."
        );
        assert_eq!(
            t.reduce("⟦P0⟧ heads the group's ⟦O1⟧."),
            "⟦P0⟧ heads the ⟦O1⟧."
        );
        assert_eq!(
            t.reduce("⟦P0⟧ heads the ⟦O1⟧'s ⟦O2⟧."),
            "⟦P0⟧ heads the ⟦O1⟧'s ⟦O2⟧."
        );
        // a title naming its body after "of", then the name: the name
        assert_eq!(
            t.reduce("State Secretary of the ⟦A0⟧ ⟦P1⟧ and Ambassador Extraordinary and Plenipotentiary of the ⟦C2⟧ to ⟦C3⟧ ⟦P4⟧ took part."),
            "⟦P1⟧ and ⟦P4⟧ took part."
        );
        assert_eq!(
            t.reduce("Welcome to ⟦C0⟧, ⟦P1⟧ said."),
            "Welcome to ⟦C0⟧, ⟦P1⟧ said."
        );
        assert_eq!(
            t.reduce("Troops from ⟦C0⟧, ⟦C1⟧ and ⟦C2⟧ also took part."),
            "⟦C0⟧, ⟦C1⟧ and ⟦C2⟧ Troops also took part."
        );
        // a time after a verb, or before a name, stays
        assert_eq!(t.reduce("⟦P0⟧ met on Monday."), "⟦P0⟧ met on Monday.");
        assert_eq!(
            t.reduce("⟦P0⟧ on Monday ⟦P1⟧ said"),
            "⟦P0⟧ on Monday ⟦P1⟧ said"
        );
    }

    #[test]
    fn her_is_an_object_before_a_particle_and_a_possessive_before_a_noun() {
        assert!(super::object_her(" in."));
        assert!(super::object_her(", she said"));
        assert!(super::object_her(" that the talks failed"));
        assert!(super::object_her(""));
        assert!(!super::object_her(" husband was jailed"));
        assert!(!super::object_her(" sporting career"));
    }

    #[test]
    fn slots_skip_possessors_and_modifiers() {
        assert_eq!(slots_in("⟦C1⟧, ⟦C2⟧ and ⟦C3⟧"), [1, 2, 3]);
        assert_eq!(slots_in("⟦P1⟧'s ⟦O2⟧"), [2]);
        assert_eq!(slots_in("⟦C1⟧-⟦C2⟧ ⟦A3⟧"), [3]);
        assert_eq!(slots_in("⟦O1⟧ ⟦X2⟧"), [2]);
        // a preposition after the possessor's noun: the possessor is it
        assert_eq!(slots_in("⟦C1⟧'s position on ⟦C2⟧"), [1]);
    }

    #[test]
    fn an_object_relative_clause_is_lifted_with_its_own_subject_first() {
        let t = templates();
        let lifted = |raw: &str| t.relatives(raw);
        assert_eq!(
            lifted("⟦O0⟧ imposed ⟦X1⟧, which ⟦C2⟧ calls illegitimate."),
            ["⟦C2⟧ calls ⟦X1⟧ illegitimate."]
        );
        assert_eq!(
            lifted("⟦C0⟧ sent ⟦O1⟧, which ⟦P2⟧ says is needed to protect ⟦C3⟧."),
            ["⟦P2⟧ says ⟦O1⟧ is needed to protect ⟦C3⟧."]
        );
        assert_eq!(
            lifted("He feuded with ⟦P0⟧, whom ⟦P1⟧ has long accused of incompetence."),
            ["⟦P1⟧ has long accused ⟦P0⟧ of incompetence."]
        );
        // with "that" after a thing, and a past verb other than speech
        assert_eq!(
            lifted("It stays under a ⟦A0⟧ that ⟦C1⟧ and ⟦C2⟧ signed last December."),
            ["⟦C1⟧ and ⟦C2⟧ signed ⟦A0⟧ last December."]
        );
        assert!(lifted("⟦P0⟧ told ⟦O1⟧ that ⟦P2⟧ warned of war.").is_empty());
        assert!(lifted("⟦P0⟧ told ⟦P1⟧ that ⟦C2⟧ attacked ⟦C3⟧.").is_empty());
    }

    #[test]
    fn relative_clauses_are_lifted_to_their_own_clause() {
        let t = templates();
        let lifted = |raw: &str| t.relatives(raw);
        assert_eq!(
            lifted("⟦P0⟧, a former ⟦C1⟧ ambassador to ⟦C2⟧ who now heads ⟦O3⟧, said no."),
            ["⟦P0⟧ now heads ⟦O3⟧."]
        );
        assert_eq!(
            lifted("⟦P0⟧, who has ruled ⟦C1⟧ since 1994, claimed victory."),
            ["⟦P0⟧ has ruled ⟦C1⟧ since 1994."]
        );
        assert_eq!(
            lifted("⟦O0⟧, which is funded by ⟦O1⟧, is not accredited in ⟦C2⟧."),
            ["⟦O0⟧ is funded by ⟦O1⟧."]
        );
        // a list inside the clause, and troops as its head
        assert_eq!(
            lifted("The ⟦O0⟧, which groups ⟦C1⟧, ⟦C2⟧ and ⟦C3⟧, met in ⟦L4⟧."),
            ["⟦O0⟧ groups ⟦C1⟧, ⟦C2⟧ and ⟦C3⟧."]
        );
        assert_eq!(
            lifted("They urged ⟦C0⟧ troops, who were arriving in ⟦C1⟧, to leave."),
            ["⟦C0⟧ troops were arriving in ⟦C1⟧."]
        );
        // to the sentence's end, one per relative, none without a pronoun
        assert_eq!(
            lifted("⟦C0⟧ criticised ⟦P1⟧, who ran against ⟦P2⟧ in the ⟦E3⟧."),
            ["⟦P1⟧ ran against ⟦P2⟧ in the ⟦E3⟧."]
        );
        assert!(lifted("⟦P0⟧, a former teacher, fled to ⟦C1⟧.").is_empty());
        // past a description in apposition
        assert_eq!(
            lifted("⟦P0⟧, a former banker who tried to run against ⟦P1⟧ in that ⟦E2⟧, is in jail."),
            ["⟦P0⟧ tried to run against ⟦P1⟧ in that ⟦E2⟧."]
        );
        // "who" is a person's: past a place the description ends with
        assert_eq!(
            lifted("⟦P0⟧, a former ambassador to ⟦C1⟧ who broke with ⟦P2⟧, received 18 years."),
            ["⟦P0⟧ broke with ⟦P2⟧."]
        );
    }

    #[test]
    fn a_plural_relative_after_a_pair_qualifies_both() {
        let t = templates();
        assert_eq!(
            t.relatives("⟦C0⟧ and ⟦C1⟧, which form a ⟦A2⟧, held drills."),
            ["⟦C0⟧ and ⟦C1⟧ form a ⟦A2⟧."]
        );
        // a singular verb qualifies the last only
        assert_eq!(
            t.relatives("talks with ⟦P0⟧ and ⟦C1⟧, which borders ⟦C2⟧, ended."),
            ["⟦C1⟧ borders ⟦C2⟧."]
        );
    }

    #[test]
    fn a_second_verb_phrase_is_lifted_with_the_opening_subject() {
        let t = templates();
        assert_eq!(
            t.conjunct_of("⟦P0⟧ said the reaction was shocking and accused ⟦O1⟧ of hypocrisy.")
                .as_deref(),
            Some("⟦P0⟧ accused ⟦O1⟧ of hypocrisy.")
        );
        assert_eq!(
            t.conjunct_of("On Monday, ⟦C0⟧ and ⟦C1⟧ met in ⟦L2⟧ and signed a treaty.")
                .as_deref(),
            Some("⟦C0⟧ and ⟦C1⟧ signed a treaty.")
        );
        // a possessor before the subject is no subject
        assert_eq!(
            t.conjunct_of("⟦C0⟧'s ⟦O1⟧ called it a provocation and accused ⟦C2⟧ of lying.")
                .as_deref(),
            Some("⟦O1⟧ accused ⟦C2⟧ of lying.")
        );
        // a present perfect takes a present second verb
        assert_eq!(
            t.conjunct_of("⟦C0⟧ has closed its crossings with ⟦C1⟧ and accuses ⟦C2⟧ of smuggling.")
                .as_deref(),
            Some("⟦C0⟧ accuses ⟦C2⟧ of smuggling.")
        );
        // the nearer subject's verbs, a passive pair, a relative clause
        assert_eq!(
            t.conjunct_of("⟦P0⟧ said ⟦C1⟧ had attacked and occupied ⟦L2⟧."),
            None
        );
        assert_eq!(t.conjunct_of("⟦P0⟧ was arrested and jailed."), None);
        assert_eq!(
            t.conjunct_of("⟦P0⟧ met ⟦P1⟧, who fled and joined ⟦O2⟧."),
            None
        );
        // present tense, after a present-tense subject verb only
        assert_eq!(
            t.conjunct_of("⟦C0⟧ denies the plan and accuses ⟦O1⟧ of lying.")
                .as_deref(),
            Some("⟦C0⟧ accuses ⟦O1⟧ of lying.")
        );
        assert_eq!(
            t.conjunct_of("⟦C0⟧ denied the plan and talks with ⟦O1⟧."),
            None
        );
        assert_eq!(
            t.conjunct_of("⟦P0⟧ says ⟦C1⟧ attacks and occupies ⟦L2⟧."),
            None
        );
        // the subject of a subordinate clause in between is nearer
        assert_eq!(
            t.conjunct_of(
                "⟦C0⟧ and ⟦C1⟧ imposed ⟦X2⟧ after Mr. ⟦P3⟧ claimed victory and crushed the ⟦E4⟧."
            )
            .as_deref(),
            Some("⟦P3⟧ crushed the ⟦E4⟧.")
        );
        // no subject opens the sentence
        assert_eq!(
            t.conjunct_of("After the vote ⟦P0⟧ left and joined ⟦O1⟧."),
            None
        );
    }

    #[test]
    fn a_title_folds_into_its_name_but_a_preposition_before_it_stays() {
        let t = templates();
        // an apposition's commas go with the title
        assert_eq!(
            t.reduce("The ⟦O0⟧'s spokesman, ⟦P1⟧, declined to comment."),
            "⟦P1⟧ declined to comment."
        );
        assert_eq!(
            t.reduce("⟦P0⟧ was accompanied by Defense Minister ⟦P1⟧."),
            "⟦P0⟧ was accompanied by ⟦P1⟧."
        );
        assert_eq!(
            t.reduce("The former Prime Minister ⟦P0⟧ spoke."),
            "⟦P0⟧ spoke."
        );
    }
}
