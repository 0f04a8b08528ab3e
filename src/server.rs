//! The read-only SPARQL 1.1 Protocol endpoint of `kg serve`.
//!
//! [`handle`] is a plain function from a [`Request`] to a [`Response`], so it
//! is tested without a socket; [`start`] runs it on a fixed number of worker
//! threads behind the connection handling of [`http`] (one thread per
//! connection, every read and write under a deadline, connections bounded),
//! so slow or stalled clients never hold a worker nor block other clients.
//! Queries arrive by GET (`?query=`) or POST
//! (`application/sparql-query`, or a form with `query=`) on `/query`,
//! `/sparql` or `/`; HEAD answers as GET without the body. Answers are
//! negotiated from `Accept` (and say `Vary: Accept`): SPARQL JSON (default),
//! XML, CSV, TSV for SELECT/ASK; Turtle (default), N-Triples, RDF/XML,
//! JSON-LD, TriG or N-Quads for CONSTRUCT/DESCRIBE. Browser clients (YASGUI)
//! may call it from any origin: every answer carries
//! `Access-Control-Allow-Origin: *` and OPTIONS answers a CORS preflight
//! (the data is public and read-only, so no origin is trusted more than
//! another). Status codes: 204 OPTIONS, 400 malformed query (the parser's
//! message), 403 update or SERVICE, 404 other paths, 405 other methods, 406
//! no acceptable format, 413/414 request too large, 415 unknown body type,
//! 503 query time limit.

mod http;

use crate::query::{self, Format, Kind, Options, QueryError};
use oxigraph::store::Store;
use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Limits and switches of the endpoint.
#[derive(Clone, Debug)]
pub struct Config {
    /// Largest accepted request body, and URL, in bytes.
    pub max_request_bytes: usize,
    /// A query running longer is cancelled and answered with 503.
    pub timeout: Duration,
    /// Let `SERVICE` reach other hosts (see [`query::Options::allow_service`]).
    pub allow_service: bool,
    /// Query the union of all graphs as the default graph.
    pub union_default_graph: bool,
    /// Largest answer in bytes: a query whose answer grows past it is
    /// stopped and answered with 503 (add a LIMIT).
    pub max_result_bytes: usize,
    /// Worker threads: at most this many requests run at once.
    pub workers: usize,
    /// A request header must arrive in full within this time (a total, not
    /// per read); the connection is closed otherwise.
    pub header_timeout: Duration,
    /// A request body must arrive in full, and an answer be taken, within
    /// this time.
    pub body_timeout: Duration,
    /// Connections held open at most; over it a new one closes the oldest
    /// connection still waiting for a header, or gets 503 if none is.
    pub max_connections: usize,
    /// Query evaluations under way, including ones past their time limit
    /// that have not noticed their cancellation yet (see [`run`]).
    pub evaluations: Arc<AtomicUsize>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_request_bytes: 64 * 1024,
            timeout: Duration::from_secs(10),
            allow_service: false,
            union_default_graph: true,
            max_result_bytes: 64 << 20,
            workers: 4,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            max_connections: 256,
            evaluations: Arc::default(),
        }
    }
}

/// An HTTP request as the handler sees it.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub method: String,
    /// Path and query string, as sent (`/query?query=...`).
    pub url: String,
    pub content_type: Option<String>,
    pub accept: Option<String>,
    pub body: Vec<u8>,
}

/// An HTTP response: status, media type, body, and header fields beyond
/// those every answer carries (see `http::encode`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, &'static str)>,
}

impl Response {
    fn text(status: u16, message: impl Into<String>) -> Response {
        let mut body = message.into().into_bytes();
        body.push(b'\n');
        Response {
            status,
            content_type: "text/plain; charset=utf-8".to_string(),
            body,
            headers: Vec::new(),
        }
    }

    /// The value of header `name` set on this answer, if any.
    pub fn header(&self, name: &str) -> Option<&'static str> {
        (self.headers.iter())
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}

/// The methods the endpoint answers, for `Allow` and CORS preflights.
pub const METHODS: &str = "GET, HEAD, POST, OPTIONS";

/// The answer to OPTIONS: what a browser's CORS preflight asks before a
/// POST of `application/sparql-query` or a GET with an `Accept` of its own.
fn preflight() -> Response {
    Response {
        status: 204,
        content_type: String::new(),
        body: Vec::new(),
        headers: vec![
            ("Allow", METHODS),
            ("Access-Control-Allow-Methods", METHODS),
            ("Access-Control-Allow-Headers", "Accept, Content-Type"),
            ("Access-Control-Max-Age", "86400"),
        ],
    }
}

