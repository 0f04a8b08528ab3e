//! Relation rules: `ontology/rules/*.toml`. A rule is a pattern over a
//! sentence *template*, the sentence with every entity mention replaced by a
//! token such as `⟦P3⟧` (class letter + mention index), so a rule reads like
//! the sentence it matches:
//!
//! ```toml
//! [[rule]]
//! id = "meet.verb"
//! predicate = "meetsWith"
//! pattern = "{S:PC} {AUX}{meet} {O:PC}"
//! confidence = 0.9
//! examples = ["Lukashenko met Putin in Sochi. => lukashenko meetsWith putin"]
//! counter_examples = ["Lukashenko did not meet Putin."]
//! ```
//!
//! Macros: `{S}`/`{O}` (any capital letter names a group) capture one entity
//! or a coordinated list ("Estonia, Latvia and Lithuania"), optionally
//! restricted to classes (`{S:PC}`, `{S:PC1}` for exactly one entity: P Person, C Country, L Place,
//! O Organization, A Agreement, E Event, X Sanctions); `{word}` is a word
//! class of the lexicon, `{title_leader}` a title list; `{AUX}` auxiliaries and adverbs; `{W3}` up to three
//! plain words; `{ANY6}` up to six tokens, entities included. The rest is a case-insensitive regular expression.

use super::lexicon::Lexicon;
use super::LoadError;
use crate::model::Class;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::path::Path;

/// Which form of the sentence template a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    /// Titles folded into the names they precede, appositions and relative
    /// clauses removed: "⟦P1⟧ met ⟦P2⟧".
    #[default]
    Reduced,
    /// The sentence as written: "⟦C0⟧ President ⟦P1⟧ met …".
    Raw,
}

/// Which cues drop a match of the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Hedge {
    /// Negation and speculation.
    #[default]
    All,
    /// Speculation only: for rules whose verb is itself negative
    /// ("will not accept", "doesn't trust").
    Speculation,
    /// Neither: for titles and appositions, which no clause can negate
    /// ("Moscow doesn't trust Belarusian President Lukashenko").
    None,
}

/// Who acts in a rule's facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    /// The entities of the pattern's `{S}` group.
    #[default]
    Named,
    /// The state in whose name a clause without an actor acts ("X was
    /// jailed", "police detained X"): the country the sentence places it
    /// in ("in Belarus"), else the country the document is about. The
    /// pattern has no `{S}`; a fact of the same sentence that names its
    /// actor wins over this one.
    State,
    /// Who speaks the direct quotation the `{O}` entity stands in ("“We
    /// stand in solidarity with Lithuania,” von der Leyen wrote"). The
    /// pattern has no `{S}`; a match outside a quotation gives nothing.
    Speaker,
    /// The country each person of the `{S}` group holds office in on the
    /// article's date, by the gazetteer ("Putin and Lukashenko signed the
    /// treaty": Russia and Belarus are its parties); other entities stand
    /// for themselves.
    Office,
}

/// What a rule's facts are about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// The entities of the pattern's `{O}` group.
    #[default]
    Named,
    /// The event the text last named, in this sentence or the three before
    /// it: the object a clause leaves unsaid ("Troops from Armenia also
    /// took part."). The pattern has no `{O}`.
    Event,
    /// The state the clause acts on, as `subject = "state"` finds it: the
    /// country the sentence places it in, else the document's ("a loan
    /// from Moscow" in a story about Belarus). The pattern has no `{O}`.
    State,
}

