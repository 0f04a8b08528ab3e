//! Checks every rule against its own examples and counter-examples (as
//! nlprule's rules test themselves): an example must yield its facts from
//! that rule, a counter-example must yield nothing from it.

use crate::annotate::Annotator;
use crate::extract::Extractor;
use crate::model::{DocResult, Object};
use crate::ontology::Ontology;

/// The failures, one line each: `rule id (file:line): what went wrong`.
pub fn check(onto: &Ontology) -> Vec<String> {
    let mut failures = Vec::new();
    let annotator = Annotator::new(onto);
    for rule in &onto.rules {
        // The rule alone, so that no other rule can supply its facts.
        let mut alone = onto.clone();
        alone.rules = vec![rule.clone()];
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
