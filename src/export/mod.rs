//! The export stage: writes a [`KnowledgeGraph`] as the files of
//! `docs/spec/outputs.md`. Every file is first written beside its target as a
//! hidden temporary file; only when all of them are written and flushed are
//! they renamed into place, so a failed build leaves the previous exports
//! as they were and never a half-written file. The files are written in
//! parallel (rayon), the longest first so that none is left to run alone
//! at the end.

pub mod dump;
pub mod gexf;
pub mod graphml;
pub mod html;
pub mod jsonl;
pub mod rdf;
#[cfg(test)]
mod rdf_reference;
pub mod tsv;

use crate::graph::KnowledgeGraph;
use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Settings shared by the writers.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// Base of entity, document and evidence IRIs.
    pub base_iri: String,
    /// Predicates that hold both ways (the ontology's
    /// `owl:SymmetricProperty`): flagged `symmetric` in the Gephi and HTML
    /// views.
    pub symmetric: BTreeSet<String>,
}

impl Default for ExportOptions {
    /// The default base and the symmetric predicates of the ontology this
    /// crate ships (`ontology/ontology.ttl`, read at compile time).
    fn default() -> Self {
        let shipped = crate::ontology::locate::built_in_file("ontology.ttl")
            .expect("the built-in ontology has ontology.ttl");
        let predicates =
            crate::ontology::parse_predicates(Path::new("ontology/ontology.ttl"), shipped)
                .expect("the shipped ontology.ttl parses (tests/rdf.rs checks it)");
        ExportOptions {
            base_iri: crate::iri::DEFAULT_BASE.to_string(),
            symmetric: crate::ontology::symmetric_names(&predicates),
        }
    }
}

impl ExportOptions {
    /// Whether `predicate` holds both ways.
    pub fn is_symmetric(&self, predicate: &str) -> bool {
        self.symmetric.contains(predicate)
    }
}

/// A writer of one export file.
pub type Writer = fn(&KnowledgeGraph, &ExportOptions, &mut dyn Write) -> io::Result<()>;

/// Every file a build writes, in the order they are written.
pub const FILES: &[(&str, Writer)] = &[
    ("entities.jsonl", jsonl::write_entities),
    ("relations.jsonl", jsonl::write_relations),
    ("relations.tsv", tsv::write_relations),
    ("graph.nt", rdf::write_ntriples),
    ("graph.ttl", rdf::write_turtle),
    ("graph.trig", rdf::write_trig),
    ("graph.graphml", graphml::write),
    ("graph.gexf", gexf::write),
    ("graph.html", html::write),
    ("graph.json", dump::write),
];

/// An export that could not be written: which file, and why.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub source: io::Error,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write {}: {}", self.path.display(), self.source)
    }
}

// No `source()`: `Display` already states the cause, and anyhow's `{:#}`
// would print it twice.
impl std::error::Error for WriteError {}

/// Writes all of [`FILES`] into `dir` (created if missing), all or nothing.
pub fn write_all(
    graph: &KnowledgeGraph,
    opts: &ExportOptions,
    dir: &Path,
) -> Result<Vec<PathBuf>, WriteError> {
    fs::create_dir_all(dir).map_err(|source| WriteError {
        path: dir.to_path_buf(),
        source,
    })?;
    // The files are independent: written in parallel, each to its own
    // temporary file; the first failure (in `FILES` order) is reported
    // once all have stopped, and every temporary file is removed.
    let staged: Vec<(PathBuf, PathBuf)> = FILES
        .iter()
        .map(|(name, _)| (dir.join(format!(".{name}.tmp")), dir.join(name)))
        .collect();
    let results = in_parallel(FILES.len(), |i| {
        write_file(&staged[i].0, |w| (FILES[i].1)(graph, opts, w))
    });
    for (result, (_, target)) in results.into_iter().zip(&staged) {
        if let Err(source) = result {
            discard(&staged);
            return Err(WriteError {
                path: target.clone(),
                source,
            });
        }
    }
    for (tmp, target) in &staged {
        if let Err(source) = fs::rename(tmp, target) {
            discard(&staged);
            return Err(WriteError {
                path: target.clone(),
                source,
            });
        }
    }
    Ok(staged.into_iter().map(|(_, target)| target).collect())
}

