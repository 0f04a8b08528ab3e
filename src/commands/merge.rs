//! `kg merge DIR... --out DIR`: merges finished builds (e.g. the shards of
//! `kg build --shard K/N`) into one. Each build's `graph.json` dump is read
//! back into one [`KnowledgeGraph`] and every export is written again; IRIs
//! derive from stable keys and the base IRI the builds were made with, so
//! the result equals a single build of all the inputs. Builds made with
//! two different base IRIs are refused: their IRIs would not be one graph.

use crate::export::{self, ExportOptions};
use crate::graph::KnowledgeGraph;
use crate::ontology;
use anyhow::{bail, Context};
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
    /// Base of entity, document and evidence IRIs, for builds that do not
    /// record theirs; must equal the base the builds record.
    #[arg(long)]
    pub base_iri: Option<String>,
    /// Folder of the ontology (its `ontology.ttl` says which predicates
    /// are symmetric).
    #[arg(long)]
    pub ontology: Option<PathBuf>,
    /// Skip the persistent SPARQL store (<out>/.store/); `kg load` builds it later.
    #[arg(long)]
    pub no_store: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let ontology_dir = super::ontology_dir(args.ontology.as_deref())?;
    let ttl = ontology_dir.join("ontology.ttl");
    let predicates = ontology::predicates_of(&ttl).context("cannot load the ontology")?;
    let (graph, recorded) = load(&args.builds)?;
    let base_iri = match (recorded, args.base_iri) {
        (Some(recorded), Some(given)) if recorded != given => bail!(
            "--base-iri {given} differs from {recorded}, the base IRI the builds were made \
             with; build again with --base-iri {given} to change it"
        ),
        (Some(base), _) | (None, Some(base)) => base,
        (None, None) => crate::iri::DEFAULT_BASE.to_string(),
    };
    let opts = ExportOptions {
        base_iri,
        symmetric: ontology::symmetric_names(&predicates),
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

/// Reads the dumps of `builds` into one graph; also returns the base IRI
/// they record (an error if two builds record different ones).
pub fn load(builds: &[PathBuf]) -> anyhow::Result<(KnowledgeGraph, Option<String>)> {
    let mut graph = KnowledgeGraph::new();
    let mut base: Option<(String, &PathBuf)> = None;
    for dir in builds {
        let path = dir.join("graph.json");
        let file = File::open(&path)
            .with_context(|| format!("cannot open {} (is it a kg build?)", path.display()))?;
        let name = path.display().to_string();
        let Some(found) = export::dump::read_into(&mut graph, &name, BufReader::new(file))? else {
            continue;
        };
        match &base {
            Some((first, first_dir)) if *first != found => bail!(
                "cannot merge builds made with different base IRIs: {} has {first}, {} has \
                 {found} (build them again with the same --base-iri)",
                first_dir.display(),
                dir.display()
            ),
            Some(_) => {}
            None => base = Some((found, dir)),
        }
    }
    Ok((graph, base.map(|(iri, _)| iri)))
}
