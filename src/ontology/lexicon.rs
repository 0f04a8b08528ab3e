//! The lexicon: `ontology/lexicon.toml`, the word lists rules and the
//! annotator share: word classes that rule patterns name as `{class}`
//! (verb forms of "meet", "sanction" …), titles, given names, the nouns of
//! event kinds, and the cue words that mark negation and speculation.

use super::LoadError;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// An event kind the annotator recognises from nouns ("protests", "talks").
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct EventKind {
    /// Nouns and noun phrases that name an event of this kind.
    pub nouns: Vec<String>,
    /// Verbs that tell of such an event without naming it ("protested"):
    /// a crowd before one names the event ("Thousands protested …").
    #[serde(default)]
    pub verbs: Vec<String>,
    /// Group nouns that stand for the event's participants ("protesters").
    #[serde(default)]
    pub crowds: Vec<String>,
    /// Label template: `{year}`, `{adj}` (the country's adjective), `{place}`.
    pub label: String,
    /// Key template: `{year}`, `{country}`, `{place}`, `{date}`.
    pub key: String,
    /// Only kept when the document states a relation with this predicate
    /// (a meeting noun is a meeting only where someone meets).
    #[serde(default)]
    pub requires: Option<String>,
    /// Only kept where the document says who takes part in it (a fact
    /// `participatesIn` it): a ceremony nobody attends tells nothing.
    #[serde(default)]
    pub needs_participant: bool,
    /// Held every few years (votes): a noun with no year names the
    /// gazetteer's event of the document's year, else its latest of the
    /// five years before ("his main rival in the election", written in
    /// 2021, is the 2020 one).
    #[serde(default)]
    pub latest_known: bool,
}

/// Collective groups named by a country adjective + noun ("Belarusian opposition").
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct GroupKind {
    pub nouns: Vec<String>,
    pub label: String,
    pub key: String,
    pub class: String,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    /// Word classes for rule patterns.
    pub words: BTreeMap<String, Vec<String>>,
    /// Title nouns: `leader` titles give leaderOf, `member` titles affiliatedWith.
    pub titles: BTreeMap<String, Vec<String>>,
    /// Given names by gender ("male", "female"): a given name followed by a
    /// capitalised word is a person the gazetteer may lack.
    pub given_names: BTreeMap<String, Vec<String>>,
    /// Last words of organisation names ("Council", "Group", "School of Economics").
    pub org_heads: Vec<String>,
    /// Words that make a noun phrase an Event name ("Forum", "Summit").
    #[serde(default)]
    pub event_heads: Vec<String>,
    /// Spellings of one given name ("Svetlana", "Sviatlana"): two people the
    /// gazetteer lacks, named with spellings of one set, may be one person.
    #[serde(default)]
    pub name_variants: Vec<Vec<String>>,
    /// Words that make a surface form no alias of an entity ("government",
    /// "regime"): "the Belarusian regime" refers to Belarus, it is no name.
    #[serde(default)]
    pub not_alias: Vec<String>,
    /// Nouns that refer to a body by another head noun than its name's
    /// ("the diplomats" → an embassy or mission, "the lender" → a bank).
    #[serde(default)]
    pub definite_heads: BTreeMap<String, Vec<String>>,
    /// Nouns that stand for a person introduced with a narrower one ("the
    /// athlete" for "sprinter X").
    #[serde(default)]
    pub epithet_kinds: BTreeMap<String, Vec<String>>,
    /// Adjectives that may stand before an event or sanctions noun in its
    /// alias ("tense talks", "sectoral sanctions"); lower case.
    #[serde(default)]
    pub noun_modifiers: Vec<String>,
    /// Cue words: `negation`, `speculation`, `report`.
    pub cues: BTreeMap<String, Vec<String>>,
    pub events: BTreeMap<String, EventKind>,
    #[serde(default)]
    pub groups: BTreeMap<String, GroupKind>,
    /// Pronouns by kind: `male`, `female`, `neuter`.
    pub pronouns: BTreeMap<String, Vec<String>>,
    /// The countries a description's modifier can stand for ("baltic" →
    /// Lithuania, Latvia, Estonia), lower case.
    #[serde(default)]
    pub description_modifiers: BTreeMap<String, Vec<String>>,
    /// Past forms of irregular verbs (`stand = ["stood"]`; past and
    /// participle when they differ), for the `+` entries of `[words]`.
    #[serde(default)]
    pub irregular_verbs: BTreeMap<String, Vec<String>>,
    /// Titles written otherwise than the gazetteer's role titles, lower
    /// case: "top diplomat" = "foreign minister", so "the Russian top
    /// diplomat" finds Russia's foreign minister.
    #[serde(default)]
    pub title_synonyms: BTreeMap<String, String>,
}

