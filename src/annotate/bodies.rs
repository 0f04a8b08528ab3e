//! Bodies of a state named by the state: "Iraq's foreign ministry", "the
//! Polish foreign ministry", "the US embassy in Minsk". Each is an
//! organisation of its own under one canonical label (the state's adjective
//! and the body in title case: "Iraqi Foreign Ministry"), so that every
//! spelling of it is one entity, the gazetteer's where it has that label.
//! The lexicon lists the bodies (`state_body_named`) and the domains a
//! ministry is named by (`ministry_domain`).

use super::cand::{Cand, What};
use crate::model::Class;
use crate::ontology::rules::{alternation, ascii_bounds};
use crate::ontology::Ontology;
use regex::Regex;
use std::collections::HashMap;

pub(crate) struct StateBodies {
    re: Regex,
    /// A country's name, alias or adjective → (its key, its adjective).
    states: HashMap<String, (String, String)>,
}

impl StateBodies {
    pub fn new(onto: &Ontology) -> StateBodies {
        let mut states = HashMap::new();
        let countries = onto.gazetteer.entries.values();
        for e in countries.filter(|e| e.class() == Class::Country) {
            let adj = e.adjectives.first().unwrap_or(&e.label).clone();
            let words = std::iter::once(&e.label)
                .chain(&e.aliases)
                .chain(&e.adjectives);
            for w in words {
                states.insert(w.clone(), (e.key.clone(), adj.clone()));
            }
        }
        let mut names: Vec<String> = states.keys().cloned().collect();
        names.sort();
        let lex = &onto.lexicon;
        let re = Regex::new(&ascii_bounds(&format!(
            r"\b(?P<state>{})(?:['’]s?)?\s+(?P<body>(?i:(?:{})\s+ministry|{}))\b(?:\s+in\s+(?P<city>[A-Z][a-z]+))?",
            alternation(&names),
            alternation(lex.words("ministry_domain")),
            alternation(lex.words("state_body_named")),
        )))
        .expect("escaped state bodies");
        StateBodies { re, states }
    }

    /// The bodies a text names. `known` gives the gazetteer key of a name:
    /// a body the gazetteer has (by its label, "the BODY of STATE" or
    /// "STATE BODY") is that entry; a body that is itself a name ("Russia's
    /// FSB") is left to the gazetteer.
    pub fn find(&self, text: &str, known: impl Fn(&str) -> Option<String>) -> Vec<Cand> {
        let mut out = Vec::new();
        for c in self.re.captures_iter(text) {
            let (state, body) = (&c["state"], c.name("body").expect("group"));
            let Some((_, adj)) = self.states.get(state) else {
                continue;
            };
            if known(body.as_str()).is_some() {
                continue;
            }
            let body_label = title_case(body.as_str());
            let mut label = format!("{adj} {body_label}");
            if let Some(city) = c.name("city").filter(|_| body_label.ends_with("Embassy")) {
                label = format!("{label} in {}", city.as_str());
            }
            let of_state = format!("{body_label} of {state}");
            let state_first = format!("{state} {body_label}");
            let found = [&label, &of_state, &state_first]
                .into_iter()
                .find_map(|l| known(l));
            let what = match found {
                Some(key) => What::Name(key),
                None => What::Body(label),
            };
            let start = c.name("state").expect("group").start();
            out.push(Cand::new(start, body.end(), what, 1));
        }
        out
    }
}

/// "foreign  ministry" → "Foreign Ministry".
fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or(String::new(), |f| {
                f.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::title_case;

    #[test]
    fn bodies_are_title_cased() {
        assert_eq!(title_case("foreign  ministry"), "Foreign Ministry");
        assert_eq!(title_case("prosecutor's office"), "Prosecutor's Office");
    }
}
