//! The names pass: gazetteer names and adjectives, capitals read as their
//! city or their state, names found by pattern and their later surname-only
//! mentions, and the titles written right before people's names.

use super::{Cand, Ctx, What};
use crate::iri::slug;
use crate::model::{Class, EntityRecord, MentionKind};
use crate::ontology::gazetteer::Entry;

impl<'o> Ctx<'_, 'o> {
    /// Names, adjectives and new names; false for candidates resolved later.
    pub(super) fn name(&mut self, c: &Cand) -> bool {
        match &c.what {
            What::Name(key) => {
                // The gazetteer outlives `self`: no entry is cloned per mention.
                let gazetteer = &self.ann.onto.gazetteer;
                let Some(e) = gazetteer.get(key) else {
                    return true;
                };
                if let Some(country) = self.capital_of(&e.key) {
                    if !self.reads_as_city(c.start, c.end) {
                        let ix = self.table.add_entry(country);
                        self.push(c.start, c.end, ix, MentionKind::Metonym);
                        return true;
                    }
                }
                // "Germany's Foreign Office" is no British body: a state
                // body named after another state's possessive or adjective
                // is that state's, an entity of its own.
                if self.other_states_body(e, c.start, c.end) {
                    let label = self.text[c.start..c.end].to_string();
                    self.new_entity(c, label, Class::Organization);
                    return true;
                }
                let ix = match self.year_of_series(e, c.start, c.end) {
                    Some(year) => self.table.add(EntityRecord {
                        key: format!("{}_{year}", e.key),
                        label: format!("{} {year}", e.label),
                        class: Class::Event,
                        wikidata: None,
                    }),
                    None => self.table.add_entry(e),
                };
                self.push(c.start, c.end, ix, MentionKind::Name);
            }
            What::Adjective(key) => {
                let Some(e) = self.ann.onto.gazetteer.get(key) else {
                    return true;
                };
                // "Every Belarusian who stands with Ukraine", "each Pole":
                // a person, no state.
                let after = &self.text[c.end..];
                let before = self.text[..c.start].trim_end();
                let determiner = before
                    .rsplit(|ch: char| !ch.is_alphabetic())
                    .next()
                    .is_some_and(|w| matches!(w, "Every" | "every" | "Each" | "each"));
                let person =
                    after.starts_with(" who ") || after.starts_with(", who ") || determiner;
                if person {
                    return true;
                }
                let ix = self.table.add_entry(e);
                self.push(c.start, c.end, ix, MentionKind::Adjective);
            }
            What::New(class) => {
                let label = self.text[c.start..c.end]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                self.new_entity(c, label, *class);
            }
            What::Body(label) => self.new_entity(c, label.clone(), Class::Organization),
            _ => return false,
        }
        true
    }

    pub(super) fn new_entity(&mut self, c: &Cand, label: String, class: Class) {
        let ix = self.table.add(EntityRecord {
            key: slug(&label),
            label,
            class,
            wikidata: None,
        });
        self.push(c.start, c.end, ix, MentionKind::Pattern);
    }

    /// Whether a state body of one country (gazetteer `in=`, a name with a
    /// word of the lexicon's `state_body`) is named right after another
    /// country's possessive or adjective.
    fn other_states_body(&self, e: &Entry, start: usize, end: usize) -> bool {
        let Some(home) = e.within.as_deref() else {
            return false;
        };
        let name = self.text[start..end].to_lowercase();
        let lex = &self.ann.onto.lexicon;
        if !lex
            .words("state_body")
            .iter()
            .any(|w| name.contains(w.as_str()))
        {
            return false;
        }
        let before = self.text[..start].trim_end();
        let word = before
            .rsplit(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .next()
            .unwrap_or("");
        let word = word.trim_end_matches("'s").trim_end_matches("’s");
        let word = word.trim_end_matches(['\'', '’']);
        self.ann.lookup(word).is_some_and(|k| {
            k != home && self.entry(&k).is_some_and(|c| c.class() == Class::Country)
        })
    }

    /// The year of a yearly series' event a mention ending at `end` names:
    /// written before or right after it, or later in its clause ("The 11th
    /// Forum of Regions will take place in Vitebsk in 2024"), else the
    /// article's year. None for other entries.
    fn year_of_series(&self, e: &Entry, start: usize, end: usize) -> Option<String> {
        if !e.yearly {
            return None;
        }
        let clause_end = self.text[end..]
            .find(['.', ',', ';', '!', '?'])
            .map_or(self.text.len(), |i| end + i);
        let later = crate::calendar::first_year(&self.text[end..clause_end]).map(str::to_string);
        self.year_near(start, end)
            .or(later)
            .or_else(|| self.year.clone())
    }

    /// The country whose capital `key` is, if any.
    pub(super) fn capital_of(&self, key: &str) -> Option<&'o Entry> {
        let country = self.ann.capitals.get(key)?;
        self.ann.onto.gazetteer.get(country)
    }

    /// A capital names the city after place prepositions and motion verbs
    /// ("in Minsk", "visited Minsk"), or before a place noun ("Minsk's main
    /// street"); elsewhere it stands for the state ("Moscow aims to …").
    fn reads_as_city(&self, start: usize, end: usize) -> bool {
        let lex = &self.ann.onto.lexicon;
        // Only the words next to the name matter: lowercasing all the text
        // on either side made every capital a full scan (quadratic).
        const WINDOW: usize = 200;
        let before_all = self.text[..start].trim_end();
        let mut from = before_all.len().saturating_sub(WINDOW);
        while !before_all.is_char_boundary(from) {
            from -= 1;
        }
        let before = before_all[from..].to_lowercase();
        let after_all = self.text[end..]
            .trim_start_matches(['\'', '’', 's'])
            .trim_start();
        let mut to = WINDOW.min(after_all.len());
        while !after_all.is_char_boundary(to) {
            to += 1;
        }
        let after = after_all[..to].to_lowercase();
        // "diverted to Kaunas and Riga": the cue before the first of two
        // coordinated names holds for the second.
        let first = before
            .strip_suffix(" and")
            .or_else(|| before.strip_suffix(" or"))
            .and_then(|b| b.rsplit_once(' '))
            .filter(|(_, name)| name.chars().all(|c| c.is_alphabetic() || c == '-'))
            .map(|(head, _)| head);
        let cue_before = |before: &str| {
            lex.cues("city_before").iter().any(|w| {
                // `ends_with(" {w}")` without a string per cue and capital
                let spaced = before
                    .strip_suffix(w.as_str())
                    .is_some_and(|head| head.ends_with(char::is_whitespace));
                spaced || (from == 0 && before == *w)
            })
        };
        // "a loan from Moscow", "pressure from Minsk": the state, whatever
        // the preposition says.
        let state_cue = lex.cues("state_before").iter().any(|w| {
            before
                .strip_suffix(w.as_str())
                .is_some_and(|head| head.is_empty() || head.ends_with(char::is_whitespace))
        });
        // "Vilnius, the Lithuanian capital, has become …": an apposition
        // says it is the city.
        let apposed = after.strip_prefix(", ").is_some_and(|a| {
            a.split([' ', ','])
                .take(4)
                .any(|w| matches!(w, "capital" | "city" | "town" | "port"))
        });
        apposed
            || !state_cue && (cue_before(&before) || first.is_some_and(cue_before))
            || lex
                .cues("city_after")
                .iter()
                .any(|w| after.starts_with(w.as_str()))
    }

    /// Surname-only mentions of people named in full before: found by
    /// pattern ("Kalachev"), or gazetteer people whose entry lacks the
    /// surname alone ("Ms Andreyeva" after "Katsiaryna Andreyeva"). A
    /// surname two people of the document share names neither.
    pub(super) fn surnames(&mut self, later: &[Cand]) {
        let mut people: Vec<(String, usize)> = self
            .table
            .records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.class == Class::Person)
            .filter_map(|(i, r)| {
                r.label
                    .split_whitespace()
                    .last()
                    .filter(|s| s.len() > 2)
                    .map(|s| (s.to_string(), i))
            })
            .collect();
        people.sort();
        let shared: Vec<String> = people
            .windows(2)
            .filter(|w| w[0].0 == w[1].0)
            .map(|w| w[0].0.clone())
            .collect();
        people.retain(|(s, _)| !shared.contains(s));
        for (surname, ix) in people {
            let found: Vec<(usize, usize)> = self
                .text
                .match_indices(surname.as_str())
                .map(|(s, w)| (s, s + w.len()))
                .filter(|&(s, e)| word_bounded(self.text, s, e))
                .collect();
            for (s, e) in found {
                let taken = self.mentions.iter().any(|m| s < m.end && m.start < e)
                    || later.iter().any(|c| {
                        s < c.end
                            && c.start < e
                            && !matches!(c.what, What::Pronoun { .. } | What::Neuter { .. })
                    });
                if !taken {
                    self.push(s, e, ix, MentionKind::Name);
                }
            }
        }
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
    }

    /// Records "Russian Economy Minister Maxim Oreshkin": (title, country)
    /// for the person, so that "Russia's economy minister" finds him.
    pub(super) fn observe_titles(&mut self) {
        let titles: Vec<String> = self
            .ann
            .onto
            .lexicon
            .titles
            .values()
            .flatten()
            .map(|t| t.to_lowercase())
            .collect();
        let mut found = Vec::new();
        for pair in self.mentions.windows(2) {
            let (prev, m) = (&pair[0], &pair[1]);
            let rec = &self.table.records[m.entity];
            if rec.class != Class::Person || prev.sentence != m.sentence {
                continue;
            }
            let between = self.text[prev.end..m.start]
                .trim()
                .trim_start_matches(['\'', '’', 's'])
                .trim()
                .to_lowercase();
            let country = &self.table.records[prev.entity];
            if !matches!(country.class, Class::Country | Class::Organization) {
                continue;
            }
            if let Some(t) = titles
                .iter()
                .filter(|t| between.ends_with(t.as_str()))
                .max_by_key(|t| t.len())
            {
                found.push((rec.key.clone(), t.clone(), country.key.clone()));
            }
        }
        for (person, title, country) in found {
            self.titles
                .entry(person)
                .or_default()
                .push((title, Some(country)));
        }
    }
}

