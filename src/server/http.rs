//! The socket side of `kg serve`: accepting connections, reading each
//! request under deadlines, writing the answers. It owns no SPARQL: a
//! complete [`Request`] goes to the worker pool and a [`Response`] comes back.
//!
//! Why not tiny_http: its connection threads read with no timeout, so a
//! client that connects and stalls mid-header (or never sends a byte) holds a
//! thread for as long as it likes, and its task pool can queue new
//! connections behind such threads. Here every connection has a thread of
//! its own with a deadline on each phase: the request header must arrive in
//! full within `header_timeout` (a total, not per read, so dribbling one byte
//! a second does not help), a body within `body_timeout`, and an answer must
//! be taken within `body_timeout`. At most `max_connections` are held; over
//! that bound a new connection closes the oldest one still waiting for its
//! header, and if every held connection is busy with a request the new one
//! gets a 503. Headers are parsed by `httparse`.
//!
//! Why not oxhttp (measured with 0.3.3, timeout 2 s, 8 connections, the
//! probes of tests/load.rs): its timeout is per read, so a client sending
//! one header byte every 1.5 s was never cut off (12 s), and over the
//! connection bound its acceptor waits, so 16 idle connections kept a good
//! client waiting 4.0 s (this server: cut off, and 2 ms). hyper brings an
//! async runtime for the same deadlines; not tried.

use super::{Request, Response, Shared};
use std::collections::BTreeMap;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::Ordering;
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Header fields read per request; more get 431.
const MAX_HEADERS: usize = 64;
/// Room for the header fields beside the request line, whose own limit is
/// `max_request_bytes` (a longer line gets 414).
const HEADER_FIELDS_BYTES: usize = 8 * 1024;
/// Longest chunk-size line (with extensions) of a chunked body.
const MAX_CHUNK_LINE: usize = 1024;
/// Stack of a connection thread: it parses and copies, it runs no query.
const CONNECTION_STACK: usize = 256 * 1024;

/// The connections held, and which of them wait for a request header (and
/// may be closed to make room).
#[derive(Default)]
pub(super) struct Connections {
    inner: Mutex<Held>,
}

#[derive(Default)]
struct Held {
    count: usize,
    /// Waiting connections by the order in which they began to wait.
    waiting: BTreeMap<u64, TcpStream>,
    next: u64,
}

impl Held {
    fn wait(&mut self, stream: TcpStream) -> u64 {
        let key = self.next;
        self.next += 1;
        self.waiting.insert(key, stream);
        key
    }
}

impl Connections {
    /// Takes a slot for a new connection, marked as waiting for its header:
    /// a free slot, or that of the oldest connection waiting for a header,
    /// which is closed. `None` if every held connection is busy with a
    /// request. Marking it here, in accept order, rather than when its
    /// thread starts keeps a newer connection from looking older than
    /// stalled ones whose threads started late.
    fn admit(&self, stream: &TcpStream, max: usize) -> Option<u64> {
        let clone = stream.try_clone().ok()?;
        let mut held = self.inner.lock().ok()?;
        if held.count < max.max(1) {
            held.count += 1;
        } else {
            // Its thread sees that it was evicted and gives up the slot
            // without counting it out (see `end_wait`).
            let (_, oldest) = held.waiting.pop_first()?;
            let _ = oldest.shutdown(Shutdown::Both);
        }
        Some(held.wait(clone))
    }

    /// Marks a connection as waiting for a header; `None` if the stream
    /// cannot be shared (the connection is then closed).
    fn begin_wait(&self, stream: &TcpStream) -> Option<u64> {
        let clone = stream.try_clone().ok()?;
        Some(self.inner.lock().ok()?.wait(clone))
    }

    /// Ends the wait; `false` if the connection was evicted meanwhile (its
    /// slot already belongs to another connection).
    fn end_wait(&self, key: u64) -> bool {
        self.inner
            .lock()
            .is_ok_and(|mut held| held.waiting.remove(&key).is_some())
    }

    fn release(&self) {
        if let Ok(mut held) = self.inner.lock() {
            held.count = held.count.saturating_sub(1);
        }
    }

    /// Closes every connection waiting for a header (on stop).
    pub(super) fn close_waiting(&self) {
        if let Ok(mut held) = self.inner.lock() {
            for (_, stream) in std::mem::take(&mut held.waiting) {
                let _ = stream.shutdown(Shutdown::Both);
            }
        }
    }

