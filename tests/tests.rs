//! Integration tests: one binary, a module per concern. Each test runs the
//! real `kg` binary or a public stage function on input it builds itself.

// RDF exports parsed back with oxttl, checked against the ontology.
mod rdf;

// SPARQL: example queries, `kg query`, and `kg serve` over loopback HTTP.
mod sparql;
