//! SPARQL over a finished build (stub).
