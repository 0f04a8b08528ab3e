//! Quotation marks: where the quotations of a text are (byte spans), for
//! the quote extractor and for keeping pronoun antecedents out of quotes.

/// Byte spans of double quotations (“…”, "…") in a text, paragraph-bounded.
pub fn quote_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, ch) in text.char_indices() {
        match (open, ch) {
            (None, '“') => open = Some((i, '”')),
            (None, '"') => open = Some((i, '"')),
            // Scraped text mixes typographic and straight marks: “…."
            (Some((s, close)), c) if c == close || (close == '”' && c == '"') => {
                out.push((s, i + c.len_utf8()));
                open = None;
            }
            (Some(_), '\n') if text[i..].starts_with("\n\n") => open = None,
            _ => {}
        }
    }
    out
}
