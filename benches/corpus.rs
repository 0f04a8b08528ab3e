//! Corpus maker and yardstick for `scripts/bench.sh` (a plain binary, not a
//! criterion bench: `cargo bench --bench corpus -- MODE ...`).
//!
//! - `gen SEEDS OUT MB`: writes about MB megabytes of articles into OUT by
//!   recombining the paragraphs of the seed articles with a fixed PRNG, so
//!   the same arguments always give the same files.
//! - `scan DIR ONTOLOGY [THREADS]`: the raw gazetteer-only scan of DIR (read
//!   every file, one DFA Aho-Corasick pass over all names, aliases and
//!   adjectives, word bounds checked): the speed a build is measured against.
//!   Prints one line `scan <bytes> <docs> <seconds> <matches>` on stdout.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use anyhow::{bail, Context};
use rayon::prelude::*;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Target size of one generated article, in bytes.
const DOC_BYTES: usize = 3500;

fn main() -> anyhow::Result<()> {
    // `cargo bench` passes `--bench`; ignore it.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["gen", seeds, out, mb] => {
            let mb: f64 = mb.parse().context("MB is not a number")?;
            generate(Path::new(seeds), Path::new(out), (mb * 1e6) as usize)
        }
        ["scan", dir, onto] => scan(Path::new(dir), Path::new(onto)),
        [] => Ok(()), // plain `cargo bench` runs every bench target: do nothing
        _ => bail!("usage: corpus gen SEEDS OUT MB | corpus scan DIR ONTOLOGY"),
    }
}

/// SplitMix64: tiny, stable everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The seed articles' paragraphs: headlines (first paragraph of each file)
/// and body paragraphs, blank-line separated.
fn paragraphs(seeds: &Path) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let mut files: Vec<PathBuf> = fs::read_dir(seeds)
        .with_context(|| format!("cannot list {}", seeds.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
        .collect();
    files.sort();
    let (mut heads, mut bodies) = (Vec::new(), Vec::new());
    for path in &files {
        let text =
            fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let text = text.replace("\r\n", "\n");
        let mut paras = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
        if let Some(head) = paras.next() {
            heads.push(head.to_string());
        }
        bodies.extend(paras.map(String::from));
    }
    if heads.is_empty() || bodies.is_empty() {
        bail!(
            "{}: no articles with paragraphs to recombine",
            seeds.display()
        );
    }
    Ok((heads, bodies))
}

fn generate(seeds: &Path, out: &Path, bytes: usize) -> anyhow::Result<()> {
    let (heads, bodies) = paragraphs(seeds)?;
    fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut rng = Rng(0x6b67_2d62_656e_6368); // "kg-bench"
    let (mut written, mut n) = (0usize, 0usize);
    while written < bytes {
        let mut doc = heads[rng.below(heads.len())].clone();
        while doc.len() < DOC_BYTES {
            doc.push_str("\n\n");
            doc.push_str(&bodies[rng.below(bodies.len())]);
        }
        doc.push('\n');
        let path = out.join(format!("{n:07}_{:016x}.txt", rng.next()));
        fs::File::create(&path)
            .and_then(|mut f| f.write_all(doc.as_bytes()))
            .with_context(|| format!("cannot write {}", path.display()))?;
        written += doc.len();
        n += 1;
    }
    eprintln!(
        "corpus: {n} documents, {written} bytes in {}",
        out.display()
    );
    Ok(())
}

fn scan(dir: &Path, onto: &Path) -> anyhow::Result<()> {
    let onto = kg::ontology::Ontology::load(onto).context("cannot load the ontology")?;
    let mut names: Vec<&str> = Vec::new();
    for e in onto.gazetteer.entries.values() {
        names.extend(
            std::iter::once(&e.label)
                .chain(&e.aliases)
                .chain(&e.adjectives)
                .map(String::as_str),
        );
    }
    names.sort();
    names.dedup();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&names)
        .context("cannot build the gazetteer automaton")?;
    let files =
        kg::ingest::list_inputs(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    let started = Instant::now();
    let (bytes, matches) = files
        .par_iter()
        .map(|p| {
            let text = fs::read(p).unwrap_or_default();
            let found = ac
                .find_iter(&text)
                .filter(|m| bound(&text, m.start(), m.end()))
                .count();
            (text.len(), found)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let secs = started.elapsed().as_secs_f64();
    println!("scan {bytes} {} {secs:.3} {matches}", files.len());
    Ok(())
}

/// Whether a match stands at word bounds (ASCII letters and digits only:
/// a yardstick, not the annotator).
fn bound(text: &[u8], start: usize, end: usize) -> bool {
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
    !word(start.checked_sub(1).and_then(|i| text.get(i))) && !word(text.get(end))
}
