//! SPARQL over a finished build: opens the build's persistent store when it
//! is fresh ([`crate::store`]), or else loads `graph.trig` from the exports
//! folder into oxigraph's in-memory store, and answers SPARQL 1.1 queries in
//! the formats `kg query` and `kg serve` offer. Read-only: updates are refused,
//! and so are `SERVICE` calls unless the caller allows them.
//!
//! By default the query's default graph is the union of all graphs, so the
//! facts (TriG default graph) and the evidence (one named graph per
//! document) answer one plain query, exactly as they do when `graph.ttl` is
//! loaded into another store. `GRAPH ?doc { … }` still selects one
//! document's evidence; a query with its own `FROM` keeps its own dataset.

use oxigraph::io::RdfFormat;
use oxigraph::model::{Term, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    CancellationToken, PreparedSparqlQuery, QueryEvaluationError, QueryResults, SparqlEvaluator,
};
use oxigraph::store::Store;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// The file `kg query` and `kg serve` load from an exports folder.
pub const TRIG_FILE: &str = "graph.trig";

/// An output format for query results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for a terminal (SELECT, ASK).
    Table,
    Json,
    Xml,
    Csv,
    Tsv,
    /// Turtle (CONSTRUCT, DESCRIBE).
    Turtle,
    /// N-Triples (CONSTRUCT, DESCRIBE).
    NTriples,
    /// RDF/XML, JSON-LD, TriG, N-Quads (CONSTRUCT, DESCRIBE): what other
    /// clients (rdflib, JSON tools) ask an endpoint for.
    RdfXml,
    JsonLd,
    TriG,
    NQuads,
}

impl Format {
    pub fn parse(name: &str) -> Option<Format> {
        Some(match name {
            "table" => Format::Table,
            "json" => Format::Json,
            "xml" => Format::Xml,
            "csv" => Format::Csv,
            "tsv" => Format::Tsv,
            "ttl" | "turtle" => Format::Turtle,
            "nt" | "ntriples" => Format::NTriples,
            "rdf" | "rdfxml" => Format::RdfXml,
            "jsonld" => Format::JsonLd,
            "trig" => Format::TriG,
            "nq" | "nquads" => Format::NQuads,
            _ => return None,
        })
    }

    /// The media type of the format, for HTTP.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Table => "text/plain; charset=utf-8",
            Format::Json => "application/sparql-results+json",
            Format::Xml => "application/sparql-results+xml",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Tsv => "text/tab-separated-values; charset=utf-8",
            Format::Turtle => "text/turtle",
            Format::NTriples => "application/n-triples",
            Format::RdfXml => "application/rdf+xml",
            Format::JsonLd => "application/ld+json",
            Format::TriG => "application/trig",
            Format::NQuads => "application/n-quads",
        }
    }

    fn results_format(self) -> Option<QueryResultsFormat> {
        match self {
            Format::Json => Some(QueryResultsFormat::Json),
            Format::Xml => Some(QueryResultsFormat::Xml),
            Format::Csv => Some(QueryResultsFormat::Csv),
            Format::Tsv => Some(QueryResultsFormat::Tsv),
            _ => None,
        }
    }

    fn graph_format(self) -> Option<RdfFormat> {
        match self {
            Format::Turtle => Some(RdfFormat::Turtle),
            Format::NTriples => Some(RdfFormat::NTriples),
            Format::RdfXml => Some(RdfFormat::RdfXml),
            Format::JsonLd => Some(RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            }),
            Format::TriG => Some(RdfFormat::TriG),
            Format::NQuads => Some(RdfFormat::NQuads),
            _ => None,
        }
    }
}

/// How a query runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// Query the union of all graphs as the default graph (see module doc).
    pub union_default_graph: bool,
    /// Cancel the query after this long.
    pub timeout: Option<Duration>,
    /// Let `SERVICE` reach other hosts. This build has no HTTP client in
    /// oxigraph, so an allowed `SERVICE` still fails, with oxigraph's message.
    pub allow_service: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            union_default_graph: true,
            timeout: None,
            allow_service: false,
        }
    }
}