/// One example a rule must satisfy: the sentence and the facts it must give
/// as `subject predicate object` triples of gazetteer keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub text: String,
    pub expect: Vec<(String, String, String)>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub predicate: String,
    /// The expanded pattern, compiled case-insensitive with ASCII word
    /// bounds (see [`ascii_bounds`]).
    pub regex: Regex,
    pub pattern: String,
    pub confidence: f64,
    pub layer: Layer,
    pub hedge: Hedge,
    pub subject: Subject,
    pub object: Target,
    /// Event kinds of the lexicon (or gazetteer `kind=`) the object must be
    /// of; empty: any.
    pub object_kinds: Vec<String>,
    /// Event kinds the events of the pattern's `K` group must be of ("hold
    /// (?P<K>⟦E1⟧)": talks or a summit, not drills); empty: any.
    pub slot_kinds: Vec<String>,
    /// What must not follow a match ("hit ⟦C1⟧ with sanctions" is no
    /// attack): anchored at the match's end, in the same layer.
    pub unless: Option<Regex>,
    /// Where the rule is defined, for messages.
    pub source: String,
    pub examples: Vec<Example>,
    pub counter_examples: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rule: Vec<toml::Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    predicate: String,
    pattern: String,
    #[serde(default = "default_confidence")]
    confidence: f64,
    #[serde(default)]
    layer: Layer,
    #[serde(default)]
    hedge: Hedge,
    #[serde(default)]
    subject: Subject,
    #[serde(default)]
    object: Target,
    #[serde(default)]
    object_kinds: Vec<String>,
    #[serde(default)]
    slot_kinds: Vec<String>,
    #[serde(default)]
    unless: Option<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    counter_examples: Vec<String>,
}

fn default_confidence() -> f64 {
    0.8
}

/// Loads every `*.toml` of `dir` in name order; predicates are checked
/// against `known`.
pub fn load(
    dir: &Path,
    lexicon: &Lexicon,
    known: &dyn Fn(&str) -> bool,
) -> Result<Vec<Rule>, LoadError> {
    let files = super::files_in(dir, "toml")?;
    let mut rules: Vec<Rule> = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).map_err(|e| LoadError::io(&path, e))?;
        let file: RuleFile =
            toml::from_str(&text).map_err(|e| LoadError::toml(&path, &text, &e))?;
        for spanned in file.rule {
            let line = line_of(&text, spanned.span().start);
            let raw = spanned.into_inner();
            let at = |m: String| LoadError::at(&path, line, format!("rule '{}': {m}", raw.id));
            if rules.iter().any(|r| r.id == raw.id) {
                return Err(at("duplicate rule id".into()));
            }
            if !known(&raw.predicate) {
                return Err(at(format!("unknown predicate '{}'", raw.predicate)));
            }
            if !(0.0..=1.0).contains(&raw.confidence) {
                return Err(at(format!(
                    "confidence {} is not between 0 and 1",
                    raw.confidence
                )));
            }
            let expanded = expand(&raw.pattern, lexicon).map_err(at)?;
            let named = expanded.contains("(?P<S>");
            let has_object = expanded.contains("(?P<O>");
            match (raw.subject, raw.object) {
                (_, Target::Event | Target::State) if !named || has_object => {
                    return Err(at(
                        "a rule with object = \"event\" or \"state\" needs a subject {S} and no {O}"
                            .into(),
                    ));
                }
                (Subject::Named | Subject::Office, Target::Named) if !named || !has_object => {
                    return Err(at("pattern needs a subject {S} and an object {O}".into()));
                }
                (Subject::State | Subject::Speaker, _) if named || !has_object => {
                    return Err(at(
                        "a rule with subject = \"state\" or \"speaker\" needs an object {O} and no {S}"
                            .into(),
                    ));
                }
                _ => {}
            }
            for (field, kinds) in [
                ("object_kinds", &raw.object_kinds),
                ("slot_kinds", &raw.slot_kinds),
            ] {
                if let Some(k) = kinds
                    .iter()
                    .find(|k| !lexicon.events.contains_key(k.as_str()))
                {
                    return Err(at(format!("unknown event kind '{k}' in {field}")));
                }
            }
            if !raw.slot_kinds.is_empty() && !expanded.contains("(?P<K>") {
                return Err(at("slot_kinds needs a (?P<K>…) group in the pattern".into()));
            }
            let regex = compile_rule(&expanded)
                .map_err(|e| at(format!("invalid pattern: {}", regex_reason(&e))))?;
            let unless = match &raw.unless {
                Some(u) => {
                    let expanded = expand(u, lexicon).map_err(at)?;
                    let anchored = format!("^(?:{expanded})");
                    Some(
                        compile_rule(&anchored)
                            .map_err(|e| at(format!("invalid unless: {}", regex_reason(&e))))?,
                    )
                }
                None => None,
            };
            let examples = raw
                .examples
                .iter()
                .map(|e| parse_example(e))
                .collect::<Result<_, _>>()
                .map_err(at)?;
            rules.push(Rule {
                id: raw.id.clone(),
                predicate: raw.predicate.clone(),
                regex,
                pattern: raw.pattern.clone(),
                confidence: raw.confidence,
                layer: raw.layer,
                hedge: raw.hedge,
                subject: raw.subject,
                object: raw.object,
                object_kinds: raw.object_kinds.clone(),
                slot_kinds: raw.slot_kinds.clone(),
                unless,
                source: format!("{}:{line}", path.display()),
                examples,
                counter_examples: raw.counter_examples.clone(),
            });
        }
    }
    Ok(rules)
}

