//! Direct quotations and their speakers (`said`). A quotation of three or
//! more words (any marks: see `annotate::quotemarks`) is attributed, in
//! this order, to:
//!
//! 1. the attribution right after it ("…,” Putin said; "…,” said German
//!    Foreign Minister Heiko Maas; "…,” the ministry said in a statement);
//! 2. the last speech verb before it in its sentence: its subject
//!    ("Lukashenko said last week that … “…”"), the speaker it names after
//!    itself ("Said Putin: “…”"), its agent ("was described by Ryanair as
//!    “…”"), or a source cue ("according to X", "Belta wrote, quoting
//!    Lukashenko: “…”");
//! 3. for a quotation that opens its sentence with no attribution, the
//!    speaker of the quotation before it in the same or the previous
//!    paragraph (wire copy continues a quotation over paragraphs).
//!
//! Among the actors of an attribution a person wins over an organisation or
//! a country ("the US Defense Department's spokesman John Kirby said" is
//! Kirby's); adjectives ("German") and possessors ("Putin's spokesman") are
//! never speakers. A pronoun speaker ("he said") is the last quotation's
//! speaker when that person is named in the two sentences before and no
//! other person of the gender is the subject of the sentence before, else
//! the annotate layer's antecedent. Speech
//! verbs and source cues are lexicon data (`speech`, `speech_inverted`,
//! `speech_source`). Scare quotes ("so-called “…”") and titles ("the law
//! «On Mass Media»", "a report titled “…”") are not quotations.
//! A quotation left open at its paragraph's end with no attribution, whose
//! next paragraph opens with the attributed rest, is one quotation. A name
//! of scorn ("the regime") in a quotation, or in reported speech after a
//! speech verb, makes the speaker oppose the actor it names.

use crate::annotate::{quote_inner, quote_spans};
use crate::model::{AnnotatedDoc, Class, Evidence, Fact, Mention, MentionKind, Object};
use crate::ontology::rules::{alternation, ascii_bounds};
use crate::ontology::Ontology;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

pub struct Quotes {
    /// Any speech verb.
    verb: Regex,
    /// "…,” the telegram reads": a written message speaks for its sender.
    message_reads: Regex,
    /// "Putin sent a telegram of condolences": the sender, before the verb.
    message_sent: Regex,
    /// The speech verbs that may come before their speaker ("…,” said
    /// Putin): no addressee, so "told AFP" never makes AFP the speaker.
    inverted: HashSet<String>,
    /// A source cue: the actor after it is the speaker ("according to").
    source: Regex,
    /// What may stand between a subject and its speech verb: an
    /// apposition (", 65,") and up to three words ("on Friday also").
    subject_gap: Regex,
    /// "it" or "they" right before a speech verb (an adverb between).
    neuter: Regex,
    /// Gender of gazetteer people and of given names: true is female.
    female: HashMap<String, bool>,
    /// The crowd nouns of the event kinds ("protesters"), lower case.
    crowds: HashSet<String>,
    /// Names only an opponent calls an actor by (lexicon `scorn_label`).
    scorn: HashSet<String>,
}

/// An attributed quotation: its byte span in the text and its speaker.
#[derive(Clone, Copy, Debug)]
pub struct Spoken {
    pub start: usize,
    pub end: usize,
    /// Index into `AnnotatedDoc::entities`.
    pub speaker: usize,
}

type MakeEvidence<'a> = dyn Fn(usize, &str, f64) -> Evidence + 'a;

/// An attributed quotation, ready to be stated: its span (of its last
/// paragraph, when it runs over two), first sentence, paragraph, speaker
/// and words.
struct Held {
    start: usize,
    end: usize,
    first: usize,
    paragraph: usize,
    speaker: usize,
    words: String,
}

/// One quotation being attributed, with the text around it.
struct Quote<'d> {
    doc: &'d AnnotatedDoc,
    spans: &'d [(usize, usize)],
    start: usize,
    end: usize,
    /// The sentences it starts and ends in.
    first: usize,
    last: usize,
    /// Looking back from another quotation's attribution ("It said"):
    /// no further back.
    nested: bool,
    crowds: &'d HashSet<String>,
}

