//! The read-only SPARQL 1.1 Protocol endpoint of `kg serve`.
//!
//! [`handle`] is a plain function from a [`Request`] to a [`Response`], so it
//! is tested without a socket; [`start`] runs it behind tiny_http on a fixed
//! number of worker threads. A request body still on the wire (over 1 KB,
//! or chunked) is read by a thread of its own (at most 64 at once) before a
//! worker takes the request, so slow or stalled clients never hold a worker. Queries arrive by GET (`?query=`) or POST
//! (`application/sparql-query`, or a form with `query=`) on `/query`,
//! `/sparql` or `/`. Answers are negotiated from `Accept`: SPARQL JSON
//! (default), XML, CSV, TSV for SELECT/ASK; Turtle (default) or N-Triples for
//! CONSTRUCT/DESCRIBE. Status codes: 400 malformed query (the parser's
//! message), 403 update or SERVICE, 404 other paths, 405 other methods, 406
//! no acceptable format, 413/414 request too large, 415 unknown body type,
//! 503 query time limit.

use crate::query::{self, Format, Kind, Options, QueryError};
use oxigraph::store::Store;
use std::io::{self, Read};
use std::net::SocketAddr;
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
    /// Worker threads: at most this many requests run at once.
    pub workers: usize,
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
            workers: 4,
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

/// An HTTP response: status, media type, body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Response {
    fn text(status: u16, message: impl Into<String>) -> Response {
        let mut body = message.into().into_bytes();
        body.push(b'\n');
        Response {
            status,
            content_type: "text/plain; charset=utf-8".to_string(),
            body,
        }
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
        return too_large(config);
    }
    let (path, query_string) = req.url.split_once('?').unwrap_or((req.url.as_str(), ""));
    if !matches!(path, "/" | "/query" | "/sparql") {
        return Response::text(404, format!("no such endpoint: {path} (use /query)"));
    }
    let text = match req.method.as_str() {
        "GET" => query_param(query_string.as_bytes()),
        "POST" => post_query(req),
        other => Err(Response::text(
            405,
            format!("method {other} not allowed: use GET or POST"),
        )),
    };
    let text = match text {
        Ok(Some(text)) => text,
        Ok(None) if req.method == "GET" && query_string.is_empty() => {
            return Response::text(200, USAGE)
        }
        Ok(None) => return Response::text(400, "missing query parameter"),
        Err(response) => return response,
    };
    run(store, config, &text, req.accept.as_deref())
}

fn too_large(config: &Config) -> Response {
    Response::text(
        413,
        format!(
            "request body larger than {} bytes",
            config.max_request_bytes
        ),
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
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let chosen = std::cell::Cell::new(None);
        let choose = |kind: Kind| {
            let format = negotiate(accept.as_deref(), kind)?;
            chosen.set(Some(format));
            Ok(format)
        };
        let mut body = Vec::new();
        let result =
            query::run(&store, &text, &opts, &choose, &mut body).map(|()| (chosen.get(), body));
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
        },
        Ok(Err(e)) => error_response(e),
        Err(_) => error_response(QueryError::Timeout(config.timeout)),
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
        QueryError::Timeout(_) => 503,
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
            ("text/plain", Format::NTriples),
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
    stop: Arc<Shared>,
    workers: Vec<JoinHandle<()>>,
}

impl Running {
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops taking requests, lets the ones under way finish, and returns
    /// once every worker has ended.
    pub fn stop(self) {
        self.stop.stop.store(true, Ordering::SeqCst);
        for worker in self.workers {
            let _ = worker.join();
        }
    }
}

/// Binds `addr` and serves `store` on `config.workers` threads.
pub fn start(store: Store, addr: SocketAddr, config: Config) -> io::Result<Running> {
    let server = tiny_http::Server::http(addr).map_err(io::Error::other)?;
    let local = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| io::Error::other("the server is not on an IP address"))?;
    let (ready_tx, ready_rx) = mpsc::channel();
    let shared = Arc::new(Shared {
        server,
        stop: AtomicBool::new(false),
        store,
        config,
        ready_tx: Mutex::new(ready_tx),
        ready_rx: Mutex::new(ready_rx),
        readers: AtomicUsize::new(0),
    });
    let workers = (0..shared.config.workers.max(1))
        .map(|_| {
            let shared = shared.clone();
            thread::spawn(move || worker(&shared))
        })
        .collect();
    Ok(Running {
        addr: local,
        stop: shared.clone(),
        workers,
    })
}

