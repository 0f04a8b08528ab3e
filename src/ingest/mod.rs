//! The ingest stage: a file of the input folder → a [`Document`] holding its
//! news text only (reflowed, markup stripped, credits and banners set aside)
//! and its metadata (title, date and where the date came from, author, URL).
//!
//! What is boilerplate is data: a [`Cleaner`] loaded from
//! `ontology/boilerplate.toml`. The work goes line by line:
//! decode (BOM, UTF-16, line ends) → strip markdown per line → classify the
//! line (blank, dropped, news text) → join lines into paragraphs (reflowing
//! hard-wrapped files) → copy the kept source ranges into the clean text,
//! recording [`Segment`]s so every clean byte maps back to a source char.
//! Source offsets count the chars of the decoded file (a BOM is not counted;
//! "\r\n" counts two). Every step is linear in the file size: patterns that
//! classify whole lines only run on lines of at most [`SHORT_LINE`] bytes.

pub mod html;
pub mod inputs;
pub mod json;
pub mod sidecar;

pub use inputs::{Format, Input, Listing, ReadOptions};

use crate::datafile::{ascii_bounds, LoadError};
use crate::model::{DateSource, DocMeta, Document, Segment};
use regex::{Regex, RegexSet};
use serde::Deserialize;
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Lines longer than this (bytes) are always news text: whole-line patterns
/// (bylines, banners, credits) never need more, and skipping them keeps a
/// huge single-line file linear.
const SHORT_LINE: usize = 1000;
/// How far from a line's end a glued photo credit may start (bytes).
const CREDIT_WINDOW: usize = 200;
/// A dateline ("MINSK, Dec 7 (Reuters) -") is looked for in this many first
/// text lines only.
const DATELINE_LINES: usize = 10;

/// The built-in rules: `ontology/boilerplate.toml` as it was at build time.
const DEFAULT_RULES: &str = include_str!("../../ontology/boilerplate.toml");

/// Why an input file was not ingested. Names the file (and line, if any).
#[derive(Debug)]
pub struct IngestError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for IngestError {}

impl IngestError {
    fn new(name: &str, line: Option<usize>, message: impl Into<String>) -> IngestError {
        IngestError {
            path: PathBuf::from(name),
            line,
            message: message.into(),
        }
    }
}

/// The article files of a folder (`.txt`, `.md`), sorted by name. Entries
/// that are not folders but cannot be read as files (broken links, link
/// loops, FIFOs, devices) are listed too, so that [`Cleaner::read`] names
/// them as skipped instead of their being silently left out.
pub fn list_inputs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !path.is_dir() && (ext == "txt" || ext == "md") {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Reads and parses one article file with the built-in rules.
pub fn read(path: &Path) -> Result<Document, IngestError> {
    default_cleaner(path)?.read(path)
}

/// Parses an article's bytes with the built-in rules.
pub fn parse(name: &str, bytes: &[u8]) -> Result<Document, IngestError> {
    default_cleaner(Path::new(name))?.parse(name, bytes)
}

/// The largest file read as one article (1 GiB). A file is held in memory
/// whole while it is cleaned, so this bounds a build's memory on any input.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

fn default_cleaner(path: &Path) -> Result<&'static Cleaner, IngestError> {
    static DEFAULT: OnceLock<Result<Cleaner, LoadError>> = OnceLock::new();
    let loaded = DEFAULT
        .get_or_init(|| Cleaner::from_toml(Path::new("ontology/boilerplate.toml"), DEFAULT_RULES));
    loaded.as_ref().map_err(|e| IngestError {
        path: path.to_path_buf(),
        line: None,
        message: format!("built-in boilerplate rules: {e}"),
    })
}

// ---------------------------------------------------------------------------
// The rules
// ---------------------------------------------------------------------------

/// The boilerplate rules of `ontology/boilerplate.toml`, compiled.
#[derive(Debug, Clone)]
pub struct Cleaner {
    hyphen_prefixes: HashSet<String>,
    credit_agencies: HashSet<String>,
    related: Regex,
    own_url: Regex,
    /// Tried in order; each is anchored, so a line that is no byline fails
    /// within its first bytes.
    bylines: Vec<Regex>,
    /// All of `drop_lines` in one pass (only whether any matches counts).
    any_drop_line: RegexSet,
    strip_prefixes: Vec<Regex>,
    blocks: Vec<Block>,
    /// All block starts in one pass: most lines start no block.
    any_block_start: RegexSet,
    url: Regex,
    dates: DatePatterns,
    /// What of an HTML page is not the article.
    chrome: html::Chrome,
}

#[derive(Debug, Clone)]
struct Block {
    end: Option<Regex>,
    to_blank: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    hyphen_prefixes: Vec<String>,
    credit_agencies: Vec<String>,
    related: toml::Spanned<String>,
    own_url: toml::Spanned<String>,
    bylines: Vec<toml::Spanned<String>>,
    drop_lines: Vec<toml::Spanned<String>>,
    strip_prefixes: Vec<toml::Spanned<String>>,
    #[serde(default)]
    blocks: Vec<RawBlock>,
    html: html::Chrome,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlock {
    start: toml::Spanned<String>,
    end: Option<toml::Spanned<String>>,
    to: Option<toml::Spanned<String>>,
}

/// 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

impl Cleaner {
    /// Loads the rules file; errors name the file and line.
    pub fn load(path: &Path) -> Result<Cleaner, LoadError> {
        let text = std::fs::read_to_string(path).map_err(|e| LoadError {
            path: path.to_path_buf(),
            line: None,
            message: format!("cannot read: {e}"),
        })?;
        Cleaner::from_toml(path, &text)
    }

    /// Compiles rules given as TOML text; `path` is only for messages.
    pub fn from_toml(path: &Path, text: &str) -> Result<Cleaner, LoadError> {
        let error = |offset: Option<usize>, message: String| LoadError {
            path: path.to_path_buf(),
            line: offset.map(|o| line_of(text, o)),
            message,
        };
        let raw: RawRules = toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start);
            error(offset, e.message().to_string())
        })?;
        let compile = |p: &toml::Spanned<String>| {
            // ASCII word bounds: see `ascii_bounds` (news text is full of
            // curly quotes, on which a Unicode `\b` leaves the fast engine).
            Regex::new(&ascii_bounds(p.get_ref()))
                .map_err(|e| error(Some(p.span().start), format!("bad pattern: {e}")))
        };
        let compile_all =
            |ps: &[toml::Spanned<String>]| ps.iter().map(compile).collect::<Result<Vec<_>, _>>();
        // Patterns whose regexes are not needed one by one: compiled only as
        // a set (compiling each too cost half the start-up); on an error the
        // patterns are compiled one by one, so the error names its line.
        let set = |ps: &[toml::Spanned<String>]| {
            let bounded = ps.iter().map(|p| ascii_bounds(p.get_ref()));
            RegexSet::new(bounded).map_err(|e| {
                compile_all(ps)
                    .err()
                    .unwrap_or_else(|| error(None, format!("bad pattern set: {e}")))
            })
        };
        let mut blocks = Vec::new();
        for b in &raw.blocks {
            let to_blank = match b.to.as_ref().map(|t| (t.get_ref().as_str(), t.span())) {
                None | Some(("eof", _)) => false,
                Some(("blank", _)) => true,
                Some((other, span)) => {
                    let msg = format!("block `to` must be \"blank\" or \"eof\", not {other:?}");
                    return Err(error(Some(span.start), msg));
                }
            };
            // compiled here only to report a bad start before the block's
            // end; the starts are matched as a set
            compile(&b.start)?;
            blocks.push(Block {
                end: b.end.as_ref().map(compile).transpose()?,
                to_blank,
            });
        }
        let bylines = compile_all(&raw.bylines)?;
        let any_drop_line = set(&raw.drop_lines)?;
        let starts: Vec<_> = raw.blocks.iter().map(|b| b.start.clone()).collect();
        Ok(Cleaner {
            any_drop_line,
            any_block_start: set(&starts)?,
            hyphen_prefixes: raw
                .hyphen_prefixes
                .iter()
                .map(|s| s.to_lowercase())
                .collect(),
            credit_agencies: raw
                .credit_agencies
                .iter()
                .map(|s| s.to_lowercase())
                .collect(),
            related: compile(&raw.related)?,
            own_url: compile(&raw.own_url)?,
            bylines,
            strip_prefixes: compile_all(&raw.strip_prefixes)?,
            blocks,
            url: Regex::new(r#"https?://[^\s<>()\[\]"“”'‘’]+"#).expect("built-in URL pattern"),
            dates: DatePatterns::new(),
            chrome: raw.html.lowercase(),
        })
    }

    /// Reads and parses one article file.
    pub fn read(&self, path: &Path) -> Result<Document, IngestError> {
        let bytes = inputs::read_bytes(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.parse(&name, &bytes).map_err(|mut e| {
            e.path = path.to_path_buf();
            e
        })
    }

    /// Parses an article's bytes; `name` becomes `meta.name`.
    pub fn parse(&self, name: &str, bytes: &[u8]) -> Result<Document, IngestError> {
        let src = decode(name, bytes)?;
        self.parse_text(name, &src, true)
    }

    /// Parses decoded text whose lines are read as Markdown: block markers
    /// (`# `, `- `, `> `) always, inline markup (`*em*`, links) only when
    /// `inline_markup` (text laid out from HTML has none, and a `*` there
    /// is a star). Segments count chars of `src`.
    fn parse_text(
        &self,
        name: &str,
        src: &str,
        inline_markup: bool,
    ) -> Result<Document, IngestError> {
        let lines = split_lines(src);
        let mut scan = Scan {
            inline_markup,
            ..Scan::default()
        };
        let outs: Vec<LineOut> = lines
            .iter()
            .map(|line| self.classify(src, line, &mut scan))
            .collect();
        let paragraphs = self.paragraphs(src, &outs);
        if paragraphs.is_empty() {
            return Err(IngestError::new(name, None, "no news text"));
        }
        let (text, segments) = build_text(src, &paragraphs);
        let mut meta = DocMeta {
            name: name.to_string(),
            title: title_among(&text, &paragraphs, scan.own_url.as_deref()),
            author: scan.author.clone(),
            url: scan.own_url.clone(),
            ..DocMeta::default()
        };
        (meta.date, meta.date_source) = self.pick_date(&text, &scan);
        Ok(Document {
            meta,
            text,
            segments,
        })
    }
}

