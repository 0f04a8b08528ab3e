//! Direct quotations and their speakers (`said`). A quotation of three or
//! more words is attributed, in this order, to: an actor right after it
//! with a speech verb ("…,” Putin said; “…,” said the Kremlin); an actor
//! before it in the sentence followed by a speech verb ("Lukashenko said
//! last week that … “…”"); or, for a paragraph that is only a quotation,
//! the speaker of the quotation before it. Scare quotes ("so-called “…”")
//! are not quotations.

use crate::annotate::quote_spans;
use crate::model::{AnnotatedDoc, Class, Evidence, Fact, Mention, Object};
use crate::ontology::rules::alternation;
use crate::ontology::Lexicon;
use regex::Regex;

pub struct Quotes {
    /// A speech verb right after a speaker (an apposition may intervene).
    after_speaker: Regex,
    /// A speech verb right before a speaker ("said Putin").
    before_speaker: Regex,
}

type MakeEvidence<'a> = dyn Fn(usize, &str, f64) -> Evidence + 'a;

impl Quotes {
    pub fn new(lex: &Lexicon) -> Quotes {
        let verbs = alternation(lex.words("speech"));
        Quotes {
            after_speaker: Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
                r"(?i)^(?:,[^,“”\x22]*,)?\s*(?:[\w'’]+\s+){{0,3}}?(?:{verbs})\b"
            )))
            .expect("escaped words"),
            // Inverted attribution ("…,” said Putin): only verbs that take
            // no addressee, so "told AFP" does not make AFP the speaker.
            before_speaker: Regex::new(&crate::ontology::rules::ascii_bounds(
                r"(?i)\b(?:said|says|added|adds|continued|wrote|asked|declared|stated)\s+(?:the\s+)?$",
            ))
            .expect("static"),
        }
    }

    pub fn extract(&self, doc: &AnnotatedDoc, evidence: &MakeEvidence<'_>) -> Vec<Fact> {
        let text = &doc.doc.text;
        let spans = quote_spans(text);
        let mut facts: Vec<Fact> = Vec::new();
        let mut last: Option<(String, usize)> = None; // speaker, paragraph
        for &(qs, qe) in &spans {
            // Sentences and quotes are sorted and disjoint: lookups by
            // binary search, or one huge document is quadratic.
            let si = doc.sentences.partition_point(|s| s.end <= qs);
            if doc.sentences.get(si).is_none_or(|s| s.start > qs) {
                continue;
            }
            let quote = clean_quote(&text[qs..qe]);
            if quote.split_whitespace().count() < 3 || scare_quote(&text[..qs]) {
                continue;
            }
            let sentence = &doc.sentences[si];
            let outside = |m: &&Mention| {
                let i = spans.partition_point(|&(s, _)| s <= m.start);
                !(i > 0 && m.end <= spans[i - 1].1)
            };
            let speakers: Vec<&Mention> = doc
                .mentions_in(si)
                .iter()
                .filter(|m| doc.entities[m.entity].class.is_actor())
                .filter(outside)
                .collect();
            let after = speakers
                .iter()
                .find(|m| m.start >= qe && self.speaks(doc, m));
            let before = speakers
                .iter()
                .rev()
                .find(|m| m.end <= qs && self.speaks(doc, m));
            let speaker = after.or(before).map(|m| doc.entities[m.entity].key.clone());
            let alone = text[sentence.start..sentence.end].trim() == text[qs..qe].trim()
                || doc
                    .sentences
                    .partition_point(|s| s.paragraph <= sentence.paragraph)
                    - doc
                        .sentences
                        .partition_point(|s| s.paragraph < sentence.paragraph)
                    == 1
                    && text[sentence.start..qs].trim().is_empty();
            let speaker = speaker.or_else(|| {
                let (who, para) = last.clone()?;
                (alone && para + 1 >= sentence.paragraph).then_some(who)
            });
            let Some(speaker) = speaker else { continue };
            last = Some((speaker.clone(), sentence.paragraph));
            facts.push(Fact {
                subject: speaker,
                predicate: "said".into(),
                object: Object::Quote(quote),
                evidence: evidence(si, "said.quote", 0.9),
            });
        }
        facts
    }

    /// Whether a speech verb stands right after (or right before) a mention.
    fn speaks(&self, doc: &AnnotatedDoc, m: &Mention) -> bool {
        let text = &doc.doc.text;
        let s = &doc.sentences[m.sentence];
        let class = doc.entities[m.entity].class;
        if class == Class::Place {
            return false;
        }
        self.after_speaker.is_match(&text[m.end..s.end])
            || self.before_speaker.is_match(&text[s.start..m.start])
    }
}

/// The quotation's words: marks, edges and a final comma or period dropped.
fn clean_quote(q: &str) -> String {
    let inner = q.trim_matches(|c: char| c == '“' || c == '”' || c == '"');
    let inner = inner.split_whitespace().collect::<Vec<_>>().join(" ");
    inner.trim_end_matches([',', '.', ' ']).trim().to_string()
}

fn scare_quote(before: &str) -> bool {
    // Only the tail can end with a cue: lowercasing all the text before
    // every quotation made a long article quadratic. Each char lowercases
    // to one or more chars, so the last 16 chars decide an ASCII suffix.
    let b = before.trim_end();
    let tail = b.char_indices().rev().nth(15).map_or(0, |(i, _)| i);
    let b = b[tail..].to_lowercase();
    b.ends_with("so-called")
        || b.ends_with("so called")
        || b.ends_with("dubbed")
        || b.ends_with("known as")
}
