//! The ontology stage: loads `ontology/` into one validated [`Ontology`]:
//! the predicates (from the OWL file `ontology.ttl`), the gazetteer
//! (`gazetteer/*.tsv`), the lexicon (`lexicon.toml`), the relation rules
//! (`rules/*.toml`) and the ingest cleaner (`boilerplate.toml`). Every error
//! names the file and line; no article is read until all of it has loaded.

pub mod gazetteer;
pub mod inflect;
pub mod lexicon;
pub mod lint;
pub mod locate;
pub mod rules;

use oxrdf::vocab::rdf;
use oxrdf::{NamedOrBlankNode, Term};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub use gazetteer::Gazetteer;
pub use lexicon::Lexicon;
pub use locate::{locate, Located};
pub use rules::Rule;

pub use crate::datafile::LoadError;

/// The files of `dir` with extension `ext`, sorted by name: the order every
/// loader reads them in.
pub(crate) fn files_in(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, LoadError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| LoadError::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    Ok(files)
}

/// A predicate of the ontology.
#[derive(Debug, Clone, PartialEq)]
pub struct Predicate {
    pub name: String,
    pub symmetric: bool,
}

/// Everything the pipeline knows before it reads an article.
#[derive(Debug, Clone)]
pub struct Ontology {
    pub dir: PathBuf,
    pub predicates: BTreeMap<String, Predicate>,
    pub gazetteer: Gazetteer,
    pub lexicon: Lexicon,
    pub rules: Vec<Rule>,
    /// What ingest sets aside as not news text (`boilerplate.toml`).
    pub cleaner: crate::ingest::Cleaner,
}

impl Ontology {
    /// Loads and validates the ontology folder.
    pub fn load(dir: &Path) -> Result<Ontology, LoadError> {
        if !dir.is_dir() {
            return Err(LoadError {
                path: dir.to_path_buf(),
                line: None,
                message: "ontology folder not found".into(),
            });
        }
        // The parts load in parallel (the cleaner's and the gazetteer's
        // automata are the slow ones); errors are still reported in the
        // order the parts are listed in, whichever thread finds them.
        let ((cleaner, gazetteer), (predicates, words)) = rayon::join(
            || {
                rayon::join(
                    || crate::ingest::Cleaner::load(&dir.join("boilerplate.toml")),
                    || Gazetteer::load(&dir.join("gazetteer")),
                )
            },
            || {
                let predicates = load_predicates(&dir.join("ontology.ttl"));
                let words = predicates.as_ref().ok().map(|predicates| {
                    let lexicon = Lexicon::load(&dir.join("lexicon.toml"))?;
                    let known = |p: &str| predicates.contains_key(p);
                    let rules = rules::load(&dir.join("rules"), &lexicon, &known)?;
                    Ok::<_, LoadError>((lexicon, rules))
                });
                (predicates, words)
            },
        );
        let predicates = predicates?;
        let gazetteer = gazetteer?;
        let (lexicon, rules) = words.expect("loaded after the predicates")?;
        let cleaner = cleaner?;
        Ok(Ontology {
            cleaner,
            dir: dir.to_path_buf(),
            predicates,
            gazetteer,
            lexicon,
            rules,
        })
    }

    pub fn is_symmetric(&self, predicate: &str) -> bool {
        self.predicates.get(predicate).is_some_and(|p| p.symmetric)
    }

    /// The names of the predicates declared `owl:SymmetricProperty`.
    pub fn symmetric(&self) -> BTreeSet<String> {
        symmetric_names(&self.predicates)
    }
}

/// The predicates of the OWL file `path` (an ontology's `ontology.ttl`),
/// without the rest of the ontology: for the commands that only read
/// finished builds (`kg relations`, `kg eval`, `kg merge`).
pub fn predicates_of(path: &Path) -> Result<BTreeMap<String, Predicate>, LoadError> {
    load_predicates(path)
}

/// The names of the symmetric predicates among `predicates`.
pub fn symmetric_names(predicates: &BTreeMap<String, Predicate>) -> BTreeSet<String> {
    (predicates.values())
        .filter(|p| p.symmetric)
        .map(|p| p.name.clone())
        .collect()
}

/// Reads the predicates (`owl:ObjectProperty` in the kg namespace) and their
/// symmetry from the OWL file.
fn load_predicates(path: &Path) -> Result<BTreeMap<String, Predicate>, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|e| LoadError::io(path, e))?;
    parse_predicates(path, &text)
}

/// [`load_predicates`] on the text of the file; `path` names it in errors.
pub fn parse_predicates(path: &Path, text: &str) -> Result<BTreeMap<String, Predicate>, LoadError> {
    let owl = "http://www.w3.org/2002/07/owl#";
    let mut out: BTreeMap<String, Predicate> = BTreeMap::new();
    let mut symmetric = Vec::new();
    for triple in oxttl::TurtleParser::new().for_slice(text.as_bytes()) {
        let triple = triple.map_err(|e| {
            let line = Some(e.location().start.line as usize + 1);
            LoadError {
                path: path.to_path_buf(),
                line,
                message: e.to_string(),
            }
        })?;
        let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) =
            (&triple.subject, &triple.object)
        else {
            continue;
        };
        let Some(name) = s.as_str().strip_prefix(crate::iri::ONTOLOGY_NS) else {
            continue;
        };
        if triple.predicate != rdf::TYPE {
            continue;
        }
        if o.as_str() == format!("{owl}ObjectProperty") {
            out.entry(name.to_string()).or_insert(Predicate {
                name: name.to_string(),
                symmetric: false,
            });
        } else if o.as_str() == format!("{owl}SymmetricProperty") {
            symmetric.push(name.to_string());
        }
    }
    for name in symmetric {
        if let Some(p) = out.get_mut(&name) {
            p.symmetric = true;
        }
    }
    if out.is_empty() {
        return Err(LoadError {
            path: path.to_path_buf(),
            line: None,
            message: "declares no owl:ObjectProperty in the kg namespace".into(),
        });
    }
    Ok(out)
}