// ---------------------------------------------------------------------------
// Decoding and lines
// ---------------------------------------------------------------------------

/// Bytes → text: BOMs, UTF-16, invalid UTF-8, binary junk, empty files.
fn decode(name: &str, bytes: &[u8]) -> Result<String, IngestError> {
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        utf8(name, rest)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(name, rest, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(name, rest, u16::from_be_bytes)?
    } else {
        if bytes.contains(&0) {
            return Err(IngestError::new(name, None, "binary file (NUL bytes)"));
        }
        match utf8(name, bytes) {
            Ok(text) => text,
            Err(e) => legacy(bytes).ok_or(e)?,
        }
    };
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0C'))
        .count();
    if text.contains('\0') || controls * 10 > text.chars().count() {
        return Err(IngestError::new(name, None, "binary file (control bytes)"));
    }
    if text.trim().is_empty() {
        return Err(IngestError::new(name, None, "no text"));
    }
    Ok(text)
}

/// Bytes that are not UTF-8 in the legacy encoding they most likely are
/// (Windows-1252, Windows-1251, KOI8-R, ISO-8859-x …), as a browser would
/// guess it; `None` when the guess is UTF-8 after all (then the file is
/// broken UTF-8, reported with its line).
fn legacy(bytes: &[u8]) -> Option<String> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    if encoding == encoding_rs::UTF_8 {
        return None;
    }
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Some(text.into_owned())
}

fn utf8(name: &str, bytes: &[u8]) -> Result<String, IngestError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let bad = e.valid_up_to();
            let line = bytes[..bad].iter().filter(|&&b| b == b'\n').count() + 1;
            let msg = format!("invalid UTF-8 (byte 0x{:02X})", bytes[bad]);
            Err(IngestError::new(name, Some(line), msg))
        }
    }
}

fn utf16(name: &str, bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, IngestError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(IngestError::new(name, None, "UTF-16 file of odd length"));
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut out = String::with_capacity(bytes.len() / 2);
    let mut line = 1;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                line += usize::from(c == '\n');
                out.push(c);
            }
            Err(_) => return Err(IngestError::new(name, Some(line), "invalid UTF-16")),
        }
    }
    Ok(out)
}

/// One line of the source: its byte range without the line end.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    end: usize,
}

/// Splits on "\n", "\r\n" and "\r".
fn split_lines(src: &str) -> Vec<Line> {
    let bytes = src.as_bytes();
    let mut lines = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' || b == b'\r' {
            let end = i;
            i += 1;
            if b == b'\r' && bytes.get(i) == Some(&b'\n') {
                i += 1;
            }
            lines.push(Line { start, end });
            start = i;
        } else {
            i += 1;
        }
    }
    if start < bytes.len() {
        lines.push(Line {
            start,
            end: bytes.len(),
        });
    }
    lines
}

fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

// ---------------------------------------------------------------------------
// Markdown: a line's visible text, mapped back to source bytes
// ---------------------------------------------------------------------------

/// The next inline markup in `h` at or after byte `from`, as a byte range:
/// `**`, `__`, `` ` ``, an image `![alt](url)`, a link `[text](url)`, an
/// autolink `<https://…>`, a lone `*` or `_`. Leftmost first; at one start,
/// in that order. Written by hand rather than as one regex: the bounded
/// repetitions of the link forms (500 chars of text, 2000 of URL) made a
/// huge automaton, slow to compile at start-up and off the fast engines.
fn next_markup(h: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = h.as_bytes();
    for i in from..bytes.len() {
        let end = match bytes[i] {
            c @ (b'*' | b'_') => Some(i + 1 + usize::from(bytes.get(i + 1) == Some(&c))),
            // a pair ``…'' is a quotation mark of wire copy, not code
            b'`' if bytes.get(i + 1) != Some(&b'`') && (i == 0 || bytes[i - 1] != b'`') => {
                Some(i + 1)
            }
            b'!' if bytes.get(i + 1) == Some(&b'[') => link_end(h, i + 1),
            b'[' => link_end(h, i),
            b'<' => autolink_end(h, i),
            _ => None,
        };
        if let Some(end) = end {
            return Some((i, end));
        }
    }
    None
}

/// End of `[text](url)` starting at the `[` at `at`: text of at most 500
/// chars without `]`, URL of at most 2000 without `)`, neither holding a
/// line end.
fn link_end(h: &str, at: usize) -> Option<usize> {
    let close = at + 1 + run_before(&h[at + 1..], ']', 500)?;
    if h.as_bytes().get(close + 1) != Some(&b'(') {
        return None;
    }
    let paren = close + 2 + run_before(&h[close + 2..], ')', 2000)?;
    Some(paren + 1)
}

/// Byte length of the run of `t` before its first `stop`, if `stop` comes
/// after at most `max` chars and no line end comes first.
fn run_before(t: &str, stop: char, max: usize) -> Option<usize> {
    for (n, (i, c)) in t.char_indices().enumerate() {
        if c == stop {
            return Some(i);
        }
        if c == '\n' || n == max {
            return None;
        }
    }
    None
}

/// End of an autolink `<http://…>` or `<https://…>` starting at `at`: 1 to
/// 2000 chars that are neither `>` nor white space, then `>`.
fn autolink_end(h: &str, at: usize) -> Option<usize> {
    let rest = &h[at..];
    let body = at
        + ["<https://", "<http://"]
            .into_iter()
            .find(|p| rest.starts_with(p))?
            .len();
    for (n, (i, c)) in h[body..].char_indices().enumerate() {
        if c == '>' {
            return (n >= 1).then_some(body + i + 1);
        }
        if c.is_whitespace() || n == 2000 {
            return None;
        }
    }
    None
}

/// A line's visible text and, per copied piece, where it came from.
#[derive(Default, Debug)]
struct Visible {
    text: String,
    /// (start in `text`, start in source), sorted; each piece is contiguous.
    pieces: Vec<(usize, usize)>,
}

