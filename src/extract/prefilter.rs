//! Which rules can match a sentence: each rule's pattern is searched for a
//! part that every match must contain and that is a short list of literal
//! words ("met", "meets", "talks" …); one Aho-Corasick pass over a
//! sentence's templates then names the rules worth running. Rules without
//! such a part always run. Only an over-approximation: a rule it names may
//! still not match, a rule it skips cannot.

use aho_corasick::{AhoCorasick, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

/// Fewest letters a literal worth searching for has: shorter ones ("of",
/// ", ") are in most sentences.
const MIN_LETTERS: usize = 3;

pub struct Prefilter {
    ac: AhoCorasick,
    /// Rule index of each Aho-Corasick pattern.
    owner: Vec<usize>,
    /// Rules with no required literals: candidates for every sentence.
    always: Vec<usize>,
    rules: usize,
}

impl Prefilter {
    /// From the rule patterns (in rule order).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Prefilter {
        let (mut literals, mut owner, mut always) = (Vec::new(), Vec::new(), Vec::new());
        let mut rules = 0;
        for (i, pattern) in patterns.into_iter().enumerate() {
            rules += 1;
            match required(pattern) {
                Some(words) => {
                    owner.extend(std::iter::repeat_n(i, words.len()));
                    literals.extend(words);
                }
                None => always.push(i),
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(&literals)
            .expect("literal automaton builds");
        Prefilter {
            ac,
            owner,
            always,
            rules,
        }
    }

    /// For each rule, whether it may match one of `texts`.
    pub fn candidates(&self, texts: &[&str]) -> Vec<bool> {
        let mut out = vec![false; self.rules];
        for &i in &self.always {
            out[i] = true;
        }
        for text in texts {
            for m in self.ac.find_overlapping_iter(*text) {
                out[self.owner[m.pattern().as_usize()]] = true;
            }
        }
        out
    }
}

/// Lowercased literals one of which every match of `pattern` contains, from
/// the most selective part of its top-level sequence; `None` if no part
/// qualifies. Parsed case-sensitively: the rule itself is case-insensitive,
/// and the search for the literals is too.
fn required(pattern: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    parts(&hir)
        .into_iter()
        .filter_map(literals)
        .max_by_key(|words| words.iter().map(|w| letters(w)).min().unwrap_or(0))
}

fn letters(word: &[u8]) -> usize {
    word.iter().filter(|c| c.is_ascii_alphabetic()).count()
}

/// The parts a match runs through in sequence (captures unwrapped).
fn parts(hir: &Hir) -> Vec<&Hir> {
    match hir.kind() {
        HirKind::Capture(c) => parts(&c.sub),
        HirKind::Concat(subs) => subs.iter().flat_map(parts).collect(),
        _ => vec![hir],
    }
}

/// The finite set of prefixes that every match of `part` starts with, if
/// each is long enough to be selective and none is a slot bracket.
fn literals(part: &Hir) -> Option<Vec<Vec<u8>>> {
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(part);
    let found = seq.literals()?;
    // Slot brackets are in every template.
    let ok =
        |b: &[u8]| letters(b) >= MIN_LETTERS && !String::from_utf8_lossy(b).contains(['⟦', '⟧']);
    if found.is_empty() || !found.iter().all(|l| ok(l.as_bytes())) {
        return None;
    }
    let mut words: Vec<Vec<u8>> = found
        .iter()
        .map(|l| l.as_bytes().to_ascii_lowercase())
        .collect();
    words.sort();
    words.dedup();
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(pattern: &str) -> Option<Vec<String>> {
        required(pattern).map(|w| {
            w.into_iter()
                .map(|b| String::from_utf8(b).expect("utf-8"))
                .collect()
        })
    }

    #[test]
    fn picks_the_verb_alternation() {
        let w = words(r"(?P<S>⟦P\d+⟧) (?:has )?(?:met|meets|talked) (?:with )?(?P<O>⟦P\d+⟧)");
        assert_eq!(w, Some(vec!["meets".into(), "met".into(), "talked".into()]));
    }

    #[test]
    fn optional_parts_are_not_required() {
        assert_eq!(words(r"⟦P\d+⟧ (?:visited )?⟦L\d+⟧"), None);
        assert_eq!(words(r"⟦P\d+⟧ of ⟦O\d+⟧"), None, "too short to select");
        assert_eq!(
            words(r"(?P<S>⟦P\d+⟧), ⟦P\d+⟧"),
            None,
            "slot brackets are everywhere"
        );
    }

    #[test]
    fn candidates_cover_case_and_unconditional_rules() {
        let p = Prefilter::new([r"⟦P\d+⟧ (?:met|meets) ⟦P\d+⟧", r"⟦P\d+⟧ of ⟦O\d+⟧"]);
        assert_eq!(p.candidates(&["⟦P0⟧ MET ⟦P1⟧"]), vec![true, true]);
        assert_eq!(p.candidates(&["⟦P0⟧ spoke to ⟦P1⟧"]), vec![false, true]);
    }
}