    /// Connections held now.
    pub(super) fn count(&self) -> usize {
        self.inner.lock().map_or(0, |held| held.count)
    }
}

/// Accepts connections until the endpoint stops; each admitted one is
/// served on a thread of its own.
pub(super) fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        match stream {
            Ok(stream) => admit(stream, &shared),
            Err(e) => {
                // Out of file descriptors, say: do not spin on it.
                eprintln!("kg serve: cannot accept a connection: {e}");
                thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

fn admit(stream: TcpStream, shared: &Arc<Shared>) {
    let Some(key) = shared
        .connections
        .admit(&stream, shared.config.max_connections)
    else {
        refuse(stream);
        return;
    };
    let inner = shared.clone();
    let spawned = thread::Builder::new()
        .name("kg-serve-conn".into())
        .stack_size(CONNECTION_STACK)
        .spawn(move || {
            if serve(stream, key, &inner) == End::Released {
                inner.connections.release();
            }
        });
    if let Err(e) = spawned {
        eprintln!("kg serve: cannot start a connection thread: {e}");
        if shared.connections.end_wait(key) {
            shared.connections.release();
        }
    }
}

/// Every held connection is busy: a short 503, written without waiting.
fn refuse(stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
    let response = Response::text(503, "busy: too many connections");
    let _ = (&stream).write_all(&encode(&response, true, false));
}

/// How a connection ended: normally (its slot to be released), or evicted
/// (its slot already given to another connection).
#[derive(PartialEq, Eq)]
enum End {
    Released,
    Evicted,
}

/// Serves the requests of one connection until it closes, errs, times out,
/// asks to close, or the endpoint stops.
/// `key` marks it as waiting for its first header (see [`Connections::admit`]).
fn serve(stream: TcpStream, mut key: u64, shared: &Shared) -> End {
    let config = &shared.config;
    let mut conn = Conn {
        stream,
        buf: Vec::new(),
    };
    loop {
        let head = conn.read_head(config.header_timeout, config.max_request_bytes);
        if !shared.connections.end_wait(key) {
            return End::Evicted;
        }
        let head = match head {
            Ok(head) => head,
            Err(e) => {
                if let Some(response) = e.response(config.header_timeout) {
                    conn.fail(&response, config.body_timeout);
                }
                return End::Released;
            }
        };
        let deadline = Instant::now() + config.body_timeout;
        let req = match conn.read_request(&head, config.max_request_bytes, deadline) {
            Ok(req) => req,
            Err(response) => {
                conn.fail(&response, config.body_timeout);
                return End::Released;
            }
        };
        let response = answer(shared, req);
        let close = head.close || shared.stop.load(Ordering::SeqCst);
        let bytes = encode(&response, close, head.method == "HEAD");
        if conn
            .write_by(&bytes, Instant::now() + config.body_timeout)
            .is_err()
            || close
        {
            return End::Released;
        }
        // Kept alive: waiting for the next header, evictable again.
        match shared.connections.begin_wait(&conn.stream) {
            Some(next) => key = next,
            None => return End::Released,
        }
    }
}

/// Hands the request to a worker and waits for its answer; a 503 if the
/// endpoint stops before a worker takes it.
fn answer(shared: &Shared, req: Request) -> Response {
    let (tx, rx) = mpsc::channel();
    let stopped = || Response::text(503, "the endpoint is stopping");
    if shared.jobs.send((req, tx)).is_err() {
        return stopped();
    }
    loop {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(response) => return response,
            Err(mpsc::RecvTimeoutError::Disconnected) => return stopped(),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if shared.workers_alive.load(Ordering::SeqCst) == 0 {
                    return stopped();
                }
            }
        }
    }
}

/// What a request header says about the request.
#[derive(Debug)]
struct Head {
    method: String,
    target: String,
    content_type: Option<String>,
    accept: Option<String>,
    length: Option<u64>,
    chunked: bool,
    expect_continue: bool,
    /// Close after the answer (HTTP/1.0, or `Connection: close`).
    close: bool,
}

/// Why no request header was read.
#[derive(Debug)]
enum HeadError {
    /// The peer closed, reset or was evicted before a complete header.
    Closed {
        partial: bool,
    },
    /// No complete header within the header timeout.
    TimedOut {
        partial: bool,
    },
    /// The request line alone is longer than the URL limit.
    LineTooLong,
    /// The header fields are too many or too long.
    FieldsTooLarge,
    Malformed(String),
}

