//! Which rules can match a sentence: each rule's pattern is searched for a
//! part that every match must contain and that is a short list of literal
//! words ("met", "meets", "talks" …); one Aho-Corasick pass over a
//! sentence's templates then names the rules worth running. The slot
//! classes a rule needs ("⟦P", "⟦O") are required the same way. Rules
//! without such parts always run. Only an over-approximation: a rule it
//! names may still not match, a rule it skips cannot.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};
use std::collections::BTreeMap;

/// Fewest letters a literal worth searching for has: shorter ones ("of",
/// ", ") are in most sentences.
const MIN_LETTERS: usize = 3;

pub struct Prefilter {
    ac: AhoCorasick,
    /// The (rule, group) pairs each Aho-Corasick pattern satisfies.
    owners: Vec<Vec<(usize, usize)>>,
    /// Number of requirement groups of each rule (0: it always runs).
    groups: Vec<usize>,
}

impl Prefilter {
    /// From the rule patterns (in rule order).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Prefilter {
        let mut index: BTreeMap<Vec<u8>, Vec<(usize, usize)>> = BTreeMap::new();
        let mut groups = Vec::new();
        for (rule, pattern) in patterns.into_iter().enumerate() {
            let required = required(pattern);
            for (group, literals) in required.iter().enumerate() {
                for literal in literals {
                    index
                        .entry(literal.clone())
                        .or_default()
                        .push((rule, group));
                }
            }
            groups.push(required.len());
        }
        // The DFA kind searches about twice as fast as the automatic
        // choice for this many patterns (shared/notes/crates.md).
        let ac = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(index.keys())
            .expect("literal automaton builds");
        Prefilter {
            ac,
            owners: index.into_values().collect(),
            groups,
        }
    }

    /// For each rule, whether it may match one of `texts`: each of its
    /// requirement groups has a literal in them.
    pub fn candidates(&self, texts: &[&str]) -> Vec<bool> {
        let mut met: Vec<u64> = vec![0; self.groups.len()];
        for text in texts {
            for m in self.ac.find_overlapping_iter(*text) {
                for &(rule, group) in &self.owners[m.pattern().as_usize()] {
                    met[rule] |= 1 << group;
                }
            }
        }
        met.iter()
            .zip(&self.groups)
            .map(|(m, &n)| m.count_ones() as usize == n)
            .collect()
    }
}

/// What every match of `pattern` must contain, as groups of lowercased
/// literals (one literal of each group): every run of words long enough
/// to select, and each distinct set of slot classes ("⟦P", "⟦C"). Empty if
/// nothing qualifies. Parsed case-sensitively: the rule itself is case-insensitive,
/// and the search for the literals is too.
fn required(pattern: &str) -> Vec<Vec<Vec<u8>>> {
    let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(pattern) else {
        return Vec::new();
    };
    // Single parts, and pairs of neighbours: "⟦" then "[PC]" is "⟦P"|"⟦C".
    let parts = parts(&hir);
    let pairs = parts
        .windows(2)
        .map(|w| Hir::concat(vec![w[0].clone(), w[1].clone()]));
    let found: Vec<Vec<Vec<u8>>> = parts
        .iter()
        .cloned()
        .chain(pairs)
        .filter_map(|p| literals(&p))
        .collect();
    let mut out: Vec<Vec<Vec<u8>>> = Vec::new();
    let words: Vec<&Vec<Vec<u8>>> = found
        .iter()
        .filter(|g| {
            g.iter()
                .all(|l| letters(l) >= MIN_LETTERS && !has_bracket(l))
        })
        .collect();
    // "met " (a part and the space after it) makes "met" redundant
    let implied = |g: &Vec<Vec<u8>>| {
        words
            .iter()
            .any(|h| *h != g && h.iter().all(|l| g.iter().any(|w| l.starts_with(w))))
    };
    let kept = words.iter().filter(|g| !implied(g)).map(|g| (*g).clone());
    for g in kept.chain(found.iter().filter_map(|g| slot_openers(g))) {
        if !out.contains(&g) && out.len() < 64 {
            out.push(g);
        }
    }
    out
}