/// An expanded rule pattern compiled once, with ASCII word bounds (what
/// extraction runs). The bounds change no NFA size, so the pattern as
/// written only needs parsing to be known valid; when either step fails,
/// the pattern as written is compiled, which keeps it (if only the ASCII
/// form failed) or gives the error the rule author would see.
fn compile_rule(expanded: &str) -> Result<Regex, regex::Error> {
    compile(&ascii_bounds(expanded))
        .ok()
        .filter(|_| parses(expanded))
        .map_or_else(|| compile(expanded), Ok)
}

/// A rule regex: case-insensitive, with room for long word lists. ASCII
/// case folding where the pattern allows it (it does not when a class or
/// `.` could match part of a character): templates hold the text's own
/// letters, and Unicode folding ("k" also matches the Kelvin sign) makes
/// the automaton larger and a third slower to search.
fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    let build = |pattern: &str, unicode| {
        RegexBuilder::new(pattern)
            .case_insensitive(true)
            .unicode(unicode)
            .size_limit(1 << 22)
            .dfa_size_limit(1 << 22)
            .build()
    };
    build(pattern, false)
        .or_else(|e| local_unicode(pattern).map_or(Err(e), |p| build(&p, false)))
        .or_else(|_| build(pattern, true))
}

/// `pattern` with each part that can only be written with Unicode on (a
/// negated class such as `\S` or `[^\s⟦⟧]`, `.`, a class holding a
/// non-ASCII letter) wrapped in `(?u:…)`, so that the rest keeps ASCII
/// case folding and words. None if the pattern does not parse or needs
/// nothing.
fn local_unicode(pattern: &str) -> Option<String> {
    use regex_syntax::ast::{visit, Ast, Visitor};
    struct Spans<'p>(&'p str, Vec<(usize, usize)>);
    impl Visitor for Spans<'_> {
        type Output = Vec<(usize, usize)>;
        type Err = ();
        fn finish(self) -> Result<Self::Output, ()> {
            Ok(self.1)
        }
        fn visit_pre(&mut self, ast: &Ast) -> Result<(), ()> {
            let span = match ast {
                Ast::Dot(span) => Some(**span),
                Ast::ClassPerl(c) if c.negated => Some(c.span),
                Ast::ClassUnicode(c) => Some(c.span),
                Ast::ClassBracketed(c)
                    if c.negated || !self.0[c.span.start.offset..c.span.end.offset].is_ascii() =>
                {
                    Some(c.span)
                }
                _ => None,
            };
            if let Some(span) = span {
                self.1.push((span.start.offset, span.end.offset));
            }
            Ok(())
        }
    }
    let ast = regex_syntax::ast::parse::Parser::new()
        .parse(pattern)
        .ok()?;
    let mut found = visit(&ast, Spans(pattern, Vec::new())).ok()?;
    if found.is_empty() {
        return None;
    }
    found.sort();
    let mut out = String::with_capacity(pattern.len() + 8 * found.len());
    let mut at = 0;
    for (start, end) in found {
        if start < at {
            continue; // inside a part already wrapped
        }
        out.push_str(&pattern[at..start]);
        out.push_str("(?u:");
        out.push_str(&pattern[start..end]);
        out.push(')');
        at = end;
    }
    out.push_str(&pattern[at..]);
    Some(out)
}

