//! The read-only SPARQL endpoint of `kg serve` (stub).
