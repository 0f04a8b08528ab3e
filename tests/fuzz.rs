//! Property tests over every parser of outside input: article bytes (ingest
//! and the sentence splitter), annotate + extract, the gazetteer, rule and
//! boilerplate files, and the HTTP handling of `kg serve`. Each property is
//! "no panic, and the result is well formed"; a short run belongs to
//! `cargo test`, a long one is `KG_FUZZ_CASES=20000 cargo test --release
//! --test tests fuzz::` (see `docs/hardening.md`). The cargo-fuzz targets in
//! `fuzz/` drive the same functions with coverage guidance.

use crate::rdf::gold_graph;
use kg::annotate::{sentences, Annotator};
use kg::export::{self, ExportOptions};
use kg::extract::Extractor;
use kg::ingest::{self, Cleaner};
use kg::ontology::{gazetteer::Gazetteer, rules, Lexicon, Ontology};
use kg::server::{self, Config, Request};
use oxigraph::store::Store;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunConfig, TestRunner};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

/// `n` cases, times `KG_FUZZ_CASES / 100` when that is set (a long run),
/// drawn from a fixed seed so that CI runs the same cases every time
/// (`KG_FUZZ_SEED=<u64>` draws others).
fn cases(n: u32) -> RunConfig {
    let seed = std::env::var("KG_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0x6b67);
    let scale = std::env::var("KG_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
        .map_or(1.0, |c| f64::from(c) / 100.0);
    RunConfig {
        cases: ((f64::from(n) * scale) as u32).max(1),
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(seed),
        ..RunConfig::default()
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ontology() -> &'static Ontology {
    static ONTO: OnceLock<Ontology> = OnceLock::new();
    ONTO.get_or_init(|| Ontology::load(&root().join("ontology")).expect("ontology loads"))
}

/// Pieces news text is made of, hostile ones included: names the gazetteer
/// knows, quotes, markdown, line ends of every kind, non-Latin scripts,
/// controls, and abbreviations that trouble the splitter.
const PIECES: &[&str] = &[
    "Putin",
    "Lukashenko",
    "Belarus",
    "Russia",
    "Minsk",
    "Moscow",
    "the Kremlin",
    "met",
    "said",
    "signed",
    "sanctions",
    "the EU",
    "Tikhanovskaya",
    "President",
    "he",
    "she",
    "his",
    "their",
    " ",
    " ",
    " ",
    ".",
    ". ",
    ",",
    "\"",
    "“",
    "”",
    "'",
    "’",
    "(",
    ")",
    "[",
    "]",
    "*",
    "**",
    "_",
    "#",
    "> ",
    "- ",
    "1. ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "Dec.",
    "U.S.",
    "Mr.",
    "No.",
    "e.g.",
    "...",
    "…",
    "—",
    "-",
    "https://example.com/2020/01/02/x",
    "![a](b)",
    "[link](http://x)",
    "Путин",
    "Лукашенко",
    "普京",
    "🇧🇾",
    "\u{200b}",
    "\u{feff}",
    "\u{0}",
    "\u{7}",
    "é",
    "ß",
    "MINSK, Dec 7 (Reuters) -",
    "Photo: Reuters",
    "By John Smith",
    "Read more",
    "2020",
    "12",
];

fn text_strategy(max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..max_pieces).prop_map(|v| v.concat())
}

fn bytes_strategy() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2048),
        text_strategy(200).prop_map(String::into_bytes),
        // UTF-16 of news-like text, with a BOM, odd lengths sometimes.
        (text_strategy(100), any::<bool>(), any::<bool>()).prop_map(|(t, le, cut)| {
            let mut b = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in t.encode_utf16() {
                b.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            if cut {
                b.pop();
            }
            b
        }),
    ]
}