/// Whether `pattern` is valid syntax. Only its syntax tree is parsed: the
/// ASCII form compiled, and the two forms differ only in their word
/// bounds, whose errors the tree already shows; that is far cheaper than
/// a translation with Unicode case folding.
fn parses(pattern: &str) -> bool {
    regex_syntax::ast::parse::Parser::new()
        .parse(pattern)
        .is_ok()
}

/// The regex crate's reason without its echo of the (expanded) pattern.
fn regex_reason(e: &regex::Error) -> String {
    match e {
        regex::Error::Syntax(s) => s
            .lines()
            .rev()
            .find(|l| l.starts_with("error:"))
            .unwrap_or(s)
            .to_string(),
        regex::Error::CompiledTooBig(limit) => {
            format!("compiles to more than {limit} bytes; simplify it")
        }
        other => other.to_string(),
    }
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

fn parse_example(s: &str) -> Result<Example, String> {
    let (text, facts) = s
        .split_once("=>")
        .ok_or_else(|| format!("example '{s}' lacks '=> subject predicate object'"))?;
    let mut expect = Vec::new();
    for fact in facts.split(';').map(str::trim).filter(|f| !f.is_empty()) {
        let parts: Vec<&str> = fact.split_whitespace().collect();
        if parts.len() != 3 {
            return Err(format!(
                "example fact '{fact}' is not 'subject predicate object'"
            ));
        }
        expect.push((parts[0].into(), parts[1].into(), parts[2].into()));
    }
    Ok(Example {
        text: text.trim().to_string(),
        expect,
    })
}

/// The token letter of a class in sentence templates.
pub fn class_letter(class: Class) -> char {
    match class {
        Class::Person => 'P',
        Class::Country => 'C',
        Class::Place => 'L',
        Class::Organization => 'O',
        Class::Agreement => 'A',
        Class::Event => 'E',
        Class::Sanctions => 'X',
        Class::Quote => 'Q',
    }
}

const AUX: &str = r"(?:(?:has|have|had|will|would|shall|(?:is|are|was|were) (?:about |going )?to|is|are|was|were|be|been|being|did|does|do|also|already|now|then|reportedly|expected to|set to|due to|scheduled to|(?:agreed|agrees|agree|decided|decides|decide) to|again|still|just|finally|formally|officially|long|since|not only|together|jointly|on (?:mon|tues|wednes|thurs|fri|satur|sun)day|last (?:week|month|year)|last|this week|\w+ly|\w+ly,) )*";

/// Expands the macros of a pattern into a regular expression.
pub fn expand(pattern: &str, lexicon: &Lexicon) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| format!("unclosed '{{' in pattern '{pattern}'"))?
            + open;
        let inner = &rest[open + 1..close];
        out.push_str(&macro_regex(inner, lexicon)?);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn macro_regex(inner: &str, lexicon: &Lexicon) -> Result<String, String> {
    if inner.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return Ok(format!("{{{inner}}}")); // a regex repetition such as {2,3}
    }
    let (name, arg) = inner.split_once(':').unwrap_or((inner, ""));
    if name.len() == 1 && name.chars().all(|c| c.is_ascii_uppercase()) {
        // `{S:P1}`: exactly one entity, no coordinated list.
        let (arg, single) = match arg.strip_suffix('1') {
            Some(a) => (a, true),
            None => (arg, false),
        };
        let classes = if arg.is_empty() { "PCLOAEX" } else { arg };
        if let Some(bad) = classes.chars().find(|c| !"PCLOAEX".contains(*c)) {
            return Err(format!("unknown class letter '{bad}' in {{{inner}}}"));
        }
        // An entity may stand behind a possessor (with up to two words:
        // "⟦P1⟧'s disputed ⟦E2⟧"), a hyphenated modifier pair ("⟦C1⟧-⟦C2⟧
        // ⟦A3⟧") or a modifier ("⟦O1⟧ ⟦X2⟧"); those tokens are skipped when
        // the group's entities are read (see `template::slots_in`).
        let ent = format!(
            "(?:⟦[A-Z]\\d+⟧(?:'s? (?:so-called |[a-z-]+ ){{0,2}}?|-⟦[A-Z]\\d+⟧ | )\"?)?⟦[{classes}]\\d+⟧"
        );
        // "the" before an entity is read as part of it ("accused the ⟦O1⟧
        // of", "opposed the ⟦L2⟧").
        if single {
            return Ok(format!("(?:the )?(?P<{name}>{ent})"));
        }
        // A list ends with its conjunction ("⟦C1⟧, ⟦C2⟧, the ⟦C3⟧ and ⟦C4⟧";
        // the reduced layer drops "the" of an item after a comma);
        // a bare comma is no list ("backed ⟦C1⟧, ⟦P2⟧ said"), nor is a
        // fronted phrase ("After the ⟦E0⟧, the ⟦C1⟧ and ⟦O2⟧ …"), nor a
        // comma before "and" without a list before it ("sent officers to
        // ⟦C1⟧, and ⟦C2⟧ and ⟦C3⟧ sent guards" joins two clauses). A
        // repeated preposition ("with ⟦P1⟧ and with ⟦P2⟧") is no list: the
        // extra alternative slowed every rule by 8 % for one relation.
        return Ok(format!(
            "(?:the )?(?P<{name}>(?:both |either )?{ent}(?:(?:, {ent}(?:, (?:the )?{ent})*,? (?:and|or) | and | or | & |/)(?:the )?{ent})*)"
        ));
    }
    if name == "AUX" {
        return Ok(AUX.to_string());
    }
    if let Some(n) = name.strip_prefix("ANY") {
        let n: usize = n.parse().map_err(|_| format!("bad macro {{{inner}}}"))?;
        return Ok(format!("(?:\\S+ ){{0,{n}}}"));
    }
    if let Some(n) = name.strip_prefix('W') {
        if let Ok(n) = n.parse::<usize>() {
            return Ok(format!("(?:[^\\s⟦⟧]+ ){{0,{n}}}"));
        }
    }
    if let Some(kind) = name.strip_prefix("title_") {
        let titles = lexicon.titles(kind);
        if titles.is_empty() {
            return Err(format!(
                "unknown title kind {{{name}}} (not in lexicon.toml [titles])"
            ));
        }
        return Ok(format!("(?:{})", alternation(titles)));
    }
    let words = lexicon.words(name);
    if words.is_empty() {
        return Err(format!(
            "unknown word class {{{name}}} (not in lexicon.toml [words])"
        ));
    }
    Ok(format!("(?:{})", alternation(words)))
}

