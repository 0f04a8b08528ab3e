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