impl Visible {
    fn copy(&mut self, src: &str, a: usize, b: usize) {
        if a < b {
            self.pieces.push((self.text.len(), a));
            self.text.push_str(&src[a..b]);
        }
    }

    /// Source byte ranges holding `text[a..b]`.
    fn source_ranges(&self, a: usize, b: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (i, &(vis, src)) in self.pieces.iter().enumerate() {
            let vis_end = self.pieces.get(i + 1).map_or(self.text.len(), |p| p.0);
            let (lo, hi) = (a.max(vis), b.min(vis_end));
            if lo < hi {
                out.push((src + lo - vis, src + hi - vis));
            }
        }
        out
    }
}

/// What a line's leading markdown said about it.
#[derive(Default, Clone, Copy, Debug)]
struct LineMark {
    heading: bool,
    list: bool,
    indent: usize,
}

impl Cleaner {
    /// Strips a line's block markers and inline markup.
    fn markdown(&self, src: &str, line: &Line, inline_markup: bool) -> (Visible, LineMark) {
        let raw = &src[line.start..line.end];
        let body = raw.trim_start();
        let mut mark = LineMark {
            indent: raw.len() - body.len(),
            ..LineMark::default()
        };
        let mut start = line.start + mark.indent;
        let mut end = line.end;
        let (skip, kind) = block_marker(body);
        start += skip;
        mark.heading = kind == Some(Marker::Heading);
        mark.list = kind == Some(Marker::List);
        if mark.heading {
            // closing hashes of "## Title ##"
            let trimmed = src[start..end].trim_end().trim_end_matches('#');
            if trimmed.ends_with(char::is_whitespace) || trimmed.is_empty() {
                end = start + trimmed.len();
            }
        }
        let mut vis = Visible::default();
        if inline_markup {
            self.inline(src, start, end, &mut vis);
        } else {
            vis.copy(src, start, end);
        }
        (vis, mark)
    }

    /// Copies `src[a..b]` into `vis` without inline markup.
    fn inline(&self, src: &str, a: usize, b: usize, vis: &mut Visible) {
        let line = &src[a..b];
        let (mut at, mut from) = (a, 0);
        while let Some((s, e)) = next_markup(line, from) {
            from = e;
            let (ms, me) = (a + s, a + e);
            let m = &line[s..e];
            if (m == "*" || m == "_") && !lone_star_is_markup(src, ms, a, b) {
                continue;
            }
            vis.copy(src, at, ms);
            if m.starts_with('[') {
                let close = m.find("](").unwrap_or(m.len() - 1);
                self.inline(src, ms + 1, ms + close, vis);
            }
            at = me;
        }
        vis.copy(src, at, b);
    }
}

/// A lone `*` or `_` is emphasis when a word touches it on exactly one side
/// ("*Friday*," but not "5 * 3" or "snake_case").
fn lone_star_is_markup(src: &str, at: usize, a: usize, b: usize) -> bool {
    let before = src[a..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    let after = src[at + 1..b]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric);
    before != after
}

#[derive(PartialEq, Clone, Copy, Debug)]
enum Marker {
    Heading,
    List,
    Quote,
}

/// Length and kind of a leading `#`, `>`, `-`/`*`/`+` or `1.` marker.
fn block_marker(body: &str) -> (usize, Option<Marker>) {
    let b = body.as_bytes();
    let hashes = b.iter().take_while(|&&c| c == b'#').count();
    let spaced = |n: usize| b.get(n).is_some_and(|c| c.is_ascii_whitespace());
    let marker_len = |n: usize| n + body[n..].len() - body[n..].trim_start().len();
    if (1..=6).contains(&hashes) && (spaced(hashes) || b.len() == hashes) {
        return (marker_len(hashes), Some(Marker::Heading));
    }
    if b.first() == Some(&b'>') {
        return (marker_len(1), Some(Marker::Quote));
    }
    if matches!(b.first(), Some(b'-' | b'*' | b'+')) && spaced(1) {
        return (marker_len(1), Some(Marker::List));
    }
    let digits = b.iter().take(4).take_while(|c| c.is_ascii_digit()).count();
    if (1..=3).contains(&digits) && matches!(b.get(digits), Some(b'.' | b')')) && spaced(digits + 1)
    {
        return (marker_len(digits + 1), Some(Marker::List));
    }
    (0, None)
}

// ---------------------------------------------------------------------------
// Line classification
// ---------------------------------------------------------------------------

/// What a line turned out to be.
#[derive(Debug, Clone)]
enum LineOut {
    Blank,
    Dropped,
    Text {
        /// Source byte ranges of the kept text, in order.
        ranges: Vec<(usize, usize)>,
        mark: LineMark,
        /// Starts a paragraph whatever the wrapping (text after a URL).
        para_start: bool,
    },
}

/// A URL seen in the file, with what the date rules need to know of it.
#[derive(Debug, Clone)]
struct SeenUrl {
    url: String,
    related: bool,
}

/// State carried from line to line, and metadata found on the way.
#[derive(Default, Debug)]
struct Scan {
    /// Whether lines hold inline Markdown (see [`Cleaner::parse_text`]).
    inline_markup: bool,
    block: Option<usize>,
    want_own_url: bool,
    text_lines: usize,
    urls: Vec<SeenUrl>,
    related_titles: Vec<String>,
    author: Option<String>,
    own_url: Option<String>,
    printed_date: Option<(String, DateSource)>,
    /// A dateline's month and day when it printed no year.
    dateline_day: Option<(u32, u32)>,
    /// The start of the paragraph that follows a year-less dateline (at
    /// most [`LEAD_BYTES`]): the weekday it names checks the year.
    lead: Option<String>,
}

impl Cleaner {
    fn classify(&self, src: &str, line: &Line, scan: &mut Scan) -> LineOut {
        let raw = &src[line.start..line.end];
        let first_url = scan.urls.len();
        // every URL starts with "http"
        let urls = raw.contains("http").then(|| self.url.find_iter(raw));
        for m in urls.into_iter().flatten() {
            let url = m
                .as_str()
                .trim_end_matches(['.', ',', ';', ':'])
                .to_string();
            scan.urls.push(SeenUrl {
                url,
                related: false,
            });
        }
        let (vis, mark) = self.markdown(src, line, scan.inline_markup);
        let t = vis.text.trim();
        if let Some(i) = scan.block {
            return self.in_block(i, t, scan);
        }
        // "Original url:" then the URL on the next line that is not blank
        // (an autolink-only line is blank once its markup is gone)
        if scan.want_own_url && (!t.is_empty() || scan.urls.len() > first_url) {
            scan.want_own_url = false;
            if let Some(u) = scan.urls.get(first_url) {
                scan.own_url.get_or_insert(u.url.clone());
            }
        }
        if t.is_empty() {
            return LineOut::Blank;
        }
        let lead = vis.text.len() - vis.text.trim_start().len();
        let (mut a, mut b) = (lead, lead + t.len());
        if t.len() <= SHORT_LINE {
            if let Some(dropped) = self.short_line(t, scan, first_url) {
                return dropped;
            }
            a += self.prefix_cut(t);
            if a >= b || is_credit(&vis.text[a..b], &self.credit_agencies) {
                return LineOut::Dropped;
            }
        }
        let url_len = leading_urls(&vis.text[a..b]);
        let para_start = url_len > 0;
        a += url_len;
        if a >= b {
            return LineOut::Dropped;
        }
        b = a + self.cut_tail_credit(&vis.text[a..b]);
        // A dateline is cut even after a date line ("February 1, 2020 /
        // 3:07 PM" then "MINSK (Reuters) - …"); only its date waits for none.
        if scan.text_lines < DATELINE_LINES {
            a += self.dateline(&vis.text[a..b], scan);
            if scan.dateline_day.is_some() && scan.lead.is_none() {
                let at = vis.source_ranges(a, b).first().map_or(line.end, |r| r.0);
                scan.lead = Some(lead_paragraph(src, at).to_string());
            }
        }
        scan.text_lines += 1;
        LineOut::Text {
            ranges: vis.source_ranges(a, b),
            mark,
            para_start,
        }
    }

