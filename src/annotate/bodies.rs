//! Bodies of a state named by the state: "Iraq's foreign ministry" (the
//! possessive a mention of the state of its own), "the
//! Polish foreign ministry", "the US embassy in Minsk". Each is an
//! organisation of its own under one canonical label (the state's adjective
//! and the body in title case: "Iraqi Foreign Ministry"), so that every
//! spelling of it is one entity, the gazetteer's where it has that label.
//! The lexicon lists the bodies (`state_body_named`) and the domains a
//! ministry is named by (`ministry_domain`). A ministry named by its domain
//! alone ("the interior ministry said"), or a body of `state_body_bare`
//! ("the election commission"), is that body of the country the document
//! is about; `resolve` ties it once that country is known.

use super::cand::{Cand, What};
use crate::model::Class;
use crate::ontology::rules::{alternation, ascii_bounds};
use crate::ontology::Ontology;
use regex::Regex;
use std::collections::HashMap;

pub(crate) struct StateBodies {
    re: Regex,
    /// A ministry without its state: "the interior ministry".
    bare: Regex,
    /// A country's name, alias or adjective → its key.
    states: HashMap<String, String>,
    /// A country's key → (its label, its adjective).
    countries: HashMap<String, (String, String)>,
}

impl StateBodies {
    pub fn new(onto: &Ontology) -> StateBodies {
        let (mut states, mut countries) = (HashMap::new(), HashMap::new());
        let entries = onto.gazetteer.entries.values();
        for e in entries.filter(|e| e.class() == Class::Country) {
            let adj = e.adjectives.first().unwrap_or(&e.label).clone();
            countries.insert(e.key.clone(), (e.label.clone(), adj));
            let words = std::iter::once(&e.label)
                .chain(&e.aliases)
                .chain(&e.adjectives);
            for w in words {
                states.insert(w.clone(), e.key.clone());
            }
        }
        let mut names: Vec<String> = states.keys().cloned().collect();
        names.sort();
        let lex = &onto.lexicon;
        let domains = alternation(lex.words("ministry_domain"));
        let re = Regex::new(&ascii_bounds(&format!(
            r"\b(?P<state>{})(?:['’]s?)?\s+(?P<body>(?i:(?:{domains})\s+ministry|ministry\s+of\s+(?:{domains})|{}))\b(?:\s+in\s+(?P<city>[A-Z][a-z]+))?",
            alternation(&names),
            alternation(lex.words("state_body_named")),
        )))
        .expect("escaped state bodies");
        let bare = Regex::new(&ascii_bounds(&format!(
            r"\b(?i:(?:{domains})\s+ministry|{})\b|\b(?P<named>(?-i:Ministry)\s+of\s+(?i:{domains}))\b(?:\s+of\s+(?:the\s+)?(?P<of>[A-Z]\w+(?:\s+[A-Z]\w+)?))?",
            alternation(lex.words("state_body_bare")),
        )))
        .expect("escaped ministry domains");
        StateBodies {
            re,
            bare,
            states,
            countries,
        }
    }

