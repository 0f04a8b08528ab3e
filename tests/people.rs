//! People the gazetteer lacks: the spellings of one person become one
//! entity, namesakes stay apart, and descriptions never become aliases.

use kg::model::{Class, EntitySeen};
use kg::ontology::Ontology;
use std::path::Path;

fn entities(text: &str) -> Vec<EntitySeen> {
    let onto = Ontology::load(Path::new("ontology")).expect("ontology loads");
    kg::pipeline::extract_text("t.txt", text, &onto).entities
}

fn people(text: &str) -> Vec<(String, Vec<String>)> {
    entities(text)
        .into_iter()
        .filter(|s| s.entity.class == Class::Person)
        .map(|s| (s.entity.key, s.aliases))
        .collect()
}

#[test]
fn two_spellings_of_a_given_name_are_one_person() {
    let found = people(
        "Sviatlana Ivanova, a teacher from Brest, was detained on Monday. \
         Svetlana Ivanova had joined the protests in August.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "svetlana_ivanova");
    assert_eq!(found[0].1, ["Svetlana Ivanova", "Sviatlana Ivanova"]);
}

#[test]
fn belarusian_and_russian_spellings_across_documents_share_a_key() {
    let a = people("Aliaksandr Kavalenka was sentenced to three years.");
    let b = people("The court sentenced Alexander Kavalenka to three years.");
    assert_eq!(a[0].0, "alexander_kavalenka");
    assert_eq!(a[0].0, b[0].0);
}

#[test]
fn a_misspelt_long_surname_is_the_same_person() {
    let found = people(
        "Yury Hrabovsky, a lawyer, was arrested in Gomel. Relatives said \
         Yury Hrabousky had been held for a week. Yuri Hrabovsky denies the charges.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "yuri_hrabovsky");
}

#[test]
fn namesakes_with_other_given_names_or_initials_stay_apart() {
    let found = people(
        "Sergei Petrenko, an activist, was fined. His sister Svetlana Petrenko \
         left for Vilnius. Oleg A. Morozov spoke; Oleg B. Morozov did not.",
    );
    let keys: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(
        keys,
        [
            "oleg_a_morozov",
            "oleg_b_morozov",
            "sergei_petrenko",
            "svetlana_petrenko"
        ]
    );
}

#[test]
fn a_variant_spelling_of_a_gazetteer_person_is_that_person() {
    let found = people("Aleksandr Lukashenka said Siarhei Lavrov would visit Minsk.");
    let keys: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(keys, ["lavrov", "lukashenko"]);
}

#[test]
fn descriptions_are_not_aliases() {
    let seen = entities(
        "The Belarusian regime rejected the claims. The Belarusian government \
         summoned the envoy, and the Russian authorities stayed silent.",
    );
    for s in &seen {
        for alias in &s.aliases {
            let lower = alias.to_lowercase();
            assert!(
                !["regime", "government", "authorities"]
                    .iter()
                    .any(|w| lower.contains(w)),
                "{} has alias {alias}",
                s.entity.key
            );
        }
    }
    assert!(seen.iter().any(|s| s.entity.key == "belarus"), "{seen:?}");
}

#[test]
fn gazetteer_names_with_such_words_stay_aliases() {
    let seen = entities("The Russian Foreign Ministry said talks would resume.");
    let ministry = seen
        .iter()
        .find(|s| s.entity.key == "russian_foreign_ministry")
        .expect("the ministry is found");
    assert_eq!(ministry.aliases, ["Russian Foreign Ministry"]);
}

/// Entity keys of every entity `text` names.
fn keys(text: &str) -> Vec<String> {
    entities(text).into_iter().map(|s| s.entity.key).collect()
}

#[test]
fn belarusian_and_russian_spellings_of_known_people_are_one_entity() {
    for (a, b, key) in [
        ("Pavel Latushka", "Latushko", "latushka"),
        ("Maria Kolesnikova", "Kalesnikava", "kalesnikava"),
        ("Ales Bialiatski", "Belyatsky", "bialiatski"),
        ("Raman Pratasevich", "Protasevich", "protasevich"),
        ("Viktar Babaryka", "Babariko", "babaryka"),
        ("Lidziya Yarmoshyna", "Yermoshina", "yermoshina"),
        ("Hanna Kanapatskaya", "Kanopatskaya", "kanapatskaya"),
    ] {
        let found = people(&format!("{a} spoke in Vilnius on Monday. Later {b} left."));
        let keys: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(keys, [key], "{a} / {b}: {found:?}");
    }
}

#[test]
fn officials_and_bodies_of_the_region_are_known() {
    let found = keys(
        "Irish Prime Minister Micheál Martin and Canadian Foreign Minister \
         Mélanie Joly met in Ottawa. BelTA said the State Border Committee of \
         Belarus had closed the Kozlovichi crossing, and the ICAO and the OSCE \
         asked Minsk to explain. Prosecutor General Andrei Shved declined to comment.",
    );
    for key in [
        "micheal_martin",
        "joly",
        "belta",
        "belarusian_border_committee",
        "kozlovichi",
        "icao",
        "osce",
        "shved",
    ] {
        assert!(found.iter().any(|k| k == key), "{key} not in {found:?}");
    }
}

#[test]
fn names_with_diacritics_are_found_whole() {
    let found = people(
        "Lithuanian Interior Minister Agnė Bilotaitė said the crossings would close. \
         Žygimantas Vaičiūnas agreed, and Prime Minister Ingrida Šimonytė spoke later.",
    );
    let names: Vec<&str> = found
        .iter()
        .flat_map(|(_, a)| a.iter().map(String::as_str))
        .collect();
    for whole in ["Agnė Bilotaitė", "Žygimantas Vaičiūnas"] {
        assert!(names.contains(&whole), "{whole} in {names:?}");
    }
    // never a name cut before its last letter
    assert!(!names.iter().any(|n| n.ends_with("Bilotait")), "{names:?}");
}

#[test]
fn a_name_running_on_into_a_capital_is_no_name() {
    let found = people("Ronald McDonald opened a restaurant in Minsk.");
    assert!(!found.iter().any(|(k, _)| k == "ronald_mc"), "{found:?}");
}

#[test]
fn a_name_in_apposition_to_a_possessed_kin_or_role_noun_is_a_person() {
    let found = people(
        "His wife, Natallia Pinchuk, told reporters he would not ask for a pardon. \
         The Nobel Committee responded. Its chair, Berit Reiss-Andersen, said the \
         verdict was tragic.",
    );
    let names: Vec<&str> = found
        .iter()
        .flat_map(|(_, a)| a.iter().map(String::as_str))
        .collect();
    assert!(names.contains(&"Natallia Pinchuk"), "{names:?}");
    assert!(names.contains(&"Berit Reiss-Andersen"), "{names:?}");
    // not a place or an organisation after a role noun
    let found = people("Its head, New York, was named in the report.");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_name_apposed_to_a_possessed_title_is_a_person() {
    for text in [
        "Ukraine's acting sports minister, Matvii Bidnyi, said the medals would be exploited.",
        "The ministry's new spokesman, Oresto Kalvinas, declined to comment.",
    ] {
        let found = people(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
    }
    // a title and a comma before a capitalised word that is no name
    assert!(people("Ukraine's sports minister, Kyiv said, would resign.").is_empty());
}

#[test]
fn a_speaker_who_gives_one_name_or_a_call_sign_is_a_person() {
    for (text, key) in [
        (
            "“My brother is in prison,” said Volha, a 34-year-old from Hrodna.",
            "volha",
        ),
        (
            "``I care about what my children eat,'' said Natalia, a 41-year-old accountant.",
            "natalia",
        ),
        (
            "One fighter, who gave only his call sign, Lis, said the war was long.",
            "lis",
        ),
    ] {
        let found = people(text);
        assert!(found.iter().any(|(k, _)| k == key), "{text}: {found:?}");
    }
    // a word that names something else is no one
    assert!(people("“We will win,” said Minsk, a city of two million.").is_empty());
}

#[test]
fn a_name_before_an_organisation_descriptor_is_an_organisation() {
    let found = entities("Trade fell, according to Belstat, the Belarusian statistics agency.");
    assert!(
        found
            .iter()
            .any(|s| s.entity.label == "Belstat" && s.entity.class == Class::Organization),
        "{found:?}"
    );
    // a person's name before a descriptor stays a person's
    let found = entities("Ivan Petrov, a veteran of the company, spoke.");
    assert!(
        !found.iter().any(|s| s.entity.class == Class::Organization),
        "{found:?}"
    );
}
