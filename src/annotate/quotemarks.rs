//! Quotation marks: where the quotations of a text are (byte spans, marks
//! included), for the quote extractor and for keeping pronoun antecedents
//! out of quotations.
//!
//! Every pair in use in news copy counts: “…”, "…", ‘…’, '…', ``…'', „…“,
//! „…”, «…», and the scraped mixes of straight and curly marks ("…” or
//! “…"). Marks of another kind inside a quotation are nested quotes, part
//! of it. Quotations never cross a paragraph break ("\n\n"), with two wire
//! copy exceptions: a quotation left open at a paragraph's end while the
//! next paragraph opens with a mark continues there, so its paragraph is a
//! quotation up to its end; and a paragraph whose first mark closes a
//! quotation ("We will win,” he said.) is quoted from its start.
//!
//! The scan is one pass over the text, so it is linear in its length.

/// Byte spans of the quotations of `text`, sorted and disjoint.
pub fn quote_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut para = 0; // start of the current paragraph
    let mut first_mark = true; // no mark seen yet in this paragraph
    let mut open: Option<(usize, Kind)> = None;
    let mut depth = 0; // nested guillemets «…«…»…»
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c == '\n' && text[i..].starts_with("\n\n") {
            if let Some((s, kind)) = open.take() {
                if kind.is_double() && opens_with_mark(&text[i..]) {
                    out.push((s, text[..i].trim_end().len()));
                }
            }
            para = i + 2;
            first_mark = true;
            continue;
        }
        let two = text[i..].starts_with("``") || text[i..].starts_with("''");
        let mark = Mark::at(text, i, c, two);
        let Some(mark) = mark else { continue };
        if two {
            iter.next(); // the second char of `` or ''
        }
        let len = if two { 2 } else { c.len_utf8() };
        match open {
            Some((s, kind)) => {
                if kind == Kind::Guillemet && c == '«' {
                    depth += 1;
                } else if kind.closes(mark) {
                    if kind == Kind::Guillemet && depth > 0 {
                        depth -= 1;
                    } else {
                        out.push((s, i + len));
                        open = None;
                    }
                }
            }
            None => {
                if let Some(kind) = mark.opens() {
                    open = Some((i, kind));
                    depth = 0;
                } else if first_mark && mark.closes_double() {
                    // The paragraph continues a quotation: its opening
                    // mark is missing.
                    let start = para + text[para..i].len() - text[para..i].trim_start().len();
                    if start < i {
                        out.push((start, i + len));
                    }
                }
            }
        }
        // An apostrophe ("the protesters’ demands") is no quotation's start.
        if mark != Mark::RightSingle {
            first_mark = false;
        }
    }
    out
}

/// One quotation mark, classified by its shape and neighbours.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    /// “
    LeftDouble,
    /// ”
    RightDouble,
    /// „
    LowDouble,
    /// «
    LeftGuillemet,
    /// »
    RightGuillemet,
    /// "
    Straight,
    /// " where only a closing mark can stand (after a word or stop, before
    /// a space or stop).
    StraightClosing,
    /// ``
    Backticks,
    /// ''
    Apostrophes,
    /// ‘ or ' at a word's start
    LeftSingle,
    /// ’ or ' at a word's end (not an apostrophe inside a word)
    RightSingle,
}

/// The kind of an open quotation, by its opening mark.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Curly,
    Low,
    Guillemet,
    Straight,
    Backticks,
    Single,
}

impl Mark {
    fn at(text: &str, i: usize, c: char, two: bool) -> Option<Mark> {
        let prev = text[..i].chars().next_back();
        let next = text[i + if two { 2 } else { c.len_utf8() }..]
            .chars()
            .next();
        let word = |ch: Option<char>| ch.is_some_and(char::is_alphanumeric);
        Some(match c {
            '“' => Mark::LeftDouble,
            '”' => Mark::RightDouble,
            '„' => Mark::LowDouble,
            '«' => Mark::LeftGuillemet,
            '»' => Mark::RightGuillemet,
            '`' if two => Mark::Backticks,
            '\'' if two => Mark::Apostrophes,
            '"' => {
                let after_word = prev.is_some_and(|p| p.is_alphanumeric() || ".,!?;:…".contains(p));
                let before_space = next.is_none_or(|n| n.is_whitespace() || ".,;:!?)".contains(n));
                if after_word && before_space {
                    Mark::StraightClosing
                } else {
                    Mark::Straight
                }
            }
            '‘' | '\'' if !word(prev) && word(next) => Mark::LeftSingle,
            '’' | '\'' if !word(next) && prev.is_some_and(|p| !p.is_whitespace()) => {
                Mark::RightSingle
            }
            _ => return None,
        })
    }

    /// The quotation this mark opens when none is open.
    fn opens(self) -> Option<Kind> {
        match self {
            Mark::LeftDouble => Some(Kind::Curly),
            Mark::LowDouble => Some(Kind::Low),
            Mark::LeftGuillemet => Some(Kind::Guillemet),
            Mark::Straight => Some(Kind::Straight),
            Mark::Backticks => Some(Kind::Backticks),
            Mark::LeftSingle => Some(Kind::Single),
            _ => None,
        }
    }