    /// A line inside a dropped block: dropped, and maybe the block's end.
    fn in_block(&self, i: usize, t: &str, scan: &mut Scan) -> LineOut {
        let block = &self.blocks[i];
        let ends = match &block.end {
            Some(end) => end.is_match(t) || (block.to_blank && t.is_empty()),
            None => block.to_blank && t.is_empty(),
        };
        if ends {
            scan.block = None;
        }
        if t.is_empty() {
            LineOut::Blank
        } else {
            LineOut::Dropped
        }
    }

    /// Whole-line rules for a short line: `Some` when the line is dropped.
    fn short_line(&self, t: &str, scan: &mut Scan, first_url: usize) -> Option<LineOut> {
        // The set's indices are the blocks' order: the first is the one.
        if let Some(i) = self.any_block_start.matches(t).iter().next() {
            scan.block = Some(i);
            return Some(LineOut::Dropped);
        }
        if self.own_url.is_match(t) {
            match scan.urls.get(first_url) {
                Some(u) => {
                    scan.own_url.get_or_insert(u.url.clone());
                }
                None => scan.want_own_url = true,
            }
            return Some(LineOut::Dropped);
        }
        if let Some(c) = self.related.captures(t) {
            scan.urls[first_url..]
                .iter_mut()
                .for_each(|u| u.related = true);
            if let Some(title) = c.name("title") {
                scan.related_titles.push(title.as_str().to_string());
            }
            return Some(LineOut::Dropped);
        }
        if is_domain(t) || self.any_drop_line.is_match(t) {
            return Some(LineOut::Dropped);
        }
        if let Some(author) = self.byline(t) {
            scan.author.get_or_insert(author);
            if let Some(date) = self.dates.find(t) {
                scan.printed_date.get_or_insert((date, DateSource::Byline));
            }
            return Some(LineOut::Dropped);
        }
        if let Some(date) = self.dates.date_line(t) {
            scan.printed_date.get_or_insert((date, DateSource::Byline));
            return Some(LineOut::Dropped);
        }
        if scan.text_lines < DATELINE_LINES && self.dates.place_date.is_match(t) {
            if let Some(date) = self.dates.find(t) {
                scan.printed_date
                    .get_or_insert((date, DateSource::Dateline));
                return Some(LineOut::Dropped);
            }
        }
        None
    }

    fn byline(&self, t: &str) -> Option<String> {
        self.bylines.iter().find_map(|r| {
            // is_match stays on the DFA; captures is for the rare hit
            let c = r.is_match(t).then(|| r.captures(t)).flatten()?;
            let author = c.name("author").map_or("", |m| m.as_str()).trim();
            (!author.is_empty()).then(|| author.to_string())
        })
    }

    /// Bytes of a strip-prefix at the start of `t` ("Read more").
    fn prefix_cut(&self, t: &str) -> usize {
        for r in &self.strip_prefixes {
            if let Some(m) = r.find(&t[..floor_char(t, CREDIT_WINDOW)]) {
                let rest = &t[m.end()..];
                if m.start() == 0 && rest.chars().next().is_none_or(char::is_uppercase) {
                    return m.end();
                }
            }
        }
        0
    }

    /// Length of `t` without a photo credit glued to its end
    /// ("… photos of Putin. Tatyana Zenkovich / EPA / TASS").
    fn cut_tail_credit(&self, t: &str) -> usize {
        // AP's "(AP Photo/Sergei Grits)", "(Nikolai Petrov/BelTA Pool Photo
        // via AP, File)"
        if let Some(inner) = t.trim_end().strip_suffix(')') {
            if let Some(open) = inner.rfind('(') {
                let credit = &inner[open + 1..];
                let photo = credit.contains("Photo") || is_credit(credit, &self.credit_agencies);
                if credit.contains('/') && photo && credit.len() < CREDIT_WINDOW {
                    return t[..open].trim_end().len();
                }
            }
        }
        let from = floor_char(t, t.len().saturating_sub(CREDIT_WINDOW));
        let tail = &t[from..];
        if !tail.contains('/') {
            return t.len();
        }
        let mut prev = None;
        for (i, c) in tail.char_indices() {
            let ends_sentence = prev.is_some_and(|p| ".!?”\"’)".contains(p));
            if c.is_whitespace() && ends_sentence {
                let rest = tail[i..].trim_start();
                if is_credit(rest, &self.credit_agencies) {
                    return from + tail[..i].trim_end().len();
                }
            }
            prev = Some(c);
        }
        t.len()
    }

    /// Bytes of a dateline prefix ("MINSK, Dec 7 (Reuters) - "), noting its date.
    fn dateline(&self, t: &str, scan: &mut Scan) -> usize {
        let head = &t[..floor_char(t, 120)];
        let Some(c) = self.dates.dateline.captures(head) else {
            return 0;
        };
        let has_agency = c.name("agency").is_some() || c.name("slashed").is_some();
        if scan.printed_date.is_some() {
            return if has_agency {
                c.get(0).map_or(0, |m| m.end())
            } else {
                0
            };
        }
        match c
            .name("date")
            .and_then(|d| self.dates.month_day_year(d.as_str()))
        {
            Some((m, d, Some(y))) => {
                let date = iso(y, m, d);
                scan.printed_date = Some((date, DateSource::Dateline));
            }
            Some((m, d, None)) => scan.dateline_day = Some((m, d)),
            None if !has_agency => return 0,
            None => {}
        }
        c.get(0).map_or(0, |m| m.end())
    }
}

/// How much of the lead paragraph a year-less dateline's year is checked on.
const LEAD_BYTES: usize = 600;

/// `src` from `at` to the first blank line, at most [`LEAD_BYTES`].
fn lead_paragraph(src: &str, at: usize) -> &str {
    let rest = &src[at..floor_char(src, at + LEAD_BYTES)];
    let blank = ["\n\n", "\n\r\n", "\r\r"]
        .iter()
        .filter_map(|b| rest.find(b))
        .min();
    &rest[..blank.unwrap_or(rest.len())]
}

/// The largest char boundary of `t` not above `i`.
fn floor_char(t: &str, i: usize) -> usize {
    let mut i = i.min(t.len());
    while !t.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Bytes of the URLs (and spaces) a line starts with.
fn leading_urls(t: &str) -> usize {
    let mut at = 0;
    while t[at..].starts_with("http://") || t[at..].starts_with("https://") {
        let rest = &t[at..];
        let url = rest.find(char::is_whitespace).unwrap_or(rest.len());
        at += url;
        at += t[at..].len() - t[at..].trim_start().len();
    }
    at
}

/// A lone host name such as "kremlin.ru" (a photo credit or a site label).
fn is_domain(t: &str) -> bool {
    // checked first: most lines are long, and splitting allocates
    if t.len() > 60 || !t.contains('.') {
        return false;
    }
    let labels: Vec<&str> = t.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|l| l.chars().all(|c| c.is_ascii_lowercase()))
}

/// A photo credit: "Name / AGENCY", "A / POOL / TASS": parts split by "/",
/// each at most four capitalised words or a known agency, one of them an
/// agency or an all-caps word.
fn is_credit(t: &str, agencies: &HashSet<String>) -> bool {
    let parts: Vec<&str> = t.split('/').map(str::trim).collect();
    if parts.len() < 2 || t.len() > CREDIT_WINDOW {
        return false;
    }
    let agency = |p: &str| agencies.contains(&p.to_lowercase()) || is_caps_word(p);
    let capitalised = |p: &str| {
        let words: Vec<&str> = p.split_whitespace().collect();
        (1..=4).contains(&words.len()) && words.iter().all(|w| is_name_word(w))
    };
    parts.iter().all(|p| agency(p) || capitalised(p)) && parts.iter().any(|p| agency(p))
}

/// "Zenkovich", "Al-Jazeera", "O’Brien" or an initial "A."; not "Putin.".
fn is_name_word(w: &str) -> bool {
    let initial = w.len() == 2 && w.ends_with('.');
    w.chars().next().is_some_and(char::is_uppercase)
        && (initial || w.chars().all(|c| c.is_alphabetic() || "-'’".contains(c)))
}

fn is_caps_word(p: &str) -> bool {
    p.chars().count() >= 2 && p.chars().all(|c| c.is_uppercase())
}

