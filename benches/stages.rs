//! Criterion benchmarks of each pipeline stage on the seed articles:
//! ingest, annotate, extract, graph reduction and every export writer, plus
//! the gazetteer-only Aho-Corasick pass as the yardstick the stages are
//! compared with (`cargo bench --bench stages`). Throughput is in bytes of
//! article text, so the figures read as MB/s.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kg::annotate::Annotator;
use kg::export::{ExportOptions, FILES};
use kg::extract::Extractor;
use kg::graph::KnowledgeGraph;
use kg::model::Document;
use kg::ontology::Ontology;
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seeds(onto: &Ontology) -> (Vec<(String, Vec<u8>)>, Vec<Document>) {
    let files = kg::ingest::list_inputs(&root().join("seeds")).expect("seeds/");
    let raw: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|p| (name(p), std::fs::read(p).expect("seed")))
        .collect();
    let docs = raw
        .iter()
        .map(|(n, b)| onto.cleaner.parse(n, b).expect("seed parses"))
        .collect();
    (raw, docs)
}

fn name(p: &Path) -> String {
    p.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

fn stages(c: &mut Criterion) {
    let onto = Ontology::load(&root().join("ontology")).expect("ontology/");
    let (raw, docs) = seeds(&onto);
    let bytes: u64 = raw.iter().map(|(_, b)| b.len() as u64).sum();
    let annotator = Annotator::new(&onto);
    let extractor = Extractor::new(&onto);
    let annotated: Vec<_> = docs.iter().map(|d| annotator.annotate(d.clone())).collect();
    let results: Vec<_> = annotated.iter().map(|a| extractor.extract(a)).collect();
    let mut graph = KnowledgeGraph::new();
    results.iter().for_each(|r| graph.add(r.clone()));

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    g.bench_function("gazetteer_scan", |b| {
        let ac = yardstick(&onto);
        b.iter(|| {
            raw.iter()
                .map(|(_, t)| ac.find_iter(t).count())
                .sum::<usize>()
        })
    });
    g.bench_function("ingest", |b| {
        b.iter(|| {
            raw.iter()
                .filter(|(n, t)| onto.cleaner.parse(n, t).is_ok())
                .count()
        })
    });
    g.bench_function("annotate", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| annotator.annotate(d.clone()).mentions.len())
                .sum::<usize>()
        })
    });
    g.bench_function("extract", |b| {
        b.iter(|| {
            annotated
                .iter()
                .map(|a| extractor.extract(a).facts.len())
                .sum::<usize>()
        })
    });
    g.bench_function("graph", |b| {
        b.iter(|| {
            let mut g = KnowledgeGraph::new();
            results.iter().for_each(|r| g.add(r.clone()));
            g.edge_count()
        })
    });
    let opts = ExportOptions::default();
    for (file, writer) in FILES {
        g.bench_function(format!("export/{file}"), |b| {
            b.iter(|| {
                let mut out = Vec::new();
                writer(black_box(&graph), &opts, &mut out).expect("in-memory write");
                out.len()
            })
        });
    }
    g.finish();
}

/// The same automaton `benches/corpus.rs scan` uses.
fn yardstick(onto: &Ontology) -> aho_corasick::AhoCorasick {
    let mut names: Vec<&str> = Vec::new();
    for e in onto.gazetteer.entries.values() {
        let all = std::iter::once(&e.label)
            .chain(&e.aliases)
            .chain(&e.adjectives);
        names.extend(all.map(String::as_str));
    }
    names.sort();
    names.dedup();
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&names)
        .expect("gazetteer automaton")
}

criterion_group!(benches, stages);
criterion_main!(benches);
