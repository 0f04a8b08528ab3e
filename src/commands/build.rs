//! `kg build`: load the ontology, run the pipeline over a folder, write the
//! exports all or nothing, and print a summary on stderr.

use crate::export::{self, ExportOptions};
use crate::ingest::{self, IngestError, ReadOptions};
use crate::pipeline::{self, Report};
use anyhow::{bail, Context};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Articles: a folder (read recursively), one file, or - for standard
    /// input. Kinds: .txt, .md, .html/.htm pages, .json and .jsonl news dumps.
    #[arg(default_value = "seeds")]
    pub input: PathBuf,
    /// Folder the exports are written to.
    #[arg(long, default_value = "exports")]
    pub out: PathBuf,
    /// Folder of the ontology, gazetteer and rules (default: $KG_ONTOLOGY, ./ontology, beside the binary, else built in).
    #[arg(long)]
    pub ontology: Option<PathBuf>,
    /// Base of entity, document and evidence IRIs.
    #[arg(long, default_value = crate::iri::DEFAULT_BASE)]
    pub base_iri: String,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Build only the K-th of N disjoint parts of the input, e.g. 2/8.
    #[arg(long, value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// Date documents that hold no date from a date in their file name
    /// (2021-05-24_minsk.txt, 20210524-minsk.txt).
    #[arg(long)]
    pub date_from_filename: bool,
    /// JSON articles: the field holding the text (default: text, body, content, article, maintext).
    #[arg(long, value_name = "FIELD")]
    pub json_text: Option<String>,
    /// JSON articles: the title field (default: title, headline).
    #[arg(long, value_name = "FIELD")]
    pub json_title: Option<String>,
    /// JSON articles: the date field (default: date, published, published_at, date_publish, publish_date, pubDate, datetime).
    #[arg(long, value_name = "FIELD")]
    pub json_date: Option<String>,
    /// JSON articles: the URL field (default: url, link, source_url, canonical_url).
    #[arg(long, value_name = "FIELD")]
    pub json_url: Option<String>,
    /// Skip the persistent SPARQL store (<out>/.store/) that `kg query` and
    /// `kg serve` open; `kg load` builds it later.
    #[arg(long)]
    pub no_store: bool,
}

impl Args {
    fn read_options(&self) -> ReadOptions {
        let mut json = ingest::json::Fields::default();
        let set = |list: &mut Vec<String>, name: &Option<String>| {
            if let Some(name) = name {
                *list = vec![name.clone()];
            }
        };
        set(&mut json.text, &self.json_text);
        set(&mut json.title, &self.json_title);
        set(&mut json.date, &self.json_date);
        set(&mut json.url, &self.json_url);
        ReadOptions {
            date_from_filename: self.date_from_filename,
            json,
        }
    }
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
    let onto = super::load_ontology(args.ontology.as_deref())?;
    let load = started.elapsed().as_secs_f64();
    let listing = ingest::inputs::list(&args.input)
        .with_context(|| format!("cannot list articles in {}", args.input.display()))?;
    for (path, why) in &listing.ignored {
        eprintln!("kg: not read: {}: {why}", path.display());
    }
    let mut inputs = listing.inputs;
    if let Some((k, n)) = args.shard {
        inputs.retain(|input| pipeline::in_shard(&input.name, k, n));
    }
    if inputs.is_empty() && args.shard.is_none() {
        bail!(
            "{}: no articles to read (.txt, .md, .html, .json, .jsonl)",
            args.input.display()
        );
    }
    let (graph, summary) = pipeline::run(&inputs, &onto, &args.read_options(), &Stderr);
    let opts = ExportOptions {
        base_iri: args.base_iri,
        symmetric: onto.symmetric(),
    };
    let exporting = Instant::now();
    export::write_all(&graph, &opts, &args.out)?;
    eprintln!(
        "kg: time: ontology {load:.2}s, {} (CPU, all threads), export {:.2}s",
        summary.stages,
        exporting.elapsed().as_secs_f64()
    );
    if !listing.ignored.is_empty() {
        eprintln!("kg: {} files not read (named above)", listing.ignored.len());
    }
    report_undated(&summary.undated, summary.documents, args.date_from_filename);
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

/// How many documents have no date (their facts have none), naming a few.
fn report_undated(undated: &[String], documents: usize, from_filename: bool) {
    if undated.is_empty() {
        return;
    }
    const SHOWN: usize = 5;
    let mut names = undated[..undated.len().min(SHOWN)].join(", ");
    if undated.len() > SHOWN {
        names.push_str(&format!(" and {} more", undated.len() - SHOWN));
    }
    let hint = if from_filename {
        ""
    } else {
        " (dates in file names are read with --date-from-filename)"
    };
    eprintln!(
        "kg: {} of {documents} documents undated: {names}{hint}",
        undated.len()
    );
}
