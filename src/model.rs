//! The plain data that flows between pipeline stages.
//!
//! `Document` (ingest) → `AnnotatedDoc` (annotate) → `DocResult` (extract)
//! → `KnowledgeGraph` (graph) → files (export). Each stage is a function of
//! the previous type plus `&Ontology`; none of them reads files or prints.
//! Offsets are byte offsets into `Document::text` unless a field says
//! otherwise; `Evidence` carries character offsets into the source file,
//! because that is what a person checking a fact opens.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// An entity class of `docs/spec/ontology.md`, plus `Quote` for the object of `said`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Class {
    Person,
    Country,
    Place,
    Organization,
    Agreement,
    Event,
    Sanctions,
    Quote,
}

impl Class {
    pub const ALL: [Class; 8] = [
        Class::Person,
        Class::Country,
        Class::Place,
        Class::Organization,
        Class::Agreement,
        Class::Event,
        Class::Sanctions,
        Class::Quote,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Class::Person => "Person",
            Class::Country => "Country",
            Class::Place => "Place",
            Class::Organization => "Organization",
            Class::Agreement => "Agreement",
            Class::Event => "Event",
            Class::Sanctions => "Sanctions",
            Class::Quote => "Quote",
        }
    }

    pub fn parse(s: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Classes that can act: hold opinions, meet, sanction, speak.
    pub fn is_actor(self) -> bool {
        matches!(
            self,
            Class::Person | Class::Country | Class::Organization | Class::Event
        )
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a document's date came from, most trusted first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// A `.meta.json` file beside the article's.
    Sidecar,
    Dateline,
    /// A line of its own or a byline ("By Anna Smith, May 24, 2021").
    Byline,
    /// `<meta property="article:published_time">` or `<time datetime>`.
    Html,
    /// A JSON article's date field.
    Field,
    Url,
    /// The file name, with `--date-from-filename`.
    FileName,
    Text,
}

/// Metadata read from an article besides its news text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMeta {
    /// The file name, e.g. `000_2aeb1f931980b3aa.txt`: the document's identity.
    pub name: String,
    pub title: Option<String>,
    /// ISO date `YYYY-MM-DD`.
    pub date: Option<String>,
    pub date_source: Option<DateSource>,
    pub author: Option<String>,
    pub url: Option<String>,
}

/// A maximal run of `Document::text` that was copied from the source file
/// unchanged in length: `text[clean..]` starts at character `source_char` of
/// the source file. Reflowing (newline → space) keeps a segment going;
/// dropping text (a join, a removed credit line) starts a new one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub clean: usize,
    pub source_char: usize,
}

/// One article after ingest: the news text only, reflowed, paragraphs
/// separated by a blank line ("\n\n"), headline first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    pub meta: DocMeta,
    pub text: String,
    /// Sorted by `clean`; the first starts at 0.
    pub segments: Vec<Segment>,
}

impl Document {
    /// Character offset in the source file just past the character that
    /// ends at byte `clean_end` (an exclusive end, unlike `source_offset`,
    /// which at a segment boundary points past any text dropped there).
    pub fn source_end(&self, clean_end: usize) -> usize {
        match self.text[..clean_end.min(self.text.len())]
            .chars()
            .next_back()
        {
            Some(c) => self.source_offset(clean_end - c.len_utf8()) + 1,
            None => 0,
        }
    }

    /// Bytes `a..b` of the text as a document of their own whose offsets
    /// still map to the same source characters.
    pub fn part(&self, a: usize, b: usize) -> Document {
        let first = Segment {
            clean: 0,
            source_char: self.source_offset(a),
        };
        let rest = self
            .segments
            .iter()
            .filter(|s| s.clean > a && s.clean < b)
            .map(|s| Segment {
                clean: s.clean - a,
                source_char: s.source_char,
            });
        Document {
            meta: self.meta.clone(),
            text: self.text[a..b].to_string(),
            segments: std::iter::once(first).chain(rest).collect(),
        }
    }

    /// Character offset in the source file of byte `clean` of `self.text`.
    pub fn source_offset(&self, clean: usize) -> usize {
        let clean = clean.min(self.text.len());
        let i = self.segments.partition_point(|s| s.clean <= clean);
        match i.checked_sub(1).map(|i| self.segments[i]) {
            Some(seg) => seg.source_char + self.text[seg.clean..clean].chars().count(),
            None => self.text[..clean].chars().count(),
        }
    }
}

/// A sentence: byte range into `Document::text`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index of the paragraph (0 = headline) the sentence stands in.
    pub paragraph: usize,
}

