//! Article bytes → ingest → sentence splitter: no panic, sentences in bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = kg::ingest::parse("fuzz.txt", data) {
        for s in kg::annotate::sentences::split(&doc.text) {
            assert!(s.start <= s.end && s.end <= doc.text.len());
            assert!(doc.source_offset(s.start) <= doc.source_offset(s.end));
        }
    }
});
