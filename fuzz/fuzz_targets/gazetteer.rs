//! A gazetteer file's bytes: loads, or fails naming a line of the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("fuzz.tsv"), data).expect("write");
    if let Err(e) = kg::ontology::Gazetteer::load(dir.path()) {
        assert!(!e.to_string().is_empty());
    }
});
