//! The extract stage: an [`AnnotatedDoc`] → a [`DocResult`]: relations by
//! the rules of `ontology/rules/`, quotations attributed to their speakers,
//! and Sanctions nodes with their links. Every fact carries its evidence.

use crate::model::{AnnotatedDoc, DocResult};
use crate::ontology::Ontology;

pub fn extract(doc: &AnnotatedDoc, _onto: &Ontology) -> DocResult {
    DocResult {
        meta: doc.doc.meta.clone(),
        ..DocResult::default()
    }
}