// ---------------------------------------------------------------------------
// Paragraphs
// ---------------------------------------------------------------------------

/// One paragraph of kept text: source ranges and how lines were joined.
#[derive(Debug, Default)]
struct Paragraph {
    parts: Vec<Part>,
    heading: bool,
}

#[derive(Debug, Clone, Copy)]
enum Part {
    /// Source bytes copied as they are.
    Copy(usize, usize),
    /// The source bytes between two joined lines, written as one space.
    Space(usize, usize),
}

impl Cleaner {
    fn paragraphs(&self, src: &str, outs: &[LineOut]) -> Vec<Paragraph> {
        let wrapped = is_hard_wrapped(outs);
        let mut paras: Vec<Paragraph> = Vec::new();
        let mut open = false;
        let mut prev_indent = 0;
        for out in outs {
            let LineOut::Text {
                ranges,
                mark,
                para_start,
            } = out
            else {
                open = false;
                continue;
            };
            // a line ending mid-sentence before a lower-case word is a wrap
            // even in a file that is not hard-wrapped as a whole
            let wraps = wrapped || paras.last().is_some_and(|p| continues(src, p, ranges));
            let starts = !open
                || !wraps
                || *para_start
                || mark.heading
                || mark.list
                || mark.indent > prev_indent;
            match paras.last_mut() {
                Some(p) if !starts => self.join(src, p, ranges),
                _ => paras.push(Paragraph {
                    parts: ranges.iter().map(|&(a, b)| Part::Copy(a, b)).collect(),
                    heading: mark.heading,
                }),
            }
            open = !mark.heading;
            prev_indent = mark.indent;
        }
        paras.retain(|p| !p.parts.is_empty());
        paras
    }

    /// Appends a wrapped line to a paragraph: a space, or a hyphen join.
    fn join(&self, src: &str, p: &mut Paragraph, ranges: &[(usize, usize)]) {
        let (Some(Part::Copy(a, end)), Some(&(next, _))) =
            (p.parts.last().copied(), ranges.first())
        else {
            return;
        };
        match self.hyphen_join(&src[a..end], &src[next..]) {
            Some(true) => {}
            Some(false) => {
                p.parts.pop();
                if end - 1 > a {
                    p.parts.push(Part::Copy(a, end - 1));
                }
            }
            None => p.parts.push(Part::Space(end, next)),
        }
        p.parts
            .extend(ranges.iter().map(|&(a, b)| Part::Copy(a, b)));
    }

    /// For a line ending in "word-" followed by `next`: `Some(true)` keeps the
    /// hyphen, `Some(false)` drops it, `None` when this is no hyphen split.
    fn hyphen_join(&self, before: &str, next: &str) -> Option<bool> {
        let stem = before.strip_suffix('-')?;
        let last = stem.chars().next_back()?;
        let first = next.chars().next()?;
        if !last.is_alphabetic() || !first.is_alphabetic() {
            return (last.is_alphanumeric() && first.is_alphanumeric()).then_some(true);
        }
        let word_start = stem
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = stem[word_start..].to_lowercase();
        let compound = stem[..word_start].ends_with('-');
        Some(first.is_uppercase() || compound || self.hyphen_prefixes.contains(&word))
    }
}

/// True when the paragraph's last line stops mid-sentence and the next
/// line goes on in lower case.
fn continues(src: &str, p: &Paragraph, next: &[(usize, usize)]) -> bool {
    let last = match p.parts.last() {
        Some(Part::Copy(a, b)) => src[*a..*b].chars().next_back(),
        _ => None,
    };
    let first = next.first().and_then(|&(a, b)| src[a..b].chars().next());
    last.is_some_and(|c| c.is_alphanumeric() || ",;-".contains(c))
        && first.is_some_and(char::is_lowercase)
}

/// A file is hard-wrapped when the lines followed by another text line are
/// mostly of a typical wrap width (40–120 chars); in other files each line is
/// a paragraph.
fn is_hard_wrapped(outs: &[LineOut]) -> bool {
    let mut widths: Vec<usize> = outs
        .windows(2)
        .filter_map(|w| match w {
            [LineOut::Text { ranges, .. }, LineOut::Text { .. }] => {
                Some(ranges.iter().map(|(a, b)| b - a).sum())
            }
            _ => None,
        })
        .collect();
    if widths.len() < 2 {
        return false;
    }
    widths.sort_unstable();
    let median = widths[widths.len() / 2];
    let high = widths[widths.len() * 9 / 10];
    (40..=120).contains(&median) && high <= 130
}

// ---------------------------------------------------------------------------
// Building the clean text
// ---------------------------------------------------------------------------

/// Walks forward through the source, turning byte offsets into char offsets
/// in time linear in the distance moved.
struct CharCursor<'a> {
    src: &'a str,
    byte: usize,
    char: usize,
}

impl CharCursor<'_> {
    fn at(&mut self, byte: usize) -> usize {
        if byte >= self.byte {
            self.char += char_count(&self.src.as_bytes()[self.byte..byte]);
        } else {
            self.char -= char_count(&self.src.as_bytes()[byte..self.byte]);
        }
        self.byte = byte;
        self.char
    }
}

/// The clean text and its segments.
fn build_text(src: &str, paras: &[Paragraph]) -> (String, Vec<Segment>) {
    let mut cursor = CharCursor {
        src,
        byte: 0,
        char: 0,
    };
    let mut text = String::new();
    let mut segments = Vec::new();
    // the source char the next copied char continues from, if any
    let mut next: Option<usize> = None;
    for (i, p) in paras.iter().enumerate() {
        if i > 0 {
            text.push_str("\n\n");
            next = None;
        }
        for part in &p.parts {
            let (a, b, space) = match *part {
                Part::Copy(a, b) => (a, b, false),
                Part::Space(a, b) => (a, b, true),
            };
            let (ca, cb) = (cursor.at(a), cursor.at(b));
            if next != Some(ca) {
                segments.push(Segment {
                    clean: text.len(),
                    source_char: ca,
                });
            }
            if space {
                text.push(' ');
                // a one-char line end keeps the segment in step
                next = (cb - ca == 1).then_some(cb);
            } else {
                copy_text(&mut text, &mut segments, &src[a..b], ca);
                next = Some(cb);
            }
        }
    }
    (text, segments)
}

/// A segment restarts at least every this many bytes of clean text, so that
/// [`Document::source_offset`] counts at most this many chars: one segment
/// over a 100 MB single-line file made every evidence offset a full scan.
const SEGMENT_STEP: usize = 4096;

/// Appends `piece` (source chars from `source_char` on), adding a segment
/// each [`SEGMENT_STEP`] bytes.
fn copy_text(text: &mut String, segments: &mut Vec<Segment>, piece: &str, source_char: usize) {
    let (mut rest, mut char_at) = (piece, source_char);
    while !rest.is_empty() {
        let last = segments.last().map_or(0, |s| s.clean);
        let room = (last + SEGMENT_STEP).saturating_sub(text.len());
        if room == 0 {
            segments.push(Segment {
                clean: text.len(),
                source_char: char_at,
            });
            continue;
        }
        let mut cut = room.min(rest.len());
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (head, tail) = rest.split_at(cut);
        text.push_str(head);
        char_at += head.chars().count();
        rest = tail;
    }
}

/// The headline: the first of the first three paragraphs that is no site
/// banner, if it is a title.
fn title_among(text: &str, paras: &[Paragraph], own_url: Option<&str>) -> Option<String> {
    text.split("\n\n")
        .zip(paras)
        .take(3)
        .find(|(t, _)| !is_banner(t, own_url))
        .and_then(|(t, p)| title_of(t, p.heading))
}

/// A site's name or a label above the headline: "Reuters", "The Moscow
/// Times" when the article's URL is themoscowtimes.com, any line of one or
/// two words, or one holding a URL.
fn is_banner(t: &str, own_url: Option<&str>) -> bool {
    let words = t.split_whitespace().count();
    if words <= 2 || t.contains("://") {
        return true;
    }
    let squashed: String = t
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let host = own_url
        .and_then(|u| u.split("://").nth(1))
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .unwrap_or("")
        .to_lowercase();
    words <= 4 && squashed.len() >= 3 && host.contains(&squashed)
}

