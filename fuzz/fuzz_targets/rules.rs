//! A rules file's bytes: loads, or fails with the file named; regex size
//! limits must turn huge patterns into errors, not memory exhaustion.
#![no_main]

use kg::ontology::{rules, Lexicon};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        Lexicon::load(std::path::Path::new("ontology/lexicon.toml")).expect("lexicon")
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("fuzz.toml");
    std::fs::write(&file, data).expect("write");
    let known = |p: &str| p == "meetsWith";
    if let Err(e) = rules::load(dir.path(), lexicon(), &known) {
        assert_eq!(e.path, file);
    }
    // The boilerplate rules parser too, on the same bytes.
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = kg::ingest::Cleaner::from_toml(&file, text);
    }
});
