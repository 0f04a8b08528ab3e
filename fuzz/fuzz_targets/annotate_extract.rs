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

fuzz_target!(|data: &[u8]| {
    let onto = ontology();
    if let Ok(doc) = onto.cleaner.parse("fuzz.txt", data) {
        let annotated = Annotator::new(onto).annotate(doc);
        let _ = Extractor::new(onto).extract(&annotated);
    }
});
