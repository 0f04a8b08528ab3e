//! `kg merge DIR... --out DIR`: merges finished builds (e.g. the shards of
//! `kg build --shard K/N`) into one. Each build's `graph.json` dump is read
//! back into one [`KnowledgeGraph`] and every export is written again; IRIs
//! derive from stable keys, so the result equals a single build of all the
//! inputs.

use crate::export::{self, ExportOptions};
use crate::graph::KnowledgeGraph;
use anyhow::Context;
use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folders of finished builds, each holding a graph.json.
    #[arg(required = true)]
    pub builds: Vec<PathBuf>,
    /// Folder the merged exports are written to.
    #[arg(long, default_value = "exports")]
    pub out: PathBuf,
    /// Base of entity, document and evidence IRIs.
    #[arg(long, default_value = crate::iri::DEFAULT_BASE)]
    pub base_iri: String,
    /// Skip the persistent SPARQL store (<out>/.store/); `kg load` builds it later.
    #[arg(long)]
    pub no_store: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let graph = load(&args.builds)?;
    let opts = ExportOptions {
        base_iri: args.base_iri,
    };
    export::write_all(&graph, &opts, &args.out)?;
    super::load::after_export(&args.out, args.no_store)?;
    eprintln!(
        "kg: merged {} builds: {} documents, {} nodes, {} relations → {}",
        args.builds.len(),
        graph.documents.len(),
        graph.node_count(),
        graph.edge_count(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads the dumps of `builds` into one graph.
pub fn load(builds: &[PathBuf]) -> anyhow::Result<KnowledgeGraph> {
    let mut graph = KnowledgeGraph::new();
    for dir in builds {
        let path = dir.join("graph.json");
        let file = File::open(&path)
            .with_context(|| format!("cannot open {} (is it a kg build?)", path.display()))?;
        export::dump::read_into(
            &mut graph,
            &path.display().to_string(),
            BufReader::new(file),
        )?;
    }
    Ok(graph)
}
