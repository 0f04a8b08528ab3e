//! `kg query`: runs one SPARQL 1.1 query over a finished build, in memory,
//! with no server to start. Results go to stdout; errors to stderr.

use crate::query::{self as kg_query, Format, Kind, Options, QueryError};
use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The exports folder of a finished build (it must hold graph.trig).
    #[arg(long, default_value = "exports")]
    pub exports: PathBuf,
    /// The SPARQL query text.
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    pub query: Option<String>,
    /// Read the query from this file instead (e.g. ontology/queries/sanctions.rq).
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// Output format: table, json, xml, csv or tsv for SELECT and ASK; ttl or
    /// nt for CONSTRUCT and DESCRIBE. Default: table, or ttl for a graph.
    #[arg(long, value_parser = parse_format)]
    pub format: Option<Format>,
    /// Query the TriG default graph alone (the facts), not the union of all
    /// graphs; evidence is then only reachable with GRAPH ?doc { … }.
    #[arg(long)]
    pub no_union: bool,
    /// Cancel the query after this many seconds.
    #[arg(long)]
    pub timeout: Option<f64>,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s)
        .ok_or_else(|| format!("unknown format {s:?}: use table, json, xml, csv, tsv, ttl or nt"))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let text = match (&args.query, &args.file) {
        (_, Some(path)) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read query file {}", path.display()))?,
        (Some(q), None) => q.clone(),
        (None, None) => anyhow::bail!("give a query, or --file FILE"),
    };
    // A malformed query is reported before the exports are loaded.
    kg_query::check(&text)?;
    let store = kg_query::load_exports(&args.exports)?;
    let opts = Options {
        union_default_graph: !args.no_union,
        timeout: args.timeout.map(Duration::from_secs_f64),
        allow_service: false,
    };
    let chosen = args.format;
    let choose = move |kind: Kind| -> Result<Format, QueryError> {
        Ok(chosen.unwrap_or(match kind {
            Kind::Solutions => Format::Table,
            Kind::Graph => Format::Turtle,
        }))
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    kg_query::run(&store, &text, &opts, &choose, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
