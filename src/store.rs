//! The persistent SPARQL store: a RocksDB copy of an exports folder's
//! `graph.trig`, kept in `<exports>/.store/`, so that `kg query` and
//! `kg serve` open a large build in milliseconds instead of parsing the TriG
//! for seconds or minutes. Named graphs are kept as they are in the TriG, so
//! every query answers exactly as it does over the TriG loaded in memory.
//!
//! Layout: `.store/db/` is oxigraph's RocksDB database; `.store/source.json`
//! is the stamp naming the `graph.trig` it was loaded from (length,
//! modification time, SHA-256). [`open`] uses the store only when that stamp
//! matches the `graph.trig` beside it, and otherwise says why, so that the
//! caller loads the TriG into memory instead: a stale store is never used.
//! Same length but another modification time (a copy, a `touch`) is settled
//! by the SHA-256, which costs one read of the file.
//!
//! A store is never written once in place: [`load`] builds a new one in
//! `.store.tmp-PID/`, stamps it, and only then swaps it in by rename, so a
//! failed load leaves the previous store as it was. A `kg serve` that has the
//! old store open must be restarted after a swap (RocksDB opens its files
//! lazily, by path).
//!
//! The store is not deterministic (RocksDB file names, compaction), so it
//! stays out of the byte-identical exports: a hidden folder, ignored by git.

use crate::query::TRIG_FILE;
use oxigraph::store::Store;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// The store's folder inside an exports folder.
pub const STORE_DIR: &str = ".store";
/// RocksDB's folder inside [`STORE_DIR`].
const DB_DIR: &str = "db";
/// The stamp inside [`STORE_DIR`].
const STAMP_FILE: &str = "source.json";
/// Bumped whenever what a store holds changes: an older store is stale.
const LAYOUT: u32 = 1;

/// True when this `kg` was built with the `store` feature (RocksDB).
pub const AVAILABLE: bool = cfg!(feature = "store");

/// Which `graph.trig` a store was loaded from.
#[derive(Serialize, Deserialize, Debug, PartialEq, Eq)]
struct Stamp {
    layout: u32,
    trig_bytes: u64,
    /// Nanoseconds since the Unix epoch.
    trig_modified: u64,
    trig_sha256: String,
    quads: u64,
}

/// Why [`open`] did not give a store; the caller loads the TriG instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// No store was built for these exports.
    Missing,
    /// The store was loaded from another `graph.trig`.
    Stale(String),
    /// The store is there but cannot be read.
    Broken(String),
    /// This `kg` was built without the `store` feature.
    Unsupported,
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::Missing => f.write_str("no store built yet (`kg load` builds it)"),
            Skip::Stale(why) => write!(f, "the store is stale: {why} (`kg load` rebuilds it)"),
            Skip::Broken(why) => write!(f, "cannot open the store: {why} (`kg load` rebuilds it)"),
            Skip::Unsupported => f.write_str("this kg was built without the store feature"),
        }
    }
}

/// A store that could not be built: the file or folder, and why.
#[derive(Debug)]
pub struct StoreError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot build the store from {}: {}",
            self.path.display(),
            self.message
        )
    }
}

impl std::error::Error for StoreError {}

/// What [`load`] did.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub quads: u64,
    /// Bytes the store takes on disk.
    pub bytes: u64,
    pub path: PathBuf,
}

/// The store folder of an exports folder.
pub fn store_dir(exports: &Path) -> PathBuf {
    exports.join(STORE_DIR)
}

/// Opens the store of `exports` read-only if it was loaded from the
/// `graph.trig` there now.
pub fn open(exports: &Path) -> Result<Store, Skip> {
    if !AVAILABLE {
        return Err(Skip::Unsupported);
    }
    let dir = store_dir(exports);
    let stamp = match fs::read(dir.join(STAMP_FILE)) {
        Ok(bytes) => serde_json::from_slice::<Stamp>(&bytes)
            .map_err(|e| Skip::Broken(format!("{STAMP_FILE}: {e}")))?,
        Err(e) if e.kind() == io::ErrorKind::NotFound && !dir.exists() => {
            return Err(Skip::Missing)
        }
        Err(e) => return Err(Skip::Broken(format!("{STAMP_FILE}: {e}"))),
    };
    check_fresh(&stamp, &exports.join(TRIG_FILE))?;
    backend::open_read_only(&dir.join(DB_DIR)).map_err(Skip::Broken)
}