/// The headline: a heading, or a short first paragraph without a final stop.
fn title_of(first: &str, heading: bool) -> Option<String> {
    let t = first.trim();
    let core = t.trim_end_matches(['"', '”', '’', '\'', ')']);
    let stops = core.ends_with(['.', '!', '?', '…']) && !core.ends_with("...");
    let words = t.split_whitespace().count();
    (heading || (!stops && words <= 30 && t.chars().count() <= 200)).then(|| t.to_string())
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

use crate::calendar::{month_number, valid_day, weekday, WEEKDAYS};

const MONTH_RE: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

#[derive(Debug, Clone)]
struct DatePatterns {
    /// "September 11, 2020", "Dec. 7 2019", "11 September 2020", "2020-09-11".
    full: Regex,
    month_day: Regex,
    /// Words that may stand around a date on a line of its own.
    date_line_rest: Regex,
    dateline: Regex,
    /// A dateline on a line of its own: "BRUSSELS, May 25, 2021",
    /// "Minsk, 10 February 2022".
    place_date: Regex,
    url: Regex,
    year: Regex,
}

impl DatePatterns {
    fn new() -> DatePatterns {
        let mdy =
            format!(r"(?i-u:\b)(?i){MONTH_RE}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}(?-u:\b)");
        let dmy = format!(r"(?i-u:\b)\d{{1,2}}\s+(?i){MONTH_RE}\.?,?\s+\d{{4}}(?-u:\b)");
        // "2021-05-24", "2021-05-24T10:32:00Z" (a time is allowed, not read)
        let iso = r"(?-u:\b)\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?-u:\b)";
        // "2020.11.04", "14.09.2021", "17/09/2024", "14-06-2023": one
        // separator throughout, a four-digit year first or last (read by
        // `numeric_date`)
        let numeric = r"(?-u:\b)(?:\d{4}(?:\.\d{1,2}\.|/\d{1,2}/|-\d{1,2}-)\d{1,2}|\d{1,2}(?:\.\d{1,2}\.|/\d{1,2}/|-\d{1,2}-)\d{4})(?-u:\b)";
        let full = format!("{mdy}|{dmy}|{iso}|{numeric}");
        let dateline = format!(
            r"^(?P<place>\p{{Lu}}[\p{{Lu}} .'’-]{{1,40}}(?:,\s*\p{{Lu}}[\p{{L}} .'’-]{{1,30}})?),?\s+(?:(?P<date>(?i){MONTH_RE}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{MONTH_RE}\.?,?\s+\d{{4}})\.?\s*)?(?:(?:\((?P<agency>[^)]{{2,30}})\)\s*)?[-–—]{{1,2}}|/(?P<slashed>[^/]{{2,30}})/\.)\s+"
        );
        let build = |p: &str| Regex::new(p).expect("built-in date pattern");
        DatePatterns {
            full: build(&full),
            month_day: build(&format!(
                r"(?i)^(?P<m>{MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?$|^(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH_RE})\.?,?\s+(?P<y2>\d{{4}})$"
            )),
            date_line_rest: build(
                r"(?i)^(?:[\s,|:/·–—-]|date|published|updated|posted|last|on|at|am|pm|a\.m\.|p\.m\.|gmt|utc|msk|cet|cest|eet|eest|bst|est|edt|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{1,2}[:.]\d{2}(?::\d{2})?|[+-]\d{1,2}(?::?\d{2})?)*$",
            ),
            dateline: build(&dateline),
            place_date: build(&format!(
                r"^\p{{Lu}}[\p{{L}} .'’-]{{1,40}},\s*(?:{mdy}|{dmy})\s*$"
            )),
            // "/2021/05/24/", "/2021-05-24/", "-2021-05-24/" (a slug's end),
            // "/20210524/" or "_20210524."; "/14-06-2023-" (a slug's start,
            // read as `numeric_date` reads it)
            url: build(
                r"[/_-](\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[/_.?#-]|$)|[/_-](\d{4})(\d{2})(\d{2})(?:[/_.?#-]|$)|[/_-](\d{1,2}-\d{1,2}-\d{4})(?:[/_.?#-]|$)",
            ),
            year: build(r"(?-u:\b)(1[89]\d\d|20\d\d)(?-u:\b)"),
        }
    }

    /// The first complete date in `t`, as ISO.
    fn find(&self, t: &str) -> Option<String> {
        self.full.find_iter(t).find_map(|m| {
            if glued_to_number(t, m.start(), m.end()) {
                return None;
            }
            let (mo, d, y) = self.month_day_year(m.as_str())?;
            y.map(|y| iso(y, mo, d))
        })
    }

    /// A line that is only a date (with "Published", weekday, time…).
    fn date_line(&self, t: &str) -> Option<String> {
        if t.len() > 80 {
            return None;
        }
        let m = self.full.find(t)?;
        let rest = format!("{} {}", &t[..m.start()], &t[m.end()..]);
        if !self.date_line_rest.is_match(&rest) {
            return None;
        }
        self.find(t)
    }

    /// (month, day, year?) of a date string, checked for range.
    fn month_day_year(&self, s: &str) -> Option<(u32, u32, Option<i32>)> {
        let s = s.trim();
        // an ISO date's time of day
        let s = match s.find('T') {
            Some(10) if s.as_bytes()[4] == b'-' => &s[..10],
            _ => s,
        };
        if let Some((y, m, d)) = numeric_date(s) {
            return valid_day(y, m, d).then_some((m, d, Some(y)));
        }
        let c = self.month_day.captures(s)?;
        let get = |a: &str, b: &str| c.name(a).or_else(|| c.name(b)).map(|m| m.as_str());
        let m = month_number(get("m", "m2")?)?;
        let d: u32 = get("d", "d2")?.parse().ok()?;
        let y = match get("y", "y2") {
            Some(y) => Some(y.parse().ok()?),
            None => None,
        };
        valid_day(y.unwrap_or(2000), m, d).then_some((m, d, y))
    }

    /// A date in a URL path: "/2020/09/11/" or "/2020-09-13/".
    fn in_url(&self, url: &str) -> Option<(i32, u32, u32)> {
        self.url.captures_iter(url).find_map(|c| {
            if let Some(day_first) = c.get(7) {
                let (y, m, d) = numeric_date(day_first.as_str())?;
                return ((1900..=2100).contains(&y) && valid_day(y, m, d)).then_some((y, m, d));
            }
            let part = |a: usize, b: usize| c.get(a).or_else(|| c.get(b)).map(|m| m.as_str());
            let y: i32 = part(1, 4)?.parse().ok()?;
            let m: u32 = part(2, 5)?.parse().ok()?;
            let d: u32 = part(3, 6)?.parse().ok()?;
            ((1900..=2100).contains(&y) && valid_day(y, m, d)).then_some((y, m, d))
        })
    }

    fn latest_year(&self, text: &str) -> Option<i32> {
        self.year
            .find_iter(text)
            .filter_map(|m| m.as_str().parse().ok())
            .max()
    }

    /// The year of a dateline that printed only month and day, from the
    /// text: not before the latest year the text names as past, before the
    /// first later year it names as to come ("will be held in 2025", "by
    /// 2024"), or at most one year after the latest past year when it names
    /// none; and the day must fall on a weekday the lead names ("said on
    /// Monday"). Of several such years the latest, as a named coming year is
    /// mostly near. `None` when no year fits or the lead names no weekday:
    /// the latest named year alone is no safe guess (a text on 2019 talks
    /// may name the 2024 deadline, one on a 2020 vote only 1994).
    fn year_of(&self, text: &str, lead: &str, (m, d): (u32, u32)) -> Option<i32> {
        let days = weekdays_named(lead);
        if days.is_empty() {
            return None;
        }
        let (mut past, mut coming) = (Vec::new(), Vec::new());
        for y in self.year.find_iter(text) {
            let Ok(year) = y.as_str().parse::<i32>() else {
                continue;
            };
            if is_coming(&text[..y.start()]) {
                coming.push(year);
            } else {
                past.push(year);
            }
        }
        let from = past.into_iter().max()?;
        let to = coming
            .into_iter()
            .filter(|&y| y > from)
            .min()
            .map_or(from + 1, |y| y - 1);
        (from..=to)
            .rev()
            .find(|&y| valid_day(y, m, d) && days.contains(&weekday(y, m, d)))
    }
}

/// True when the clause `before` ends in names a year still to come: a
/// "by", "until" … just before it, or "will", "next", "planned" … earlier
/// in the sentence.
fn is_coming(before: &str) -> bool {
    let from = floor_char(before, before.len().saturating_sub(200));
    let sentence = before[from..]
        .rsplit(['.', '!', '?', '\n'])
        .next()
        .unwrap_or("")
        .to_lowercase();
    let words: Vec<&str> = sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let just_before = ["by", "until", "till", "through"];
    let anywhere = [
        "will",
        "shall",
        "next",
        "plan",
        "plans",
        "planned",
        "scheduled",
        "expected",
    ];
    words.last().is_some_and(|w| just_before.contains(w))
        || words.iter().any(|w| anywhere.contains(w))
}

/// The weekdays (0 = Monday) a text names.
fn weekdays_named(t: &str) -> Vec<u32> {
    let words: HashSet<String> = t
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() >= 6)
        .map(str::to_lowercase)
        .collect();
    (0..7)
        .filter(|&i| words.contains(WEEKDAYS[i as usize]))
        .collect()
}

