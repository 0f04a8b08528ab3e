//! What every loader of a data file (the ontology folder, the ingest
//! boilerplate rules) shares: the error that names the file and line, and
//! how a pattern written in a data file is compiled. Neither stage owns it,
//! so the ontology can load ingest's rules without ingest depending back on
//! the ontology.

use std::fmt;
use std::path::{Path, PathBuf};

/// A malformed data file: where, and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl LoadError {
    pub fn at(path: &Path, line: usize, message: String) -> LoadError {
        LoadError {
            path: path.to_path_buf(),
            line: Some(line),
            message,
        }
    }
    pub fn io(path: &Path, e: std::io::Error) -> LoadError {
        LoadError {
            path: path.to_path_buf(),
            line: None,
            message: format!("cannot read: {e}"),
        }
    }
    pub fn toml(path: &Path, text: &str, e: &toml::de::Error) -> LoadError {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        LoadError {
            path: path.to_path_buf(),
            line,
            message: e.message().to_string(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for LoadError {}

/// `pattern` with every `\b` made ASCII (`(?-u:\b)`). Templates always hold
/// non-ASCII slot brackets, and a Unicode `\b` makes the regex crate drop
/// from its lazy DFA to a slow engine on the first non-ASCII byte (measured
/// 30 against 200 MB/s, shared/notes/crates.md). Slots, quotes and
/// apostrophes are ASCII-folded or non-word in both modes, so only a word
/// bound next to a non-ASCII letter could read differently.
pub fn ascii_bounds(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str("(?-u:\\b)"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}