#[test]
fn ingest_and_splitter_never_panic_and_stay_in_bounds() {
    let mut runner = TestRunner::new(cases(512));
    runner
        .run(&bytes_strategy(), |bytes| {
            let Ok(doc) = ingest::parse("fuzz.txt", &bytes) else {
                return Ok(());
            };
            prop_assert_eq!(doc.segments.first().map(|s| s.clean), Some(0));
            prop_assert!(doc.segments.windows(2).all(|w| w[0].clean < w[1].clean));
            let mut last = 0;
            for s in sentences::split(&doc.text) {
                prop_assert!(s.start < s.end && s.end <= doc.text.len());
                prop_assert!(doc.text.is_char_boundary(s.start));
                prop_assert!(doc.text.is_char_boundary(s.end));
                prop_assert!(s.start >= last, "sentences overlap");
                last = s.end;
                prop_assert!(doc.source_offset(s.start) <= doc.source_offset(s.end));
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn annotate_and_extract_never_panic_and_cite_their_sentence() {
    let onto = ontology();
    let annotator = Annotator::new(onto);
    let extractor = Extractor::new(onto);
    let mut runner = TestRunner::new(cases(64));
    runner
        .run(&text_strategy(80), |text| {
            let Ok(doc) = onto.cleaner.parse("fuzz.txt", text.as_bytes()) else {
                return Ok(());
            };
            let annotated = annotator.annotate(doc);
            for m in &annotated.mentions {
                prop_assert!(m.start <= m.end && m.end <= annotated.doc.text.len());
                prop_assert!(m.entity < annotated.entities.len());
            }
            let result = extractor.extract(&annotated);
            for fact in &result.facts {
                let ev = &fact.evidence;
                prop_assert!(ev.start <= ev.end, "{:?}", ev);
                prop_assert!((0.0..=1.0).contains(&ev.confidence));
            }
            Ok(())
        })
        .unwrap();
}

/// Gazetteer lines: mostly well formed, with hostile columns mixed in.
fn gazetteer_line() -> impl Strategy<Value = String> {
    let col = prop::sample::select(
        &[
            "putin",
            "x_1",
            "X",
            "",
            "Person",
            "Country",
            "Planet",
            "Quote",
            "Vladimir Putin",
            "Putin|Путин",
            "Q7747",
            "Q",
            "7747",
            "gender=m",
            "gender=x",
            "role=president@belarus",
            "role=president",
            "adj=Belarusian|Belarussian",
            "in=minsk;capital=minsk",
            "colour=red",
            "=",
            ";",
            "|",
            "\u{0}",
            "é",
            " ",
        ][..],
    );
    prop::collection::vec(col, 0..8).prop_map(|cols| cols.join("\t"))
}

#[test]
fn gazetteer_files_load_or_fail_with_a_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("fuzz.tsv");
    let mut runner = TestRunner::new(cases(256));
    runner
        .run(&prop::collection::vec(gazetteer_line(), 0..12), |lines| {
            std::fs::write(&file, lines.join("\n")).expect("write");
            if let Err(e) = Gazetteer::load(dir.path()) {
                prop_assert_eq!(&e.path, &file);
                let line = e.line.expect("a line");
                prop_assert!(line >= 1 && line <= lines.len().max(1), "{}", e);
            }
            Ok(())
        })
        .unwrap();
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::load(&root().join("ontology/lexicon.toml")).expect("lexicon"))
}

/// Rule patterns from macros, regex syntax and plain words, including
/// unbalanced groups and repetitions that blow the size limit.
fn pattern() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(
        &[
            "{S}",
            "{O}",
            "{S:PC}",
            "{O:Z}",
            "{AUX}",
            "{meet}",
            "{nosuchclass}",
            "{W3}",
            "{ANY6}",
            "{ANYx}",
            "{title_leader}",
            "{title_none}",
            "{2,3}",
            "{",
            "}",
            " met ",
            " ",
            "(",
            ")",
            "(?:",
            "[",
            "]",
            "\\",
            "\\w",
            "+",
            "*",
            "?",
            "|",
            ".",
            "{1000}",
            "(?:\\w{1,100}){1,100}",
            "⟦",
            "⟧",
            "'",
            "\"",
        ][..],
    );
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

#[test]
fn rule_files_load_or_fail_with_a_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("fuzz.toml");
    let known = |p: &str| p == "meetsWith";
    let mut runner = TestRunner::new(cases(256));
    runner
        .run(&(pattern(), any::<bool>()), |(pattern, quoted)| {
            let value = if quoted {
                toml::Value::String(pattern.clone()).to_string()
            } else {
                format!("'{pattern}'") // may be broken TOML: that is the point
            };
            let text =
                format!("[[rule]]\nid = \"fuzz\"\npredicate = \"meetsWith\"\npattern = {value}\n");
            std::fs::write(&file, &text).expect("write");
            if let Err(e) = rules::load(dir.path(), lexicon(), &known) {
                prop_assert_eq!(&e.path, &file);
                prop_assert!(e.line.is_some_and(|l| l <= 5), "{}", e);
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn boilerplate_rules_load_or_fail_with_a_line() {
    let good = std::fs::read_to_string(root().join("ontology/boilerplate.toml")).unwrap();
    let mut runner = TestRunner::new(cases(32));
    runner
        .run(&pattern(), |pattern| {
            let value = toml::Value::String(pattern).to_string();
            let text = good.replacen(
                "drop_lines = [",
                &format!("drop_lines = [\n    {value},"),
                1,
            );
            match Cleaner::from_toml(Path::new("b.toml"), &text) {
                Ok(cleaner) => {
                    let _ = cleaner.parse("x.txt", b"Putin met Lukashenko.\n\nRead more\n");
                }
                Err(e) => prop_assert!(e.line.is_some(), "{}", e),
            }
            Ok(())
        })
        .unwrap();
}

fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        export::write_all(&gold_graph(), &ExportOptions::default(), dir.path()).expect("exports");
        kg::query::load_exports(dir.path()).expect("store")
    })
}

fn request_strategy() -> impl Strategy<Value = Request> {
    let method = prop::sample::select(&["GET", "POST", "PUT", "DELETE", "HEAD", "", "G\0T"][..]);
    let path = prop::sample::select(&["/", "/query", "/sparql", "/../etc/passwd", "", "?"][..]);
    let query = prop::sample::select(
        &[
            "",
            "query=",
            "query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%201",
            "query=ASK%7B%7D",
            "update=DROP%20ALL",
            "query=a&query=b",
            "default-graph-uri=x",
            "query=%FF%FE",
            "query=SELECT%20*%20%7B%20SERVICE%20%3Chttp%3A%2F%2Fx%2F%3E%20%7B%7D%7D",
            "query=CONSTRUCT%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%202",
            "%",
            "&&&=",
        ][..],
    );
    let ctype = prop::option::of(prop::sample::select(
        &[
            "application/sparql-query",
            "application/x-www-form-urlencoded",
            "application/sparql-update",
            "text/plain",
            "",
            ";;;",
        ][..],
    ));
    let accept = prop::option::of(prop::sample::select(
        &[
            "*/*",
            "text/csv",
            "application/sparql-results+xml;q=0.5, text/turtle",
            "image/png",
            "text/*;q=abc",
            ";q=",
            ",,,",
            "application/n-triples;q=0",
        ][..],
    ));
    let body = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        prop::sample::select(vec![
            "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
            "INSERT DATA { <a:b> <a:c> <a:d> }",
            "query=ASK%7B%7D",
            "LOAD <http://example.com/>",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
    ];
    (method, path, query, ctype, accept, body).prop_map(|(m, p, q, c, a, b)| Request {
        method: m.to_string(),
        url: if q.is_empty() {
            p.to_string()
        } else {
            format!("{p}?{q}")
        },
        content_type: c.map(str::to_string),
        accept: a.map(str::to_string),
        body: b,
    })
}

#[test]
fn the_http_handler_answers_every_request_with_a_known_status() {
    let config = Config {
        timeout: Duration::from_secs(2),
        ..Config::default()
    };
    let mut runner = TestRunner::new(cases(256));
    runner
        .run(&request_strategy(), |req| {
            let response = server::handle(store(), &config, &req);
            let known = [200, 400, 403, 404, 405, 406, 413, 414, 415, 503];
            prop_assert!(known.contains(&response.status), "{}", response.status);
            // Nothing writes: the store is as it was.
            prop_assert_eq!(store().len().unwrap(), store_len());
            Ok(())
        })
        .unwrap();
}

fn store_len() -> usize {
    static LEN: OnceLock<usize> = OnceLock::new();
    *LEN.get_or_init(|| store().len().unwrap())
}

#[test]
fn raw_bytes_on_the_socket_leave_the_server_answering() {
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let running = server::start(store().clone(), addr, Config::default()).expect("starts");
    let addr = running.local_addr();
    let mut runner = TestRunner::new(cases(48));
    let junk = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        prop::collection::vec(
            prop::sample::select(vec![
                "GET ",
                "POST ",
                "/query",
                "?query=",
                " HTTP/1.1",
                " HTTP/9.9",
                "\r\n",
                "Content-Length: 5\r\n",
                "Content-Length: -1\r\n",
                "Content-Length: 99999999999999999999\r\n",
                "Transfer-Encoding: chunked\r\n",
                "0\r\n\r\n",
                "ffffffff\r\n",
                "Expect: 100-continue\r\n",
                "Host: x\r\n",
                "Connection: close\r\n",
                "\r\n\r\n",
                ":",
                "\0",
            ]),
            0..16,
        )
        .prop_map(|v| v.concat().into_bytes()),
    ];
    runner
        .run(&junk, |bytes| {
            if let Ok(mut s) = TcpStream::connect(addr) {
                let _ = s.set_read_timeout(Some(Duration::from_millis(300)));
                let _ = s.write_all(&bytes);
                let _ = s.shutdown(std::net::Shutdown::Write);
                let mut sink = Vec::new();
                let _ = s.read_to_end(&mut sink);
            }
            Ok(())
        })
        .unwrap();
    // Still answering a real query afterwards.
    let q = "GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(q.as_bytes()).unwrap();
    let mut reply = String::new();
    s.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    running.stop();
}