/// (year, month, day) of an all-number date: "2020.11.04", "2021-05-24"
/// (year first), or "14.09.2021", "17/09/2024" (year last). Year-last dates
/// are read day first, as in Europe, where this project's outlets are;
/// month first ("09/17/2024", US) only when the day-first reading cannot be
/// a date (second number above 12) and the separator is not a dot, which
/// the US does not use.
fn numeric_date(s: &str) -> Option<(i32, u32, u32)> {
    let sep = s.chars().find(|c| !c.is_ascii_digit())?;
    let parts: Vec<&str> = s.split(sep).collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    if !matches!(sep, '.' | '/' | '-')
        || !parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()) && !p.is_empty())
    {
        return None;
    }
    let n = |p: &str| p.parse::<u32>().ok();
    if a.len() == 4 {
        return Some((a.parse().ok()?, n(b)?, n(c)?));
    }
    if c.len() != 4 {
        return None;
    }
    let (first, second) = (n(a)?, n(b)?);
    let (m, d) = if second > 12 && sep != '.' {
        (first, second)
    } else {
        (second, first)
    };
    Some((c.parse().ok()?, m, d))
}

/// True when the match `t[start..end]` is part of a longer run of numbers
/// ("1.14.09.2021", "2021-05-24-7"): a version or an id, not a date.
fn glued_to_number(t: &str, start: usize, end: usize) -> bool {
    let b = t.as_bytes();
    let sep = |c: u8| matches!(c, b'.' | b'/' | b'-');
    let before = start >= 2 && sep(b[start - 1]) && b[start - 2].is_ascii_digit();
    let after = end + 1 < b.len() && sep(b[end]) && b[end + 1].is_ascii_digit();
    before || after
}

fn iso(y: i32, m: u32, d: u32) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

impl Cleaner {
    /// The date a metadata value names ("2021-05-24T10:32:00Z",
    /// "May 24, 2021", "Mon, 24 May 2021 10:32:00 GMT"), as ISO.
    pub fn date_value(&self, value: &str) -> Option<String> {
        self.dates.find(value)
    }

    /// The article's date: printed (dateline, byline) → own URL → other URLs
    /// not linked as related and not later than the text's latest year + 1.
    fn pick_date(&self, text: &str, scan: &Scan) -> (Option<String>, Option<DateSource>) {
        if let Some((date, source)) = &scan.printed_date {
            return (Some(date.clone()), Some(*source));
        }
        let url_date = self.url_date(text, scan);
        if let (Some((m, d)), Some((y, um, ud))) = (scan.dateline_day, url_date) {
            // a year-less dateline takes the year of the URL date it precedes
            let y = if (m, d) > (um, ud) { y - 1 } else { y };
            if valid_day(y, m, d) {
                return (Some(iso(y, m, d)), Some(DateSource::Dateline));
            }
        }
        if let (Some(day), None) = (scan.dateline_day, url_date) {
            let lead = scan.lead.as_deref().unwrap_or("");
            if let Some(y) = self.dates.year_of(text, lead, day) {
                return (Some(iso(y, day.0, day.1)), Some(DateSource::Dateline));
            }
        }
        match url_date {
            Some((y, m, d)) => (Some(iso(y, m, d)), Some(DateSource::Url)),
            None => (None, None),
        }
    }

    fn url_date(&self, text: &str, scan: &Scan) -> Option<(i32, u32, u32)> {
        if let Some(date) = scan.own_url.as_deref().and_then(|u| self.dates.in_url(u)) {
            return Some(date);
        }
        let bound = self.dates.latest_year(text).map(|y| y + 1);
        let related: Vec<HashSet<String>> =
            scan.related_titles.iter().map(|t| slug_words(t)).collect();
        scan.urls
            .iter()
            .filter(|u| !u.related && !slug_is_related(&u.url, &related))
            .filter_map(|u| self.dates.in_url(&u.url))
            .find(|(y, _, _)| bound.is_none_or(|b| *y <= b))
    }
}