/// Whether `stamp` names the `graph.trig` at `trig` as it is now.
fn check_fresh(stamp: &Stamp, trig: &Path) -> Result<(), Skip> {
    if stamp.layout != LAYOUT {
        return Err(Skip::Stale(format!(
            "written by another version of kg (layout {}, this one reads {LAYOUT})",
            stamp.layout
        )));
    }
    let meta = fs::metadata(trig).map_err(|e| Skip::Stale(format!("{TRIG_FILE}: {e}")))?;
    if meta.len() != stamp.trig_bytes {
        return Err(Skip::Stale(format!(
            "{TRIG_FILE} has {} bytes, the store was loaded from {} bytes",
            meta.len(),
            stamp.trig_bytes
        )));
    }
    if modified(&meta) == Some(stamp.trig_modified) {
        return Ok(());
    }
    // Same length, other time: a copy or a touch, or an edit. Only the
    // content can tell.
    let sha = sha256_of(trig).map_err(|e| Skip::Stale(format!("{TRIG_FILE}: {e}")))?;
    if sha == stamp.trig_sha256 {
        Ok(())
    } else {
        Err(Skip::Stale(format!(
            "{TRIG_FILE} changed since the store was loaded (another SHA-256)"
        )))
    }
}

/// A file's modification time in nanoseconds since the epoch, if known.
fn modified(meta: &fs::Metadata) -> Option<u64> {
    let since = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    u64::try_from(since.as_nanos()).ok()
}

fn sha256_of(path: &Path) -> io::Result<String> {
    let mut reader = Sha256Reader::new(File::open(path)?);
    io::copy(&mut reader, &mut io::sink())?;
    Ok(reader.hex())
}

