//! Every rule of `ontology/rules/` against its own examples and
//! counter-examples, through the whole annotate → extract pipeline.

use kg::ontology::Ontology;
use std::path::Path;

#[test]
fn every_rule_passes_its_examples() {
    let onto = Ontology::load(Path::new("ontology")).expect("ontology loads");
    let failures = kg::extract::examples::check(&onto);
    assert!(
        failures.is_empty(),
        "{} rule example failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_an_example() {
    let onto = Ontology::load(Path::new("ontology")).expect("ontology loads");
    let bare: Vec<&str> = onto
        .rules
        .iter()
        .filter(|r| r.examples.is_empty())
        .map(|r| r.id.as_str())
        .collect();
    assert!(bare.is_empty(), "rules without examples: {bare:?}");
}

#[test]
fn the_gazetteer_has_no_lint_problems() {
    let onto = Ontology::load(Path::new("ontology")).expect("ontology loads");
    let (problems, _notes) = kg::ontology::lint::gazetteer(&onto).expect("gazetteer reads");
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(lines.is_empty(), "{}", lines.join("\n"));
}
