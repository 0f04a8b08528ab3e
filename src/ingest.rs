//! The ingest stage: a file of the input folder → a [`Document`] holding its
//! news text only (reflowed, markup stripped, credits and banners set aside)
//! and its metadata (title, date and where the date came from, author, URL).
//! (stub: to be written)

use crate::model::{DocMeta, Document, Segment};
use std::fmt;
use std::path::{Path, PathBuf};

/// Why an input file was not ingested. Names the file (and line, if any).
#[derive(Debug)]
pub struct IngestError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for IngestError {}

/// The article files of a folder (`.txt`, `.md`), sorted by name.
pub fn list_inputs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if path.is_file() && (ext == "txt" || ext == "md") {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Reads and parses one article file.
pub fn read(path: &Path) -> Result<Document, IngestError> {
    let bytes = std::fs::read(path).map_err(|e| IngestError {
        path: path.to_path_buf(),
        line: None,
        message: format!("cannot read: {e}"),
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parse(&name, &bytes).map_err(|mut e| {
        e.path = path.to_path_buf();
        e
    })
}

/// Parses an article's bytes.
pub fn parse(name: &str, bytes: &[u8]) -> Result<Document, IngestError> {
    let text = std::str::from_utf8(bytes).map_err(|_| IngestError {
        path: PathBuf::from(name),
        line: None,
        message: "not UTF-8".into(),
    })?;
    Ok(Document {
        meta: DocMeta {
            name: name.to_string(),
            ..DocMeta::default()
        },
        text: text.to_string(),
        segments: vec![Segment {
            clean: 0,
            source_char: 0,
        }],
    })
}