/// How a mention names its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MentionKind {
    /// A gazetteer name or alias ("Lukashenko").
    Name,
    /// An adjective of a gazetteer entity ("Belarusian" in "Belarusian
    /// President …"): a mention, but not a name of the entity.
    Adjective,
    /// A name found by a pattern, not in the gazetteer ("Konstantin Kalachev").
    Pattern,
    /// A place standing for its state ("Moscow" in "Moscow aims to …").
    Metonym,
    /// A role phrase ("the Belarusian leader").
    Role,
    /// A pronoun ("he", "she", "its").
    Pronoun,
    /// An event or group noun tied to a doc-level event ("protesters", "the talks").
    Nominal,
}

/// A span of text that names an entity of the document's entity table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    /// Index into `AnnotatedDoc::entities`.
    pub entity: usize,
    pub kind: MentionKind,
}

/// An entity as the pipeline knows it: from the gazetteer, or made up by a
/// pattern in this document. `key` is the stable slug its IRI derives from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRecord {
    pub key: String,
    pub label: String,
    pub class: Class,
    pub wikidata: Option<String>,
}

/// A document after annotation: sentences and resolved mentions.
#[derive(Clone, Debug, Default)]
pub struct AnnotatedDoc {
    pub doc: Document,
    pub sentences: Vec<Sentence>,
    /// Sorted by start, non-overlapping.
    pub mentions: Vec<Mention>,
    /// The entities this document's mentions point to (doc-local table).
    pub entities: Vec<EntityRecord>,
    /// Entities made from event nouns, with their event kind ("meeting").
    pub event_kinds: Vec<(usize, String)>,
    /// Meetings made from meeting nouns and the key of the place each was
    /// placed in ("talks in Sochi"), as the annotator planned them.
    pub meeting_places: Vec<(usize, String)>,
    /// Sanctions entities whose imposers the text names, with their keys.
    pub sanctions_by: Vec<(usize, Vec<String>)>,
    /// The country the document is about, when it names it: who acts in
    /// a clause that names no actor ("X was jailed"; rules with
    /// `subject = "state"`).
    pub focus: Option<usize>,
}

impl AnnotatedDoc {
    pub fn sentence_text(&self, i: usize) -> &str {
        let s = &self.sentences[i];
        &self.doc.text[s.start..s.end]
    }
    /// The mentions of sentence `i`: a run, since mentions are sorted.
    pub fn mentions_in(&self, i: usize) -> &[Mention] {
        let lo = self.mentions.partition_point(|m| m.sentence < i);
        let hi = self.mentions.partition_point(|m| m.sentence <= i);
        &self.mentions[lo..hi]
    }
    pub fn mention_text(&self, m: &Mention) -> &str {
        &self.doc.text[m.start..m.end]
    }
}

/// Where a fact was read: everything a person needs to check it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Shared (`Arc`) with every other evidence of the same document,
    /// sentence or rule: a large build holds millions of these.
    pub doc: Arc<str>,
    pub sentence: Arc<str>,
    /// Character offsets of the sentence in the source file.
    pub start: usize,
    pub end: usize,
    pub rule: Arc<str>,
    pub confidence: f64,
    /// ISO date the fact holds on: the text's own, else the article's.
    pub date: Option<Arc<str>>,
}

/// The object of a fact: an entity (by key) or a quotation's text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Object {
    Entity(String),
    Quote(String),
}

/// One extracted relation with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub subject: String,
    pub predicate: String,
    pub object: Object,
    pub evidence: Evidence,
}

/// An entity as one document saw it: for the graph's node attributes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntitySeen {
    pub entity: EntityRecord,
    /// Surface forms as written (possessive 's dropped), deduplicated, sorted.
    pub aliases: Vec<String>,
    pub mentions: u64,
}

/// What extraction keeps of one document once its text can be dropped.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocResult {
    pub meta: DocMeta,
    pub entities: Vec<EntitySeen>,
    /// Relations, quotes (`said`) and Sanctions node links (`imposedBy`,
    /// `targets`, `inResponseTo`), each with its evidence.
    pub facts: Vec<Fact>,
}

/// Predicates that link a Sanctions node rather than relate two actors: they
/// are edges of the graph and triples of the RDF, but not lines of the
/// relation lists (which hold the relations of `docs/spec/ontology.md`).
pub const SANCTIONS_LINKS: [&str; 3] = ["imposedBy", "targets", "inResponseTo"];

/// Whether `s` is a calendar date `YYYY-MM-DD` (xsd:date, a GEXF spell).
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u8>().unwrap_or(0))
}
