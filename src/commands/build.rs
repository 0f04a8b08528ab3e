//! `kg build`: load the ontology, run the pipeline over a folder, write the
//! exports all or nothing, and print a summary on stderr.

use crate::export::{self, ExportOptions};
use crate::ingest::{self, IngestError};
use crate::ontology::Ontology;
use crate::pipeline::{self, Report};
use anyhow::{bail, Context};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folder of articles (.txt, .md).
    #[arg(default_value = "seeds")]
    pub input: PathBuf,
    /// Folder the exports are written to.
    #[arg(long, default_value = "exports")]
    pub out: PathBuf,
    /// Folder of the ontology, gazetteer and rules.
    #[arg(long, default_value = "ontology")]
    pub ontology: PathBuf,
    /// Base of entity, document and evidence IRIs.
    #[arg(long, default_value = crate::iri::DEFAULT_BASE)]
    pub base_iri: String,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Build only the K-th of N disjoint parts of the input, e.g. 2/8.
    #[arg(long, value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// Skip the persistent SPARQL store (<out>/.store/) that `kg query` and
    /// `kg serve` open; `kg load` builds it later.
    #[arg(long)]
    pub no_store: bool,
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (k, n) = s.split_once('/').ok_or("expected K/N, e.g. 2/8")?;
    let k: usize = k.trim().parse().map_err(|_| "K is not a number")?;
    let n: usize = n.trim().parse().map_err(|_| "N is not a number")?;
    if n == 0 || k == 0 || k > n {
        return Err(format!("shard {k}/{n}: need 1 <= K <= N"));
    }
    Ok((k, n))
}

struct Stderr;
impl Report for Stderr {
    fn progress(&self, done: usize, total: usize) {
        if total >= 1000 {
            eprintln!("kg: {done}/{total} documents");
        }
    }
    fn skipped(&self, e: &IngestError) {
        eprintln!("kg: warning: skipped {e}");
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("cannot set up worker threads")?;
    }
    let started = Instant::now();
    let onto = Ontology::load(&args.ontology).context("cannot load the ontology")?;
    let load = started.elapsed().as_secs_f64();
    let mut inputs = ingest::list_inputs(&args.input)
        .with_context(|| format!("cannot list articles in {}", args.input.display()))?;
    if let Some((k, n)) = args.shard {
        inputs.retain(|p| {
            pipeline::in_shard(&p.file_name().unwrap_or_default().to_string_lossy(), k, n)
        });
    }
    if inputs.is_empty() && args.shard.is_none() {
        bail!("{}: no .txt or .md articles to read", args.input.display());
    }
    let (graph, summary) = pipeline::run(&inputs, &onto, &Stderr);
    let opts = ExportOptions {
        base_iri: args.base_iri,
    };
    let exporting = Instant::now();
    export::write_all(&graph, &opts, &args.out)?;
    eprintln!(
        "kg: time: ontology {load:.2}s, {} (CPU, all threads), export {:.2}s",
        summary.stages,
        exporting.elapsed().as_secs_f64()
    );
    super::load::after_export(&args.out, args.no_store)?;
    eprintln!(
        "kg: {} documents ({} skipped), {} sentences, {} entities, {} relations in {:.2}s → {}",
        summary.documents,
        summary.skipped,
        summary.sentences,
        graph
            .nodes()
            .filter(|n| n.entity.class != crate::model::Class::Quote)
            .count(),
        graph.edge_count(),
        summary.seconds,
        args.out.display()
    );
    Ok(if summary.skipped > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
