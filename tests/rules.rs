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

/// Facts (subject, predicate, object key) that `text` gives.
fn facts(text: &str) -> Vec<(String, String, String)> {
    let onto = Ontology::load(Path::new("ontology")).expect("ontology loads");
    kg::pipeline::extract_text("t.txt", text, &onto)
        .facts
        .into_iter()
        .filter_map(|f| match f.object {
            kg::model::Object::Entity(o) => Some((f.subject, f.predicate, o)),
            kg::model::Object::Quote(_) => None,
        })
        .collect()
}

#[test]
fn a_capitalised_cue_word_inside_a_sentence_is_a_name_not_a_hedge() {
    let met = |text: &str| {
        facts(text)
            .iter()
            .any(|(s, p, o)| p == "meetsWith" && [s, o].contains(&&"putin".to_string()))
    };
    assert!(met("Since May, Lukashenko has met Putin three times."));
    assert!(met("On May 9, Lukashenko met Putin in Moscow."));
    assert!(!met("Lukashenko may meet Putin in Sochi next week."));
    assert!(!met("May Lukashenko meet Putin? Nobody knows."));
}

#[test]
fn a_name_spelled_in_another_case_than_its_twin_is_found() {
    let onto = Ontology::load(Path::new("ontology")).expect("ontology loads");
    let doc = onto
        .cleaner
        .parse(
            "t.txt",
            "Nato and NATO, Tass and TASS reported it.".as_bytes(),
        )
        .expect("parses");
    let annotated = kg::annotate::Annotator::new(&onto).annotate(doc);
    let keys: Vec<&str> = annotated
        .mentions
        .iter()
        .map(|m| annotated.entities[m.entity].key.as_str())
        .collect();
    assert_eq!(keys, ["nato", "nato", "tass", "tass"]);
}