/// Why a query gave no answer. Each kind maps to one HTTP status in the server.
#[derive(Debug)]
pub enum QueryError {
    /// The exports could not be loaded (missing or malformed file).
    Load {
        path: PathBuf,
        message: String,
    },
    /// The text is not a SPARQL query: the parser's message.
    Syntax(String),
    /// A valid request this endpoint will not run (update, SERVICE).
    Refused(String),
    /// The query ran past its time limit.
    Timeout(Duration),
    /// The answer grew past this many bytes (`kg serve`'s limit).
    TooLarge(usize),
    /// The results cannot be written in the requested format.
    WrongFormat(String),
    /// Evaluation failed.
    Evaluation(String),
    Io(io::Error),
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Load { path, message } => {
                write!(f, "cannot load {}: {message}", path.display())
            }
            QueryError::Syntax(m) => write!(f, "malformed query: {m}"),
            QueryError::Refused(m) => f.write_str(m),
            QueryError::Timeout(d) => {
                write!(f, "query cancelled after its time limit of {d:?}")
            }
            QueryError::TooLarge(n) => write!(
                f,
                "the answer is larger than {n} bytes: add a LIMIT or narrow the query"
            ),
            QueryError::WrongFormat(m) => f.write_str(m),
            QueryError::Evaluation(m) => write!(f, "query failed: {m}"),
            QueryError::Io(e) => write!(f, "cannot write results: {e}"),
        }
    }
}

impl std::error::Error for QueryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            QueryError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for QueryError {
    fn from(e: io::Error) -> Self {
        QueryError::Io(e)
    }
}

/// Where [`open_exports`] found the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The persistent store, fresh for this `graph.trig`.
    Store,
    /// `graph.trig` loaded into memory, because the store could not be used.
    Memory(crate::store::Skip),
}

/// The graph of an exports folder: its store if fresh, else `graph.trig`
/// loaded into memory. The caller tells the user why when it is the latter.
pub fn open_exports(dir: &Path) -> Result<(Store, Source), QueryError> {
    match crate::store::open(dir) {
        Ok(store) => Ok((store, Source::Store)),
        Err(skip) => Ok((load_exports(dir)?, Source::Memory(skip))),
    }
}

/// Loads `graph.trig` of an exports folder into a new in-memory store.
pub fn load_exports(dir: &Path) -> Result<Store, QueryError> {
    let path = dir.join(TRIG_FILE);
    let load_err = |message: String| QueryError::Load {
        path: path.clone(),
        message,
    };
    let file = std::fs::File::open(&path).map_err(|e| load_err(e.to_string()))?;
    let store = Store::new().map_err(|e| load_err(e.to_string()))?;
    store
        .load_from_reader(RdfFormat::TriG, io::BufReader::new(file))
        .map_err(|e| load_err(e.to_string()))?;
    Ok(store)
}

/// The kind of answer a query gives, known once it has run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// SELECT and ASK.
    Solutions,
    /// CONSTRUCT and DESCRIBE.
    Graph,
}

/// Parses a query, telling a malformed query from an update (refused).
fn parse(text: &str, token: CancellationToken) -> Result<PreparedSparqlQuery, QueryError> {
    let evaluator = SparqlEvaluator::new().with_cancellation_token(token);
    match evaluator.parse_query(text) {
        Ok(prepared) => Ok(prepared),
        Err(_) if SparqlEvaluator::new().parse_update(text).is_ok() => Err(QueryError::Refused(
            "SPARQL Update is refused: this graph is read-only".to_string(),
        )),
        Err(e) => Err(QueryError::Syntax(e.to_string())),
    }
}

/// Checks that `text` parses as a query, without running it.
pub fn check(text: &str) -> Result<(), QueryError> {
    parse(text, CancellationToken::new()).map(drop)
}

/// Runs a query and writes its answer in the format `choose` picks for the
/// kind of answer (a server negotiates it; the CLI has one from its flags).
pub fn run(
    store: &Store,
    text: &str,
    opts: &Options,
    choose: &dyn Fn(Kind) -> Result<Format, QueryError>,
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    let token = CancellationToken::new();
    let mut prepared = parse(text, token.clone())?;
    if opts.union_default_graph && prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    // Armed only now, so that parsing does not eat into the query's time.
    let _watchdog = opts.timeout.map(|d| Watchdog::start(token.clone(), d));
    let results = prepared
        .on_store(store)
        .execute()
        .map_err(|e| eval_error(e, opts))?;
    let kind = match results {
        QueryResults::Graph(_) => Kind::Graph,
        _ => Kind::Solutions,
    };
    write_results(results, choose(kind)?, &token, opts, out)
}

fn eval_error(e: QueryEvaluationError, opts: &Options) -> QueryError {
    let refused = |what: String| {
        QueryError::Refused(format!(
            "{what} is refused: this endpoint does not call other hosts (see --allow-service)"
        ))
    };
    match e {
        QueryEvaluationError::Cancelled => QueryError::Timeout(opts.timeout.unwrap_or_default()),
        QueryEvaluationError::UnsupportedService(name) if !opts.allow_service => {
            refused(format!("SERVICE {name}"))
        }
        QueryEvaluationError::Service(_) | QueryEvaluationError::UnboundService
            if !opts.allow_service =>
        {
            refused("SERVICE".to_string())
        }
        other => QueryError::Evaluation(other.to_string()),
    }
}

