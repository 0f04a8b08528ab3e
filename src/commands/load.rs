//! `kg load [EXPORTS]`: (re)builds the persistent SPARQL store of a finished
//! build from its `graph.trig` (see [`crate::store`]). `kg build` and
//! `kg merge` do the same through [`after_export`] once the exports are
//! written.

use crate::store;
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The exports folder of a finished build (it must hold graph.trig).
    #[arg(default_value = "exports")]
    pub exports: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !store::AVAILABLE {
        anyhow::bail!("this kg was built without the store feature: nothing to load into");
    }
    load(&args.exports)?;
    Ok(ExitCode::SUCCESS)
}

/// Builds the store of a build whose exports were just written, unless told
/// not to or built without the store feature. A failure is an error: the
/// exports are in place, but queries would fall back to the slow path.
pub fn after_export(exports: &Path, skip: bool) -> anyhow::Result<()> {
    if skip || !store::AVAILABLE {
        return Ok(());
    }
    load(exports).context(
        "the exports are written, but not their store (kg query reads graph.trig until `kg load` succeeds)",
    )
}

fn load(exports: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    let loaded = store::load(exports)?;
    eprintln!(
        "kg: store: {} quads in {:.2}s, {:.1} MB → {}",
        loaded.quads,
        started.elapsed().as_secs_f64(),
        loaded.bytes as f64 / 1e6,
        loaded.path.display()
    );
    Ok(())
}