impl Quotes {
    pub fn new(onto: &Ontology) -> Quotes {
        let lex = &onto.lexicon;
        let verbs = alternation(lex.words("speech"));
        let sources = alternation(lex.words("speech_source"));
        let mut female = HashMap::new();
        for (gender, names) in &lex.given_names {
            for n in names {
                female.insert(n.clone(), gender == "female");
            }
        }
        for (key, e) in &onto.gazetteer.entries {
            if let Some(g) = e.gender {
                female.insert(format!("key:{key}"), g == 'f');
            }
        }
        Quotes {
            verb: Regex::new(&ascii_bounds(&format!(r"(?i)\b(?:{verbs})\b"))).expect("escaped"),
            message_reads: Regex::new(
                r"^[,.]?[”\x22’']?,?\s+(?:the|his|her|their|its) (?:[a-z]+ )?(?:telegram|message|letter|note|cable|statement) (?:reads|read|says|said|states|stated)\b",
            )
            .expect("static"),
            message_sent: Regex::new(
                r"\b(?:sent|sends|send|addressed|addresses|wrote)\b[^.]{0,60}?\b(?:telegram|message|letter|note|cable)s?\b",
            )
            .expect("static"),
            inverted: lex
                .words("speech_inverted")
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            // up to four words between: "according to German Foreign Minister"
            source: Regex::new(&ascii_bounds(&format!(
                r"(?i)\b(?:{sources})(?:\s+[\w.'’-]+){{0,4}}?\s+$"
            )))
            .expect("escaped"),
            subject_gap: Regex::new(r"^(?:\s*,[^,“”\x22]*,)?\s*(?:[\w'’]+\s+){0,3}$")
                .expect("static"),
            neuter: Regex::new(r"(?i)(?:^|[^\w])(?:it|they)\s+(?:[a-z]+\s+)?$").expect("static"),
            female,
            crowds: lex
                .events
                .values()
                .flat_map(|k| &k.crowds)
                .map(|c| c.to_lowercase())
                .collect(),
            scorn: lex.words("scorn_label").iter().cloned().collect(),
        }
    }

    /// The quotations' facts, and each attributed quotation's byte span
    /// with its speaker (an entity index), in text order.
    pub fn extract(
        &self,
        doc: &AnnotatedDoc,
        evidence: &MakeEvidence<'_>,
    ) -> (Vec<Fact>, Vec<Spoken>) {
        let text = &doc.doc.text;
        let spans = quote_spans(text);
        let mut facts: Vec<Fact> = Vec::new();
        let mut spoken = Vec::new();
        // The last speaker: entity key, paragraph, and where its quote ended.
        let mut last: Option<(usize, usize)> = None; // entity, paragraph

        // An unattributed quotation that runs to its paragraph's end: its
        // span, first sentence and paragraph. The next paragraph's opening
        // quotation, when attributed, is the rest of it.
        let mut pending: Option<(usize, usize, usize, usize)> = None;
        // An attributed quotation left open at its paragraph's end, not
        // yet stated: the next paragraph may go on with it.
        let mut held: Option<Held> = None;
        for &(qs, qe) in &spans {
            // Sentences and quotes are sorted and disjoint: lookups by
            // binary search, or one huge document is quadratic.
            let first = doc.sentences.partition_point(|s| s.end <= qs);
            if doc.sentences.get(first).is_none_or(|s| s.start > qs) {
                continue;
            }
            let words = clean_quote(&text[qs..qe]);
            if words.split_whitespace().count() < 3 || scare_quote(&text[..qs]) {
                continue;
            }
            let last_sentence = doc.sentences[first..].partition_point(|s| s.end < qe) + first;
            let q = Quote {
                doc,
                spans: &spans,
                start: qs,
                end: qe,
                first,
                last: last_sentence.min(doc.sentences.len() - 1),
                nested: false,
                crowds: &self.crowds,
            };
            let paragraph = doc.sentences[first].paragraph;
            let found = self
                .sender(&q)
                .or_else(|| self.after(&q))
                .or_else(|| self.before(&q))
                .or_else(|| self.closing(&q))
                .or_else(|| self.reported(&q))
                .map(|m| self.resolve(&q, m, last));
            let speaker = found.or_else(|| {
                let (who, para) = last?;
                let opens = text[doc.sentences[first].start..qs].trim().is_empty();
                (opens && para + 1 >= paragraph).then_some(who)
            });
            let opens_paragraph = (first == 0 || doc.sentences[first - 1].paragraph < paragraph)
                && text[doc.sentences[first].start..qs]
                    .trim_matches(|c: char| c.is_whitespace() || "\"“‘'«„".contains(c))
                    .is_empty();
            let ends_paragraph = doc
                .sentences
                .get(q.last + 1)
                .is_none_or(|s| s.paragraph > paragraph);
            // Left open: no closing mark, it goes on in the next paragraph.
            let left_open = ends_paragraph
                && !text[..qe]
                    .trim_end()
                    .ends_with(['"', '”', '’', '\'', '»', '“']);
            let words = if left_open {
                head_words(&text[qs..qe])
            } else {
                words
            };
            let Some(mut speaker) = speaker else {
                pending = ends_paragraph.then_some((qs, qe, first, paragraph));
                continue;
            };
            // "“… every week.¶“Lukashenko is not changing …,” she said": one
            // quotation over two paragraphs, said by the second's speaker.
            let head = pending
                .take()
                .filter(|&(.., para)| found.is_some() && opens_paragraph && para + 1 == paragraph);
            let (mut words, mut first) = match head {
                Some((hs, he, hfirst, _)) => {
                    spoken.push(Spoken {
                        start: hs,
                        end: he,
                        speaker,
                    });
                    (format!("{} {words}", head_words(&text[hs..he])), hfirst)
                }
                None => (words, first),
            };
            // "X said … . “This is …¶“We will not …,” the group said": a
            // quotation attributed already and left open at its paragraph's
            // end goes on in the next paragraph's opening one, if that names
            // no other speaker.
            if let Some(h) = held.take() {
                if opens_paragraph
                    && h.paragraph + 1 == paragraph
                    && found.is_none_or(|f| f == h.speaker)
                {
                    (words, first, speaker) = (format!("{} {words}", h.words), h.first, h.speaker);
                } else {
                    self.emit(doc, &h, evidence, &mut facts);
                }
            }
            last = Some((speaker, paragraph));
            spoken.push(Spoken {
                start: qs,
                end: qe,
                speaker,
            });
            let piece = Held {
                start: qs,
                end: qe,
                first,
                paragraph,
                speaker,
                words,
            };
            if left_open {
                held = Some(piece);
            } else {
                self.emit(doc, &piece, evidence, &mut facts);
            }
        }
        if let Some(h) = held {
            self.emit(doc, &h, evidence, &mut facts);
        }
        self.reported_scorn(doc, &spans, evidence, &mut facts);
        (facts, spoken)
    }

