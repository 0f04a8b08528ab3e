//! Sentence splitting over a document's clean text (stub: one sentence per
//! paragraph).

use crate::model::Sentence;

pub fn split(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    for (paragraph, para) in text.split("\n\n").enumerate() {
        if !para.trim().is_empty() {
            out.push(Sentence {
                start,
                end: start + para.len(),
                paragraph,
            });
        }
        start += para.len() + 2;
    }
    out
}