/// Whether `text[start..end]` has no ASCII word character on either side
/// (the `(?-u:\b)` test, without a regex per name).
fn word_bounded(text: &str, start: usize, end: usize) -> bool {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let bytes = text.as_bytes();
    let before = start > 0 && word(&bytes[start - 1]);
    !before && !bytes.get(end).is_some_and(word)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{annotate, refers};

    #[test]
    fn another_states_body_is_no_body_of_the_gazetteers_state() {
        let doc =
            annotate("Germany's Foreign Office warned Germans. Britain's Foreign Office agreed.");
        assert_eq!(refers(&doc, "Foreign Office", 0), ["foreign_office"]);
        assert_eq!(
            refers(&doc, "Foreign Office", 1),
            ["british_foreign_office"]
        );
    }

    #[test]
    fn a_capital_is_its_state_unless_read_as_a_place() {
        let doc = annotate("Moscow aims to gain influence. Lukashenko flew to Moscow.");
        assert_eq!(refers(&doc, "Moscow", 0), ["russia"]);
        assert_eq!(refers(&doc, "Moscow", 1), ["moscow"]);
        // the place cue before the first of two names holds for the second
        let doc = annotate("Flights were diverted to Kaunas and Riga. Vilnius and Riga agreed.");
        assert_eq!(refers(&doc, "Riga", 0), ["riga"]);
        assert_eq!(refers(&doc, "Riga", 1), ["latvia"]);
        // a loan or pressure from a capital is the state's
        let doc =
            annotate("Lukashenko flew from Moscow. The plant was built with a loan from Moscow.");
        assert_eq!(refers(&doc, "Moscow", 0), ["moscow"]);
        assert_eq!(refers(&doc, "Moscow", 1), ["russia"]);
        // a paragraph that opens "In Minsk," and an apposition name the city
        let doc = annotate(
            "Talks ended.\n\nIn Minsk, officials spoke. Vilnius, the Lithuanian capital, is calm.",
        );
        assert_eq!(refers(&doc, "Minsk", 0), ["minsk"]);
        assert_eq!(refers(&doc, "Vilnius", 0), ["vilnius"]);
        // an organisation's seat stands for it when it acts
        let doc = annotate("Brussels adopted new sanctions against Russia.");
        assert_eq!(refers(&doc, "Brussels", 0), ["eu"]);
    }

    #[test]
    fn a_military_move_or_a_trip_names_the_city_a_political_turn_the_state() {
        let doc = annotate(
            "Russia launched an assault on Kyiv. Troops fought their way toward Kyiv. \
             She will travel next to Ottawa. Minsk made a turn toward Moscow.",
        );
        assert_eq!(refers(&doc, "Kyiv", 0), ["kyiv"]);
        assert_eq!(refers(&doc, "Kyiv", 1), ["kyiv"]);
        assert_eq!(refers(&doc, "Ottawa", 0), ["ottawa"]);
        assert_eq!(refers(&doc, "Moscow", 0), ["russia"]);
    }

    #[test]
    fn a_name_the_given_names_lack_is_a_person_by_its_apposition() {
        let doc = annotate("Liu Qian, a Eurasia researcher at Fudan University, said so.");
        assert_eq!(refers(&doc, "Liu Qian", 0), ["liu_qian"]);
        // a place before an apposition stays a place
        let doc = annotate("Eastern Europe, a region analysts watch, waited.");
        assert_eq!(refers(&doc, "Eastern Europe", 0), ["eastern_europe"]);
    }

    #[test]
    fn a_demonym_used_as_a_noun_names_no_state() {
        let doc = annotate(
            "Every Belarusian who stands with Ukraine helps. Lukashenko met Belarusian officials.",
        );
        assert!(refers(&doc, "Belarusian", 0).is_empty());
        assert_eq!(refers(&doc, "Belarusian", 1), ["belarus"]);
    }

    #[test]
    fn a_role_in_apposition_naming_an_entity_leaves_the_name_its_mention() {
        let doc = annotate("Among them was Dmitry Utkin, the Wagner commander who named it.");
        assert_eq!(refers(&doc, "Wagner", 0), ["wagner_group"]);
        // a role opening the main clause after an apposition stays a role
        let doc = annotate(
            "Putin spoke. Speaking to the head of Donetsk, Denis Pushilin, the Russian \
             president called Prigozhin a man with a difficult fate.",
        );
        assert_eq!(refers(&doc, "the Russian president", 0), ["putin"]);
    }

    #[test]
    fn a_gazetteer_person_is_found_again_by_a_surname_the_entry_lacks() {
        let doc = annotate("Katsiaryna Andreyeva was tried. Ms Andreyeva denied it.");
        assert_eq!(refers(&doc, "Andreyeva", 1), ["andreyeva"]);
        // a surname two people of the document share names neither
        let doc = annotate("Pavel Dorokhin spoke. Ivan Dorokhin agreed. Dorokhin left.");
        assert!(refers(&doc, "Dorokhin", 2).is_empty());
    }

    #[test]
    fn a_yearly_series_is_named_by_the_year_of_each_mention() {
        let doc = super::super::testing::annotate_on(
            "The 10th Forum of Regions of Belarus and Russia opened in Ufa. \
             The 11th Forum of Regions will take place in Vitebsk in 2024.",
            "2023-06-30",
        );
        let first = "Forum of Regions of Belarus and Russia";
        assert_eq!(refers(&doc, first, 0), ["forum_of_regions_2023"]);
        assert_eq!(
            refers(&doc, "Forum of Regions", 1),
            ["forum_of_regions_2024"]
        );
    }

    #[test]
    fn a_new_name_is_found_again_by_its_surname() {
        let doc = annotate("Analyst Pavel Dorokhin spoke. Dorokhin expects more protests.");
        assert_eq!(refers(&doc, "Dorokhin", 1), ["pavel_dorokhin"]);
    }

    #[test]
    fn an_event_the_gazetteer_lacks_is_found_by_its_name() {
        let doc = annotate(
            "NATO announced Eastern Sentry, an operation to guard its flank. The troops \
             held drills code-named \"Iron Wolf\". Exiles met at the annual New Belarus \
             conference. Budrys addressed the two-day forum.",
        );
        assert_eq!(refers(&doc, "Eastern Sentry", 0), ["eastern_sentry"]);
        assert_eq!(refers(&doc, "Iron Wolf", 0), ["iron_wolf"]);
        assert_eq!(
            refers(&doc, "New Belarus conference", 0),
            ["new_belarus_conference"]
        );
        assert_eq!(
            refers(&doc, "the two-day forum", 0),
            ["new_belarus_conference"]
        );
        // a date, a state's adjective or a known name opens no event's name
        let doc = annotate(
            "The June summit ended. The Russian exercises ended. Putin called Lukashenko.",
        );
        assert!(refers(&doc, "June summit", 0).is_empty());
        assert!(refers(&doc, "Russian exercises", 0).is_empty());
        // "called" names an event only after an event noun
        let doc = annotate("A man called Ivan Petrov said the Minsk talks failed.");
        assert!(!doc
            .entities
            .iter()
            .any(|e| e.class == crate::model::Class::Event && e.key == "ivan_petrov"));
    }
}
