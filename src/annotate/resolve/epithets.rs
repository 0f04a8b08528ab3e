//! The epithets pass: "the sprinter", "the former banker" to the person the
//! text introduced with that noun ("Belarusian sprinter Krystsina
//! Tsimanouskaya", "Viktor Babariko, the former banker who …"), the latest
//! before the phrase. A noun also stands for the nouns the lexicon lists
//! under it in `epithet_kinds` ("the athlete" for a sprinter). Only a
//! definite phrase no earlier pass resolved is looked at, so an epithet
//! never overrides a name, role or body.

use super::{Cand, Ctx, What};
use crate::annotate::mentions::{preposition, verb_like};
use crate::model::{Class, MentionKind};

/// Words after a name's appositive noun that end the noun phrase.
const PHRASE_ENDS: &[&str] = &[
    "who", "whose", "whom", "that", "which", "of", "from", "in", "at", "and", "with", "for", "on",
    "to", "since", "after",
];

impl Ctx<'_, '_> {
    pub(super) fn epithets(&mut self, later: &[Cand]) {
        let introduced = self.introductions();
        if introduced.is_empty() {
            return;
        }
        let kinds = &self.ann.onto.lexicon.epithet_kinds;
        let mut found = Vec::new();
        for c in later {
            let What::Definite(word) = &c.what else {
                continue;
            };
            // the passes before left the mentions sorted by start
            let resolved = self
                .mentions
                .binary_search_by_key(&c.start, |m| m.start)
                .is_ok();
            if resolved {
                continue;
            }
            let word = word.to_lowercase();
            let fits = |noun: &str| {
                noun == word
                    || kinds
                        .get(&word)
                        .is_some_and(|ns| ns.iter().any(|n| n == noun))
            };
            let pick = introduced
                .iter()
                .filter(|(pos, _, _)| *pos < c.start)
                .rfind(|(_, noun, _)| fits(noun));
            if let Some(&(_, _, entity)) = pick {
                found.push((c.start, c.end, entity));
            }
        }
        for (start, end, entity) in found {
            self.push(start, end, entity, MentionKind::Nominal);
        }
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
    }

    /// (position, noun, person) for each named person the text puts a
    /// common noun next to: right before the name ("sprinter Krystsina
    /// Tsimanouskaya") or in apposition after it ("Babariko, the former
    /// banker who"), in text order.
    fn introductions(&self) -> Vec<(usize, String, usize)> {
        let mut out = Vec::new();
        for m in &self.mentions {
            let named = matches!(m.kind, MentionKind::Name | MentionKind::Pattern);
            if !named || self.table.records[m.entity].class != Class::Person {
                continue;
            }
            let before = self.text[..m.start].strip_suffix(' ').unwrap_or("");
            let noun = before
                .rsplit([' ', '\n', '(', '"', '“'])
                .next()
                .unwrap_or("");
            if let Some(noun) = epithet(noun) {
                out.push((m.start, noun, m.entity));
            }
            if let Some(noun) = self.appositive_noun(m.end) {
                out.push((m.start, noun, m.entity));
            }
        }
        out
    }

    /// The head noun of ", the former banker who" right after a name.
    fn appositive_noun(&self, end: usize) -> Option<String> {
        let rest = self.text[end..].strip_prefix(", ")?;
        let mut words = rest.split(' ');
        if !matches!(words.next()?, "a" | "an" | "the") {
            return None;
        }
        let mut last = None;
        for w in words.take(4) {
            let bare = w.trim_end_matches([',', '.', ';', ':']);
            if PHRASE_ENDS.contains(&bare) {
                break;
            }
            last = Some(bare);
            if bare.len() != w.len() {
                break;
            }
        }
        epithet(last?)
    }
}

/// A word that can be a person's epithet: lower case letters, four or
/// more, and no verb form or function word ("arrested Viktor Babariko",
/// "said Putin", "with Putin").
fn epithet(word: &str) -> Option<String> {
    let plain = word.len() >= 4 && word.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
    let verb = word.ends_with("ing") || verb_like(word) || preposition(word);
    (plain && !verb).then(|| word.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::testing::{annotate, refers};

    #[test]
    fn the_noun_a_person_was_introduced_with_refers_to_them() {
        let doc = annotate(
            "Belarusian sprinter Krystsina Tsimanouskaya refused to fly home. \
             Police escorted the sprinter. The athlete was safe.",
        );
        let her = refers(&doc, "Krystsina Tsimanouskaya", 0);
        assert!(!her.is_empty());
        assert_eq!(refers(&doc, "the sprinter", 0), her);
        // "athlete" stands for "sprinter" (lexicon epithet_kinds)
        assert_eq!(refers(&doc, "The athlete", 0), her);
    }

    #[test]
    fn an_appositive_after_the_name_introduces_it_too() {
        let doc = annotate(
            "Police arrested Viktor Babariko, the former banker who led the polls. \
             Later the banker was charged.",
        );
        let him = refers(&doc, "Viktor Babariko", 0);
        assert!(!him.is_empty());
        assert_eq!(refers(&doc, "the banker", 0), him);
        // a verb before a name is no epithet
        let doc = annotate("Police arrested Viktor Babariko. Later the arrested man spoke.");
        assert!(refers(&doc, "the arrested", 0).is_empty());
    }

    #[test]
    fn no_person_introduced_so_means_no_reference() {
        let doc = annotate("Viktor Babariko spoke. The sprinter ran.");
        assert!(refers(&doc, "The sprinter", 0).is_empty());
    }
}