const USAGE: &str =
    "kg SPARQL endpoint (read-only). Send a SPARQL 1.1 query as GET /query?query=... \
or POST /query (application/sparql-query, or a form with query=...).";

/// Answers one request.
pub fn handle(store: &Store, config: &Config, req: &Request) -> Response {
    if req.url.len() > config.max_request_bytes {
        return Response::text(
            414,
            format!("URL longer than {} bytes", config.max_request_bytes),
        );
    }
    if req.body.len() > config.max_request_bytes {
        return too_large(config.max_request_bytes);
    }
    let (path, query_string) = req.url.split_once('?').unwrap_or((req.url.as_str(), ""));
    if !matches!(path, "/" | "/query" | "/sparql") {
        return Response::text(404, format!("no such endpoint: {path} (use /query)"));
    }
    let text = match req.method.as_str() {
        "GET" | "HEAD" => query_param(query_string.as_bytes()),
        "POST" => post_query(req),
        "OPTIONS" => return preflight(),
        other => Err(Response {
            headers: vec![("Allow", METHODS)],
            ..Response::text(405, format!("method {other} not allowed: use GET or POST"))
        }),
    };
    let text = match text {
        Ok(Some(text)) => text,
        Ok(None) if req.method != "POST" && query_string.is_empty() => {
            return Response::text(200, USAGE)
        }
        Ok(None) => return Response::text(400, "missing query parameter"),
        Err(response) => return response,
    };
    run(store, config, &text, req.accept.as_deref())
}

fn too_large(max_request_bytes: usize) -> Response {
    Response::text(
        413,
        format!("request body larger than {max_request_bytes} bytes"),
    )
}

/// The `query` of a form; an `update` is refused, dataset parameters too.
fn query_param(form: &[u8]) -> Result<Option<String>, Response> {
    let mut query = None;
    for (key, value) in form_urlencoded::parse(form) {
        match key.as_ref() {
            "query" if query.is_some() => return Err(Response::text(400, "more than one query parameter")),
            "query" => query = Some(value.into_owned()),
            "update" => return Err(refuse_update()),
            "default-graph-uri" | "named-graph-uri" => {
                return Err(Response::text(
                    400,
                    "default-graph-uri and named-graph-uri are not supported: use FROM or GRAPH in the query",
                ))
            }
            _ => {}
        }
    }
    Ok(query)
}

fn post_query(req: &Request) -> Result<Option<String>, Response> {
    let media = req
        .content_type
        .as_deref()
        .map(|c| {
            c.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    match media.as_str() {
        "application/sparql-query" => String::from_utf8(req.body.clone())
            .map(Some)
            .map_err(|_| Response::text(400, "the query is not UTF-8")),
        "application/x-www-form-urlencoded" => query_param(&req.body),
        "application/sparql-update" => Err(refuse_update()),
        other => Err(Response::text(
            415,
            format!("unsupported content type {other:?}: use application/sparql-query or a form"),
        )),
    }
}

fn refuse_update() -> Response {
    Response::text(403, "SPARQL Update is refused: this endpoint is read-only")
}

/// Runs a query on a thread of its own and waits at most the time limit.
///
/// oxigraph checks the cancellation token at every read of the store, which
/// stops almost every query on time; but a query whose work is all in memory
/// (say, an aggregate over a cartesian product of patterns already read) does
/// not notice it. The answer is then a 503 on time all the same, and the
/// evaluation ends in the background; while more than `2 × workers` of those
/// are still running, new queries get a 503 at once instead of piling up.
fn run(store: &Store, config: &Config, text: &str, accept: Option<&str>) -> Response {
    let guard = Evaluation::enter(&config.evaluations);
    if guard.count > 2 * config.workers.max(1) {
        return Response::text(
            503,
            "busy: too many queries still running past their time limit",
        );
    }
    let opts = Options {
        union_default_graph: config.union_default_graph,
        timeout: Some(config.timeout),
        allow_service: config.allow_service,
    };
    let (store, text, accept) = (store.clone(), text.to_string(), accept.map(str::to_string));
    let limit = config.max_result_bytes;
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let chosen = std::cell::Cell::new(None);
        let choose = |kind: Kind| {
            let format = negotiate(accept.as_deref(), kind)?;
            chosen.set(Some(format));
            Ok(format)
        };
        let mut body = Capped::new(limit);
        let result = match query::run(&store, &text, &opts, &choose, &mut body) {
            Err(QueryError::Io(_)) if body.over => Err(QueryError::TooLarge(limit)),
            r => r.map(|()| (chosen.get(), body.bytes)),
        };
        // Uncounted before the answer goes back: counted until after, an
        // evaluation not yet scheduled to drop its guard made a busy but
        // healthy endpoint refuse queries as "still running".
        drop(guard);
        let _ = tx.send(result);
    });
    match rx.recv_timeout(config.timeout + Duration::from_millis(50)) {
        Ok(Ok((format, body))) => Response {
            status: 200,
            content_type: format
                .map(Format::media_type)
                .unwrap_or("text/plain")
                .to_string(),
            body,
            headers: Vec::new(),
        },
        Ok(Err(e)) => error_response(e),
        Err(_) => error_response(QueryError::Timeout(config.timeout)),
    }
}