/// Lower-case alphanumeric words of a title or slug.
fn slug_words(t: &str) -> HashSet<String> {
    t.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// True when the URL's last path segment is made of a related title's words
/// (a numeric id at its end aside).
fn slug_is_related(url: &str, related: &[HashSet<String>]) -> bool {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .trim_end_matches('/');
    let slug = path.rsplit('/').next().unwrap_or("");
    let words: Vec<String> = slug
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .collect();
    words.len() >= 3 && related.iter().any(|r| words.iter().all(|w| r.contains(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaner() -> Cleaner {
        Cleaner::from_toml(Path::new("boilerplate.toml"), DEFAULT_RULES).unwrap()
    }

    #[test]
    fn credits_are_recognised() {
        let c = cleaner();
        assert!(is_credit(
            "Tatyana Zenkovich / EPA / TASS",
            &c.credit_agencies
        ));
        assert!(is_credit("Mikhail Metzel / TASS", &c.credit_agencies));
        assert!(is_credit("Sergei Bobylev/Sputnik", &c.credit_agencies));
        assert!(!is_credit(
            "Radio Free Europe/Radio Liberty",
            &c.credit_agencies
        ));
        assert!(!is_credit("the ratio 1/2 of Minsk", &c.credit_agencies));
        assert!(!is_credit(
            "Putin. Tatyana Zenkovich / EPA / TASS",
            &c.credit_agencies
        ));
    }

    #[test]
    fn hyphen_joins_follow_the_prefix_list() {
        let c = cleaner();
        assert_eq!(c.hyphen_join("integra-", "tion"), Some(false));
        assert_eq!(c.hyphen_join("the so-", "called"), Some(true));
        assert_eq!(c.hyphen_join("Russian-", "Belarussian"), Some(true));
        assert_eq!(c.hyphen_join("a self-", "styled"), Some(true));
        assert_eq!(c.hyphen_join("Russia-Belarus-", "style"), Some(true));
        assert_eq!(c.hyphen_join("a plain", "word"), None);
    }

    #[test]
    fn dates_parse_and_validate() {
        let d = DatePatterns::new();
        assert_eq!(d.find("September 11, 2020").as_deref(), Some("2020-09-11"));
        assert_eq!(d.find("on Dec. 7, 2019 in").as_deref(), Some("2019-12-07"));
        assert_eq!(d.find("7 December 2019").as_deref(), Some("2019-12-07"));
        assert_eq!(d.find("2020-09-11").as_deref(), Some("2020-09-11"));
        assert_eq!(d.find("February 30, 2020"), None);
        assert_eq!(
            d.date_line("Published: Sept. 11, 2020, 14:05 GMT")
                .as_deref(),
            Some("2020-09-11")
        );
        assert_eq!(d.date_line("Putin arrived on September 11, 2020"), None);
        assert_eq!(
            d.in_url("https://x.com/news/2020-09-13/slug"),
            Some((2020, 9, 13))
        );
        assert_eq!(d.in_url("https://x.com/2020/13/40/slug"), None);
        assert_eq!(
            d.in_url("https://x.eu/en/news/07-03-2019-talks-in-minsk"),
            Some((2019, 3, 7))
        );
        assert_eq!(d.in_url("https://x.eu/item/12-40-2021-x"), None);
    }

    #[test]
    fn numeric_dates_read_year_first_and_day_first() {
        let d = DatePatterns::new();
        let find = |t: &str| d.find(t);
        assert_eq!(
            find("filed 2019.03.07 at noon").as_deref(),
            Some("2019-03-07")
        );
        assert_eq!(find("2018/12/31").as_deref(), Some("2018-12-31"));
        assert_eq!(find("7.3.2019").as_deref(), Some("2019-03-07"));
        assert_eq!(find("on 05/11/2022,").as_deref(), Some("2022-11-05"));
        assert_eq!(find("31-01-2023").as_deref(), Some("2023-01-31"));
        // month first only where day first cannot be a date
        assert_eq!(find("11/25/2020").as_deref(), Some("2020-11-25"));
        assert_eq!(find("11.25.2020"), None);
        // not dates: no year, a score, versions, phone numbers, seasons
        for t in [
            "14.09",
            "won 3-1 at home",
            "kg 2.0.1 is out",
            "release 1.10.2020.4",
            "call +375 17 222-35-12",
            "call 8-017-222-3512",
            "ids 12-40-2021",
            "budget in 2021/22",
            "the 2020-21 season",
            "31.02.2021",
        ] {
            assert_eq!(find(t), None, "{t}");
        }
    }

    #[test]
    fn date_lines_take_labels_times_and_zones() {
        let d = DatePatterns::new();
        for (line, want) in [
            ("Date 03.05.2019", "2019-05-03"),
            ("Published on 21/10/2023 - 18:05 GMT+3", "2023-10-21"),
            ("Updated: 2022/01/09 7.45 CET", "2022-01-09"),
            ("Posted 2017.06.30 23:59", "2017-06-30"),
            ("March 2, 2018 at 11:40 AM GMT+1", "2018-03-02"),
            ("October 14, 2020 9:03 pm", "2020-10-14"),
            ("Sat 14 Nov 2015 08.30 GMT", "2015-11-14"),
            ("Last updated 2016-04-12 10:00 UTC+02:00", "2016-04-12"),
            ("February 1, 2020 / 3:07 PM", "2020-02-01"),
            ("May 24, 2021 · 6:15 AM", "2021-05-24"),
        ] {
            assert_eq!(d.date_line(line).as_deref(), Some(want), "{line}");
        }
        // a sentence that holds a date is no date line
        assert_eq!(d.date_line("Minsk answered on 21/10/2023 - late"), None);
        assert_eq!(d.date_line("Score 14.09.2021 3-1"), None);
    }

    #[test]
    fn weekdays_are_computed() {
        assert_eq!(weekday(1970, 1, 1), 3);
        assert_eq!(weekday(2000, 2, 29), 1);
        assert_eq!(weekday(2024, 7, 4), 3);
        assert_eq!(weekday(1999, 12, 8), 2);
    }

    #[test]
    fn a_year_less_dateline_takes_the_year_the_text_allows() {
        let d = DatePatterns::new();
        let lead = "The two ministers met in Riga on Tuesday.";
        // 2 March fell on a Tuesday in 2010 and 2021: the text names 2020 as
        // past, so 2021 (within a year of it)
        let text = "A pact was signed in 2005. Trade fell in 2020.";
        assert_eq!(d.year_of(text, lead, (3, 2)), Some(2021));
        // a named coming year bounds it; of 2004, 2010 and 2021 (all before
        // 2023) the latest
        let text = "A pact was signed in 2001. It will expire by 2023.";
        assert_eq!(d.year_of(text, lead, (3, 2)), Some(2021));
        // the coming year itself is excluded
        let text = "The pact of 2001 runs until 2010.";
        assert_eq!(d.year_of(text, lead, (3, 2)), Some(2004));
        // no weekday in the lead, no year named, or no year that fits
        assert_eq!(d.year_of(text, "The ministers met.", (3, 2)), None);
        assert_eq!(d.year_of("No year here.", lead, (3, 2)), None);
        assert_eq!(d.year_of("Trade fell in 2015.", lead, (3, 2)), None);
        // Wednesday 2 March 2016, the year after 2015
        let lead = "They met on Wednesday.";
        assert_eq!(d.year_of("Trade fell in 2015.", lead, (3, 2)), Some(2016));
    }

    #[test]
    fn tass_datelines_are_read() {
        let d = DatePatterns::new();
        let c = d
            .dateline
            .captures("VILNIUS, March 2. /BNS/. Ministers met on Tuesday.")
            .unwrap();
        assert_eq!(&c["date"], "March 2");
        assert_eq!(&c["slashed"], "BNS");
        assert!(d
            .dateline
            .captures("VILNIUS, March 2. Ministers met")
            .is_none());
    }

    #[test]
    fn related_slugs_match_titles() {
        let titles = vec![slug_words(
            "Latest Russia-Belarus Integration Talks Fall Flat",
        )];
        let url =
            "https://www.themoscowtimes.com/2026/04/03/russia-belarus-integration-talks-fall-flat";
        assert!(slug_is_related(url, &titles));
        assert!(!slug_is_related(
            "https://x.com/2020/01/01/putin-visits-minsk-a123",
            &titles
        ));
    }

    /// The single regex `next_markup` replaces: it stays here as the oracle.
    const MARKUP: &str = r"\*\*|__|`|!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)|\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)|<https?://[^>\s]{1,2000}>|\*|_";

    fn markup_by_regex(h: &str) -> Vec<(usize, usize)> {
        // compiled once: it is slow to build, the reason it went
        static RE: OnceLock<Regex> = OnceLock::new();
        let re = RE.get_or_init(|| Regex::new(MARKUP).unwrap());
        // a backtick next to another is a quotation mark (``…''), kept
        let paired = |s: usize, e: usize| {
            &h[s..e] == "`" && (h[..s].ends_with('`') || h[e..].starts_with('`'))
        };
        re.find_iter(h)
            .map(|m| (m.start(), m.end()))
            .filter(|&(s, e)| !paired(s, e))
            .collect()
    }

    fn markup_by_hand(h: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some((s, e)) = next_markup(h, from) {
            out.push((s, e));
            from = e;
        }
        out
    }

    #[test]
    fn markup_scanner_matches_the_regex_at_its_bounds() {
        let cases = [
            format!("[{}](u)", "é".repeat(500)),
            format!("[{}](u)", "é".repeat(501)),
            format!("![a]({})", "x".repeat(2000)),
            format!("![a]({})", "x".repeat(2001)),
            format!("<https://{}>", "é".repeat(2000)),
            format!("<http://{}>", "a".repeat(2001)),
            "<https://>, <http://a b>, <httpss://a>, [a]\n(b), [a] (b)".to_string(),
            "**a** __b__ `c` * _ [x](y) ![i](j) <https://k.l> ![no [yes](z)".to_string(),
        ];
        for h in &cases {
            assert_eq!(markup_by_hand(h), markup_by_regex(h), "{h}");
        }
    }

    #[test]
    fn markup_scanner_matches_the_regex_on_random_lines() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        let mut runner = TestRunner::new(Config {
            cases: 500,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x6b67),
            failure_persistence: None,
            ..Config::default()
        });
        let line = r"[*_`!\[\]()<>hts:/ aé\u{2003}\n]{0,40}|(<https?://|\[|\]\(|[*_`!)> a]){0,12}";
        runner
            .run(&line, |h| {
                prop_assert_eq!(markup_by_hand(&h), markup_by_regex(&h));
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn markdown_is_stripped_per_line() {
        let c = cleaner();
        let src = "## **Bold** [link text](http://x.y) *em* ![img](a.png) <https://a.b> 5 * 3";
        let lines = split_lines(src);
        let (vis, mark) = c.markdown(src, &lines[0], true);
        assert!(mark.heading);
        assert_eq!(vis.text, "Bold link text em   5 * 3");
    }
}