/// The files by the time they take to write, longest first (measured on a
/// 20 MB corpus); files not named here come last.
const LONGEST_FIRST: &[&str] = &[
    "graph.nt",
    "relations.tsv",
    "graph.trig",
    "graph.ttl",
    "relations.jsonl",
    "graph.html",
    "graph.json",
];

/// Runs `job(i)` for every file index `i` on the rayon pool, longest job
/// first, each taken by the next free thread (a plain split of the list in
/// halves could leave the N-Triples and the TriG on the same thread).
/// Results come back in index order.
fn in_parallel<T: Send>(n: usize, job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let rank = |i: usize| {
        (LONGEST_FIRST.iter())
            .position(|name| *name == FILES[i].0)
            .unwrap_or(LONGEST_FIRST.len())
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| rank(i));
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<T>>> = (0..n).map(|_| Mutex::new(None)).collect();
    let workers = rayon::current_num_threads().clamp(1, n.max(1));
    rayon::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|_| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(&i) = order.get(k) else { break };
                let out = job(i);
                *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(out);
            });
        }
    });
    (results.into_iter())
        .map(|r| {
            let r = r.into_inner().unwrap_or_else(|e| e.into_inner());
            r.expect("every job ran")
        })
        .collect()
}

/// Writes one file through a buffer and syncs it to disk.
pub fn write_file(
    path: &Path,
    body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let file = DiskQuota::wrap(fs::File::create(path)?);
    let mut w = BufWriter::with_capacity(1 << 16, file);
    body(&mut w)?;
    let file = w.into_inner().map_err(|e| e.into_error())?;
    file.inner.sync_all()
}

/// The environment variable that simulates a full disk, for tests (see
/// `docs/hardening.md`): once this many bytes of exports have been written
/// by the process, every further write fails with "no space left".
pub const FAIL_WRITE_AFTER: &str = "KG_TEST_FAIL_WRITE_AFTER";

/// A file whose writes count against [`FAIL_WRITE_AFTER`], if it is set.
struct DiskQuota {
    inner: fs::File,
}

impl DiskQuota {
    fn wrap(inner: fs::File) -> DiskQuota {
        DiskQuota { inner }
    }

    /// Bytes left before the simulated disk is full; `None` if unlimited.
    fn left() -> Option<&'static std::sync::atomic::AtomicU64> {
        use std::sync::atomic::AtomicU64;
        use std::sync::OnceLock;
        static LEFT: OnceLock<Option<AtomicU64>> = OnceLock::new();
        LEFT.get_or_init(|| {
            let n = std::env::var(FAIL_WRITE_AFTER).ok()?.trim().parse().ok()?;
            Some(AtomicU64::new(n))
        })
        .as_ref()
    }
}

impl Write for DiskQuota {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        use std::sync::atomic::Ordering;
        let Some(left) = DiskQuota::left() else {
            return self.inner.write(buf);
        };
        // Files are written in parallel: the room is taken in one atomic
        // step (a load, then a subtraction, let two writers both take the
        // last bytes and wrap the count round to "unlimited").
        let want = buf.len() as u64;
        let before = left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |l| {
                Some(l - l.min(want))
            })
            .expect("the update always succeeds");
        let room = before.min(want) as usize;
        if room == 0 {
            return Err(io::Error::new(
                io::ErrorKind::StorageFull,
                format!("no space left on device (simulated by {FAIL_WRITE_AFTER})"),
            ));
        }
        let n = self.inner.write(&buf[..room])?;
        left.fetch_add((room - n) as u64, Ordering::SeqCst);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes one file atomically: to a temporary file beside it, then renamed.
pub fn write_atomic(
    path: &Path,
    body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    let wrap = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    if let Err(e) = write_file(&tmp, body) {
        let _ = fs::remove_file(&tmp);
        return Err(wrap(e));
    }
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        wrap(e)
    })
}

fn discard(staged: &[(PathBuf, PathBuf)]) {
    for (tmp, _) in staged {
        let _ = fs::remove_file(tmp);
    }
}