/// An answer buffer that refuses to grow past a limit, so that a huge
/// result stops the evaluation instead of filling memory.
struct Capped {
    bytes: Vec<u8>,
    limit: usize,
    over: bool,
}

impl Capped {
    fn new(limit: usize) -> Capped {
        Capped {
            bytes: Vec::new(),
            limit,
            over: false,
        }
    }
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            self.over = true;
            return Err(std::io::Error::other("answer size limit reached"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Counts an evaluation as under way until dropped.
struct Evaluation {
    counter: Arc<AtomicUsize>,
    count: usize,
}

impl Evaluation {
    fn enter(counter: &Arc<AtomicUsize>) -> Evaluation {
        let count = counter.fetch_add(1, Ordering::SeqCst) + 1;
        Evaluation {
            counter: counter.clone(),
            count,
        }
    }
}

impl Drop for Evaluation {
    fn drop(&mut self) {
        self.counter.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The one place query errors become HTTP statuses.
fn error_response(e: QueryError) -> Response {
    let status = match &e {
        QueryError::Syntax(_) => 400,
        QueryError::Refused(_) => 403,
        QueryError::WrongFormat(_) => 406,
        QueryError::Timeout(_) | QueryError::TooLarge(_) => 503,
        QueryError::Load { .. } | QueryError::Evaluation(_) | QueryError::Io(_) => 500,
    };
    if status == 500 {
        eprintln!("kg serve: {e}");
    }
    Response::text(status, e.to_string())
}

/// Picks the format for an answer from an `Accept` header: the acceptable
/// media type with the highest q, ties going to the order listed below.
pub fn negotiate(accept: Option<&str>, kind: Kind) -> Result<Format, QueryError> {
    let offers: &[(&str, Format)] = match kind {
        Kind::Solutions => &[
            ("application/sparql-results+json", Format::Json),
            ("application/json", Format::Json),
            ("application/sparql-results+xml", Format::Xml),
            ("application/xml", Format::Xml),
            ("text/csv", Format::Csv),
            ("text/tab-separated-values", Format::Tsv),
        ],
        Kind::Graph => &[
            ("text/turtle", Format::Turtle),
            ("application/n-triples", Format::NTriples),
            ("application/rdf+xml", Format::RdfXml),
            ("application/ld+json", Format::JsonLd),
            ("application/trig", Format::TriG),
            ("application/n-quads", Format::NQuads),
            ("text/plain", Format::NTriples),
            ("application/xml", Format::RdfXml),
            ("application/json", Format::JsonLd),
        ],
    };
    let accept = accept.filter(|a| !a.trim().is_empty()).unwrap_or("*/*");
    let mut best: Option<(f32, usize)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if q <= 0.0 {
            continue;
        }
        for (i, (offer, _)) in offers.iter().enumerate() {
            let (otype, _) = offer.split_once('/').unwrap_or((offer, ""));
            let matches = media == *offer || media == "*/*" || media == format!("{otype}/*");
            if matches && best.is_none_or(|(bq, bi)| q > bq || (q == bq && i < bi)) {
                best = Some((q, i));
            }
        }
    }
    match best {
        Some((_, i)) => Ok(offers[i].1),
        None => Err(QueryError::WrongFormat(format!(
            "no acceptable format in Accept: {accept}; offered: {}",
            offers
                .iter()
                .map(|(m, _)| *m)
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// A running endpoint: its address, and a way to stop it.
pub struct Running {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: JoinHandle<()>,
    workers: Vec<JoinHandle<()>>,
}

impl Running {
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Connections held open now (at most `config.max_connections`).
    pub fn connections(&self) -> usize {
        self.shared.connections.count()
    }

    /// Stops taking requests, lets the ones under way finish, and returns
    /// once every worker has ended.
    pub fn stop(self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // The acceptor blocks in accept(): a connection of our own wakes it.
        let mut wake = self.addr;
        if wake.ip().is_unspecified() {
            wake.set_ip(match wake {
                SocketAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => Ipv6Addr::LOCALHOST.into(),
            });
        }
        if TcpStream::connect_timeout(&wake, Duration::from_secs(1)).is_ok() {
            let _ = self.acceptor.join();
        }
        self.shared.connections.close_waiting();
        for worker in self.workers {
            let _ = worker.join();
        }
    }
}

/// Binds `addr` and serves `store`: one thread per connection (at most
/// `config.max_connections`) reads requests, `config.workers` threads answer them.
pub fn start(store: Store, addr: SocketAddr, config: Config) -> io::Result<Running> {
    let listener = TcpListener::bind(addr)?;
    let local = listener.local_addr()?;
    let (jobs, queue) = mpsc::channel();
    let workers = config.workers.max(1);
    let shared = Arc::new(Shared {
        stop: AtomicBool::new(false),
        store,
        config,
        jobs,
        queue: Mutex::new(queue),
        workers_alive: AtomicUsize::new(workers),
        connections: http::Connections::default(),
    });
    let workers = (0..workers)
        .map(|_| {
            let shared = shared.clone();
            thread::spawn(move || worker(&shared))
        })
        .collect();
    let acceptor = {
        let shared = shared.clone();
        thread::spawn(move || http::accept_loop(listener, shared))
    };
    Ok(Running {
        addr: local,
        shared,
        acceptor,
        workers,
    })
}

/// A complete request, and where its answer goes.
type Job = (Request, mpsc::Sender<Response>);

/// What the acceptor, the connection threads and the workers share.
struct Shared {
    stop: AtomicBool,
    store: Store,
    config: Config,
    /// Requests read in full, for the workers.
    jobs: mpsc::Sender<Job>,
    queue: Mutex<mpsc::Receiver<Job>>,
    workers_alive: AtomicUsize,
    connections: http::Connections,
}

/// Answers queued requests; on stop, ends once the queue is empty.
fn worker(shared: &Shared) {
    loop {
        // Waits briefly, so that a stop is seen promptly.
        let job = match shared.queue.lock() {
            Ok(queue) => queue.recv_timeout(Duration::from_millis(20)).ok(),
            Err(_) => None,
        };
        match job {
            Some((req, answer)) => {
                let _ = answer.send(handle(&shared.store, &shared.config, &req));
            }
            None if shared.stop.load(Ordering::SeqCst) => break,
            None => {}
        }
    }
    shared.workers_alive.fetch_sub(1, Ordering::SeqCst);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_follows_q_and_falls_back_to_defaults() {
        assert_eq!(negotiate(None, Kind::Solutions).unwrap(), Format::Json);
        assert_eq!(negotiate(None, Kind::Graph).unwrap(), Format::Turtle);
        assert_eq!(
            negotiate(
                Some("text/csv;q=0.5, application/sparql-results+xml"),
                Kind::Solutions
            )
            .unwrap(),
            Format::Xml
        );
        assert_eq!(
            negotiate(Some("text/*"), Kind::Solutions).unwrap(),
            Format::Csv
        );
        assert_eq!(
            negotiate(Some("application/n-triples"), Kind::Graph).unwrap(),
            Format::NTriples
        );
        for (accept, format) in [
            ("application/rdf+xml", Format::RdfXml),
            ("application/ld+json", Format::JsonLd),
            ("application/trig", Format::TriG),
            ("application/n-quads", Format::NQuads),
            // rdflib's CONSTRUCT: RDF/XML preferred, others lower.
            (
                "application/rdf+xml, text/rdf+n3;q=0.9, application/n-triples;q=0.8",
                Format::RdfXml,
            ),
        ] {
            assert_eq!(negotiate(Some(accept), Kind::Graph).unwrap(), format);
        }
        assert!(negotiate(Some("image/png"), Kind::Solutions).is_err());
        assert!(negotiate(Some("text/csv;q=0"), Kind::Solutions).is_err());
    }
}
