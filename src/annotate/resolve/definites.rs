//! The definites pass: "the forum", "the treaty", "the plant" to the last
//! named event, agreement, organisation or place whose names hold that word.

use super::{Cand, Ctx, What};
use crate::model::{Class, MentionKind};
use crate::ontology::gazetteer::Entry;
use crate::ontology::Ontology;
use std::collections::HashMap;

/// Head nouns of gatherings that name one another ("the New Belarus
/// conference … the two-day forum").
const GATHERINGS: [&str; 4] = ["conference", "forum", "congress", "gathering"];

/// Nouns for any organisation: "the group" is the one named last nearby.
const GENERIC_BODIES: [&str; 3] = ["group", "organisation", "organization"];

impl<'o> Ctx<'_, 'o> {
    /// "the forum" → the last named event, agreement or organisation whose
    /// label or aliases contain "forum" as a word.
    pub(super) fn definites(&mut self, later: &[Cand]) {
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
        // Mentions pushed below are nominal, never antecedents.
        let sorted = self.mentions.len();
        // Whether an entity's names hold a word, per word and entity: asked
        // of the same few entities for every phrase (a vector by entity, so
        // each mention looked at costs no hashing).
        let mut named_by: HashMap<String, Vec<Option<bool>>> = HashMap::new();
        let mut found = Vec::new();
        for c in later {
            let What::Definite(word) = &c.what else {
                continue;
            };
            let mut pick = self
                .definite(word, c.start, sorted, &mut named_by)
                .map(|ix| (c.end, ix));
            // "The regiment opposes": a verb in -s read as the noun
            let phrase = &self.text[c.start..c.end];
            let words: Vec<&str> = phrase.split(' ').collect();
            if pick.is_none() && words.len() >= 3 && word.ends_with('s') {
                let noun = words[words.len() - 2];
                let end = c.start + phrase.len() - word.len() - 1;
                pick = self
                    .definite(noun, c.start, sorted, &mut named_by)
                    .map(|ix| (end, ix));
            }
            // "the group", "the organisation": the last one named near
            if pick.is_none() && GENERIC_BODIES.contains(&word.as_str()) {
                pick = self.last_body(c.start, sorted).map(|ix| (c.end, ix));
            }
            if let Some((end, ix)) = pick {
                found.push((c.start, end, ix));
            }
        }
        for (start, end, ix) in found {
            self.push(start, end, ix, MentionKind::Nominal);
        }
        self.mentions.sort_by_key(|m| m.start);
        self.all_sorted();
    }

    /// The entity "the `word`" before `pos` refers to: the last named
    /// event, agreement, organisation or place whose names hold the word,
    /// else the one the gazetteer calls so, else an event anchored nearby.
    fn definite(
        &mut self,
        word: &str,
        pos: usize,
        sorted: usize,
        named_by: &mut HashMap<String, Vec<Option<bool>>>,
    ) -> Option<usize> {
        let heads = self.ann.onto.lexicon.definite_heads.get(word);
        let head = |w: &str| {
            w.eq_ignore_ascii_case(word)
                || heads.is_some_and(|hs| hs.iter().any(|h| ends_with_word(w, h)))
        };
        let has_word = |name: &str| name.split(|ch: char| !ch.is_alphanumeric()).any(head);
        // Only mentions before the phrase, found by binary search over
        // the sorted ones, and at most LOOKBACK of them: a scan of all
        // mentions per phrase made a long article quadratic.
        const LOOKBACK: usize = 2000;
        let entities = self.table.records.len();
        let known = named_by
            .entry(word.to_string())
            .or_insert_with(|| vec![None; entities]);
        let before = self.mentions[..sorted].partition_point(|m| m.start < pos);
        let pick = self.mentions[..before]
            .iter()
            .rev()
            .take(LOOKBACK)
            .filter(|m| m.end <= pos)
            .find(|m| {
                let r = &self.table.records[m.entity];
                // an event named by pattern ("the New Belarus
                // conference") is "the forum" too
                let found_event = m.kind == MentionKind::Pattern && r.class == Class::Event;
                let gathering = found_event
                    && GATHERINGS.contains(&word)
                    && r.label
                        .rsplit(' ')
                        .next()
                        .is_some_and(|h| GATHERINGS.contains(&h.to_lowercase().as_str()));
                // a body found by pattern ("Lithuania's Ministry of
                // Foreign Affairs") is "the ministry" too
                let found_body = m.kind == MentionKind::Pattern && r.class == Class::Organization;
                (m.kind == MentionKind::Name || found_event || found_body)
                    && matches!(
                        r.class,
                        Class::Event | Class::Agreement | Class::Organization | Class::Place
                    )
                    && *known[m.entity].get_or_insert_with(|| {
                        gathering
                            || has_word(&r.label)
                            || self
                                .entry(&r.key)
                                .is_some_and(|e| e.aliases.iter().any(|a| has_word(a)))
                    })
            })
            .map(|m| m.entity);
        match pick {
            Some(ix) => Some(ix),
            None => self
                .called(word, before, LOOKBACK)
                .or_else(|| self.anchored_event(word, pos, sorted)),
        }
    }

    /// The organisation named last (by name or pattern) before `pos`, in
    /// its sentence or the two before.
    fn last_body(&self, pos: usize, sorted: usize) -> Option<usize> {
        let s = self.sentence_of(pos)?;
        let before = self.mentions[..sorted].partition_point(|m| m.start < pos);
        self.mentions[..before]
            .iter()
            .rev()
            .take_while(|m| m.sentence + 2 >= s)
            .find(|m| {
                matches!(m.kind, MentionKind::Name | MentionKind::Pattern)
                    && self.table.records[m.entity].class == Class::Organization
            })
            .map(|m| m.entity)
    }

    /// "the security bloc" → of the entities named in the `lookback`
    /// mentions before index `before` that the gazetteer says a `word` refers
    /// to (`called=bloc`), the one named most, the latest on a tie: the
    /// SCO of an SCO story, not the EU it names once in passing.
    fn called(&self, word: &str, before: usize, lookback: usize) -> Option<usize> {
        if !self.ann.called_nouns.contains(word) {
            return None;
        }
        let mut counts: HashMap<usize, (usize, usize)> = HashMap::new();
        for (i, m) in self.mentions[..before]
            .iter()
            .enumerate()
            .rev()
            .take(lookback)
        {
            if m.kind != MentionKind::Name {
                continue;
            }
            let key = &self.table.records[m.entity].key;
            if self
                .entry(key)
                .is_some_and(|e| e.called.iter().any(|n| n == word))
            {
                let c = counts.entry(m.entity).or_insert((0, i));
                c.0 += 1;
            }
        }
        counts
            .into_iter()
            .max_by_key(|&(_, (n, last))| (n, last))
            .map(|(ix, _)| ix)
    }

    /// "the diversion" in a story that names Ryanair: the gazetteer event
    /// the noun heads (`incident_heads`) whose name holds the name of an
    /// organisation or person named near it ("Ryanair Flight 4978
    /// diversion", "Prigozhin mutiny", "Navalny poisoning").
    fn anchored_event(&mut self, word: &str, at: usize, sorted: usize) -> Option<usize> {
        let keys = self.ann.incident_heads.get(&word.to_lowercase())?;
        let gazetteer = &self.ann.onto.gazetteer;
        // The anchor is near (this sentence or the five before), and the
        // event is no later than the document: "the crisis" of a 2020
        // story is not the border crisis of 2021.
        let sentence = self.sentence_of(at)?;
        let year: Option<u32> = self.year.as_deref().and_then(|y| y.parse().ok());
        let events: Vec<&Entry> = keys
            .iter()
            .filter_map(|k| gazetteer.get(k))
            .filter(|e| match (year, label_year(&e.label)) {
                (Some(doc), Some(ev)) => ev <= doc,
                _ => true,
            })
            .collect();
        let end = self.mentions[..sorted].partition_point(|m| m.sentence <= sentence);
        let event = self.mentions[..end]
            .iter()
            .rev()
            .take_while(|m| m.sentence + 5 >= sentence)
            .filter(|m| m.kind == MentionKind::Name)
            .filter_map(|m| gazetteer.get(&self.table.records[m.entity].key))
            .filter(|a| matches!(a.class(), Class::Organization | Class::Person))
            .find_map(|anchor| {
                events
                    .iter()
                    .copied()
                    .find(|e| names(e).any(|n| names(anchor).any(|a| holds(n, a))))
            })?;
        Some(self.table.add_entry(event))
    }
}

