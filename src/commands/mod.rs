//! One module per subcommand: its clap `Args` and a `run` that returns the
//! exit code. Commands print data to stdout and diagnostics to stderr; the
//! library stages below them print nothing.

pub mod build;
pub mod check;
pub mod eval;
pub mod explain;
pub mod load;
pub mod merge;
pub mod query;
pub mod relations;
pub mod serve;

/// Finds the ontology (`--ontology`, `$KG_ONTOLOGY`, `./ontology`, beside
/// the binary, built in), says on stderr which one, and loads it.
pub fn load_ontology(flag: Option<&std::path::Path>) -> anyhow::Result<crate::ontology::Ontology> {
    use anyhow::Context;
    let found = crate::ontology::locate(flag).context("cannot unpack the built-in ontology")?;
    eprintln!("kg: ontology: {found}");
    crate::ontology::Ontology::load(&found.dir).context("cannot load the ontology")
}
