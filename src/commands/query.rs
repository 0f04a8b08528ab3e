//! `kg query`: runs one SPARQL 1.1 query over a finished build, from its
//! persistent store when fresh (else from `graph.trig` loaded in memory,
//! said on stderr), with no server to start. Results go to stdout; errors
//! to stderr.

use crate::query::{self as kg_query, Format, Kind, Options, QueryError, Source};
use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The exports folder of a finished build (it must hold graph.trig; its
    /// .store/ is used when fresh).
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
    /// Load graph.trig into memory even when a fresh store is there.
    #[arg(long)]
    pub no_store: bool,
}

/// The exports' graph, saying on stderr when it is not the store though
/// `no_store` did not ask for that.
pub fn open(exports: &Path, no_store: bool) -> Result<oxigraph::store::Store, QueryError> {
    if no_store {
        return kg_query::load_exports(exports);
    }
    let (store, source) = kg_query::open_exports(exports)?;
    if let Source::Memory(skip) = source {
        eprintln!(
            "kg: {}: {skip}; loading {} into memory",
            crate::store::store_dir(exports).display(),
            exports.join(kg_query::TRIG_FILE).display()
        );
    }
    Ok(store)
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
    let store = open(&args.exports, args.no_store)?;
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