/// The slot openers ("⟦p") a group of literals implies: the first in each
/// literal, if each has one.
fn slot_openers(group: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    let mut out: Vec<Vec<u8>> = group
        .iter()
        .map(|l| {
            l.windows(SLOT.len() + 1)
                .find(|w| w.starts_with(SLOT) && w[SLOT.len()].is_ascii_alphabetic())
                .map(<[u8]>::to_vec)
        })
        .collect::<Option<_>>()?;
    out.sort();
    out.dedup();
    Some(out)
}

const SLOT: &[u8] = "⟦".as_bytes();

fn has_bracket(literal: &[u8]) -> bool {
    String::from_utf8_lossy(literal).contains(['⟦', '⟧'])
}

fn letters(word: &[u8]) -> usize {
    word.iter().filter(|c| c.is_ascii_alphabetic()).count()
}

/// The parts a match runs through in sequence (captures unwrapped).
fn parts(hir: &Hir) -> Vec<Hir> {
    match hir.kind() {
        HirKind::Capture(c) => parts(&c.sub),
        HirKind::Concat(subs) => subs.iter().flat_map(parts).collect(),
        _ => vec![hir.clone()],
    }
}

/// The finite set of prefixes that every match of `part` starts with,
/// lowercased, if there is one.
fn literals(part: &Hir) -> Option<Vec<Vec<u8>>> {
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(part);
    let found = seq.literals()?;
    if found.is_empty() || found.iter().any(|l| l.as_bytes().is_empty()) {
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

    fn groups(pattern: &str) -> Vec<Vec<String>> {
        required(pattern)
            .into_iter()
            .map(|g| {
                g.into_iter()
                    .map(|b| String::from_utf8(b).expect("utf-8"))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn requires_the_verb_alternation_and_the_slot_classes() {
        let g = groups(r"(?P<S>⟦[PC]\d+⟧) (?:has )?(?:met|meets|talked) (?:with )?(?P<O>⟦P\d+⟧)");
        assert_eq!(g[0], ["meets ", "met ", "talked "]);
        assert!(g.contains(&vec!["⟦c".into(), "⟦p".into()]), "{g:?}");
        assert!(g.contains(&vec!["⟦p".into()]), "{g:?}");
    }

    #[test]
    fn optional_and_short_parts_are_not_required() {
        assert_eq!(groups(r"⟦P\d+⟧ (?:visited )?⟦L\d+⟧"), [["⟦p"], ["⟦l"]]);
        assert_eq!(groups(r"⟦P\d+⟧ of ⟦O\d+⟧"), [["⟦p"], ["⟦o"]]);
        assert!(groups(r"(?:said|told) (?:to )?(?:the )?").len() == 1);
        assert!(groups(r"(?:of|at) \w+").is_empty(), "too short to select");
    }

    #[test]
    fn every_run_of_words_is_required() {
        let p = Prefilter::new([r"⟦C\d+⟧ (?:troops|forces) (?:arrived|landed) in ⟦C\d+⟧"]);
        assert_eq!(p.candidates(&["⟦C0⟧ troops arrived in ⟦C1⟧"]), [true]);
        assert_eq!(p.candidates(&["⟦C0⟧ forces said ⟦C1⟧ arrived"]), [true]);
        assert_eq!(p.candidates(&["⟦C0⟧ troops entered ⟦C1⟧"]), [false]);
        assert_eq!(p.candidates(&["⟦C0⟧ envoys arrived in ⟦C1⟧"]), [false]);
    }

    #[test]
    fn a_rule_is_a_candidate_only_when_every_group_is_met() {
        let p = Prefilter::new([
            r"⟦P\d+⟧ (?:met|meets) ⟦P\d+⟧",
            r"⟦P\d+⟧ of ⟦O\d+⟧",
            r"(?:of|at) \w+",
        ]);
        assert_eq!(p.candidates(&["⟦P0⟧ MET ⟦P1⟧"]), [true, false, true]);
        assert_eq!(p.candidates(&["⟦P0⟧ of ⟦O1⟧"]), [false, true, true]);
        assert_eq!(p.candidates(&["⟦C0⟧ met ⟦C1⟧"]), [false, false, true]);
        assert_eq!(
            p.candidates(&["⟦P0⟧ spoke", "⟦O1⟧ met"]),
            [true, true, true]
        );
    }
}
