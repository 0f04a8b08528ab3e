//! The part-of-speech layer: Penn Treebank tags and lemmas for the words
//! around an event or sanctions noun that English also uses as a verb
//! ("protests", "sanction", "strike", "vote"), so that "the EU agreed to
//! sanction Belarus" and "Washington sanctions Minsk" name no sanctions and
//! "Lithuania protests against Belarus" names no protest event: the word is
//! the clause's verb. Tagging is done by the `english-pos-tagger` crate
//! (MIT; WordNet 3.0 data, Princeton's licence) on a window of words round
//! the noun only, since tagging whole documents would cost a quarter of the
//! build (benches/RESULTS.md, session 19).

use english_pos_tagger::Tagger;
use std::collections::HashSet;

/// A tagged word: its byte span in the text tagged, its tag and lemma.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub tag: String,
    pub lemma: Option<String>,
}

impl Token {
    /// A finite verb, a base form or a participle: the word heads a
    /// clause's verb.
    pub fn is_verb(&self) -> bool {
        matches!(self.tag.as_str(), "VB" | "VBP" | "VBZ" | "VBD" | "VBG")
    }
}

/// Words before and after a noun that the tagger reads: its context rules
/// look three words away; a finite verb further on says whether the noun
/// was the clause's verb.
const BEFORE: usize = 6;
const AFTER: usize = 10;

pub struct Pos {
    tagger: Tagger,
    /// The nouns, lower case, that English also writes as verbs.
    verb_like: HashSet<String>,
}

impl Pos {
    /// A tagger for the given nouns (event and sanctions nouns); only those
    /// the tagger knows as verbs are ever checked.
    pub fn new<'a>(nouns: impl IntoIterator<Item = &'a str>) -> Pos {
        let tagger = Tagger::new();
        let verb_like = nouns
            .into_iter()
            .filter(|n| !n.contains(' '))
            .map(str::to_lowercase)
            .filter(|n| {
                let as_verb = |before: &str| {
                    let t = tagger.tag_raw_tokens(&[before, n.as_str()]);
                    t.get(1)
                        .and_then(|t| t.pos.as_deref())
                        .is_some_and(|p| p.starts_with("VB"))
                };
                n.ends_with("ing") || as_verb("to") || as_verb("they")
            })
            .collect();
        Pos { tagger, verb_like }
    }

    /// Whether the word at `start..end` of `text` is a verb there, for a
    /// word English writes both ways; `false` for any other word. `from`
    /// and `to` bound the sentence it is in.
    pub fn verb_at(
        &self,
        text: &str,
        (from, to): (usize, usize),
        start: usize,
        end: usize,
    ) -> bool {
        if !self.verb_like.contains(&text[start..end].to_lowercase()) {
            return false;
        }
        let (lo, hi) = window(text, from, to, start, end);
        let tokens = self.tag(&text[lo..hi]);
        let Some(at) = tokens.iter().position(|t| lo + t.start == start) else {
            return false;
        };
        let ing = text[start..end].ends_with("ing");
        tokens[at].is_verb() || subject_verb(&tokens, at) || gerund(&tokens, at, ing)
    }

    /// The tokens of `text`, each with its byte span in it.
    pub fn tag(&self, text: &str) -> Vec<Token> {
        // The tagger reads "US" as the pronoun "us", and the noun after it
        // as its verb ("US sanctions"); "UK" it reads as the name it is.
        // Same length: every offset holds.
        let renamed = US.replace_all(text, "UK");
        let text = renamed.as_ref();
        let tagged = self.tagger.tag_sentence(text);
        let mut at = 0;
        let mut out = Vec::with_capacity(tagged.len());
        for t in tagged {
            // The tokenizer keeps each token's characters: find it onwards.
            let Some(i) = text[at..].find(t.value.as_str()) else {
                continue;
            };
            let start = at + i;
            at = start + t.value.len();
            out.push(Token {
                start,
                end: at,
                tag: t.pos.unwrap_or_default(),
                lemma: t.lemma,
            });
        }
        out
    }
}

static US: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"\bUS\b").expect("static"));

/// A plural noun right after a name or pronoun, in a clause with no other
/// finite verb, is that subject's verb: "Washington sanctions Minsk",
/// "Lithuania protests against Belarus" (the tagger's unigram reading is
/// the noun, and its context rules do not undo it after a proper noun).
fn subject_verb(tokens: &[Token], at: usize) -> bool {
    let subject = at
        .checked_sub(1)
        .and_then(|i| tokens.get(i))
        .is_some_and(|t| matches!(t.tag.as_str(), "NNP" | "NNPS" | "PRP"));
    let bound = |t: &Token| matches!(t.tag.as_str(), "." | ":" | "," | "CC");
    let clause_start = tokens[..at].iter().rposition(bound).map_or(0, |i| i + 1);
    let clause_end = tokens[at + 1..]
        .iter()
        .position(bound)
        .map_or(tokens.len(), |i| at + 1 + i);
    let finite = |t: &Token| matches!(t.tag.as_str(), "VBD" | "VBZ" | "VBP" | "MD");
    let other_verb = tokens[clause_start..at].iter().any(finite)
        || tokens[at + 1..clause_end].iter().any(finite);
    // The subject opens its clause, with at most a determiner before it
    // ("The EU sanctions …"; not "to counter the Western sanctions").
    let opener = at.saturating_sub(1).saturating_sub(clause_start);
    let opens = opener == 0 || opener == 1 && tokens[clause_start].tag == "DT";
    tokens[at].tag == "NNS" && subject && opens && !other_verb
}

