//! Event aliases: an event is listed under the words the article named it
//! with, its modifiers included ("tense talks"), never with a verb or a
//! determiner in front.

use kg::model::Class;
use kg::ontology::Ontology;
use std::path::Path;

fn event_aliases(text: &str) -> Vec<Vec<String>> {
    let onto = Ontology::load(Path::new("ontology")).expect("ontology loads");
    kg::pipeline::extract_text("t.txt", text, &onto)
        .entities
        .into_iter()
        .filter(|s| s.entity.class == Class::Event)
        .map(|s| s.aliases)
        .collect()
}

fn has(text: &str, alias: &str) -> bool {
    event_aliases(text).iter().flatten().any(|a| a == alias)
}

#[test]
fn an_event_keeps_the_adjectives_written_before_it() {
    let text = "Date: 2022-02-10\n\nTruss met Lavrov for tense talks in Moscow on Thursday.";
    assert!(has(text, "tense talks"), "{:?}", event_aliases(text));
    let text = "Date: 2021-02-22\n\nPutin and Lukashenko held face-to-face talks in Sochi.";
    assert!(has(text, "face-to-face talks"), "{:?}", event_aliases(text));
}

#[test]
fn a_participle_counts_only_after_a_determiner() {
    let text = "Date: 2020-09-01\n\nThousands protested against the botched election in Belarus.";
    assert!(has(text, "botched election"), "{:?}", event_aliases(text));
    let text = "Date: 2022-02-10\n\nRussia and Belarus launched exercises near the border.";
    let found = event_aliases(text);
    assert!(
        found.iter().flatten().all(|a| !a.contains("launched")),
        "{found:?}"
    );
}

#[test]
fn verbs_and_determiners_stay_out_of_an_alias() {
    let text = "Date: 2024-01-29\n\nPutin and Lukashenko held talks in St. Petersburg on Monday.";
    let found = event_aliases(text);
    assert!(found.iter().flatten().any(|a| a == "talks"), "{found:?}");
    assert!(
        found
            .iter()
            .flatten()
            .all(|a| !a.starts_with("held") && !a.starts_with("the")),
        "{found:?}"
    );
}

#[test]
fn a_measure_and_a_target_join_the_noun() {
    let text =
        "Date: 2022-02-07\n\nMacron held more than five hours of talks with Putin in Moscow.";
    assert!(
        has(text, "five hours of talks"),
        "{:?}",
        event_aliases(text)
    );
    let onto = Ontology::load(Path::new("ontology")).expect("ontology loads");
    let text = "The EU imposed sectoral sanctions on Belarus after the vote.";
    let sanctions: Vec<String> = kg::pipeline::extract_text("t.txt", text, &onto)
        .entities
        .into_iter()
        .filter(|s| s.entity.class == Class::Sanctions)
        .flat_map(|s| s.aliases)
        .collect();
    assert!(
        sanctions
            .iter()
            .any(|a| a == "sectoral sanctions on Belarus"),
        "{sanctions:?}"
    );
}

#[test]
fn a_sanctions_regime_is_a_sanctions_measure_not_a_government() {
    let onto = Ontology::load(Path::new("ontology")).expect("ontology loads");
    let text = "Date: 2021-11-17\n\nEU ambassadors agreed to broaden the bloc's sanctions regime against Belarus.";
    let result = kg::pipeline::extract_text("t.txt", text, &onto);
    let sanctions: Vec<&String> = result
        .entities
        .iter()
        .filter(|s| s.entity.class == Class::Sanctions)
        .flat_map(|s| &s.aliases)
        .collect();
    assert!(
        sanctions.iter().any(|a| a.contains("sanctions regime")),
        "{sanctions:?}"
    );
    assert!(result
        .facts
        .iter()
        .any(|f| f.subject == "eu" && f.predicate == "imposesSanctionsOn"));
}
