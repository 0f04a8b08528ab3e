//! The `kg` binary: parse flags, dispatch to one subcommand, report an error
//! once. Exit status: 0 done; 1 done but some inputs were skipped (each named
//! on stderr); 2 could not run (flags, ontology, I/O).

mod cli;

use clap::Parser;
use std::process::ExitCode;

// The pipeline allocates many small strings and vectors per sentence, and
// compiling the rules many more: mimalloc does both faster than the system
// allocator (benches/RESULTS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match run(args) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("kg: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: cli::Cli) -> anyhow::Result<ExitCode> {
    use cli::Command;
    use kg::commands::*;
    match args.command {
        Command::Build(a) => build::run(a),
        Command::Relations(a) => relations::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Load(a) => load::run(a),
        Command::Query(a) => query::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Merge(a) => merge::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Check(a) => check::run(a),
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
