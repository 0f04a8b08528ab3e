//! `kg serve` under load and attack, on loopback: many concurrent clients for
//! a bounded time, every answer checked; slow and half-open clients that must
//! not block the others; and the endpoint still answering afterwards.

use crate::rdf::gold_graph;
use kg::export::{self, ExportOptions};
use kg::server::{self, Config};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

fn start(config: Config) -> server::Running {
    let dir = tempfile::tempdir().expect("temp dir");
    export::write_all(&gold_graph(), &ExportOptions::default(), dir.path()).expect("exports");
    let store = kg::query::load_exports(dir.path()).expect("store");
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("addr");
    server::start(store, addr, config).expect("server starts")
}

/// One request on its own connection; the status and body of the answer,
/// or what went wrong.
fn request(addr: SocketAddr, raw: &[u8]) -> Result<(u16, String), String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("connect: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .map_err(|e| e.to_string())?;
    stream.write_all(raw).map_err(|e| format!("send: {e}"))?;
    let mut reply = Vec::new();
    stream
        .read_to_end(&mut reply)
        .map_err(|e| format!("receive: {e}"))?;
    let text = String::from_utf8_lossy(&reply).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok());
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string());
    match (status, body) {
        (Some(status), Some(body)) => Ok((status, body)),
        _ => Err(format!("not an HTTP response: {text:?}")),
    }
}

fn get(query: &str) -> Vec<u8> {
    let q: String = form_urlencoded::byte_serialize(query.as_bytes()).collect();
    format!(
        "GET /query?query={q} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\nConnection: close\r\n\r\n"
    )
    .into_bytes()
}

