//! Sentence splitting over a document's clean text.
//!
//! Paragraphs (separated by "\n\n") are split at `.`, `!` or `?` (plus any
//! closing quotes or brackets) followed by white space and a word that does
//! not start in lower case. Kept together: abbreviations ("Mr. Putin",
//! "St. Petersburg", "Dec. 20", "No. 2", "U.S.-funded"), initials
//! ("A. G. Lukashenko", "J.R.R."), decimals, ellipses, and everything inside
//! a double quotation ("…" or “…”), so a multi-sentence quotation followed by
//! "he said." is one sentence. A quotation left open at the paragraph's end is
//! split as if it were not there. One pass over the text: linear time.

use crate::model::Sentence;

/// Titles: a period after them never ends a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "rev",
    "st", "mt", "ft", "hon", "pres", "adm", "maj", "cmdr", "insp", "supt", "messrs", "cpl", "pvt",
    "lieut", "brig",
];

/// A period after these does not end a sentence when a number follows
/// ("Dec. 20", "No. 2", "p. 14").
const BEFORE_NUMBER: &[&str] = &[
    "no", "nos", "vol", "art", "p", "pp", "fig", "ch", "sec", "para", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "ca", "est",
];

/// A period after these ends a sentence only when a usual sentence opener
/// follows ("… Inc. The company" but "Gazprom Co. Chairman").
const AMBIGUOUS: &[&str] = &[
    "inc", "corp", "ltd", "co", "jr", "sr", "etc", "vs", "dept", "univ", "bros", "govt", "ave",
    "blvd", "rd", "al",
];

/// Words that usually open a sentence, for the ambiguous abbreviations.
const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "but",
    "and",
    "in",
    "on",
    "at",
    "however",
    "his",
    "her",
    "their",
    "its",
    "there",
    "some",
    "many",
    "as",
    "after",
    "before",
    "when",
    "while",
    "if",
    "yet",
    "so",
    "meanwhile",
    "earlier",
    "later",
    "last",
    "on",
    "since",
    "still",
    "both",
];

/// Splits `text` into sentences (byte offsets, trimmed, never empty, never
/// crossing a paragraph break).
pub fn split(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut paragraph = 0;
    for para in text.split("\n\n") {
        if !para.trim().is_empty() {
            for (a, b) in split_paragraph(para) {
                out.push(Sentence {
                    start: start + a,
                    end: start + b,
                    paragraph,
                });
            }
            paragraph += 1;
        }
        start += para.len() + 2;
    }
    out
}

/// The sentence ranges of one paragraph.
fn split_paragraph(p: &str) -> Vec<(usize, usize)> {
    let ends = boundaries(p);
    let mut out = Vec::with_capacity(ends.len() + 1);
    let mut from = 0;
    for end in ends.into_iter().chain(std::iter::once(p.len())) {
        if let Some(range) = trimmed(p, from, end) {
            out.push(range);
        }
        from = end;
    }
    out
}

fn trimmed(p: &str, a: usize, b: usize) -> Option<(usize, usize)> {
    let s = &p[a..b];
    let t = s.trim_start();
    let a = a + s.len() - t.len();
    let t = t.trim_end();
    (!t.is_empty()).then_some((a, a + t.len()))
}

/// Byte offsets just after each sentence end of a paragraph.
fn boundaries(p: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    // ends seen inside an open quotation: dropped when it closes
    let mut pending = Vec::new();
    let mut open = false;
    let mut iter = p.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        match c {
            '“' => open_quote(&mut open, &mut pending),
            '”' => open = false,
            '"' if open => open = false,
            '"' => open_quote(&mut open, &mut pending),
            '.' | '!' | '?' | '…' => {
                // the run of stops and closing quotes/brackets after them
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = iter.peek() {
                    if !".!?…”\"’')]".contains(d) {
                        break;
                    }
                    if d == '”' || (d == '"' && open) {
                        open = false;
                    }
                    end = j + d.len_utf8();
                    iter.next();
                }
                if ends_sentence(p, i, end) {
                    if open {
                        pending.push(end);
                    } else {
                        ends.push(end);
                    }
                }
            }
            _ => {}
        }
    }
    if open {
        ends.extend(pending);
    }
    ends
}