impl HeadError {
    /// The answer to send before closing, if any: a client that sent
    /// nothing, or that is gone, gets none.
    fn response(&self, timeout: Duration) -> Option<Response> {
        match self {
            HeadError::Closed { partial: false } | HeadError::TimedOut { partial: false } => None,
            HeadError::Closed { partial: true } => {
                Some(Response::text(400, "incomplete request header"))
            }
            HeadError::TimedOut { partial: true } => Some(Response::text(
                408,
                format!(
                    "request header not received within {:.1} s",
                    timeout.as_secs_f64()
                ),
            )),
            HeadError::LineTooLong => Some(Response::text(414, "request line too long")),
            HeadError::FieldsTooLarge => Some(Response::text(
                431,
                format!("request header fields too large (at most {MAX_HEADERS} fields, {HEADER_FIELDS_BYTES} bytes)"),
            )),
            HeadError::Malformed(why) => Some(Response::text(
                400,
                format!("malformed request header: {why}"),
            )),
        }
    }
}

/// A connection: its socket and the bytes read but not yet used (the start
/// of a body, or of a pipelined request).
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    /// Reads what has arrived before `deadline`; `Ok(0)` when the peer closed.
    fn fill(&mut self, deadline: Instant) -> io::Result<usize> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut chunk = [0u8; 4096];
        loop {
            match self.stream.read(&mut chunk) {
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(n);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Err(ErrorKind::TimedOut.into())
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Reads one request header, all of it within `timeout`.
    fn read_head(&mut self, timeout: Duration, max_line: usize) -> Result<Head, HeadError> {
        let deadline = Instant::now() + timeout;
        let max = max_line + HEADER_FIELDS_BYTES;
        let mut scanned: usize = 0;
        loop {
            // Empty lines before a request line are allowed (RFC 9112 2.2).
            let blank = self.buf.iter().take_while(|b| matches!(b, b'\r' | b'\n'));
            let blank = blank.count();
            self.buf.drain(..blank);
            scanned = scanned.saturating_sub(blank);
            if let Some(end) = head_end(&self.buf, scanned) {
                let head = parse_head(&self.buf[..end]);
                self.buf.drain(..end);
                return head;
            }
            scanned = self.buf.len().saturating_sub(2);
            if self.buf.len() >= max {
                return Err(match self.buf.contains(&b'\n') {
                    true => HeadError::FieldsTooLarge,
                    false => HeadError::LineTooLong,
                });
            }
            let partial = !self.buf.is_empty();
            match self.fill(deadline) {
                Ok(0) => return Err(HeadError::Closed { partial }),
                Ok(_) => {}
                Err(e) if e.kind() == ErrorKind::TimedOut => {
                    return Err(HeadError::TimedOut { partial })
                }
                Err(_) => return Err(HeadError::Closed { partial: false }),
            }
        }
    }

    /// Reads the body the header announces and builds the request; on an
    /// error, the answer to send before closing.
    fn read_request(
        &mut self,
        head: &Head,
        max_body: usize,
        deadline: Instant,
    ) -> Result<Request, Response> {
        if head.length.is_some_and(|n| n > max_body as u64) {
            // Refused from the declared length, without reading the body.
            return Err(super::too_large(max_body));
        }
        let announced = head.chunked || head.length.is_some_and(|n| n > 0);
        if head.expect_continue && announced {
            self.write_by(b"HTTP/1.1 100 Continue\r\n\r\n", deadline)
                .map_err(|e| Response::text(400, format!("cannot answer Expect: {e}")))?;
        }
        let body = if head.chunked {
            self.read_chunked(max_body, deadline)?
        } else {
            self.read_exact(head.length.unwrap_or(0) as usize, deadline)?
        };
        Ok(Request {
            method: head.method.clone(),
            url: head.target.clone(),
            content_type: head.content_type.clone(),
            accept: head.accept.clone(),
            body,
        })
    }

    /// The next `n` bytes, all of them by `deadline`.
    fn read_exact(&mut self, n: usize, deadline: Instant) -> Result<Vec<u8>, Response> {
        while self.buf.len() < n {
            self.fill_body(deadline)?;
        }
        Ok(self.buf.drain(..n).collect())
    }

    /// A chunked body; one over `max_body` is refused with 413 as soon as
    /// the chunk sizes say so.
    fn read_chunked(&mut self, max_body: usize, deadline: Instant) -> Result<Vec<u8>, Response> {
        let mut body = Vec::new();
        loop {
            let end = self.read_line(deadline)?;
            let size = match httparse::parse_chunk_size(&self.buf[..end]) {
                Ok(httparse::Status::Complete((_, size))) => size,
                _ => return Err(Response::text(400, "malformed chunk size")),
            };
            self.buf.drain(..end);
            if size == 0 {
                return self.skip_trailers(deadline).map(|()| body);
            }
            if body.len() as u64 + size > max_body as u64 {
                return Err(super::too_large(max_body));
            }
            body.extend(self.read_exact(size as usize, deadline)?);
            let end = self.read_line(deadline)?;
            if !matches!(&self.buf[..end], b"\r\n" | b"\n") {
                return Err(Response::text(400, "chunk data longer than its size"));
            }
            self.buf.drain(..end);
        }
    }

    /// Trailer fields after the last chunk, up to the empty line: ignored.
    fn skip_trailers(&mut self, deadline: Instant) -> Result<(), Response> {
        loop {
            let end = self.read_line(deadline)?;
            let empty = matches!(&self.buf[..end], b"\r\n" | b"\n");
            self.buf.drain(..end);
            if empty {
                return Ok(());
            }
        }
    }

    /// The length of the next line in `buf`, its `\n` included.
    fn read_line(&mut self, deadline: Instant) -> Result<usize, Response> {
        loop {
            if let Some(i) = self.buf.iter().position(|&b| b == b'\n') {
                return Ok(i + 1);
            }
            if self.buf.len() > MAX_CHUNK_LINE {
                return Err(Response::text(400, "chunk line too long"));
            }
            self.fill_body(deadline)?;
        }
    }

    fn fill_body(&mut self, deadline: Instant) -> Result<(), Response> {
        match self.fill(deadline) {
            Ok(0) => Err(Response::text(400, "the request body ended early")),
            Ok(_) => Ok(()),
            Err(e) if e.kind() == ErrorKind::TimedOut => {
                Err(Response::text(408, "request body not received in time"))
            }
            Err(e) => Err(Response::text(
                400,
                format!("cannot read the request body: {e}"),
            )),
        }
    }

    /// Writes all of `bytes` by `deadline`: a client that does not read its
    /// answer does not hold the connection thread for longer.
    fn write_by(&mut self, mut bytes: &[u8], deadline: Instant) -> io::Result<()> {
        while !bytes.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(ErrorKind::TimedOut.into());
            }
            self.stream.set_write_timeout(Some(left))?;
            match self.stream.write(bytes) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => bytes = &bytes[n..],
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Answers an error and closes. Input still unread (a refused body) is
    /// drained for a moment first: closing a socket with unread input sends
    /// a reset, which can destroy the answer before the client reads it.
    fn fail(&mut self, response: &Response, timeout: Duration) {
        let sent = self.write_by(&encode(response, true, false), Instant::now() + timeout);
        if sent.is_err() || self.stream.shutdown(Shutdown::Write).is_err() {
            return;
        }
        let deadline = Instant::now() + timeout.min(Duration::from_secs(2));
        let mut drained = 0;
        while drained < 1 << 20 {
            self.buf.clear();
            match self.fill(deadline) {
                Ok(n) if n > 0 => drained += n,
                _ => return,
            }
        }
    }
}

/// The end of the header in `buf` (after its empty line), looking for the
/// empty line from `from` on.
fn head_end(buf: &[u8], from: usize) -> Option<usize> {
    (from..buf.len()).find_map(|i| match &buf[i..] {
        [b'\n', b'\n', ..] => Some(i + 2),
        [b'\n', b'\r', b'\n', ..] => Some(i + 3),
        _ => None,
    })
}

fn parse_head(bytes: &[u8]) -> Result<Head, HeadError> {
    let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut fields);
    match parsed.parse(bytes) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Err(HeadError::Malformed("incomplete".into())),
        Err(httparse::Error::TooManyHeaders) => return Err(HeadError::FieldsTooLarge),
        Err(e) => return Err(HeadError::Malformed(e.to_string())),
    }
    let mut head = Head {
        method: parsed.method.unwrap_or("").to_ascii_uppercase(),
        target: parsed.path.unwrap_or("").to_string(),
        content_type: None,
        accept: None,
        length: None,
        chunked: false,
        expect_continue: false,
        close: parsed.version != Some(1),
    };
    for field in parsed.headers.iter() {
        read_field(&mut head, field.name, field.value)?;
    }
    Ok(head)
}

