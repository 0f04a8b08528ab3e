//! Mention candidates: what the matchers of `mentions` found where, before
//! `resolve` ties each to an entity. Shared by both, so neither imports the
//! other's internals.

use crate::model::Class;

/// A mention candidate before resolution.
#[derive(Debug, Clone)]
pub(crate) struct Cand {
    pub start: usize,
    pub end: usize,
    pub what: What,
    /// Source rank for overlaps: lower wins among equal lengths.
    pub rank: u8,
}

impl Cand {
    pub fn new(start: usize, end: usize, what: What, rank: u8) -> Cand {
        Cand {
            start,
            end,
            what,
            rank,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum What {
    Name(String),
    Adjective(String),
    Block,
    New(Class),
    /// An organisation of a state the gazetteer lacks, by its canonical
    /// label ("Iraqi Foreign Ministry" for "Iraq's foreign ministry").
    Body(String),
    /// A ministry named by its domain alone ("the interior ministry"), by
    /// its label without a state ("Interior Ministry").
    BareBody(String),
    Event(String),
    /// An event noun in a verb's place: the event exists, this names it not.
    EventVerb(String),
    Crowd(String),
    Group(String),
    Sanctions,
    Role {
        title: String,
        mods: String,
        poss: Option<String>,
    },
    Pronoun {
        female: bool,
    },
    /// "the 67-year-old (leader)": the first person of the nearest earlier
    /// sentence that names one, of either gender.
    Age,
    /// "it", "its" (a state or organisation) or "they", "their", "them"
    /// (the members of a list): resolved only where one antecedent fits.
    Neuter {
        plural: bool,
    },
    /// "its ally", "his ally", "their neighbour": the other party last
    /// named before it, of the possessor's kind (a person's is a person).
    Kin {
        person: bool,
        plural: bool,
    },
    /// "the two countries", "both leaders": the last two of a class.
    /// The class of the pair, and whether they must be leaders ("the two
    /// presidents", not "the two men").
    Pair(Class, bool),
    /// "the country", "the former Soviet republic": an entity of the class
    /// described, the one in focus.
    Description(Class),
    /// "the forum", "the treaty": a named event, agreement or organisation
    /// mentioned before whose name has that word.
    Definite(String),
}

/// The lowercased words of a name, split at every non-alphanumeric char.
pub(crate) fn name_words(s: &str) -> Vec<String> {
    s.split(|ch: char| !ch.is_alphanumeric())
        .map(str::to_lowercase)
        .collect()
}
