//! Runs the stages over a list of inputs (files, standard input), in
//! chunks, so no more than a chunk of texts is held at once: ingest and
//! annotate each input in parallel (rayon), then extract the chunk's
//! documents in parallel batches, and reduce each result into the graph.
//! The graph merge is order-independent, so the result does not depend on
//! the number of threads.

use crate::annotate::Annotator;
use crate::extract::Extractor;
use crate::graph::KnowledgeGraph;
use crate::ingest::{IngestError, Input, ReadOptions};
use crate::model::{AnnotatedDoc, DocResult, Document};
use crate::ontology::Ontology;
use rayon::prelude::*;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Counts for the end-of-build summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub documents: usize,
    pub skipped: usize,
    /// Names of the documents read without a date, sorted.
    pub undated: Vec<String>,
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

/// Documents whose rules run together: each rule runs over all their
/// sentences before the next rule, which keeps its automaton in the
/// processor's cache (benches/RESULTS.md, session 19).
const BATCH: usize = 16;

/// One input's documents, each annotated in its parts, or why it or one of
/// them was skipped.
type Annotated = Result<Vec<Result<Vec<AnnotatedDoc>, IngestError>>, IngestError>;

/// Runs the pipeline over `inputs`.
pub fn run(
    inputs: &[Input],
    onto: &Ontology,
    opts: &ReadOptions,
    report: &dyn Report,
) -> (KnowledgeGraph, Summary) {
    let started = Instant::now();
    // independent, and each a good part of the start-up
    let (annotator, extractor) = rayon::join(|| Annotator::new(onto), || Extractor::new(onto));
    let mut graph = KnowledgeGraph::new();
    let mut summary = Summary::default();
    let clocks = Clocks::default();
    for (n, chunk) in inputs.chunks(CHUNK).enumerate() {
        let workers = Workers {
            onto,
            opts,
            annotator: &annotator,
            extractor: &extractor,
            clocks: &clocks,
        };
        let annotated: Vec<Annotated> = chunk
            .par_iter()
            .map(|input| guarded(&input.path, || workers.input(input)))
            .collect();
        let results = workers.extract(chunk, annotated);
        let reduce = Instant::now();
        for r in results {
            match r {
                Ok((parts, sentences)) => {
                    summary.documents += 1;
                    summary.sentences += sentences;
                    if let Some(first) = parts.first().filter(|p| p.meta.date.is_none()) {
                        summary.undated.push(first.meta.name.clone());
                    }
                    for result in parts {
                        summary.facts += result.facts.len();
                        graph.add(result);
                    }
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
    summary.undated.sort();
    summary.seconds = started.elapsed().as_secs_f64();
    summary.stages.ingest = clocks.seconds(0);
    summary.stages.annotate = clocks.seconds(1);
    summary.stages.extract = clocks.seconds(2);
    (graph, summary)
}

/// A bug of ours met in one article costs that article, not the build: a
/// panic becomes a skip that names the file (the panic message itself is
/// already on stderr). Tests provoke one with `KG_TEST_PANIC_IN=<file name>`.
fn guarded<T>(
    path: &Path,
    work: impl FnOnce() -> Result<T, IngestError>,
) -> Result<T, IngestError> {
    let work = || {
        if test_panic_in(path) {
            panic!("KG_TEST_PANIC_IN names {}", path.display());
        }
        work()
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
        .unwrap_or_else(|_| Err(internal_error(path)))
}

fn internal_error(path: &Path) -> IngestError {
    IngestError {
        path: path.to_path_buf(),
        line: None,
        message: "skipped after an internal error (a bug in kg: please report it with this file)"
            .into(),
    }
}

fn test_panic_in(path: &Path) -> bool {
    static NAME: std::sync::OnceLock<Option<std::ffi::OsString>> = std::sync::OnceLock::new();
    NAME.get_or_init(|| std::env::var_os("KG_TEST_PANIC_IN"))
        .as_deref()
        .is_some_and(|name| path.file_name() == Some(name))
}

/// What the worker threads share: the stages and their clocks.
struct Workers<'a> {
    onto: &'a Ontology,
    opts: &'a ReadOptions,
    annotator: &'a Annotator<'a>,
    extractor: &'a Extractor<'a>,
    clocks: &'a Clocks,
}

impl Workers<'_> {
    /// One input through ingest, then each of its documents, in parts,
    /// through annotate.
    fn input(&self, input: &Input) -> Annotated {
        let docs = self.clocks.time(0, || {
            crate::ingest::inputs::read(&self.onto.cleaner, input, self.opts)
        })?;
        Ok(docs
            .into_par_iter()
            .map(|doc| doc.map(|doc| self.annotate(doc)))
            .collect())
    }

    /// One document through annotate (in [`parts`] if it is long).
    fn annotate(&self, doc: Document) -> Vec<AnnotatedDoc> {
        let clocks = self.clocks;
        clocks
            .time(1, || parts(doc, PART_BYTES))
            .into_par_iter()
            .map(|part| clocks.time(1, || self.annotator.annotate(part)))
            .collect()
    }

    /// The annotated documents of a chunk of inputs through extract, in
    /// batches of [`BATCH`]: each document's results (one per part) and
    /// sentence count, or why it was skipped, in input order.
    fn extract(
        &self,
        inputs: &[Input],
        annotated: Vec<Annotated>,
    ) -> Vec<Result<(Vec<DocResult>, usize), IngestError>> {
        // The documents' parts in one list, and each document's place in it.
        let mut all: Vec<AnnotatedDoc> = Vec::new();
        let mut owners: Vec<Result<Owner, IngestError>> = Vec::new();
        for (input, docs) in inputs.iter().zip(annotated) {
            for doc in docs.unwrap_or_else(|e| vec![Err(e)]) {
                owners.push(doc.map(|parts| {
                    let sentences = parts.iter().map(|p| p.sentences.len()).sum();
                    let at = all.len();
                    all.extend(parts);
                    (input.path.as_path(), at..all.len(), sentences)
                }));
            }
        }
        let mut results: Vec<Option<DocResult>> = all
            .par_chunks(BATCH)
            .flat_map_iter(|batch| self.clocks.time(2, || self.extract_batch(batch)))
            .collect();
        owners
            .into_iter()
            .map(|owner| {
                let (path, parts, sentences) = owner?;
                let done: Option<Vec<DocResult>> =
                    results[parts].iter_mut().map(Option::take).collect();
                done.map(|d| (d, sentences))
                    .ok_or_else(|| internal_error(path))
            })
            .collect()
    }

    /// Results of a batch of documents; `None` for one whose extraction met
    /// a bug of ours.
    fn extract_batch(&self, batch: &[AnnotatedDoc]) -> Vec<Option<DocResult>> {
        each_or_none(
            batch,
            |all| self.extractor.extract_all(all),
            |doc| self.extractor.extract(doc),
        )
    }
}

/// `all(items)`, one result per item; if that panics, `one` on each item
/// in turn, so a bug met in one item costs only that one (`None`).
fn each_or_none<T, R>(
    items: &[T],
    all: impl Fn(&[T]) -> Vec<R>,
    one: impl Fn(&T) -> R,
) -> Vec<Option<R>> {
    use std::panic::{catch_unwind, AssertUnwindSafe};
    match catch_unwind(AssertUnwindSafe(|| all(items))) {
        Ok(results) => results.into_iter().map(Some).collect(),
        Err(_) => items
            .iter()
            .map(|item| catch_unwind(AssertUnwindSafe(|| one(item))).ok())
            .collect(),
    }
}

/// A document's input, the range of its parts in a chunk's list of
/// annotated parts, and its sentence count.
type Owner<'a> = (&'a Path, std::ops::Range<usize>, usize);

/// Texts longer than this are annotated and extracted in parts cut at
/// sentence ends. References and document-wide lookups then stay within a
/// part, so a 100 MB single-line dump costs what its parts cost; no news
/// article comes near this length.
const PART_BYTES: usize = 1 << 20;

/// A document as the parts it is processed in: itself, unless it is longer
/// than `limit` bytes.
fn parts(doc: Document, limit: usize) -> Vec<Document> {
    if doc.text.len() <= limit {
        return vec![doc];
    }
    let (mut cuts, mut last) = (vec![0], 0);
    for s in crate::annotate::sentences::split(&doc.text) {
        if s.end - last > limit && s.start > last {
            last = s.start;
            cuts.push(last);
        }
        // A sentence longer than a part is cut at a character boundary.
        while s.end - last > limit {
            last += limit;
            while !doc.text.is_char_boundary(last) {
                last += 1;
            }
            cuts.push(last);
        }
    }
    cuts.push(doc.text.len());
    cuts.dedup();
    cuts.windows(2).map(|w| doc.part(w[0], w[1])).collect()
}

/// Runs plain text through annotate and extract, as a document named `name`.
/// Builds both stages on every call: callers that extract many texts build a
/// [`TextPipeline`] once.
pub fn extract_text(name: &str, text: &str, onto: &Ontology) -> DocResult {
    TextPipeline::new(onto).extract(name, text)
}

/// The annotate and extract stages built once, for many plain texts (the
/// annotator's gazetteer automaton alone takes a good part of a second).
pub struct TextPipeline<'o> {
    onto: &'o Ontology,
    annotator: Annotator<'o>,
    extractor: Extractor<'o>,
}

impl<'o> TextPipeline<'o> {
    pub fn new(onto: &'o Ontology) -> TextPipeline<'o> {
        let (annotator, extractor) = rayon::join(|| Annotator::new(onto), || Extractor::new(onto));
        TextPipeline {
            onto,
            annotator,
            extractor,
        }
    }

    /// Plain text through ingest's cleaning, annotate and extract, as a
    /// document named `name`.
    pub fn extract(&self, name: &str, text: &str) -> DocResult {
        let doc = self
            .onto
            .cleaner
            .parse(name, text.as_bytes())
            .unwrap_or_default();
        self.extractor.extract(&self.annotator.annotate(doc))
    }
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

#[cfg(test)]
mod tests {
    use super::{each_or_none, parts};

    #[test]
    fn a_panic_in_a_batch_costs_only_the_item_that_caused_it() {
        let items = [1, 2, 3, 4];
        let double = |n: &i32| {
            assert_ne!(*n, 3, "a bug met in item 3");
            n * 2
        };
        let all = |items: &[i32]| items.iter().map(double).collect();
        assert_eq!(
            each_or_none(&items, all, double),
            vec![Some(2), Some(4), None, Some(8)]
        );
        let fine = [1, 2];
        assert_eq!(each_or_none(&fine, all, double), vec![Some(2), Some(4)]);
    }
    use crate::model::{DocMeta, Document, Segment};

    /// `text`, with 20 source characters dropped before clean byte 100.
    fn doc(text: String) -> Document {
        Document {
            meta: DocMeta::default(),
            text,
            segments: vec![
                Segment {
                    clean: 0,
                    source_char: 0,
                },
                Segment {
                    clean: 100,
                    source_char: 120,
                },
            ],
        }
    }

    /// Checks that `parts` tile `whole` and map to the same source offsets.
    fn check_tiling(whole: &Document, parts: &[Document], limit: usize) {
        let mut at = 0;
        for p in parts {
            assert!(p.text.len() <= limit, "{} > {limit}", p.text.len());
            assert_eq!(&whole.text[at..at + p.text.len()], p.text);
            let ends = [0, 1, p.text.len() / 2, p.text.len()];
            for x in ends.into_iter().filter(|&x| p.text.is_char_boundary(x)) {
                assert_eq!(
                    p.source_offset(x),
                    whole.source_offset(at + x),
                    "at {at}+{x}"
                );
            }
            at += p.text.len();
        }
        assert_eq!(at, whole.text.len());
    }

    #[test]
    fn a_long_text_is_cut_at_sentence_ends_with_its_source_offsets() {
        let text: String = (0..200)
            .map(|i| format!("Sentence number {i} is here. "))
            .collect();
        let whole = doc(text);
        let cut = parts(whole.clone(), 1000);
        assert!(cut.len() >= 6, "{} parts", cut.len());
        assert!(cut.iter().all(|p| p.text.starts_with("Sentence number")));
        check_tiling(&whole, &cut, 1000);
    }

    #[test]
    fn a_sentence_longer_than_a_part_is_cut_within() {
        let whole = doc("wörd ".repeat(1000));
        let cut = parts(whole.clone(), 301);
        assert!(cut.len() >= 20, "{} parts", cut.len());
        check_tiling(&whole, &cut, 302);
    }

    #[test]
    fn a_short_text_is_one_part() {
        let whole = doc("Putin met Lukashenko in Sochi. ".repeat(10));
        assert_eq!(parts(whole.clone(), 1 << 20), vec![whole]);
    }
}
