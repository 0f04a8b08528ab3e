//! Integration tests: one binary, a module per concern. Each test runs the
//! real `kg` binary or a public stage function on input it builds itself.

// The binary end to end: build, eval, relations, explain, bad input.
mod cli;

/// GraphML, GEXF and the HTML view: read back, schema-validated, opened in Chromium.
mod gephi;
mod ingest; // ingest + sentence splitting
/// docs/python.md run by Python (pandas, networkx, rdflib over HTTP).
mod python;
// Input kinds, their metadata, exports read as spreadsheets do, kg run from anywhere.
mod aliases; // events listed under the words the article named them with
mod inputs;
mod people; // one entity per person the gazetteer lacks, whatever the spelling
mod quotes; // quotations, speakers and boilerplate through the pipeline
mod rules; // every rule against its own examples

// The held-out articles scored against their gold (regression floors).
mod heldout;

// RDF exports parsed back with oxttl, checked against the ontology.
mod rdf;

// SPARQL: example queries, `kg query`, and `kg serve` over loopback HTTP.
mod sparql;
// The persistent store: same answers as in memory, stale stores never used.
#[cfg(feature = "store")]
mod store;

// Threads and shards: exports byte-identical however the build is split.
mod scale;
// Hardening (docs/hardening.md): hostile input, fuzzing, and `kg serve` under load.
mod fuzz;
mod hostile;
mod load;

/// The F1 column of one row (`entities`, `relations`, `quotes` …) of the
/// table `kg eval` prints.
fn eval_f1(table: &str, row: &str) -> f64 {
    let line = table
        .lines()
        .find(|l| l.starts_with(row))
        .unwrap_or_else(|| panic!("no {row} row in {table}"));
    line.split_whitespace().nth(3).unwrap().parse().unwrap()
}
