//! `kg serve`: serves a finished build (its persistent store when fresh, else
//! `graph.trig` loaded in memory) as a read-only SPARQL 1.1 endpoint on
//! loopback until Ctrl-C (SIGINT) or SIGTERM, then stops cleanly: no new
//! requests, the ones under way answered, exit status 0.

use crate::server::{self, Config};
use anyhow::Context;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The exports folder of a finished build (it must hold graph.trig).
    #[arg(long, default_value = "exports")]
    pub exports: PathBuf,
    /// TCP port; 0 picks a free one (the address is printed on stderr).
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// Address to listen on. Only loopback by default: say so to expose it.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// Cancel a query after this many seconds (answered with 503).
    #[arg(long, default_value_t = 10.0)]
    pub timeout: f64,
    /// Largest request (body or URL) in bytes; larger ones get 413 or 414.
    #[arg(long, default_value_t = 64 * 1024)]
    pub max_request_bytes: usize,
    /// Largest answer in bytes; a query whose answer grows past it is
    /// stopped and gets 503.
    #[arg(long, default_value_t = 64 << 20)]
    pub max_result_bytes: usize,
    /// Requests served at once.
    #[arg(long, default_value_t = 4)]
    pub workers: usize,
    /// Close a connection whose request header has not arrived in full
    /// after this many seconds.
    #[arg(long, default_value_t = 10.0)]
    pub header_timeout: f64,
    /// Connections held open at most; over it, the oldest one still waiting
    /// for its header is closed to make room.
    #[arg(long, default_value_t = 256)]
    pub max_connections: usize,
    /// Allow SERVICE calls to other hosts (refused by default).
    #[arg(long)]
    pub allow_service: bool,
    /// Query the TriG default graph alone rather than the union of all graphs.
    #[arg(long)]
    pub no_union: bool,
    /// Load graph.trig into memory even when a fresh store is there.
    #[arg(long)]
    pub no_store: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = super::query::open(&args.exports, args.no_store)?;
    let config = Config {
        max_request_bytes: args.max_request_bytes,
        max_result_bytes: args.max_result_bytes,
        timeout: Duration::try_from_secs_f64(args.timeout)
            .context("--timeout must be a positive number of seconds")?,
        allow_service: args.allow_service,
        union_default_graph: !args.no_union,
        workers: args.workers.max(1),
        header_timeout: Duration::try_from_secs_f64(args.header_timeout)
            .ok()
            .filter(|t| !t.is_zero())
            .context("--header-timeout must be a positive number of seconds")?,
        max_connections: args.max_connections.max(1),
        ..Config::default()
    };
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .context("cannot install the Ctrl-C handler")?;
    let addr = SocketAddr::new(args.bind, args.port);
    let running =
        server::start(store, addr, config).with_context(|| format!("cannot listen on {addr}"))?;
    eprintln!(
        "kg serve: SPARQL endpoint at http://{}/query (Ctrl-C to stop)",
        running.local_addr()
    );
    // Blocks until the handler fires; a dropped sender also ends the wait.
    let _ = stop_rx.recv();
    eprintln!("kg serve: stopping");
    running.stop();
    Ok(ExitCode::SUCCESS)
}