/// What the workers and body readers share.
struct Shared {
    server: tiny_http::Server,
    stop: AtomicBool,
    store: Store,
    config: Config,
    /// Requests whose body a reader thread has read, waiting for a worker.
    ready_tx: Mutex<mpsc::Sender<(tiny_http::Request, Request)>>,
    ready_rx: Mutex<mpsc::Receiver<(tiny_http::Request, Request)>>,
    /// Body reader threads under way.
    readers: AtomicUsize,
}

/// Body reader threads allowed at once; more large bodies get 503.
const MAX_READERS: usize = 64;
/// Bodies up to this size are read by tiny_http before the request is
/// handed over (see its `request.rs`), so reading them never waits.
const READ_AHEAD: usize = 1024;

fn worker(shared: &Arc<Shared>) {
    // Polls with a short timeout so that a stop request, and requests whose
    // bodies have been read, are seen promptly.
    while !shared.stop.load(Ordering::SeqCst) {
        let ready = shared
            .ready_rx
            .lock()
            .ok()
            .and_then(|rx| rx.try_recv().ok());
        if let Some((request, req)) = ready {
            let response = handle(&shared.store, &shared.config, &req);
            reply(request, response);
            continue;
        }
        match shared.server.recv_timeout(Duration::from_millis(20)) {
            Ok(Some(request)) => respond(request, shared),
            Ok(None) => {}
            Err(e) => eprintln!("kg serve: {e}"),
        }
    }
}

fn respond(mut request: tiny_http::Request, shared: &Arc<Shared>) {
    let config = &shared.config;
    let header = |name: &'static str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str().to_string())
    };
    let declared = request.body_length();
    let req = Request {
        method: request.method().as_str().to_ascii_uppercase(),
        url: request.url().to_string(),
        content_type: header("Content-Type"),
        accept: header("Accept"),
        body: Vec::new(),
    };
    if declared.is_some_and(|n| n > config.max_request_bytes) {
        // Refused from the declared length, without reading the body.
        return reply(request, too_large(config));
    }
    if declared.is_some_and(|n| n <= READ_AHEAD) {
        let response = match read_body(&mut request, req, config) {
            Ok(req) => handle(&shared.store, config, &req),
            Err(response) => response,
        };
        return reply(request, response);
    }
    // A body still on the wire (large or chunked) may come slowly or never:
    // a thread of its own reads it, so a slow client holds no worker.
    if shared.readers.fetch_add(1, Ordering::SeqCst) >= MAX_READERS {
        shared.readers.fetch_sub(1, Ordering::SeqCst);
        return reply(
            request,
            Response::text(503, "busy: too many request bodies being received"),
        );
    }
    let shared = shared.clone();
    thread::spawn(move || {
        let read = read_body(&mut request, req, &shared.config);
        shared.readers.fetch_sub(1, Ordering::SeqCst);
        match read {
            Ok(req) => {
                if let Ok(tx) = shared.ready_tx.lock() {
                    let _ = tx.send((request, req));
                }
            }
            Err(response) => reply(request, response),
        }
    });
}

/// Reads the body into `req`, at most one byte past the size limit (which
/// `handle` then refuses).
fn read_body(
    request: &mut tiny_http::Request,
    mut req: Request,
    config: &Config,
) -> Result<Request, Response> {
    let limit = config.max_request_bytes as u64 + 1;
    match request.as_reader().take(limit).read_to_end(&mut req.body) {
        Ok(_) => Ok(req),
        Err(e) => Err(Response::text(
            400,
            format!("cannot read the request body: {e}"),
        )),
    }
}

fn reply(request: tiny_http::Request, response: Response) {
    let content_type =
        tiny_http::Header::from_bytes("Content-Type", response.content_type.as_bytes())
            .expect("a media type is a valid header value");
    let reply = tiny_http::Response::from_data(response.body)
        .with_status_code(response.status)
        .with_header(content_type);
    if let Err(e) = request.respond(reply) {
        eprintln!("kg serve: cannot answer: {e}");
    }
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
        assert!(negotiate(Some("image/png"), Kind::Solutions).is_err());
        assert!(negotiate(Some("text/csv;q=0"), Kind::Solutions).is_err());
    }
}