pub use crate::datafile::ascii_bounds;

/// A regex alternation of literal phrases, longest first, spaces flexible.
pub fn alternation(words: &[String]) -> String {
    let mut words: Vec<&String> = words.iter().collect();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    words
        .iter()
        .map(|w| regex::escape(w).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_compile_with_ascii_bounds_unless_only_the_written_form_compiles() {
        let ascii = compile_rule(r"\bmet\b").expect("valid");
        assert_eq!(ascii.as_str(), r"(?-u:\b)met(?-u:\b)");
        // `(?-u:\b){start}` is no valid bound: the form as written is kept.
        let written = compile_rule(r"\b{start}met").expect("valid");
        assert_eq!(written.as_str(), r"\b{start}met");
        assert!(compile_rule(r"\b{x}met").is_err());
        assert!(compile_rule(r"[\b]met").is_err());
    }

    #[test]
    fn only_the_parts_that_need_unicode_are_compiled_with_it() {
        assert_eq!(
            local_unicode(r"met (?:\S+ )?in"),
            Some(r"met (?:(?u:\S)+ )?in".into())
        );
        assert_eq!(local_unicode(r"a[^\s⟦⟧]b"), Some(r"a(?u:[^\s⟦⟧])b".into()));
        assert_eq!(local_unicode(r"x.y"), Some(r"x(?u:.)y".into()));
        assert_eq!(local_unicode(r"[a-z]+ met"), None);
        assert_eq!(local_unicode(r"(unclosed"), None);
        // A negated class inside a wrapped class is not wrapped twice.
        assert_eq!(local_unicode(r"[^\S’]"), Some(r"(?u:[^\S’])".into()));
        let re = compile(r"met (?:\S+ )?in").expect("compiles");
        assert!(re.is_match("Putin MET Łukaszenka in"));
    }
}
