//! Article bytes → ingest → annotate → extract with the shipped ontology
//! (run from the repository root so `ontology/` is found).
#![no_main]

use kg::annotate::Annotator;
use kg::extract::Extractor;
use kg::ontology::Ontology;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn ontology() -> &'static Ontology {
    static ONTO: OnceLock<Ontology> = OnceLock::new();
    ONTO.get_or_init(|| {
        let dir = std::env::var("KG_ONTOLOGY").unwrap_or_else(|_| "ontology".into());
        Ontology::load(std::path::Path::new(&dir)).expect("ontology loads")
    })
}

/// Built once: building the gazetteer automaton per input would make the
/// run a hundred times slower.
fn stages() -> &'static (Annotator<'static>, Extractor<'static>) {
    static STAGES: OnceLock<(Annotator<'static>, Extractor<'static>)> = OnceLock::new();
    STAGES.get_or_init(|| (Annotator::new(ontology()), Extractor::new(ontology())))
}

fuzz_target!(|data: &[u8]| {
    let (annotator, extractor) = stages();
    if let Ok(doc) = ontology().cleaner.parse("fuzz.txt", data) {
        let annotated = annotator.annotate(doc);
        let _ = extractor.extract(&annotated);
    }
});