/// Notes what one header field says; the first of a repeated field wins,
/// except for lengths, which must agree.
fn read_field(head: &mut Head, name: &str, value: &[u8]) -> Result<(), HeadError> {
    let text = String::from_utf8_lossy(value).trim().to_string();
    let tokens = || text.split(',').map(|t| t.trim().to_ascii_lowercase());
    match name.to_ascii_lowercase().as_str() {
        "content-type" => {
            head.content_type.get_or_insert(text.clone());
        }
        "accept" => {
            head.accept.get_or_insert(text.clone());
        }
        "content-length" => {
            let n = text
                .parse::<u64>()
                .map_err(|_| HeadError::Malformed(format!("Content-Length: {text}")))?;
            if head.length.is_some_and(|m| m != n) {
                return Err(HeadError::Malformed("conflicting Content-Length".into()));
            }
            head.length = Some(n);
        }
        "transfer-encoding" => {
            // Only chunked is understood; it must come last (RFC 9112 6.1).
            if tokens().next_back().as_deref() != Some("chunked") {
                return Err(HeadError::Malformed(format!(
                    "Transfer-Encoding: {text} (only chunked is supported)"
                )));
            }
            head.chunked = true;
            // A length beside it is ignored, and the connection not reused.
            head.close = true;
        }
        "connection" if tokens().any(|t| t == "close") => head.close = true,
        "expect" => head.expect_continue = text.eq_ignore_ascii_case("100-continue"),
        _ => {}
    }
    Ok(())
}

