//! Runs the stages over a list of article files: ingest → annotate →
//! extract in parallel (rayon), each document reduced into the graph as it
//! finishes, in chunks, so no more than a chunk of texts is held at once.
//! The graph merge is order-independent, so the result does not depend on
//! the number of threads.

use crate::annotate::Annotator;
use crate::extract::Extractor;
use crate::graph::KnowledgeGraph;
use crate::ingest::IngestError;
use crate::model::DocResult;
use crate::ontology::Ontology;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Counts for the end-of-build summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub documents: usize,
    pub skipped: usize,
    pub sentences: usize,
    pub facts: usize,
    pub seconds: f64,
    /// CPU seconds summed over threads, per stage.
    pub stages: Stages,
}

/// Seconds spent in each stage (summed over worker threads for the
/// parallel ones), so a user who edits a rule sees where the time goes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stages {
    pub ingest: f64,
    pub annotate: f64,
    pub extract: f64,
    pub graph: f64,
}

impl std::fmt::Display for Stages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ingest {:.2}s, annotate {:.2}s, extract {:.2}s, graph {:.2}s",
            self.ingest, self.annotate, self.extract, self.graph
        )
    }
}

/// Nanosecond counters the worker threads add to.
#[derive(Default)]
struct Clocks([AtomicU64; 3]);

impl Clocks {
    fn time<T>(&self, stage: usize, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = f();
        self.0[stage].fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
        out
    }

    fn seconds(&self, stage: usize) -> f64 {
        self.0[stage].load(Ordering::Relaxed) as f64 / 1e9
    }
}

/// Callbacks through which the pipeline reports; the binary prints them.
pub trait Report: Sync {
    fn progress(&self, _done: usize, _total: usize) {}
    fn skipped(&self, _error: &IngestError) {}
}

/// A reporter that says nothing.
pub struct Quiet;
impl Report for Quiet {}

/// Documents read per parallel chunk: bounds the texts held in memory.
const CHUNK: usize = 512;

/// Runs the pipeline over `inputs`.
pub fn run(inputs: &[PathBuf], onto: &Ontology, report: &dyn Report) -> (KnowledgeGraph, Summary) {
    let started = Instant::now();
    let annotator = Annotator::new(onto);
    let extractor = Extractor::new(onto);
    let mut graph = KnowledgeGraph::new();
    let mut summary = Summary::default();
    let clocks = Clocks::default();
    for (n, chunk) in inputs.chunks(CHUNK).enumerate() {
        let results: Vec<Result<(DocResult, usize), IngestError>> = chunk
            .par_iter()
            .map(|path| timed(path, onto, &annotator, &extractor, &clocks))
            .collect();
        let reduce = Instant::now();
        for r in results {
            match r {
                Ok((result, sentences)) => {
                    summary.documents += 1;
                    summary.sentences += sentences;
                    summary.facts += result.facts.len();
                    graph.add(result);
                }
                Err(e) => {
                    summary.skipped += 1;
                    report.skipped(&e);
                }
            }
        }
        summary.stages.graph += reduce.elapsed().as_secs_f64();
        report.progress((n * CHUNK + chunk.len()).min(inputs.len()), inputs.len());
    }
    summary.seconds = started.elapsed().as_secs_f64();
    summary.stages.ingest = clocks.seconds(0);
    summary.stages.annotate = clocks.seconds(1);
    summary.stages.extract = clocks.seconds(2);
    (graph, summary)
}

/// One document through ingest, annotate and extract, each stage's time
/// added to `clocks`.
fn timed(
    path: &Path,
    onto: &Ontology,
    annotator: &Annotator<'_>,
    extractor: &Extractor<'_>,
    clocks: &Clocks,
) -> Result<(DocResult, usize), IngestError> {
    let doc = clocks.time(0, || onto.cleaner.read(path))?;
    let annotated = clocks.time(1, || annotator.annotate(doc));
    let sentences = annotated.sentences.len();
    Ok((clocks.time(2, || extractor.extract(&annotated)), sentences))
}

/// Runs plain text through annotate and extract, as a document named `name`:
/// what rule examples and tests use.
pub fn extract_text(name: &str, text: &str, onto: &Ontology) -> DocResult {
    let doc = onto
        .cleaner
        .parse(name, text.as_bytes())
        .unwrap_or_default();
    let annotated = Annotator::new(onto).annotate(doc);
    Extractor::new(onto).extract(&annotated)
}

/// Whether `name` falls in shard `k` of `n` (1-based): by a stable hash of
/// the file name, so shards are disjoint and cover every file.
pub fn in_shard(name: &str, k: usize, n: usize) -> bool {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in name.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    (h % n as u64) as usize == k - 1
}
