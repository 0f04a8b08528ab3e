//! The annotate stage: a [`Document`] → an [`AnnotatedDoc`]: sentences, then
//! entity mentions, each resolved to an entity of the document's table.
//!
//! Mentions come from, in order of precedence (longer spans win, then the
//! earlier source): the gazetteer (names, aliases, adjectives), name
//! patterns for people and organisations the gazetteer lacks, event and
//! group nouns tied to one document-level entity ("the protests", "the
//! opposition"), sanctions nouns, role phrases ("the Belarusian leader"),
//! and pronouns. Capitals standing for their state ("Moscow aims to …") are
//! resolved to the state. See `mentions` for the matching and `resolve` for
//! the reference rules
//! (its passes are modules of their own), `cand` for what passes between them,
//! `bodies` for the organisations of a state named by
//! the state ("Iraq's foreign ministry"), `people` for joining the spellings of one person the gazetteer lacks,
//! `pos` for the part-of-speech layer that tells an event or sanctions noun
//! from the same word as a verb.

mod bodies;
mod cand;
mod mentions;
mod people;
mod pos;
mod quotemarks;
mod resolve;
pub mod sentences;
mod trie;

use crate::model::{AnnotatedDoc, Document};
use crate::ontology::Ontology;

pub use mentions::Annotator;
pub use quotemarks::{quote_inner, quote_spans};

/// Annotates one document (builds an [`Annotator`] each call: use
/// [`Annotator::annotate`] to annotate many).
pub fn annotate(doc: Document, onto: &Ontology) -> AnnotatedDoc {
    Annotator::new(onto).annotate(doc)
}

impl Annotator<'_> {
    /// Sentences, then mention candidates, then their resolution.
    pub fn annotate(&self, doc: Document) -> AnnotatedDoc {
        let sentences = sentences::split(&doc.text);
        let cands = self.candidates(&doc.text, &sentences);
        let mut annotated = resolve::resolve(self, doc, sentences, cands);
        people::merge(&mut annotated, self);
        annotated
    }
}
