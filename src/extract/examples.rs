//! Checks every rule against its own examples and counter-examples (as
//! nlprule's rules test themselves): an example must yield its facts from
//! that rule and no other fact from it, a counter-example must yield nothing
//! from it.

use crate::annotate::Annotator;
use crate::extract::Extractor;
use crate::model::{DocResult, Object};
use crate::ontology::Ontology;
use std::collections::BTreeSet;

/// The failures, one line each: `rule id (file:line): what went wrong`.
pub fn check(onto: &Ontology) -> Vec<String> {
    let mut failures = Vec::new();
    let annotator = Annotator::new(onto);
    let required: BTreeSet<&str> = onto
        .lexicon
        .events
        .values()
        .filter_map(|e| e.requires.as_deref())
        .collect();
    for rule in &onto.rules {
        // The rule alone, so that no other rule can supply its facts; with
        // the rules of the relations event kinds require, so that "talks"
        // stay a meeting where someone meets.
        let mut alone = onto.clone();
        alone.rules = onto
            .rules
            .iter()
            .filter(|r| r.id == rule.id || required.contains(r.predicate.as_str()))
            .cloned()
            .collect();
        let extractor = Extractor::new(&alone);
        let extract_text = |_: &str, text: &str, _: &Ontology| -> DocResult {
            let doc = onto
                .cleaner
                .parse("example.txt", text.as_bytes())
                .unwrap_or_default();
            extractor.extract(&annotator.annotate(doc))
        };
        let onto = &alone;
        for ex in &rule.examples {
            let result = extract_text("example.txt", &ex.text, onto);
            let got: Vec<(String, String, String)> = result
                .facts
                .iter()
                .filter(|f| *f.evidence.rule == *rule.id)
                .filter_map(|f| match &f.object {
                    Object::Entity(o) => Some((f.subject.clone(), f.predicate.clone(), o.clone())),
                    Object::Quote(_) => None,
                })
                .collect();
            for want in &ex.expect {
                let (s, p, o) = want;
                let hit = got.iter().any(|g| {
                    g == want || (onto.is_symmetric(p) && g.0 == *o && g.1 == *p && g.2 == *s)
                });
                if !hit {
                    failures.push(format!(
                        "{} ({}): example \"{}\" should give {s} {p} {o}; got {:?}",
                        rule.id, rule.source, ex.text, got
                    ));
                }
            }
            // A fact the example does not list is a false hit of the rule.
            for g in &got {
                let listed = ex.expect.iter().any(|(s, p, o)| {
                    g.1 == *p
                        && ((g.0 == *s && g.2 == *o)
                            || (onto.is_symmetric(p) && g.0 == *o && g.2 == *s))
                });
                if !listed {
                    failures.push(format!(
                        "{} ({}): example \"{}\" gave {} {} {}, which it does not list",
                        rule.id, rule.source, ex.text, g.0, g.1, g.2
                    ));
                }
            }
        }
        for text in &rule.counter_examples {
            let result = extract_text("example.txt", text, onto);
            let fired: Vec<String> = result
                .facts
                .iter()
                .filter(|f| *f.evidence.rule == *rule.id)
                .map(|f| format!("{} {} {:?}", f.subject, f.predicate, f.object))
                .collect();
            if !fired.is_empty() {
                failures.push(format!(
                    "{} ({}): counter-example \"{text}\" gave {fired:?}",
                    rule.id, rule.source
                ));
            }
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn ontology() -> Ontology {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology");
        Ontology::load(&dir).expect("the project's ontology loads")
    }

    /// The project's first rule with an example that gives two facts or more.
    fn rule_with_two_facts(onto: &Ontology) -> (usize, usize) {
        onto.rules
            .iter()
            .enumerate()
            .find_map(|(r, rule)| {
                let e = rule.examples.iter().position(|e| e.expect.len() >= 2)?;
                Some((r, e))
            })
            .expect("some example lists two facts")
    }

    #[test]
    fn a_fact_the_example_does_not_list_fails_it() {
        let mut onto = ontology();
        let (r, e) = rule_with_two_facts(&onto);
        let dropped = onto.rules[r].examples[e].expect.pop().expect("two facts");
        onto.rules = vec![onto.rules[r].clone()];
        let failures = check(&onto);
        assert_eq!(failures.len(), 1, "{failures:?}");
        let (s, p, o) = dropped;
        assert!(
            failures[0].contains(&format!("gave {s} {p} {o}, which it does not list"))
                || failures[0].contains(&format!("gave {o} {p} {s}, which it does not list")),
            "{failures:?}"
        );
    }
}