    /// A closing double mark with no quotation open.
    fn closes_double(self) -> bool {
        matches!(
            self,
            Mark::RightDouble | Mark::StraightClosing | Mark::Apostrophes | Mark::RightGuillemet
        )
    }
}

impl Kind {
    fn is_double(self) -> bool {
        self != Kind::Single
    }

    /// Whether `mark` closes a quotation of this kind. Scraped text mixes
    /// straight and curly marks, so either closes a double quotation.
    fn closes(self, mark: Mark) -> bool {
        let double = matches!(
            mark,
            Mark::RightDouble | Mark::Straight | Mark::StraightClosing
        );
        match self {
            Kind::Curly | Kind::Straight => double,
            // „…“ (German) and „…” (Polish, Russian)
            Kind::Low => double || mark == Mark::LeftDouble,
            Kind::Guillemet => mark == Mark::RightGuillemet,
            Kind::Backticks => mark == Mark::Apostrophes || double,
            Kind::Single => mark == Mark::RightSingle,
        }
    }
}

/// Whether the paragraph after the break at the start of `rest` opens with
/// a double quotation mark (wire copy continuing a quotation).
fn opens_with_mark(rest: &str) -> bool {
    let next = rest.trim_start();
    ['“', '"', '„', '«'].iter().any(|&m| next.starts_with(m)) || next.starts_with("``")
}

/// The words of a quotation span: its outer marks dropped (one opening, one
/// closing; a span without a mark at an end keeps that end).
pub fn quote_inner(span: &str) -> &str {
    let mut s = span;
    for open in ["``", "“", "„", "«", "\"", "‘", "'"] {
        if let Some(rest) = s.strip_prefix(open) {
            s = rest;
            break;
        }
    }
    for close in ["''", "”", "“", "»", "\"", "’", "'"] {
        if let Some(rest) = s.strip_suffix(close) {
            s = rest;
            break;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::{quote_inner, quote_spans};

    /// The quotations of `text`, without their marks.
    fn quotes(text: &str) -> Vec<&str> {
        quote_spans(text)
            .into_iter()
            .map(|(s, e)| quote_inner(&text[s..e]))
            .collect()
    }

    #[test]
    fn every_pair_of_marks_in_use() {
        assert_eq!(quotes("He said “we stay here” today."), ["we stay here"]);
        assert_eq!(quotes("He said \"we stay here\" today."), ["we stay here"]);
        assert_eq!(quotes("He said ``we stay here'' today."), ["we stay here"]);
        assert_eq!(
            quotes("Er sagte „wir bleiben hier“ heute."),
            ["wir bleiben hier"]
        );
        assert_eq!(
            quotes("On a dit «nous restons ici» hier."),
            ["nous restons ici"]
        );
        assert_eq!(
            quotes("The headline: ‘We stay here’, he said."),
            ["We stay here"]
        );
        assert_eq!(
            quotes("Headline: 'We stay here', he said."),
            ["We stay here"]
        );
    }

    #[test]
    fn straight_and_curly_marks_mix() {
        assert_eq!(quotes("He said \"we stay here” today."), ["we stay here"]);
        assert_eq!(quotes("He said “we stay here\" today."), ["we stay here"]);
        assert_eq!(
            quotes("Il a dit „nous restons ici” hier."),
            ["nous restons ici"]
        );
    }

    #[test]
    fn nested_quotes_belong_to_the_outer_one() {
        assert_eq!(
            quotes("He said “they call it ‘a special operation’ in Moscow” today."),
            ["they call it ‘a special operation’ in Moscow"]
        );
        assert_eq!(
            quotes("He said \"the so-called 'union state' is dead\" today."),
            ["the so-called 'union state' is dead"]
        );
        assert_eq!(
            quotes("Il a dit «le „pacte“ est mort» hier."),
            ["le „pacte“ est mort"]
        );
    }

    #[test]
    fn apostrophes_are_not_quotation_marks() {
        assert!(quotes("Russia’s army and the protesters' demands aren't new.").is_empty());
        assert_eq!(
            quotes("He said “Lukashenko’s men won’t stop” today."),
            ["Lukashenko’s men won’t stop"]
        );
    }

    #[test]
    fn a_paragraph_continuing_a_quotation_has_no_opening_mark() {
        let text = "He spoke.\n\nWe will not give up our country,” Lukashenko said.";
        assert_eq!(quotes(text), ["We will not give up our country,"]);
        let text = "He spoke.\n\nWe will not give up,\" he said.";
        assert_eq!(quotes(text), ["We will not give up,"]);
        let text = "He spoke.\n\nThe protesters’ demands are just,” she said.";
        assert_eq!(quotes(text), ["The protesters’ demands are just,"]);
    }

    #[test]
    fn a_quotation_open_at_a_paragraph_end_continues_in_the_next() {
        let text = "“The first part.\n\n“The second part,” he said.";
        assert_eq!(quotes(text), ["The first part.", "The second part,"]);
        // not continued: the open mark is dropped
        let text = "A stray “mark here.\n\nNo quote here.";
        assert!(quotes(text).is_empty());
    }

    #[test]
    fn spans_are_byte_offsets_of_the_text() {
        let text = "Lukashenko: «Мы не отдадим» — and ``we stay''.";
        for (s, e) in quote_spans(text) {
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        }
        assert_eq!(quotes(text), ["Мы не отдадим", "we stay"]);
    }
}