/// Head noun → gazetteer events one of whose names it heads (its last word,
/// or the word before its first preposition: "forced landing of the Ryanair
/// flight"), so "the plane" is no "Ryanair plane diversion". Nouns of the
/// lexicon's event kinds ("the election") are left to the event pass, which
/// tells one year's from another's.
pub(crate) fn incident_heads(onto: &Ontology) -> HashMap<String, Vec<String>> {
    let kind_nouns: Vec<String> = onto
        .lexicon
        .events
        .values()
        .flat_map(|k| &k.nouns)
        .map(|n| n.to_lowercase())
        .collect();
    let mut heads: HashMap<String, Vec<String>> = HashMap::new();
    for e in onto
        .gazetteer
        .entries
        .values()
        .filter(|e| e.class() == Class::Event)
    {
        for name in names(e) {
            let Some(head) = head(name) else { continue };
            if kind_nouns.contains(&head) {
                continue;
            }
            let keys = heads.entry(head).or_default();
            if !keys.contains(&e.key) {
                keys.push(e.key.clone());
            }
        }
    }
    heads
}

fn head(name: &str) -> Option<String> {
    name.split(|ch: char| !ch.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take_while(|w| {
            !matches!(
                *w,
                "of" | "on" | "in" | "at" | "over" | "against" | "between"
            )
        })
        .last()
        .map(str::to_lowercase)
}

/// The year a label names ("2021 Belarus–European Union border crisis"),
/// not a flight number ("Ryanair Flight 4978").
fn label_year(label: &str) -> Option<u32> {
    label
        .split(|ch: char| !ch.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse().ok())
        .find(|y| (1900..2100).contains(y))
}

/// An entry's label and aliases.
fn names(e: &Entry) -> impl Iterator<Item = &str> {
    std::iter::once(e.label.as_str()).chain(e.aliases.iter().map(String::as_str))
}

/// Whether a name holds a phrase as whole words, case folded.
fn holds(name: &str, phrase: &str) -> bool {
    let words = |t: &str| -> Vec<String> {
        t.split(|ch: char| !ch.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (n, p) = (words(name), words(phrase));
    !p.is_empty() && n.windows(p.len()).any(|w| w == p.as_slice())
}

/// Whether `word` is `head` or a compound ending in it ("Sberbank" for
/// "bank"), case folded.
fn ends_with_word(word: &str, head: &str) -> bool {
    let (w, h) = (word.as_bytes(), head.as_bytes());
    w.len() >= h.len() && w[w.len() - h.len()..].eq_ignore_ascii_case(h)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{annotate, annotate_on, refers};

    #[test]
    fn an_incident_is_named_by_its_noun_near_its_anchor() {
        let doc = annotate(
            "A Ryanair jet flying to Vilnius was forced to land in Minsk. \
             The diversion was condemned across Europe.",
        );
        assert_eq!(refers(&doc, "The diversion", 0), ["ryanair_flight_4978"]);
        let doc = annotate("Prigozhin's fighters marched on Moscow. The mutiny ended that night.");
        assert_eq!(refers(&doc, "The mutiny", 0), ["wagner_mutiny"]);
    }

    #[test]
    fn an_incident_needs_its_anchor_and_its_time() {
        // No Ryanair in the story: a diversion of anything else.
        let doc = annotate("Lithuania agreed to the diversion of the river.");
        assert!(refers(&doc, "the diversion", 0).is_empty());
        // The border crisis of 2021 is no crisis of a 2020 story.
        let doc = annotate_on(
            "European Union leaders met in Brussels. They discussed the crisis.",
            "2020-08-10",
        );
        assert!(refers(&doc, "the crisis", 0).is_empty());
        // "the plane" is no head of "Ryanair plane diversion".
        let doc = annotate("A Ryanair jet was diverted. The plane landed in Minsk.");
        assert!(refers(&doc, "The plane", 0).is_empty());
    }

    #[test]
    fn the_forum_is_the_named_forum_before_it() {
        let doc = annotate(
            "Putin opened the Forum of Regions in Minsk. Governors from both \
             countries spoke at the forum.",
        );
        let forum = refers(&doc, "Forum of Regions", 0);
        assert!(forum[0].starts_with("forum_of_regions"), "{forum:?}");
        assert_eq!(refers(&doc, "the forum", 0), forum);
    }

    #[test]
    fn a_verb_after_the_noun_is_not_its_head() {
        let doc = annotate(
            "The Belarusian Defence Ministry announced the news. The ministry said \
             crews had completed training.",
        );
        assert_eq!(
            refers(&doc, "The ministry", 0),
            ["belarusian_defence_ministry"]
        );
    }

    #[test]
    fn the_bloc_is_the_bloc_the_story_names_most() {
        let doc = annotate(
            "Belarus joined the SCO. The SCO summit met in Astana. Poland, a NATO and \
             EU member, objected. Leaders of the security bloc approved it.",
        );
        assert_eq!(refers(&doc, "the security bloc", 0), ["sco"]);
    }

    #[test]
    fn a_body_is_referred_to_by_its_head_or_a_noun_for_it() {
        let doc = annotate(
            "Lithuania's Ministry of Foreign Affairs condemned the verdict. The \
             ministry said more. The US Embassy in Vilnius also reacted. The \
             diplomats wrote that he was innocent. Sberbank cut its rates. The \
             lender said so.",
        );
        let ministry = refers(&doc, "Ministry of Foreign Affairs", 0);
        assert!(!ministry.is_empty());
        assert_eq!(refers(&doc, "The ministry", 0), ministry);
        let embassy = refers(&doc, "US Embassy in Vilnius", 0);
        assert!(!embassy.is_empty());
        assert_eq!(refers(&doc, "The diplomats", 0), embassy);
        // a compound ending in the head noun: "Sberbank" is "the lender"
        assert_eq!(refers(&doc, "The lender", 0), ["sberbank"]);
        // no bank named before: "the lender" is nobody
        let doc = annotate("The lender said so. Putin spoke.");
        assert!(refers(&doc, "The lender", 0).is_empty());
    }

    #[test]
    fn the_group_is_the_organisation_named_last_and_a_verb_in_s_no_noun() {
        let doc = annotate(
            "The Belarusian Cyber Partisans hacked the railway network. The group \
             said it opposed Lukashenko. The Kalinouski Regiment fights in Ukraine. \
             The regiment opposes Russia.",
        );
        assert_eq!(refers(&doc, "The group", 0), ["cyber_partisans"]);
        assert_eq!(refers(&doc, "The regiment", 0), ["kalinouski_regiment"]);
        // no organisation named in reach: nobody
        let doc = annotate("Lukashenko spoke. The group said nothing.");
        assert!(refers(&doc, "The group", 0).is_empty());
    }
}
