//! The annotate stage: a [`Document`] → an [`AnnotatedDoc`]: sentences, then
//! entity mentions (gazetteer, name patterns, event nouns), then resolution
//! of metonyms, role phrases and pronouns to entities.

pub mod sentences;

use crate::model::{AnnotatedDoc, Document};
use crate::ontology::Ontology;

pub fn annotate(doc: Document, _onto: &Ontology) -> AnnotatedDoc {
    let sentences = sentences::split(&doc.text);
    AnnotatedDoc {
        doc,
        sentences,
        ..AnnotatedDoc::default()
    }
}