fn open_quote(open: &mut bool, pending: &mut Vec<usize>) {
    *open = true;
    pending.clear();
}

/// Whether the stops at `p[stop..end]` (with their closers) end a sentence.
fn ends_sentence(p: &str, stop: usize, end: usize) -> bool {
    let after = &p[end..];
    let rest = after.trim_start();
    if rest.is_empty() || rest.len() == after.len() {
        // paragraph end (no split needed) or no space after ("U.S.-funded")
        return false;
    }
    let next = rest.chars().next().unwrap_or(' ');
    if next.is_lowercase() {
        return false;
    }
    let run = &p[stop..end];
    if run.starts_with("...") || run.starts_with('…') {
        return false;
    }
    if !run.starts_with(".") || run.starts_with("..") {
        return true;
    }
    !is_abbreviation(word_before(p, stop), next_word(rest))
}

/// Whether `text` holds a stop that ends a clause: `;`, `:`, `!`, `?`, or
/// a period that ends no abbreviation ("Mr. Coale said" holds none).
pub fn has_stop(text: &str) -> bool {
    text.char_indices().any(|(i, c)| match c {
        ';' | ':' | '!' | '?' => true,
        '.' => !is_abbreviation(word_before(text, i), next_word(text[i + 1..].trim_start())),
        _ => false,
    })
}

/// The token just before a period: back to white space or an opening mark.
fn word_before(p: &str, stop: usize) -> &str {
    let head = &p[..stop];
    let mut from = head.len();
    for (n, (i, c)) in head.char_indices().rev().enumerate() {
        if n == 40 {
            // a 40-char token is no abbreviation
            return "";
        }
        if c.is_whitespace() || "(“\"‘[".contains(c) {
            break;
        }
        from = i;
    }
    &head[from..]
}

fn next_word(rest: &str) -> &str {
    let end = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    &rest[..end]
}

/// True when the period after `word` does not end the sentence, given the
/// word that follows.
fn is_abbreviation(word: &str, next: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let opener = OPENERS.contains(&next.to_lowercase().as_str());
    let number = next.starts_with(|c: char| c.is_ascii_digit());
    if word.contains('.') {
        // "U.S", "e.g", "J.R.R", "a.m"
        return !opener;
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        // an initial: "A. G. Lukashenko"
        return c.is_uppercase();
    }
    let lower = word.to_lowercase();
    let lower = lower.as_str();
    TITLES.contains(&lower)
        || (BEFORE_NUMBER.contains(&lower) && number)
        || (AMBIGUOUS.contains(&lower) && !opener)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn splits_plain_sentences() {
        assert_eq!(
            sentences("One here. Two there! Three? Four."),
            ["One here.", "Two there!", "Three?", "Four."]
        );
    }

    #[test]
    fn an_honorifics_period_is_no_stop() {
        assert!(!has_stop(" Mr. Coale "));
        assert!(!has_stop(" Vladimir V. Putin "));
        assert!(has_stop(" the end. Then "));
        assert!(has_stop(" he said; "));
    }

    #[test]
    fn keeps_abbreviations_together() {
        let text = "Mr. Putin met A. G. Lukashenko in St. Petersburg on Dec. 20. \
                    The U.S.-funded radio said No. 2 grew 1.5 percent. It ended.";
        assert_eq!(
            sentences(text),
            [
                "Mr. Putin met A. G. Lukashenko in St. Petersburg on Dec. 20.",
                "The U.S.-funded radio said No. 2 grew 1.5 percent.",
                "It ended."
            ]
        );
    }
}