/// The lists the code reads by name, per table: a lexicon that lacks one is
/// refused at load rather than read as empty (an empty `negation` list would
/// silently keep every negated match; an empty `speech` list, every quote's
/// speaker).
const REQUIRED: &[(&str, &[&str])] = &[
    (
        "words",
        &[
            "sanctions_noun",
            "impose",
            "in_response",
            "speech",
            "speech_source",
            "speech_inverted",
        ],
    ),
    ("titles", &["leader", "member"]),
    ("given_names", &["male", "female"]),
    (
        "cues",
        &["negation", "speculation", "city_before", "city_after"],
    ),
];

impl Lexicon {
    pub fn load(path: &Path) -> Result<Lexicon, LoadError> {
        let text = std::fs::read_to_string(path).map_err(|e| LoadError::io(path, e))?;
        let mut lexicon: Lexicon =
            toml::from_str(&text).map_err(|e| LoadError::toml(path, &text, &e))?;
        lexicon.check_required(path, &text)?;
        lexicon.inflect();
        Ok(lexicon)
    }

    /// Each `+` entry of a word class replaced by the forms of its verb
    /// ("condemn+" → condemn, condemns, condemned, condemning), each form
    /// kept once.
    fn inflect(&mut self) {
        for forms in self.words.values_mut() {
            if !forms.iter().any(|f| f.contains('+')) {
                continue;
            }
            let mut out: Vec<String> = Vec::with_capacity(forms.len() * 2);
            for entry in forms.iter() {
                for form in super::inflect::expand(entry, &self.irregular_verbs) {
                    if !out.contains(&form) {
                        out.push(form);
                    }
                }
            }
            *forms = out;
        }
    }

    /// Every list of `REQUIRED` is present and not empty.
    fn check_required(&self, path: &Path, text: &str) -> Result<(), LoadError> {
        for (table, keys) in REQUIRED {
            let lists = match *table {
                "words" => &self.words,
                "titles" => &self.titles,
                "given_names" => &self.given_names,
                _ => &self.cues,
            };
            for key in *keys {
                if lists.get(*key).is_none_or(Vec::is_empty) {
                    let line = table_line(text, table).unwrap_or(1);
                    let message =
                        format!("[{table}] lacks `{key}` (or it is empty): the annotator needs it");
                    return Err(LoadError::at(path, line, message));
                }
            }
        }
        Ok(())
    }

    /// The forms of a word class, or an empty slice.
    pub fn words(&self, class: &str) -> &[String] {
        self.words.get(class).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether an event kind is kept only with a participant.
    pub fn needs_participant(&self, kind: &str) -> bool {
        self.events.get(kind).is_some_and(|k| k.needs_participant)
    }

    /// The predicate an event kind needs the document to state, if any.
    pub fn required(&self, kind: &str) -> Option<&str> {
        self.events.get(kind).and_then(|k| k.requires.as_deref())
    }

    pub fn cues(&self, kind: &str) -> &[String] {
        self.cues.get(kind).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn titles(&self, kind: &str) -> &[String] {
        self.titles.get(kind).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The line of a `[table]` header, for the error of a list missing there.
fn table_line(text: &str, table: &str) -> Option<usize> {
    let header = format!("[{table}]");
    text.lines().position(|l| l.trim() == header).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Lexicon, LoadError> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("lexicon.toml");
        std::fs::write(&path, text).expect("write");
        Lexicon::load(&path)
    }

    #[test]
    fn a_verb_entry_with_a_plus_stands_for_its_forms() {
        let mut lex = Lexicon::default();
        let list = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        lex.irregular_verbs
            .insert("shake".into(), list(&["shook", "shaken"]));
        lex.words
            .insert("probe".into(), list(&["shake+ hands with", "met", "hail+"]));
        lex.words.insert("plain".into(), list(&["met"]));
        lex.inflect();
        assert_eq!(
            lex.words("probe"),
            [
                "shake hands with",
                "shakes hands with",
                "shook hands with",
                "shaken hands with",
                "shaking hands with",
                "met",
                "hail",
                "hails",
                "hailed",
                "hailing"
            ]
        );
        assert_eq!(lex.words("plain"), ["met"]);
    }

    #[test]
    fn the_repository_lexicon_has_every_required_list() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology/lexicon.toml");
        Lexicon::load(&path).expect("ontology/lexicon.toml loads");
    }

    #[test]
    fn a_missing_negation_list_is_a_load_error_at_its_table() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology/lexicon.toml");
        let text = std::fs::read_to_string(path).expect("lexicon");
        let cut = text.replace("\nnegation = [", "\nnegation_renamed = [");
        let err = load_text(&cut).expect_err("negation is required");
        assert!(err.message.contains("`negation`"), "{}", err.message);
        let cues_line = cut.lines().position(|l| l == "[cues]").expect("[cues]") + 1;
        assert_eq!(err.line, Some(cues_line));
    }

    #[test]
    fn an_empty_speech_list_is_a_load_error() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology/lexicon.toml");
        let text = std::fs::read_to_string(path).expect("lexicon");
        let cut = text
            .replace("\nspeech = [", "\nspeech_renamed = [")
            .replace("[words]\n", "[words]\nspeech = []\n");
        let err = load_text(&cut).expect_err("speech is required");
        assert!(err.message.contains("`speech`"), "{}", err.message);
    }
}
