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

/// Finds the ontology folder (`--ontology`, `$KG_ONTOLOGY`, `./ontology`,
/// beside the binary, built in) and says on stderr which one.
pub fn ontology_dir(flag: Option<&std::path::Path>) -> anyhow::Result<std::path::PathBuf> {
    use anyhow::Context;
    let found = crate::ontology::locate(flag).context("cannot unpack the built-in ontology")?;
    eprintln!("kg: ontology: {found}");
    Ok(found.dir)
}

/// [`ontology_dir`], loaded.
pub fn load_ontology(flag: Option<&std::path::Path>) -> anyhow::Result<crate::ontology::Ontology> {
    use anyhow::Context;
    crate::ontology::Ontology::load(&ontology_dir(flag)?).context("cannot load the ontology")
}