    /// States one quotation: its speaker said it, and opposes whom it
    /// calls by a name of scorn.
    fn emit(
        &self,
        doc: &AnnotatedDoc,
        q: &Held,
        evidence: &MakeEvidence<'_>,
        facts: &mut Vec<Fact>,
    ) {
        let subject = &doc.entities[q.speaker].key;
        for scorned in self.scorned(doc, q.start, q.end, q.speaker) {
            facts.push(Fact {
                subject: subject.clone(),
                predicate: "opposes".into(),
                object: Object::Entity(doc.entities[scorned].key.clone()),
                evidence: evidence(q.first, "oppose.scorn_label", 0.7),
            });
        }
        facts.push(Fact {
            subject: subject.clone(),
            predicate: "said".into(),
            object: Object::Quote(q.words.clone()),
            evidence: evidence(q.first, "said.quote", 0.9),
        });
    }

    /// Reported speech that calls an actor by a name of scorn ("Landsbergis
    /// said the regime in Minsk was using migrants"): the subject of the
    /// speech verb before it opposes that actor, as in a quotation.
    fn reported_scorn(
        &self,
        doc: &AnnotatedDoc,
        spans: &[(usize, usize)],
        evidence: &MakeEvidence<'_>,
        facts: &mut Vec<Fact>,
    ) {
        let quoted = |at: usize| spans.iter().any(|&(s, e)| s <= at && at < e);
        for m in &doc.mentions {
            let head = doc.mention_text(m).split_whitespace().next_back();
            let scorned = head.is_some_and(|w| self.scorn.contains(&w.to_lowercase()));
            if !scorned || quoted(m.start) || !doc.entities[m.entity].class.is_actor() {
                continue;
            }
            let q = Quote {
                doc,
                spans,
                start: m.start,
                end: m.end,
                first: m.sentence,
                last: m.sentence,
                nested: false,
                crowds: &self.crowds,
            };
            let Some(speaker) = self.before(&q).map(|s| self.resolve(&q, s, None)) else {
                continue;
            };
            if speaker != m.entity && doc.entities[speaker].class.is_actor() {
                facts.push(Fact {
                    subject: doc.entities[speaker].key.clone(),
                    predicate: "opposes".into(),
                    object: Object::Entity(doc.entities[m.entity].key.clone()),
                    evidence: evidence(m.sentence, "oppose.scorn_reported", 0.65),
                });
            }
        }
    }

    /// The actors a quotation calls by a name of scorn ("the regime in
    /// Minsk", "the Belarusian dictator"), other than its speaker.
    fn scorned(&self, doc: &AnnotatedDoc, qs: usize, qe: usize, speaker: usize) -> Vec<usize> {
        let lo = doc.mentions.partition_point(|m| m.start < qs);
        doc.mentions[lo..]
            .iter()
            .take_while(|m| m.end <= qe)
            .filter(|m| m.entity != speaker && doc.entities[m.entity].class.is_actor())
            .filter(|m| {
                // the mention's head ("the Lukashenko regime") or a title
                // before the name ("the dictator Alexander Lukashenko")
                let own = doc.mention_text(m).split_whitespace().next_back();
                let before = doc.doc.text[qs..m.start].split_whitespace().next_back();
                [own, before]
                    .into_iter()
                    .flatten()
                    .any(|w| self.scorn.contains(&w.to_lowercase()))
            })
            .map(|m| m.entity)
            .collect()
    }