/// Cancels a query when its time is up, unless dropped first.
struct Watchdog {
    _done: mpsc::Sender<()>,
}

impl Watchdog {
    fn start(token: CancellationToken, limit: Duration) -> Watchdog {
        let (done, wait) = mpsc::channel::<()>();
        thread::spawn(move || {
            // Dropping the sender disconnects the channel: the query finished.
            if let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(limit) {
                token.cancel();
            }
        });
        Watchdog { _done: done }
    }
}

fn write_results(
    results: QueryResults<'_>,
    format: Format,
    token: &CancellationToken,
    opts: &Options,
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    let eval_message = |e| eval_error(e, opts);
    // oxigraph checks the token when it reads the store; checking it per
    // answer too stops a long stream of answers computed in memory.
    let alive = || {
        if token.is_cancelled() {
            Err(eval_error(QueryEvaluationError::Cancelled, opts))
        } else {
            Ok(())
        }
    };
    match results {
        QueryResults::Boolean(value) => write_boolean(value, format, out),
        QueryResults::Solutions(solutions) => {
            let variables: Vec<String> = solutions
                .variables()
                .iter()
                .map(|v| v.as_str().to_string())
                .collect();
            if format == Format::Table {
                let mut rows = Vec::new();
                for solution in solutions {
                    alive()?;
                    let solution = solution.map_err(eval_message)?;
                    rows.push(
                        solution
                            .values()
                            .iter()
                            .map(|t| t.as_ref().map(display_term).unwrap_or_default())
                            .collect::<Vec<_>>(),
                    );
                }
                return write_table(&variables, &rows, out);
            }
            let Some(rf) = format.results_format() else {
                return Err(QueryError::WrongFormat(format!(
                    "a SELECT answer cannot be written as {format:?}: use table, json, xml, csv or tsv"
                )));
            };
            let vars = solutions.variables().to_vec();
            let mut ser =
                QueryResultsSerializer::from_format(rf).serialize_solutions_to_writer(out, vars)?;
            for solution in solutions {
                alive()?;
                let solution = solution.map_err(eval_message)?;
                ser.serialize(&solution)?;
            }
            ser.finish()?;
            Ok(())
        }
        QueryResults::Graph(triples) => {
            let Some(gf) = format.graph_format() else {
                return Err(QueryError::WrongFormat(format!(
                    "a CONSTRUCT or DESCRIBE answer cannot be written as {format:?}: use ttl, nt, rdfxml, jsonld, trig or nquads"
                )));
            };
            let mut ser = oxigraph::io::RdfSerializer::from_format(gf).for_writer(out);
            for triple in triples {
                alive()?;
                let triple: Triple = triple.map_err(eval_message)?;
                ser.serialize_triple(&triple)?;
            }
            ser.finish()?;
            Ok(())
        }
    }
}

fn write_boolean(value: bool, format: Format, out: &mut dyn Write) -> Result<(), QueryError> {
    if format == Format::Table {
        writeln!(out, "{value}")?;
        return Ok(());
    }
    let Some(rf) = format.results_format() else {
        return Err(QueryError::WrongFormat(format!(
            "an ASK answer cannot be written as {format:?}: use table, json, xml, csv or tsv"
        )));
    };
    QueryResultsSerializer::from_format(rf).serialize_boolean_to_writer(out, value)?;
    Ok(())
}

/// A term as a person reads it: a literal's text, an IRI bare.
pub fn display_term(term: &Term) -> String {
    match term {
        Term::Literal(l) => l.value().to_string(),
        Term::NamedNode(n) => n.as_str().to_string(),
        other => other.to_string(),
    }
}

/// Aligned columns, widths in characters; one header line and a rule.
fn write_table(
    variables: &[String],
    rows: &[Vec<String>],
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    let mut widths: Vec<usize> = variables.iter().map(|v| v.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        padded.join(" | ").trim_end().to_string()
    };
    writeln!(out, "{}", line(variables))?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(out, "{}", rule.join("-+-"))?;
    for row in rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updates_are_refused_not_misparsed() {
        let err = check("INSERT DATA { <http://a> <http://b> <http://c> }").unwrap_err();
        assert!(matches!(err, QueryError::Refused(_)), "{err}");
        let err = check("SELECT WHERE {").unwrap_err();
        assert!(matches!(err, QueryError::Syntax(_)), "{err}");
    }

    #[test]
    fn table_pads_columns() {
        let mut out = Vec::new();
        write_table(
            &["a".into(), "bb".into()],
            &[vec!["xyz".into(), "1".into()]],
            &mut out,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a   | bb\n----+---\nxyz | 1\n"
        );
    }
}