/// The bytes of an answer; the body is left out for HEAD. Every answer may
/// be read by a page of any origin (CORS) and varies with `Accept`; a 204
/// has no content fields.
fn encode(response: &Response, close: bool, head_only: bool) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    if response.status != 204 {
        out += &format!(
            "Content-Type: {}\r\nContent-Length: {}\r\n",
            response.content_type,
            response.body.len()
        );
    }
    out += "Access-Control-Allow-Origin: *\r\nVary: Accept\r\n";
    for (name, value) in &response.headers {
        out += &format!("{name}: {value}\r\n");
    }
    if close {
        out += "Connection: close\r\n";
    }
    out += "\r\n";
    let mut out = out.into_bytes();
    if !head_only {
        out.extend_from_slice(&response.body);
    }
    out
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_ends_at_its_first_empty_line() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nA: b\r\n\r\nrest", 0), Some(24));
        assert_eq!(head_end(b"GET / HTTP/1.1\nA: b\n\nrest", 0), Some(21));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nA: b\r\n", 0), None);
    }

    #[test]
    fn header_fields_set_length_chunking_and_closing() {
        let head = parse_head(
            b"POST /query HTTP/1.1\r\ncontent-length: 12\r\nContent-Type: a/b\r\nConnection: keep-alive, Close\r\n\r\n",
        )
        .unwrap();
        assert_eq!(
            (head.method.as_str(), head.target.as_str()),
            ("POST", "/query")
        );
        assert_eq!(head.length, Some(12));
        assert_eq!(head.content_type.as_deref(), Some("a/b"));
        assert!(head.close && !head.chunked);
        let chunked = parse_head(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").unwrap();
        assert!(chunked.chunked);
        assert!(parse_head(b"GET / HTTP/1.0\r\n\r\n").unwrap().close);
        for bad in [
            &b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"[..],
            b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
            b"GET\0 / HTTP/1.1\r\n\r\n",
        ] {
            assert!(parse_head(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn answers_carry_length_and_close_only_when_closing() {
        let response = Response::text(200, "ok");
        let keep = String::from_utf8(encode(&response, false, false)).unwrap();
        assert_eq!(
            keep,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\n\
             Access-Control-Allow-Origin: *\r\nVary: Accept\r\n\r\nok\n"
        );
        let close = String::from_utf8(encode(&response, true, true)).unwrap();
        assert!(close.ends_with("Connection: close\r\n\r\n"), "{close}");
    }
}