    /// The attribution right after the quotation: its mark (or a comma,
    /// "?", "!" or dash in or after it) is followed by a clause of a few
    /// words holding a speech verb.
    fn after<'d>(&self, q: &Quote<'d>) -> Option<&'d Mention> {
        let text = &q.doc.doc.text;
        let limit = q.clause_end(q.end);
        let rest = &text[q.end..limit];
        let lead = rest.len()
            - rest
                .trim_start_matches([',', ' ', '\n', '—', '–', '-'])
                .len();
        let inner = quote_inner(&text[q.start..q.end]).trim_end();
        let joined = lead > 0 && rest[..lead].contains([',', '—', '–', '-'])
            || inner.ends_with([',', '?', '!', '—', '–', '-']);
        let (vs, ve) = self.verbs(q, q.end + lead, limit).next()?;
        let between = &text[q.end + lead..vs];
        // "…,'' Artyom Shraibman, a Belarusian political analyst at the
        // Carnegie Moscow Center, told AFP": an apposition set off by
        // commas counts for no words.
        let words = |s: &str| s.split_whitespace().count();
        let outside = match (between.find(','), between.rfind(',')) {
            (Some(a), Some(b)) if a < b => words(&between[..a]) + words(&between[b..]),
            _ => words(between),
        };
        if crate::annotate::sentences::has_stop(between) || outside > 8 {
            return None;
        }
        let speaker = if between.trim().is_empty() {
            // "…,” said Putin": the speaker after the verb.
            self.named_after(q, vs, ve)
        } else if joined {
            self.subject(q, q.end, vs)
        } else {
            return None;
        };
        // "…,” Lukashenko said, according to Belta": the person speaks and
        // the agency passes it on; "…,” Belta wrote, quoting Lukashenko":
        // the person after the cue.
        let person = |m: &&Mention| q.doc.entities[m.entity].class == Class::Person;
        match (speaker, self.quoting(q, ve)) {
            (Some(s), _) if person(&s) => Some(s),
            (_, Some(source)) => Some(source),
            // "Putin sent a message, calling the day ``…,'' Belta
            // reported": the agency passes on what the participle's
            // subject said.
            (s, None) => self.participle_before(q).filter(person).or(s),
        }
    }

    /// The speaker of a speech participle right before the quotation in
    /// its sentence ("…, calling Sept. 17 ``…''").
    fn participle_before<'d>(&self, q: &Quote<'d>) -> Option<&'d Mention> {
        let text = &q.doc.doc.text;
        let from = q.doc.sentences[q.first].start;
        let (_, ve) = self.verbs(q, from, q.start).last()?;
        let verb = text[from..ve].rsplit(' ').next().unwrap_or("");
        let near = text[ve..q.start].split_whitespace().count() <= 4;
        (verb.ends_with("ing") && near)
            .then(|| self.before(q))
            .flatten()
    }

    /// "Putin sent a telegram of condolences … . “…,” the telegram reads":
    /// the sender of the message, named before the sending verb in the
    /// quotation's sentence or the one before.
    fn sender<'d>(&self, q: &Quote<'d>) -> Option<&'d Mention> {
        let doc = q.doc;
        let text = &doc.doc.text;
        let tail = &text[q.end..doc.sentences[q.last].end];
        if !self.message_reads.is_match(tail) {
            return None;
        }
        let from = doc.sentences[q.first.saturating_sub(1)].start;
        let sent = self.message_sent.find(&text[from..q.start])?;
        let verb = from + sent.start();
        let sentence = doc.sentences.partition_point(|s| s.end <= verb);
        let start = doc.sentences[sentence].start;
        let p = Quote {
            start: verb,
            end: verb,
            first: sentence,
            last: sentence,
            ..*q
        };
        self.subject(&p, start, verb)
    }

    /// The attribution before the quotation: the last speech verb or source
    /// cue of its sentence before it.
    fn before<'d>(&self, q: &Quote<'d>) -> Option<&'d Mention> {
        let text = &q.doc.doc.text;
        let from = q.doc.sentences[q.first].start;
        // "… dismissed claims that the Kremlin had ordered it as „…“": the
        // quotation is what the framing verb called it, not what the verb
        // nearest to it said.
        let framed = text[from..q.start].trim_end().ends_with(" as");
        let framing = |&(s, e): &(usize, usize)| {
            const FRAMING: [&str; 8] = [
                "dismissed",
                "described",
                "called",
                "branded",
                "labelled",
                "labeled",
                "termed",
                "rejected",
            ];
            FRAMING.contains(&text[s..e].to_lowercase().as_str())
        };
        // A speech verb in the passive with no agent ("had been warned
        // ‘by local sources …’") says nothing of who speaks.
        let passive = |&(vs, ve): &(usize, usize)| {
            let word_before = text[from..vs].split_whitespace().next_back();
            let be = matches!(
                word_before,
                Some("been" | "was" | "were" | "is" | "are" | "be" | "being")
            );
            be && !text[ve..].starts_with(" by ")
        };
        let verbs: Vec<(usize, usize)> = self
            .verbs(q, from, q.start)
            .filter(|v| !passive(v))
            .collect();
        let verb = verbs
            .iter()
            .rev()
            .find(|v| framed && framing(v))
            .or(verbs.last())
            .copied();
        // A source cue after the last verb ("Belta wrote, quoting Mr
        // Lukashenko: “…”") names the speaker.
        let after_verb = verb.map_or(from, |(_, e)| e);
        if let Some(s) = self.source_in(q, after_verb, q.start) {
            return Some(s);
        }
        let Some((vs, ve)) = verb else {
            return self.colon_subject(q, from);
        };
        let to_quote = &text[ve..q.start];
        // Passive: "was described by Ryanair as “…”".
        if let Some(by) = to_quote.strip_prefix(" by ") {
            let at = ve + 4;
            if let Some(s) = self.noun_phrase(q, at, at + by.len()) {
                return Some(s);
            }
        }
        // "Said Putin: “…”": the speaker between the verb and the quotation.
        if self.is_inverted(&text[vs..ve]) {
            if let Some(s) = self.named_after(q, vs, ve) {
                // not "said the West “…”", where the West begins the
                // quoted clause (nor a name found past the quotation's start)
                let gap = text.get(s.end..q.start).map(str::trim);
                if matches!(gap, Some(":" | "," | "as saying:")) {
                    return Some(s);
                }
            }
        }
        self.subject(q, from, vs)
            .or_else(|| {
                // A second verb ("X called the trial a sham and urged …
                // “…”") has the subject of the first.
                if text[..vs].ends_with(" and ") {
                    let first = verbs.iter().rev().find(|v| v.0 < vs);
                    return first
                        .and_then(|&(fs, _)| self.subject(q, from, fs))
                        .or_else(|| self.subject_first(q, from, vs));
                }
                // A participle ("…, adding that: “…”") takes the subject of the
                // clause it hangs on: the speaker of the verb before it.
                if !text[vs..ve].to_lowercase().ends_with("ing") {
                    return None;
                }
                let earlier = Quote {
                    start: vs,
                    end: vs,
                    ..*q
                };
                self.before(&earlier)
                    .or_else(|| self.subject_first(q, from, vs))
            })
            .or_else(|| self.colon_subject(q, from))
    }

    /// "In a statement, the Belarusian House said it had no doubt … .
    /// “This is …”": a quotation that opens its sentence, with no
    /// attribution of its own, is said by the subject of the reported
    /// speech in the sentence before (in its paragraph, or ending the one
    /// before), when that sentence quotes nothing itself.
    fn reported<'d>(&self, q: &Quote<'d>) -> Option<&'d Mention> {
        let doc = q.doc;
        let text = &doc.doc.text;
        let first = q.first.checked_sub(1)?;
        let (prev, this) = (&doc.sentences[first], &doc.sentences[q.first]);
        let opens = text[this.start..q.start].trim().is_empty();
        let quotes = q.spans.iter().any(|&(s, e)| s < prev.end && e > prev.start);
        if !opens || quotes || prev.paragraph + 1 < this.paragraph {
            return None;
        }
        let p = Quote {
            start: prev.end,
            end: prev.end,
            first,
            last: first,
            ..*q
        };
        let (vs, _) = self.verbs(&p, prev.start, prev.end).next()?;
        self.subject(&p, prev.start, vs)
    }

    /// "The Belarusian leader was dismissive: “…”": with no speaker found
    /// by a speech verb, a colon right before the quotation hands it to its
    /// clause's first actor.
    fn colon_subject<'d>(&self, q: &Quote<'d>, from: usize) -> Option<&'d Mention> {
        let text = &q.doc.doc.text;
        let lead = text[from..q.start].trim_end();
        let colon = from + lead.strip_suffix(':')?.len();
        // The clause before the colon: after the last comma of the lead.
        let clause = text[from..colon].rfind(',').map_or(from, |i| from + i + 1);
        let cands = q.candidates();
        let mut actors = cands.iter().filter(|m| m.start >= clause && m.end <= colon);
        let actor = *actors.next()?;
        // Only a person who opens the clause, with a short predicate after
        // ("the Belarusian leader was dismissive:").
        let opens = text[clause..actor.start]
            .split_whitespace()
            .all(|w| w.eq_ignore_ascii_case("the"));
        let predicate = text[actor.end..colon].split_whitespace().count();
        let person = q.doc.entities[actor.entity].class == Class::Person;
        (person && opens && predicate <= 4 && actors.next().is_none()).then_some(actor)
    }

    /// The attribution that closes the quotation's sentence, further on
    /// ("… yielded “a lot of progress” on gas, Russia’s economy minister
    /// said.").
    fn closing<'d>(&self, q: &Quote<'d>) -> Option<&'d Mention> {
        let text = &q.doc.doc.text;
        let end = q.clause_end(q.end);
        let (vs, ve) = self.verbs(q, q.end, end).last()?;
        let tail = text[ve..end].trim_end_matches(['.', '!', '?', ' ']);
        if tail.split_whitespace().count() > 4 || tail.contains([',', ';', ':']) {
            return None;
        }
        let clause = text[q.end..vs]
            .rfind([',', '—', '–'])
            .map_or(q.end, |i| q.end + i);
        self.subject(q, clause, vs)
            .or_else(|| self.named_after(q, vs, ve))
    }

    /// The speech verbs of `text[from..to]` outside quotations and names
    /// ("States" in "United States" is no verb), as byte ranges.
    fn verbs<'a>(
        &'a self,
        q: &'a Quote<'_>,
        from: usize,
        to: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        self.verb
            .find_iter(&q.doc.doc.text[from..to])
            .map(move |m| (from + m.start(), from + m.end()))
            .filter(|&(s, _)| !q.inside(s) && !q.in_mention(s))
    }

    /// "…, quoting Y" / "according to Y" right after the verb ending at `at`.
    fn quoting<'d>(&self, q: &Quote<'d>, at: usize) -> Option<&'d Mention> {
        let end = q.clause_end(at);
        self.source_in(q, at, end)
    }

    /// The speaker named after the last source cue within `from..to`.
    fn source_in<'d>(&self, q: &Quote<'d>, from: usize, to: usize) -> Option<&'d Mention> {
        let text = &q.doc.doc.text;
        let cands = q.candidates();
        cands
            .iter()
            .filter(|m| m.start >= from && m.end <= to)
            .find(|m| self.source.is_match(&text[from..m.start]))
            .and_then(|m| self.noun_phrase(q, m.start, q.clause_end(m.start)))
    }

    /// The speaker named right after the speech verb at `vs..ve` ("said
    /// German Foreign Minister Heiko Maas", "added the ministry").
    fn named_after<'d>(&self, q: &Quote<'d>, vs: usize, ve: usize) -> Option<&'d Mention> {
        let text = &q.doc.doc.text;
        if !self.is_inverted(&text[vs..ve]) {
            return None;
        }
        let end = q.clause_end(ve);
        let cands = q.candidates();
        let first = cands.iter().find(|m| m.start >= ve && m.end <= end)?;
        // only the noun phrase right after the verb
        if text[ve..first.start].split_whitespace().count() > 4 {
            return None;
        }
        self.noun_phrase(q, first.start, end)
    }

    /// The subject of the speech verb at `verb`: the nearest actor before
    /// it (within `from..verb`) with at most an apposition or three words
    /// between, else one that ends an apposition.
    fn subject<'d>(&self, q: &Quote<'d>, from: usize, verb: usize) -> Option<&'d Mention> {
        let text = &q.doc.doc.text;
        let cands = q.candidates();
        let before = || {
            cands
                .iter()
                .filter(|m| m.start >= from && m.end <= verb)
                .rev()
        };
        // A name in apposition to the subject ("The leader of democratic
        // Belarus, Sviatlana Tsikhanouskaya, said") is the speaker.
        let apposed = before().find(|m| {
            let gap = text[m.end..verb].trim_start();
            q.doc.entities[m.entity].class == Class::Person
                && m.kind != MentionKind::Pronoun
                && text[..m.start].trim_end().ends_with(',')
                && gap.starts_with(',')
                && gap[1..].split_whitespace().count() <= 3
                && !cands.iter().any(|o| o.start >= m.end && o.end <= verb)
        });
        // The actor opening the clause, when all between it and the verb
        // is set off by commas ("Pavel Latushka, a former minister who now
        // heads the NACM, an opposition body, said"): no actor inside the
        // apposition is the subject.
        let opening = before().next_back().filter(|m| {
            let lead = text[from..m.start].trim();
            let gap = text[m.end..verb].trim();
            matches!(lead, "" | "The" | "the")
                && gap.starts_with(',')
                && gap.ends_with(',')
                && gap.len() > 1
        });
        // "Nausėda, who has repeatedly called the plant “…”": the person a
        // relative clause with the verb follows.
        let relative = || {
            before().find(|m| {
                let gap = text[m.end..verb].trim_start();
                q.doc.entities[m.entity].class == Class::Person
                    && gap
                        .strip_prefix(", who ")
                        .is_some_and(|g| g.split_whitespace().count() <= 3)
            })
        };
        apposed
            .or(opening)
            .or_else(|| before().find(|m| self.subject_gap.is_match(&text[m.end..verb])))
            .or_else(relative)
            // A subject in apposition, between commas ("The EU's foreign
            // policy chief, Josep Borrell, said"): only when no actor stands
            // before the apposition ("Kalachev, who heads the Political
            // Expert Group, told").
            .or_else(|| {
                before().find(|m| {
                    let gap = text[m.end..verb].trim_start();
                    let opened = text[..m.start].trim_end().ends_with(',');
                    opened && gap.starts_with(',') && self.subject_gap.is_match(&gap[1..])
                })
            })
            .copied()
            .or_else(|| self.neuter_subject(q, from, verb))
    }

    /// The speaker "it" or "they" stands for before a speech verb ("The
    /// Foreign Ministry said … . It said …"): the organisation
    /// or country speaking in the sentence before, in the same or the
    /// previous paragraph. One sentence back only.
    fn neuter_subject<'d>(&self, q: &Quote<'d>, from: usize, verb: usize) -> Option<&'d Mention> {
        if q.nested || !self.neuter.is_match(&q.doc.doc.text[from..verb]) {
            return None;
        }
        let prev = q.first.checked_sub(1)?;
        let p = &q.doc.sentences[prev];
        if p.paragraph + 1 < q.doc.sentences[q.first].paragraph {
            return None;
        }
        let earlier = Quote {
            first: prev,
            last: prev,
            start: p.end,
            end: p.end,
            nested: true,
            ..*q
        };
        self.before(&earlier)
            .filter(|m| q.doc.entities[m.entity].class != Class::Person)
    }

    /// The first actor of the clause before a participle whose own
    /// subject is not right before it ("The ministry issued a statement,
    /// adding that: “…”").
    fn subject_first<'d>(&self, q: &Quote<'d>, from: usize, verb: usize) -> Option<&'d Mention> {
        let text = &q.doc.doc.text;
        let cands: Vec<&Mention> = q
            .candidates()
            .into_iter()
            .filter(|m| m.start >= from && m.end <= verb)
            .collect();
        let first = *cands.first()?;
        // "Kremlin spokesman Dmitry Peskov declined …, calling it “…”": an
        // organisation in a title speaks not, the person it titles does.
        let titled = cands.get(1).filter(|p| {
            let gap = &text[first.end..p.start];
            q.doc.entities[p.entity].class == Class::Person
                && q.doc.entities[first.entity].class != Class::Person
                && gap.split_whitespace().count() <= 3
                && gap.split_whitespace().all(|w| {
                    !matches!(w, "and" | "or") && w.chars().all(|c| c.is_lowercase() || c == '-')
                })
        });
        Some(titled.copied().unwrap_or(first))
    }

    /// The speaker of a noun phrase starting at `from` and ending at the
    /// first punctuation before `to`: its first person, else its last
    /// actor (the head: "the US Defense Department").
    fn noun_phrase<'d>(&self, q: &Quote<'d>, from: usize, to: usize) -> Option<&'d Mention> {
        let text = &q.doc.doc.text;
        let stop = text[from..to]
            .find([',', ';', ':', '(', '“', '"', '«', '„'])
            .map_or(to, |i| from + i);
        let stop = text[from..stop].find(" and ").map_or(stop, |i| from + i);
        let cands = q.candidates();
        let in_np: Vec<&Mention> = cands
            .into_iter()
            .filter(|m| m.start >= from && m.end <= stop.max(from + 1))
            .collect();
        let person = in_np
            .iter()
            .find(|m| q.doc.entities[m.entity].class == Class::Person);
        person.or(in_np.last()).copied()
    }

    fn is_inverted(&self, verb: &str) -> bool {
        let v = verb.split_whitespace().collect::<Vec<_>>().join(" ");
        self.inverted.contains(&v.to_lowercase())
    }

    /// The entity a speaker mention stands for. A pronoun ("he said") is
    /// the last quotation's speaker if that is a person of its gender named
    /// in the two sentences before, else what the annotate layer resolved
    /// it to.
    fn resolve(&self, q: &Quote<'_>, m: &Mention, last: Option<(usize, usize)>) -> usize {
        if m.kind != MentionKind::Pronoun {
            return m.entity;
        }
        let doc = q.doc;
        let text = &doc.doc.text;
        let word = text[m.start..m.end].to_lowercase();
        let female = match word.as_str() {
            "she" => true,
            "he" => false,
            _ => return m.entity,
        };
        // The window: this sentence and the two before it.
        let lo = doc.sentences[m.sentence.saturating_sub(2)].start;
        let i = doc.mentions.partition_point(|x| x.start < lo);
        let j = doc.mentions.partition_point(|x| x.start < m.start);
        let fits: Vec<usize> = doc.mentions[i..j]
            .iter()
            .rev()
            .filter(|x| x.kind != MentionKind::Pronoun && x.kind != MentionKind::Adjective)
            .filter(|x| !q.inside(x.start))
            .filter(|x| doc.entities[x.entity].class == Class::Person)
            .filter(|x| self.gender(doc, x.entity).is_none_or(|f| f == female))
            .map(|x| x.entity)
            .collect();
        // A quotation's speaker goes on speaking: "Putin met Lukashenko.
        // “…,” he said" after Putin's quote is Putin's; but not past a
        // sentence whose subject is another person of the pronoun's gender
        // ("“…,” Tokayev said. Lukashenko thanked them. “…,” he said").
        let subject_before = m
            .sentence
            .checked_sub(1)
            .and_then(|s| {
                // a group noun ("the opposition leader X") is no subject
                doc.mentions_in(s)
                    .iter()
                    .find(|x| !matches!(x.kind, MentionKind::Adjective | MentionKind::Nominal))
            })
            .filter(|x| !q.inside(x.start) && fits.contains(&x.entity))
            .map(|x| x.entity);
        // Nor past another person of the gender named earlier in the
        // pronoun's own sentence ("Putin, speaking at the summit, welcomed
        // what he called “…”").
        let in_sentence = doc.mentions[i..j]
            .iter()
            .rev()
            .take_while(|x| x.sentence == m.sentence)
            .find(|x| !q.inside(x.start) && fits.contains(&x.entity))
            .map(|x| x.entity);
        let other = |e: Option<usize>, who: usize| e.is_some_and(|e| e != who);
        match last {
            Some((who, _))
                if fits.contains(&who)
                    && !other(subject_before, who)
                    && !other(in_sentence, who) =>
            {
                who
            }
            _ => m.entity,
        }
    }

    /// Whether a person is female, if the gazetteer or the given name says.
    fn gender(&self, doc: &AnnotatedDoc, entity: usize) -> Option<bool> {
        let r = &doc.entities[entity];
        if let Some(&f) = self.female.get(&format!("key:{}", r.key)) {
            return Some(f);
        }
        let first = r.label.split_whitespace().next()?;
        self.female.get(first).copied()
    }
}

