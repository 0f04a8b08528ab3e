//! `kg`: a knowledge-graph builder for Russia–Belarus political news.
//!
//! A document flows through named stages, each a module with a plain data
//! type at its boundary (see [`model`]):
//!
//! | stage | module | input → output |
//! | --- | --- | --- |
//! | load the ontology | [`ontology`] | `ontology/` → [`ontology::Ontology`] (classes, predicates, gazetteer, rules) |
//! | ingest | [`ingest`] | a file → [`model::Document`] (news text, metadata) |
//! | annotate | [`annotate`] | `Document` → [`model::AnnotatedDoc`] (sentences, resolved mentions) |
//! | extract | [`extract`] | `AnnotatedDoc` → [`model::DocResult`] (facts with evidence) |
//! | graph | [`graph`] | `DocResult`s → [`graph::KnowledgeGraph`] (petgraph, merged) |
//! | export | [`export`] | `KnowledgeGraph` → files, each written whole or not at all |
//! | query | [`query`], [`server`], [`store`] | exports → SPARQL answers (from the persistent store when fresh) |
//!
//! [`datafile`] holds what every data-file loader shares (errors naming file
//! and line, pattern spelling), so that ingest does not depend on the ontology.
//! [`pipeline`] runs the stages over a folder; [`eval`] scores a build against
//! gold files; [`commands`] holds one function per subcommand of the binary.

pub mod annotate;
pub mod calendar;
pub mod commands;
pub mod datafile;
pub mod eval;
pub mod export;
pub mod extract;
pub mod graph;
pub mod ingest;
pub mod iri;
pub mod model;
pub mod ontology;
pub mod pipeline;
pub mod query;
pub mod server;
pub mod store;