/// Hashes what is read through it, so the store's load reads the TriG once.
struct Sha256Reader<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R: Read> Sha256Reader<R> {
    fn new(inner: R) -> Self {
        Sha256Reader {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    fn hex(self) -> String {
        self.hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl<R: Read> Read for Sha256Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// Loads `<exports>/graph.trig` into a new store and swaps it in for the
/// previous one, if any. On error the previous store is left untouched and
/// nothing of the new one remains.
pub fn load(exports: &Path) -> Result<Loaded, StoreError> {
    let trig = exports.join(TRIG_FILE);
    let tmp = exports.join(format!("{STORE_DIR}.tmp-{}", std::process::id()));
    let fail = |path: &Path, message: String| StoreError {
        path: path.to_path_buf(),
        message,
    };
    let _ = fs::remove_dir_all(&tmp);
    let stamp = fill(&trig, &tmp).inspect_err(|_| {
        let _ = fs::remove_dir_all(&tmp);
    })?;
    let dir = store_dir(exports);
    swap(&tmp, &dir).map_err(|e| {
        let _ = fs::remove_dir_all(&tmp);
        fail(&dir, format!("cannot put the new store in place: {e}"))
    })?;
    Ok(Loaded {
        quads: stamp.quads,
        bytes: dir_bytes(&dir),
        path: dir,
    })
}

/// Builds a stamped store of `trig` in the folder `tmp`.
fn fill(trig: &Path, tmp: &Path) -> Result<Stamp, StoreError> {
    let fail = |message: String| StoreError {
        path: trig.to_path_buf(),
        message,
    };
    let before = fs::metadata(trig).map_err(|e| fail(e.to_string()))?;
    fs::create_dir_all(tmp).map_err(|e| StoreError {
        path: tmp.to_path_buf(),
        message: e.to_string(),
    })?;
    let file = File::open(trig).map_err(|e| fail(e.to_string()))?;
    let mut reader = Sha256Reader::new(file);
    let quads = backend::bulk_load(&tmp.join(DB_DIR), &mut reader).map_err(fail)?;
    // The parser stops at the end of the data; hash anything it left.
    io::copy(&mut reader, &mut io::sink()).map_err(|e| fail(e.to_string()))?;
    let after = fs::metadata(trig).map_err(|e| fail(e.to_string()))?;
    if after.len() != before.len() || modified(&after) != modified(&before) {
        return Err(fail("the file changed while it was loaded".to_string()));
    }
    let stamp = Stamp {
        layout: LAYOUT,
        trig_bytes: reader.bytes,
        trig_modified: modified(&before).unwrap_or(0),
        trig_sha256: reader.hex(),
        quads,
    };
    let json = serde_json::to_vec_pretty(&stamp).map_err(|e| fail(e.to_string()))?;
    fs::write(tmp.join(STAMP_FILE), json).map_err(|e| StoreError {
        path: tmp.join(STAMP_FILE),
        message: e.to_string(),
    })?;
    Ok(stamp)
}

/// Puts the folder `new` at `current`. Two renames: between them there is
/// no store, and a reader then falls back to the TriG, never to a mix.
fn swap(new: &Path, current: &Path) -> io::Result<()> {
    let old = current.with_file_name(format!("{STORE_DIR}.old-{}", std::process::id()));
    let _ = fs::remove_dir_all(&old);
    let had_one = match fs::rename(current, &old) {
        Ok(()) => true,
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    };
    if let Err(e) = fs::rename(new, current) {
        if had_one {
            let _ = fs::rename(&old, current);
        }
        return Err(e);
    }
    if had_one {
        // The new store is in place; a leftover old folder only costs disk.
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
}

/// Total size of the files under `dir`.
fn dir_bytes(dir: &Path) -> u64 {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => dir_bytes(&e.path()),
            _ => e.metadata().map(|m| m.len()).unwrap_or(0),
        })
        .sum()
}

/// The RocksDB calls, present only with the `store` feature.
#[cfg(feature = "store")]
mod backend {
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::store::{LoaderError, Store};
    use std::io::Read;
    use std::path::Path;

    /// Threads that turn parsed quads into sorted RocksDB files.
    const LOAD_THREADS: usize = 2;
    /// A rough bound on the loader's memory (oxigraph's default is 2 GB per
    /// thread); the bigger the batches, the fewer files to compact after.
    const LOAD_MEGABYTES: usize = 512;

    pub fn open_read_only(db: &Path) -> Result<Store, String> {
        Store::open_read_only(db).map_err(|e| e.to_string())
    }

    /// Loads TriG from `reader` into a new store at `db`, compacted; returns
    /// the number of quads read.
    pub fn bulk_load(db: &Path, reader: &mut dyn Read) -> Result<u64, String> {
        let store = Store::open(db).map_err(|e| e.to_string())?;
        let mut quads = 0u64;
        let parsed = RdfParser::from_format(RdfFormat::TriG)
            .rename_blank_nodes()
            .for_reader(reader)
            .inspect(|_| quads += 1);
        let mut loader = store
            .bulk_loader()
            .with_num_threads(LOAD_THREADS)
            .with_max_memory_size_in_megabytes(LOAD_MEGABYTES);
        loader
            .load_ok_quads::<_, LoaderError>(parsed)
            .map_err(|e| e.to_string())?;
        loader.commit().map_err(|e| e.to_string())?;
        // One sorted run per index instead of one file per batch: reads
        // then look in one place.
        store.optimize().map_err(|e| e.to_string())?;
        store.flush().map_err(|e| e.to_string())?;
        Ok(quads)
    }
}

#[cfg(not(feature = "store"))]
mod backend {
    use oxigraph::store::Store;
    use std::io::Read;
    use std::path::Path;

    const NOT_BUILT_IN: &str = "this kg was built without the store feature";

    pub fn open_read_only(_db: &Path) -> Result<Store, String> {
        Err(NOT_BUILT_IN.to_string())
    }

    pub fn bulk_load(_db: &Path, _reader: &mut dyn Read) -> Result<u64, String> {
        Err(NOT_BUILT_IN.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stamp of `trig` as it is now, as [`fill`] writes it.
    fn stamp_of(trig: &Path) -> Stamp {
        let meta = fs::metadata(trig).unwrap();
        Stamp {
            layout: LAYOUT,
            trig_bytes: meta.len(),
            trig_modified: modified(&meta).unwrap(),
            trig_sha256: sha256_of(trig).unwrap(),
            quads: 0,
        }
    }

    #[test]
    fn freshness_follows_the_bytes_not_the_clock() {
        let dir = tempfile::tempdir().unwrap();
        let trig = dir.path().join(TRIG_FILE);
        fs::write(&trig, "<urn:a> <urn:b> \"one\" .\n").unwrap();
        let stamp = stamp_of(&trig);
        assert_eq!(check_fresh(&stamp, &trig), Ok(()));
        // Rewritten with the same bytes: another time, the same digest.
        fs::write(&trig, "<urn:a> <urn:b> \"one\" .\n").unwrap();
        assert_eq!(check_fresh(&stamp, &trig), Ok(()));
        // Same length, other bytes.
        fs::write(&trig, "<urn:a> <urn:b> \"two\" .\n").unwrap();
        assert!(matches!(check_fresh(&stamp, &trig), Err(Skip::Stale(_))));
        // Another length.
        fs::write(&trig, "<urn:a> <urn:b> \"three\" .\n").unwrap();
        let Err(Skip::Stale(why)) = check_fresh(&stamp, &trig) else {
            panic!("stale expected");
        };
        assert!(why.contains("bytes"), "{why}");
        // Another layout of the store.
        let old = Stamp {
            layout: LAYOUT + 1,
            ..stamp_of(&trig)
        };
        assert!(matches!(check_fresh(&old, &trig), Err(Skip::Stale(_))));
    }

    #[test]
    fn the_digest_is_sha256() {
        let mut reader = Sha256Reader::new(&b"abc"[..]);
        io::copy(&mut reader, &mut io::sink()).unwrap();
        assert_eq!(reader.bytes, 3);
        assert_eq!(
            reader.hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
