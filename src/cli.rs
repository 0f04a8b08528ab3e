//! Command-line flags as clap parses them: no I/O, no validation beyond types.
//! Each subcommand's `run` in [`kg::commands`] turns these into work.

use clap::{Parser, Subcommand};
use kg::commands::{build, check, eval, explain, load, merge, query, relations, serve};

/// Build a knowledge graph from political news articles, with every edge
/// traceable to the sentence it came from.
#[derive(Parser, Debug)]
#[command(name = "kg", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Read a folder of articles and write the graph exports.
    Build(build::Args),
    /// List extracted relations with their evidence sentences.
    Relations(relations::Args),
    /// Score a build against gold annotation files.
    Eval(eval::Args),
    /// (Re)build the persistent SPARQL store of a finished build from its graph.trig.
    Load(load::Args),
    /// Run a SPARQL query over a finished build.
    Query(query::Args),
    /// Serve a finished build as a read-only SPARQL endpoint on loopback.
    Serve(serve::Args),
    /// Show how a text is annotated and which rules fire (for rule writers).
    Explain(explain::Args),
    /// Merge finished builds (e.g. shards) into one.
    Merge(merge::Args),
    /// Check the ontology folder: gazetteer lint, every rule's examples, the queries.
    Check(check::Args),
}