    /// The bodies a text names. `known` gives the gazetteer key of a name:
    /// a body that is itself one ("Russia's FSB") is left to the gazetteer.
    pub fn find(&self, text: &str, known: impl Fn(&str) -> Option<String>) -> Vec<Cand> {
        let mut out = Vec::new();
        for c in self.re.captures_iter(text) {
            let (state, body) = (
                c.name("state").expect("group"),
                c.name("body").expect("group"),
            );
            let Some(country) = self.states.get(state.as_str()) else {
                continue;
            };
            if known(body.as_str()).is_some() {
                continue;
            }
            let mut body_label = title_case(&ministry_named_first(body.as_str()));
            // "the US Embassy in Minsk": one name, the city's included
            let mut end = body.end();
            if let Some(city) = c.name("city").filter(|_| body_label.ends_with("Embassy")) {
                body_label = format!("{body_label} in {}", city.as_str());
                end = city.end();
            }
            let what = self.of(country, &body_label, &known);
            // "Belarus' Defense Ministry": the possessive is a mention of
            // the state of its own, the body's name is "Defense Ministry";
            // "the Polish Foreign Ministry" is named with its adjective.
            let possessive = text[state.end()..body.start()].contains(['\'', '’']);
            let start = if possessive {
                body.start()
            } else {
                state.start()
            };
            out.push(Cand::new(start, end, what, 1));
        }
        for c in self.bare.captures_iter(text) {
            let m = c.name("named").unwrap_or_else(|| c.get(0).expect("match"));
            let body = title_case(&ministry_named_first(m.as_str()));
            // "the Ministry of Information of Belarus" names its state
            let of = c
                .name("of")
                .and_then(|o| Some((o, self.states.get(o.as_str())?)));
            match of {
                Some((of, country)) => {
                    let what = self.of(country, &body, &known);
                    out.push(Cand::new(m.start(), of.end(), what, 1));
                }
                None => out.push(Cand::new(m.start(), m.end(), What::BareBody(body), 1)),
            }
        }
        out
    }

    /// The body ("Foreign Ministry") of a country: the gazetteer's entry
    /// under its label ("Russian Foreign Ministry"), "Foreign Ministry of
    /// Russia" or "Russia Foreign Ministry", else a new one under the label.
    pub fn of(&self, country: &str, body: &str, known: impl Fn(&str) -> Option<String>) -> What {
        let Some((name, adj)) = self.countries.get(country) else {
            return What::Body(body.to_string());
        };
        let label = format!("{adj} {body}");
        let others = [format!("{body} of {name}"), format!("{name} {body}")];
        match std::iter::once(&label)
            .chain(&others)
            .find_map(|l| known(l))
        {
            Some(key) => What::Name(key),
            None => What::Body(label),
        }
    }
}

/// "Ministry of Foreign Affairs" → "foreign ministry", "ministry of
/// defence" → "defence ministry": one label for either order, so that both
/// spellings are one entity.
fn ministry_named_first(body: &str) -> String {
    let lower = body.to_lowercase();
    let Some(domain) = lower.strip_prefix("ministry") else {
        return body.to_string();
    };
    let domain = domain.trim_start().trim_start_matches("of").trim();
    let domain = domain
        .strip_suffix(" affairs")
        .filter(|d| *d == "foreign")
        .unwrap_or(domain);
    format!("{domain} ministry")
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
    use super::{ministry_named_first, title_case, Ontology, StateBodies};

    #[test]
    fn a_ministry_named_by_its_domain_after_it_gets_the_usual_label() {
        assert_eq!(
            ministry_named_first("Ministry of Foreign Affairs"),
            "foreign ministry"
        );
        assert_eq!(
            ministry_named_first("ministry of  defence"),
            "defence ministry"
        );
        assert_eq!(
            ministry_named_first("Ministry of Internal Affairs"),
            "internal affairs ministry"
        );
        assert_eq!(ministry_named_first("embassy"), "embassy");
    }

    #[test]
    fn a_possessive_state_is_no_part_of_its_bodys_name() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology");
        let onto = Ontology::load(&dir).expect("the project's ontology loads");
        let bodies = StateBodies::new(&onto);
        let text = "Belarus' Defense Ministry said so, and the Polish foreign ministry agreed.";
        let spans: Vec<&str> = bodies
            .find(text, |_| None)
            .iter()
            .map(|c| &text[c.start..c.end])
            .collect();
        assert!(spans.contains(&"Defense Ministry"), "{spans:?}");
        assert!(spans.contains(&"Polish foreign ministry"), "{spans:?}");
    }

    #[test]
    fn bodies_are_title_cased() {
        assert_eq!(title_case("foreign  ministry"), "Foreign Ministry");
        assert_eq!(title_case("prosecutor's office"), "Prosecutor's Office");
    }
}