impl<'d> Quote<'d> {
    fn inside(&self, pos: usize) -> bool {
        let i = self.spans.partition_point(|&(s, _)| s <= pos);
        i > 0 && pos < self.spans[i - 1].1
    }

    fn in_mention(&self, pos: usize) -> bool {
        let ms = &self.doc.mentions;
        let i = ms.partition_point(|m| m.start <= pos);
        i > 0 && pos < ms[i - 1].end
    }

    /// The sentences around the quotation.
    fn sentences(&self) -> Range<usize> {
        self.first..self.last + 1
    }

    /// The actors of the quotation's sentences that may speak: outside
    /// quotations, not adjectives ("German"), not possessors ("Putin's
    /// spokesman"), not places.
    fn candidates(&self) -> Vec<&'d Mention> {
        let text = &self.doc.doc.text;
        let r = self.sentences();
        let lo = self.doc.mentions.partition_point(|m| m.sentence < r.start);
        let hi = self.doc.mentions.partition_point(|m| m.sentence < r.end);
        self.doc.mentions[lo..hi]
            .iter()
            // An event speaks only through its crowd ("protesters
            // chanted …"): "X rejected claims about the crisis and said …"
            // is X's.
            .filter(|m| match self.doc.entities[m.entity].class {
                Class::Event => self.crowds.contains(&text[m.start..m.end].to_lowercase()),
                class => class.is_actor(),
            })
            .filter(|m| m.kind != MentionKind::Adjective)
            .filter(|m| !self.inside(m.start))
            .filter(|m| !text[m.end..].starts_with("'s") && !text[m.end..].starts_with("’s"))
            .collect()
    }

    /// Where the clause starting at `from` ends: the end of the sentence
    /// it is in, or the next quotation, whichever comes first.
    fn clause_end(&self, from: usize) -> usize {
        let s = self.doc.sentences.partition_point(|s| s.end < from);
        let end = self.doc.sentences.get(s).map_or(from, |s| s.end.max(from));
        let next = self.spans.partition_point(|&(st, _)| st < from);
        self.spans.get(next).map_or(end, |&(st, _)| st.min(end))
    }
}

/// The quotation's words: marks, edges and a final comma or period dropped.
/// The words of a quotation that goes on in the next paragraph, its stop
/// kept: "…on us." + "We are ready…".
fn head_words(q: &str) -> String {
    let inner = quote_inner(q);
    inner.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn clean_quote(q: &str) -> String {
    let words = head_words(q);
    words.trim_end_matches([',', '.', ' ']).trim().to_string()
}

fn scare_quote(before: &str) -> bool {
    // Only the tail can end with a cue: lowercasing all the text before
    // every quotation made a long article quadratic. Each char lowercases
    // to one or more chars, so the last 16 chars decide an ASCII suffix.
    let b = before.trim_end();
    let tail = b.char_indices().rev().nth(15).map_or(0, |(i, _)| i);
    let b = b[tail..].to_lowercase();
    // a title: "the law «On Mass Media»", "a film titled “…”"
    let title = [
        "law",
        "bill",
        "decree",
        "titled",
        "entitled",
        "headlined",
        "code-named",
        "codenamed",
    ];
    b.ends_with("so-called")
        || b.ends_with("so called")
        || b.ends_with("dubbed")
        || b.ends_with("known as")
        || title.iter().any(|t| {
            b.strip_suffix(t)
                .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
        })
}