fn post(content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

const COUNT: &str = "PREFIX kg: <https://example.org/kg/ontology#>
SELECT (COUNT(*) AS ?n) WHERE { ?s kg:said ?q }";

/// The mix of requests the clients send, each with the status it must get
/// and a piece its body must hold.
fn mix(expected_count: &str) -> Vec<(Vec<u8>, u16, String)> {
    vec![
        (get(COUNT), 200, format!("n\r\n{expected_count}")),
        (get("SELECT * WHERE {"), 400, "".into()),
        (
            get("INSERT DATA { <a:b> <a:c> <a:d> }"),
            403,
            "read-only".into(),
        ),
        (
            post(
                "application/sparql-update",
                "INSERT DATA { <a:b> <a:c> <a:d> }",
            ),
            403,
            "read-only".into(),
        ),
        (
            post(
                "application/sparql-query",
                &format!("# {}\n{COUNT}", "padding ".repeat(300)),
            ),
            200,
            format!("\"{expected_count}\""),
        ),
        (
            get("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
            403,
            "SERVICE".into(),
        ),
        (
            b"GET /etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
            404,
            String::new(),
        ),
        (
            b"DELETE /query HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
            405,
            String::new(),
        ),
    ]
}

#[test]
fn many_concurrent_clients_get_correct_answers_and_the_server_survives() {
    let running = start(Config::default());
    let addr = running.local_addr();
    let (status, body) = request(addr, &get(COUNT)).expect("first answer");
    assert_eq!(status, 200, "{body}");
    let count = body.lines().nth(1).expect("a count").trim().to_string();
    let mix = Arc::new(mix(&count));

    let clients = 16;
    let run_for = Duration::from_secs(8);
    let (sent, wrong) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let (mix, sent, wrong) = (mix.clone(), sent.clone(), wrong.clone());
            thread::spawn(move || {
                let mut i = c;
                while started.elapsed() < run_for {
                    let (raw, want, piece) = &mix[i % mix.len()];
                    i += 1;
                    sent.fetch_add(1, Ordering::SeqCst);
                    match request(addr, raw) {
                        Ok((status, body)) if status == *want && body.contains(piece) => {}
                        other => {
                            wrong.fetch_add(1, Ordering::SeqCst);
                            eprintln!("request {i}: wanted {want}, got {other:?}");
                        }
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("client thread");
    }
    let (sent, wrong) = (sent.load(Ordering::SeqCst), wrong.load(Ordering::SeqCst));
    eprintln!(
        "load: {sent} requests from {clients} clients in {:.1}s, {wrong} wrong",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(wrong, 0, "{wrong} of {sent} answers wrong");
    assert!(sent >= clients * 5, "only {sent} requests served");

    let (status, body) = request(addr, &get(COUNT)).expect("answer after load");
    assert_eq!((status, body.contains(&count)), (200, true), "{body}");
    running.stop();
}

/// Opens `n` connections that stall: every other one sends half a request
/// line, the rest nothing at all.
fn stall(addr: SocketAddr, n: usize) -> Vec<TcpStream> {
    (0..n)
        .map(|i| {
            let mut s = TcpStream::connect(addr).expect("connect");
            if i % 2 == 0 {
                s.write_all(b"GET /query?query=SEL").expect("partial write");
            }
            s
        })
        .collect()
}

/// Sends `clients` good requests at once; each one's status, and how long
/// the slowest took.
fn good_clients(addr: SocketAddr, clients: usize) -> (Vec<Result<u16, String>>, Duration) {
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|_| thread::spawn(move || request(addr, &get(COUNT)).map(|r| r.0)))
        .collect();
    let statuses = threads
        .into_iter()
        .map(|t| t.join().expect("client"))
        .collect();
    (statuses, started.elapsed())
}

/// Clients that stall mid-header or never send a byte must not keep others
/// out. See: issue #6 (tiny_http 0.12 queued connections behind them).
#[test]
fn half_open_clients_do_not_block_others() {
    let running = start(Config::default());
    let addr = running.local_addr();
    let stalled = stall(addr, 24);
    let (statuses, took) = good_clients(addr, 16);
    eprintln!("half-open: 16 clients beside 24 stalled ones served in {took:.2?}");
    assert_eq!(statuses, vec![Ok(200); 16]);
    drop(stalled);
    running.stop();
}

/// 200 idle connections and 16 good clients: within the connection bound
/// (each idle one holds a thread, none holds a worker), and far over it (the
/// oldest idle ones are closed to make room). See: issue #6.
#[test]
fn two_hundred_idle_connections_do_not_keep_good_clients_out() {
    for max_connections in [Config::default().max_connections, 32] {
        let running = start(Config {
            max_connections,
            ..Config::default()
        });
        let addr = running.local_addr();
        let stalled = stall(addr, 200);
        let (statuses, took) = good_clients(addr, 16);
        eprintln!(
            "idle: 16 clients beside 200 idle connections (bound {max_connections}) served in {took:.2?}; {} held",
            running.connections()
        );
        assert_eq!(statuses, vec![Ok(200); 16], "bound {max_connections}");
        assert!(running.connections() <= max_connections);
        // Over the bound, the oldest idle connections were closed.
        if max_connections < 200 {
            let mut first = stalled.into_iter().next().expect("a stalled client");
            first
                .set_read_timeout(Some(Duration::from_secs(5)))
                .expect("timeout");
            let closed = match first.read(&mut [0]) {
                Ok(n) => n == 0,
                Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
            };
            assert!(closed, "the oldest idle connection is still open");
        }
        running.stop();
    }
}

/// A header sent one byte a second never completes: the connection is cut
/// off once the header timeout (a total, not per read) has passed.
#[test]
fn a_client_dribbling_its_header_is_cut_off_after_the_header_timeout() {
    let timeout = Duration::from_secs(2);
    let running = start(Config {
        header_timeout: timeout,
        ..Config::default()
    });
    let mut s = TcpStream::connect(running.local_addr()).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(1)))
        .expect("timeout");
    let started = Instant::now();
    let mut reply = Vec::new();
    for byte in get(COUNT) {
        if s.write_all(&[byte]).is_err() {
            break;
        }
        match s.read_to_end(&mut reply) {
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            _ => break,
        }
    }
    let took = started.elapsed();
    let reply = String::from_utf8_lossy(&reply);
    eprintln!(
        "dribble: cut off after {took:.2?} ({:?})",
        reply.lines().next()
    );
    let early = timeout - Duration::from_millis(200);
    assert!(
        took >= early && took < timeout * 3,
        "cut off after {took:?}"
    );
    assert!(
        reply.is_empty() || reply.starts_with("HTTP/1.1 408"),
        "{reply}"
    );
    running.stop();
}

/// One connection, two requests: the first a chunked POST announced with
/// `Expect: 100-continue`, the second a GET; both answered in order.
#[test]
fn a_connection_carries_chunked_and_following_requests() {
    let running = start(Config::default());
    let mut s = TcpStream::connect(running.local_addr()).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    s.write_all(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nAccept: text/csv\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n")
        .expect("head");
    let mut cont = [0u8; 25];
    s.read_exact(&mut cont).expect("100 Continue");
    assert_eq!(&cont, b"HTTP/1.1 100 Continue\r\n\r\n");
    let (first, rest) = COUNT.split_at(20);
    let body = format!(
        "{:x}\r\n{first}\r\n{:x}\r\n{rest}\r\n0\r\n\r\n",
        first.len(),
        rest.len()
    );
    s.write_all(body.as_bytes()).expect("body");
    // Chunked requests close the connection after their answer.
    let mut reply = String::new();
    s.read_to_string(&mut reply).expect("answer");
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains("\r\n\r\nn\r\n"), "{reply}");

    let mut s = TcpStream::connect(running.local_addr()).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let keep = String::from_utf8(get(COUNT))
        .expect("text")
        .replace("Connection: close\r\n", "");
    s.write_all(format!("{keep}{}", String::from_utf8(get(COUNT)).expect("text")).as_bytes())
        .expect("two requests");
    let mut replies = String::new();
    s.read_to_string(&mut replies).expect("answers");
    assert_eq!(replies.matches("HTTP/1.1 200 OK").count(), 2, "{replies}");
    running.stop();
}

#[test]
fn slow_body_senders_do_not_block_the_workers() {
    let config = Config {
        workers: 2,
        ..Config::default()
    };
    let running = start(config);
    let addr = running.local_addr();
    // More slow senders than workers, each promising a 4 KB body (larger
    // than what tiny_http reads ahead) and sending only a few bytes.
    let mut slow = Vec::new();
    for _ in 0..6 {
        let mut s = TcpStream::connect(addr).expect("connect");
        s.write_all(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 4096\r\n\r\nSELECT")
            .expect("write");
        slow.push(s);
    }
    thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let (status, body) = request(addr, &get(COUNT)).expect("an answer");
    assert_eq!(status, 200, "{body}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered only after {:?}",
        started.elapsed()
    );
    drop(slow);
    running.stop();
}

#[test]
fn kg_serve_binds_loopback_unless_told_otherwise() {
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(["serve", "--help"])
        .output()
        .expect("kg serve --help");
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("[default: 127.0.0.1]"), "{text}");
    let defaults = Config::default();
    assert!(!defaults.allow_service);
    assert!(defaults.max_request_bytes <= 1 << 20);
    assert!(defaults.timeout <= Duration::from_secs(60));
}