/// An "-ing" word after a preposition and before its object is a gerund,
/// a verb: "after meeting Putin", "before visiting Beijing" (the tagger
/// reads "meeting" there as the noun).
fn gerund(tokens: &[Token], at: usize, ing: bool) -> bool {
    let after_preposition = at
        .checked_sub(1)
        .is_some_and(|i| matches!(tokens[i].tag.as_str(), "IN" | "TO"));
    let object = tokens
        .get(at + 1)
        .is_some_and(|t| matches!(t.tag.as_str(), "NNP" | "NNPS" | "DT" | "PRP" | "PRP$"));
    ing && tokens[at].tag == "NN" && after_preposition && object
}

/// The byte range of up to `BEFORE` words before `start..end` and `AFTER`
/// words after it, within the sentence `from..to`.
fn window(text: &str, from: usize, to: usize, start: usize, end: usize) -> (usize, usize) {
    let mut lo = start;
    for _ in 0..BEFORE {
        match text[from..lo].trim_end().rfind(char::is_whitespace) {
            Some(i) => lo = from + i + 1,
            None => {
                lo = from;
                break;
            }
        }
    }
    let mut hi = end;
    for _ in 0..AFTER {
        let rest = &text[hi..to];
        let skip = rest.len() - rest.trim_start().len();
        match rest[skip..].find(char::is_whitespace) {
            Some(i) => hi += skip + i,
            None => {
                hi = to;
                break;
            }
        }
    }
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos() -> Pos {
        Pos::new([
            "protests",
            "protest",
            "sanctions",
            "sanction",
            "talks",
            "vote",
            "summit",
            "meeting",
        ])
    }

    /// Whether `word` (its first occurrence) is read as a verb in `text`.
    fn verb(text: &str, word: &str) -> bool {
        let start = text.find(word).expect("word in text");
        pos().verb_at(text, (0, text.len()), start, start + word.len())
    }

    #[test]
    fn only_nouns_english_also_writes_as_verbs_are_checked() {
        let p = pos();
        assert!(p.verb_like.contains("sanction") && p.verb_like.contains("protests"));
        assert!(!p.verb_like.contains("summit"));
    }

    #[test]
    fn a_noun_after_to_or_a_modal_is_a_verb() {
        assert!(verb(
            "The EU agreed to sanction Belarus over the crackdown.",
            "sanction"
        ));
        assert!(verb(
            "The United States will sanction Russian banks.",
            "sanction"
        ));
        assert!(verb("Thousands protest in Minsk every week.", "protest"));
    }

    #[test]
    fn a_plural_after_a_name_with_no_other_verb_is_its_verb() {
        assert!(verb("Washington sanctions Minsk again.", "sanctions"));
        assert!(verb("Lithuania protests against Belarus.", "protests"));
        assert!(verb("Poland protests the move.", "protests"));
        assert!(verb("The EU sanctions Belavia.", "sanctions"));
    }

    #[test]
    fn an_ing_word_between_a_preposition_and_its_object_is_a_verb() {
        assert!(verb(
            "After meeting Putin in Sochi, Lukashenko said so.",
            "meeting"
        ));
        assert!(verb("Lukashenko is meeting Putin on Friday.", "meeting"));
        assert!(!verb("The meeting in Sochi went well.", "meeting"));
        assert!(!verb("After the meeting, Putin left.", "meeting"));
        assert!(!verb(
            "A meeting between Putin and Lukashenko took place.",
            "meeting"
        ));
    }

    #[test]
    fn nouns_stay_nouns() {
        assert!(!verb("The EU sanctions hit Belaruskali hard.", "sanctions"));
        assert!(!verb(
            "Sanctions against Belarus were extended.",
            "Sanctions"
        ));
        assert!(!verb("EU protests over the arrests were loud.", "protests"));
        assert!(!verb(
            "The crackdown on the protests continued.",
            "protests"
        ));
        assert!(!verb(
            "Hungary has blocked EU sanctions against Belarus.",
            "sanctions"
        ));
        assert!(!verb(
            "They were working to counter the Western sanctions.",
            "sanctions"
        ));
        assert!(!verb("Putin and Lukashenko held talks in Sochi.", "talks"));
        assert!(!verb("The vote was rigged, observers said.", "vote"));
        // "US" is no pronoun "us" with a verb after it
        assert!(!verb(
            "Belarus expelled the envoy in retaliation for US sanctions.",
            "sanctions"
        ));
        assert!(verb("The US sanctions Minsk.", "sanctions"));
    }

    #[test]
    fn tokens_keep_their_offsets() {
        let text = "Belarusians vote on Sunday.";
        let tokens = pos().tag(text);
        let vote = tokens.iter().find(|t| &text[t.start..t.end] == "vote");
        assert_eq!(vote.map(|t| t.tag.as_str()), Some("VBP"));
        assert_eq!(vote.and_then(|t| t.lemma.as_deref()), Some("vote"));
    }
}
