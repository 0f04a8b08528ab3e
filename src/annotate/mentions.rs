//! Finding mention candidates: gazetteer names in one trie pass,
//! name patterns for people and organisations the gazetteer lacks, event,
//! group and sanctions nouns, role phrases and pronouns. Overlaps are settled
//! by one policy: the longest span wins, then the earlier source in that list.

use super::cand::{name_words, Cand, What};
use super::trie::NameTrie;
use crate::model::{Class, Sentence};
use crate::ontology::rules::alternation;
use crate::ontology::Ontology;
use regex::Regex;

/// What a gazetteer pattern stands for.
#[derive(Debug, Clone)]
enum Target {
    Name(String),
    Adjective(String),
    /// A demonym ("Belarusians"): a people, not an entity; matched only so
    /// that nothing shorter matches inside it.
    Block,
}

/// The compiled matchers of an ontology; build once, annotate many documents.
pub struct Annotator<'o> {
    pub(crate) onto: &'o Ontology,
    names: NameTrie,
    /// Per name, the other names of the same ASCII-lowercase form.
    variants: Vec<Vec<usize>>,
    targets: Vec<(String, Target)>,
    person: Regex,
    /// The lexicon's given names, to tell a patronymic from a surname.
    given: std::collections::HashSet<String>,
    /// A name the given-name lists lack, told a person by what follows it:
    /// "Liu Qian, a Eurasia researcher at Fudan University".
    apposed_person: Regex,
    titled_person: Regex,
    /// An organisation named before its descriptor ("Belstat, the
    /// Belarusian statistics agency,").
    org_apposed: Regex,
    /// A person named by one word: a speaker who gives no surname ("said
    /// Volha, a 34-year-old from Hrodna") or a fighter's call sign.
    one_name: Regex,
    org: Regex,
    pub(crate) bodies: super::bodies::StateBodies,
    /// A name after a common noun for an organisation ("aviation agency
    /// Rosaviatsia"); a comma before the name needs one after it.
    named_org: Regex,
    /// A place by its common noun: "the Tver region", "the village of Tsel".
    place: Regex,
    /// An event by its name: "Operation Eastern Sentry", drills "code-named
    /// “Eagle Assault”", "Eastern Sentry, an operation", "the annual New
    /// Belarus conference".
    named_event: Regex,
    /// Adjectives of gazetteer entities ("Belarusian"): never a place's
    /// name before a place noun ("the Belarusian border crossing").
    adjectives: std::collections::HashSet<String>,
    events: Vec<(String, Regex, Option<Regex>, Option<Regex>)>,
    groups: Vec<(String, Regex)>,
    sanctions: Regex,
    /// Tags the words round an event or sanctions noun that may be a verb.
    pos: super::pos::Pos,
    role: Regex,
    pronoun: Regex,
    age: Regex,
    pair: Regex,
    kin: Regex,
    description: Regex,
    /// "the Belarusian capital": the capital city of the adjective's state.
    capital_of: Regex,
    definite: Regex,
    /// The sanctioning verbs ("imposed", "introduced"), for the imposers.
    pub(crate) impose: Regex,
    /// Capital place key → its country's gazetteer key.
    pub(crate) capitals: std::collections::HashMap<String, String>,
    /// Event kind → the words (over 3 bytes) of its nouns, lowercased: what
    /// an event's name must hold for a noun of the kind to refer to it.
    pub(crate) event_words: std::collections::HashMap<String, Vec<String>>,
    /// Head noun (lowercased) → the gazetteer events a name of which it
    /// heads ("diversion" → Ryanair Flight 4978 diversion), nouns of the
    /// event kinds aside: what "the diversion" may stand for.
    pub(crate) incident_heads: std::collections::HashMap<String, Vec<String>>,
    /// Every common noun a gazetteer entry is `called` ("bloc"): only these
    /// send "the …" looking for such an entry.
    pub(crate) called_nouns: std::collections::HashSet<String>,
}

impl<'o> Annotator<'o> {
    pub fn new(onto: &'o Ontology) -> Annotator<'o> {
        let lex = &onto.lexicon;
        let mut targets: Vec<(String, Target)> = Vec::new();
        for e in onto.gazetteer.entries.values() {
            for name in std::iter::once(&e.label).chain(&e.aliases) {
                targets.push((name.clone(), Target::Name(e.key.clone())));
                // "People’s Assembly": a typographic apostrophe too
                if name.contains('\'') {
                    let curly = name.replace('\'', "’");
                    targets.push((curly, Target::Name(e.key.clone())));
                }
            }
            for adj in &e.adjectives {
                targets.push((adj.clone(), Target::Adjective(e.key.clone())));
            }
            for d in &e.demonyms {
                targets.push((d.clone(), Target::Block));
            }
        }
        // The same string may be a name of one entity and the adjective of
        // another ("Baltic"); the first (a name) wins, deterministically.
        targets.sort_by(|a, b| a.0.cmp(&b.0));
        targets.dedup_by(|a, b| a.0 == b.0);
        let names = NameTrie::new(targets.iter().map(|t| t.0.as_str()));
        let variants = case_variants(&targets);
        let given: Vec<String> = lex.given_names.values().flatten().cloned().collect();
        let given_set = given.iter().cloned().collect();
        // Names in Latin letters with diacritics ("Agnė Bilotaitė",
        // "Žygimantas Vaičiūnas"). An ASCII word bound sees no bound after
        // "ė", so a name ends where its letters do (`name_end`), and a given
        // name with a non-ASCII initial needs no bound before it.
        let (upper, lower) = ("[A-ZÀ-ÖØ-ÞĀ-ž]", "[a-zß-öø-ÿĀ-ž]");
        let surname = format!("{upper}{lower}+(?:-{upper}{lower}+)?");
        let (ascii, other): (Vec<String>, Vec<String>) = given
            .into_iter()
            .partition(|g| g.starts_with(|c: char| c.is_ascii()));
        let person = Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
            r"(?:\b(?:{})|(?:{}))\s+(?:[A-Z]\.\s+)?{surname}",
            alternation(&ascii),
            // never empty: an empty branch would match before any surname
            if other.is_empty() {
                "[^\\s\\S]".to_string()
            } else {
                alternation(&other)
            }
        )))
        .unwrap();
        let apposed_person = Regex::new(&crate::ontology::rules::ascii_bounds(
            r"\b(?P<name>[A-Z][a-z]+ [A-Z][a-z]+(?:-[A-Z][a-z]+)?), (?:a|an) (?:[A-Za-z-]+ ){0,3}?(?:researcher|analyst|professor|expert|scholar|lecturer|economist|historian|sociologist|political scientist|scientist|senior fellow|fellow|journalist|blogger|commentator|dissident|activist)\b",
        ))
        .expect("apposed person");
        let titles: Vec<String> = lex.titles.values().flatten().cloned().collect();
        // "Foreign Minister X Y", and "his wife, X Y" or "his wife X Y": in
        // apposition to a possessed role or kin noun, or to a title after a
        // possessor or "the" ("Ukraine's acting sports minister, X Y").
        let titled_person = Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
            r"(?:(?i:\b(?:{}))\s+|\b(?i:his|her|its|their|the\s+[a-z]+'s)\s+(?:[a-z-]+\s+)?(?:{}),?\s+|\b(?:[Tt]he|[A-Z][a-z]+['’]s)\s+(?:[a-z-]+\s+){{0,2}}(?i:{}),\s+)(?P<name>{upper}{lower}+\s+{surname})",
            alternation(&titles),
            alternation(lex.words("appos_person_noun")),
            alternation(&titles)
        )))
        .unwrap();
        let one_name = Regex::new(&crate::ontology::rules::ascii_bounds(
            r"\b(?:(?:said|says|added|told\s+\w+)\s+(?P<speaker>[A-Z][a-z]{2,}),\s+(?:an?\s+\d+-year-old|an?\s+(?:[a-z-]+\s+)?(?:pensioner|student|teacher|accountant|worker|engineer|doctor|nurse|resident|volunteer|fighter|soldier|mother|father|protester|activist|driver|farmer|shopkeeper|retiree|entrepreneur|programmer|lawyer)\b)|(?:call\s+sign|callsign|nom\s+de\s+guerre|who\s+goes\s+by),?\s+(?P<callsign>[A-Z][a-z]{2,})\b)",
        ))
        .expect("one-word names");
        let org = Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
            r"\b(?:(?:[A-Z][a-z]+\s+){{1,4}}(?:{})(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,3}})?|(?:Union|Association|Federation|Society|League|Congress|Committee|Assembly)\s+of\s+(?:the\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}}(?:\s+in\s+(?:the\s+)?[A-Z][a-z]+)?)\b",
            alternation(&lex.org_heads)
        )))
        .unwrap();
        let named_org = Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
            r"\b(?:{})(?P<comma>,)?\s+(?P<name>[A-Z]\p{{L}}+(?:[ -][A-Z]\p{{L}}+){{0,2}})",
            alternation(lex.words("org_descriptor"))
        )))
        .expect("escaped descriptors");
        let org_apposed = Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
            r"(?:^|[,;(]\s+|\b(?:to|by|from|with|at|of|on|for)\s+)(?P<name>[A-Z][A-Za-z]+(?:[ -][A-Z][A-Za-z]+){{0,2}}), (?:the|a|an) (?:[A-Z][a-z]+ )?(?:[a-z-]+ ){{0,3}}?(?:{})[,.;]",
            alternation(lex.words("org_descriptor"))
        )))
        .expect("escaped descriptors");
        let place = Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
            r"\b(?:(?P<name>[A-Z]\p{{L}}+(?:[- ][A-Z]\p{{L}}+){{0,2}}) (?:{})|(?:{}) (?P<of>[A-Z]\p{{L}}+(?:[- ][A-Z]\p{{L}}+)?))\b",
            alternation(lex.words("place_head")),
            alternation(lex.words("place_of"))
        )))
        .expect("escaped place nouns");
        // ASCII classes and word bounds: a Unicode `\b` over the whole text
        // made the lazy DFA give up (7 % of a build).
        let named_event = Regex::new(&crate::ontology::rules::ascii_bounds(
            r#"\b(?:(?:Operation|Exercise|operation|exercise|code-named|codenamed|dubbed|named|called|known as) ["“]?(?P<a>[A-Z][a-z]+(?:[ -][A-Z0-9][A-Za-z0-9]*){0,3})|(?P<b>[A-Z][a-z]+(?: [A-Z][a-z]+){1,3}), an? (?:[a-z-]+ ){0,3}?(?:operation|exercise|drills|mission|conference|summit|forum)\b|[Tt]he (?:(?:annual|first|second|third|inaugural|two-day|three-day|[0-9]+(?:st|nd|rd|th)) )*(?P<c>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2} (?:conference|forum|congress|summit|festival|drills|exercises|exercise|operation|Conference|Forum|Congress|Summit|Festival)))\b"#,
        ))
        .expect("named event");
        let adjectives = targets
            .iter()
            .filter(|t| matches!(t.1, Target::Adjective(_) | Target::Block))
            .map(|t| t.0.clone())
            .collect();
        let word_re = |words: &[String]| {
            Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
                r"(?i)\b(?:{})\b",
                alternation(words)
            )))
            .unwrap()
        };
        let events = lex
            .events
            .iter()
            .map(|(kind, ev)| {
                let crowds = (!ev.crowds.is_empty()).then(|| word_re(&ev.crowds));
                let verbs = (!ev.verbs.is_empty()).then(|| word_re(&ev.verbs));
                (kind.clone(), word_re(&ev.nouns), crowds, verbs)
            })
            .collect();
        let groups = lex
            .groups
            .iter()
            .map(|(k, g)| (k.clone(), word_re(&g.nouns)))
            .collect();
        let sanctions = word_re(lex.words("sanctions_noun"));
        let impose = word_re(lex.words("impose"));
        let capitals = onto
            .gazetteer
            .entries
            .values()
            .filter_map(|e| Some((e.capital.clone()?, e.key.clone())))
            .collect();
        let role = Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
            r"\b(?:[Tt]he|(?P<pron>[Hh]is|[Hh]er|[Tt]heir)|(?P<poss>[A-Z][a-z]+)['’]s?)\s+(?P<mods>(?:[A-Za-z-]+\s+){{0,2}}?)(?P<title>(?i:{}))\b(?:\s+of\s+the\s+(?:[a-z-]+\s+){{0,2}}country)?",
            alternation(&titles)
        )))
        .unwrap();
        let pronoun = Regex::new(&crate::ontology::rules::ascii_bounds(
            r"\b(?:[Hh]e|[Hh]im|[Hh]is|[Ss]he|[Hh]er|[Ii]ts?|[Tt]hey|[Tt]heir|[Tt]hem)\b",
        ))
        .unwrap();
        let age = Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
            r"\b[Tt]he \d{{1,3}}-year-old(?: (?:[a-z-]+ )?(?i:{}))?\b",
            alternation(&titles)
        )))
        .expect("escaped titles");
        // Not before a name: "its ally Belarus" names the ally.
        let kin = Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
            r"\b(?P<poss>[Ii]ts|[Hh]is|[Hh]er|[Tt]heir) (?:(?:{}),? )*(?P<noun>{})\b(?:\s[^A-Z⟦]|[^\s\w]|$)",
            alternation(lex.words("rel_adj")),
            alternation(lex.words("kin_noun"))
        )))
        .expect("escaped kin nouns");
        let pair = Regex::new(&crate::ontology::rules::ascii_bounds(r"\b(?:[Tt]he two|[Bb]oth|[Tt]heir two|[Tt]heir) (?P<noun>countries|states|nations|governments|allies|neighbou?rs|presidents|leaders|heads of state|men|women)\b|\b(?P<bare>[Tt]he two) (?:met|meet|have|had|held|hold|agreed|discussed|signed|spoke|talked|also|last|first|later|then|were|are|will|would)\b")).unwrap();
        // Up to two modifiers, plain or capitalised ("the former Soviet
        // republic", "the landlocked country"); the head noun lowercase, so
        // "the Czech Republic" stays a name.
        // "the Baltic state": "state" heads a description only after a
        // modifier of the lexicon's `description_modifiers`.
        let modifiers: Vec<String> = lex.description_modifiers.keys().cloned().collect();
        let description = Regex::new(&crate::ontology::rules::ascii_bounds(&format!(
            r"\b[Tt]he\s+(?:(?:[a-z]+|[A-Z][a-z]+|[A-Za-z]+-[A-Za-z]+)\s+){{0,2}}?(?:country|republic|nation)\b|\b[Tt]he\s+(?i:{})\s+state\b",
            if modifiers.is_empty() { r"[^\s\S]".to_string() } else { alternation(&modifiers) }
        )))
        .unwrap();
        let capital_of = Regex::new(&crate::ontology::rules::ascii_bounds(
            r"\b[Tt]he\s+[A-Z][A-Za-z-]+\s+capital\b",
        ))
        .unwrap();
        let definite = Regex::new(&crate::ontology::rules::ascii_bounds(
            r"\b[Tt]he (?:([a-z]{4,}) |[a-z][a-z-]+ )?([a-z]{4,})\b",
        ))
        .unwrap();
        let event_words = lex
            .events
            .iter()
            .map(|(kind, ev)| {
                let words = ev.nouns.iter().flat_map(|n| name_words(n));
                (kind.clone(), words.filter(|w| w.len() > 3).collect())
            })
            .collect();
        let incident_heads = super::resolve::incident_heads(onto);
        let called_nouns = onto
            .gazetteer
            .entries
            .values()
            .flat_map(|e| e.called.iter().cloned())
            .collect();
        let pos = super::pos::Pos::new(
            lex.events
                .values()
                .flat_map(|k| &k.nouns)
                .chain(lex.words("sanctions_noun"))
                .map(String::as_str),
        );
        Annotator {
            pos,
            incident_heads,
            called_nouns,
            event_words,
            impose,
            capitals,
            definite,
            description,
            capital_of,
            pair,
            kin,
            onto,
            names,
            variants,
            targets,
            person,
            given: given_set,
            apposed_person,
            titled_person,
            one_name,
            org_apposed,
            org,
            bodies: super::bodies::StateBodies::new(onto),
            named_org,
            place,
            named_event,
            adjectives,
            events,
            groups,
            sanctions,
            role,
            pronoun,
            age,
        }
    }

    /// The mention candidates of a text, overlaps settled, in text order.
    pub(crate) fn candidates(&self, text: &str, sentences: &[Sentence]) -> Vec<Cand> {
        let mut cands = self.gazetteer(text);
        self.patterns(text, &mut cands);
        self.nouns(text, &mut cands);
        self.drop_titles(text, &mut cands);
        drop_shadowing_definites(&mut cands);
        mark_verbs(text, &mut cands);
        self.tagged_verbs(text, sentences, &mut cands);
        settle(cands, text)
    }

    /// Event and sanctions nouns that the part-of-speech layer reads as
    /// their clause's verb ("agreed to sanction Belarus", "Washington
    /// sanctions Minsk", "Lithuania protests against …"): an event noun
    /// becomes an event verb, a sanctions noun names no sanctions.
    fn tagged_verbs(&self, text: &str, sentences: &[Sentence], cands: &mut Vec<Cand>) {
        cands.retain_mut(|c| {
            if !matches!(c.what, What::Event(_) | What::Sanctions) {
                return true;
            }
            let head = text[c.start..c.end]
                .rfind(' ')
                .map_or(c.start, |i| c.start + i + 1);
            let at = sentences.partition_point(|s| s.end <= head);
            let Some(s) = sentences.get(at).filter(|s| s.start <= head) else {
                return true;
            };
            if !self.pos.verb_at(text, (s.start, s.end), head, c.end) {
                return true;
            }
            match &c.what {
                What::Event(kind) => {
                    c.what = What::EventVerb(kind.clone());
                    true
                }
                _ => false,
            }
        });
    }

    /// A role phrase right before a person's name is that person's title
    /// ("the Russian ambassador to Minsk Dmitry Mezentsev"): drop it, so the
    /// name and the country keep their own mentions.
    fn drop_titles(&self, text: &str, cands: &mut Vec<Cand>) {
        let mut people: Vec<(usize, usize)> = cands
            .iter()
            .filter(|c| match &c.what {
                What::New(Class::Person) => true,
                What::Name(k) => self
                    .onto
                    .gazetteer
                    .get(k)
                    .is_some_and(|e| e.class() == Class::Person),
                _ => false,
            })
            .map(|c| (c.start, c.end))
            .collect();
        // Sorted, so each role looks only at the names within 40 bytes after
        // it (a scan of all names per role was quadratic on long articles).
        people.sort_unstable();
        let ends: std::collections::HashSet<usize> = people.iter().map(|p| p.1).collect();
        cands.retain(|c| {
            let What::Role { mods, .. } = &c.what else {
                return true;
            };
            let first = people.partition_point(|&(p, _)| p < c.end);
            let titles = people[first..]
                .iter()
                .take_while(|&&(p, _)| p - c.end <= 40)
                .any(|&(p, _)| title_gap(&text[c.end..p]));
            // Only a role naming an entity inside it ("the Wagner
            // commander") and ending its phrase: "…, the Russian president
            // called" opens the main clause.
            let named = mods.split(' ').any(|w| w.starts_with(char::is_uppercase));
            let rest = &text[c.end..];
            let ends_phrase = rest.starts_with([',', '.', ';'])
                || [" who ", " whose ", " of ", " at ", " in ", " for "]
                    .iter()
                    .any(|w| rest.starts_with(w));
            let in_apposition = named && ends_phrase && apposed(text, c.start, &ends);
            !(titles || in_apposition)
        });
    }

    fn gazetteer(&self, text: &str) -> Vec<Cand> {
        let mut out = Vec::new();
        // A name must end at word bounds and be spelled in a case its
        // pattern allows; the trie reports one spelling per ASCII-lowercase
        // form, and the one written may be another ("Nato" beside "NATO").
        let accept = |start: usize, end: usize, i: usize| {
            if !at_word_bounds(text, start, end) {
                return None;
            }
            let found = &text[start..end];
            let mut spelled = std::iter::once(i).chain(self.variants[i].iter().copied());
            spelled.find(|&j| case_ok(&self.targets[j].0, found))
        };
        for (start, end, j) in self.names.find_iter_accepted(text, accept) {
            let target = &self.targets[j].1;
            let what = match target {
                Target::Name(k) => What::Name(k.clone()),
                Target::Adjective(k) => What::Adjective(k.clone()),
                Target::Block => What::Block,
            };
            out.push(Cand::new(start, end, what, 0));
        }
        out
    }

    fn patterns(&self, text: &str, out: &mut Vec<Cand>) {
        let name_end = |end: usize| !text[end..].starts_with(|c: char| c.is_alphanumeric());
        for c in self.apposed_person.captures_iter(text) {
            let m = c.name("name").expect("group");
            let first = m.as_str().split(' ').next().unwrap_or("");
            if self.name_key(m.as_str()).is_none()
                && self.name_key(first).is_none()
                && !self.adjectives.contains(first)
                && !not_a_name(first)
            {
                out.push(Cand::new(m.start(), m.end(), What::New(Class::Person), 1));
            }
        }
        for m in self.person.find_iter(text).filter(|m| name_end(m.end())) {
            // "Vladimir Vladimirovich": a given name and a patronymic name
            // nobody the text could mean by it alone
            let last = m.as_str().rsplit(' ').next().unwrap_or("");
            if !patronymic(last, &self.given) {
                out.push(Cand::new(m.start(), m.end(), What::New(Class::Person), 1));
            }
        }
        // "its head, Nobel Peace Prize laureate X": a name goes on no
        // further than the capitalised words it has
        let more_caps = |end: usize| {
            let mut rest = text[end..].chars();
            rest.next() == Some(' ') && rest.next().is_some_and(char::is_uppercase)
        };
        for c in self.one_name.captures_iter(text) {
            let m = c
                .name("speaker")
                .or_else(|| c.name("callsign"))
                .expect("group");
            if self.name_key(m.as_str()).is_none() && !self.adjectives.contains(m.as_str()) {
                out.push(Cand::new(m.start(), m.end(), What::New(Class::Person), 1));
            }
        }
        for c in self.titled_person.captures_iter(text) {
            let m = c.name("name").expect("group");
            if name_end(m.end()) && !more_caps(m.end()) {
                out.push(Cand::new(m.start(), m.end(), What::New(Class::Person), 1));
            }
        }
        for m in self.org.find_iter(text) {
            // "National Assembly of Belarus Natalya Kochanova": a person's
            // name ends the organisation's
            let end = self
                .person
                .find_at(&text[..m.end()], m.start())
                .filter(|p| p.start() > m.start())
                .map_or(m.end(), |p| text[..p.start()].trim_end().len());
            let (start, end) = strip_article(text, m.start(), end);
            // "Federation Council of the Federal Assembly": a known body
            // before "of" is named on its own
            let head = text[start..end].split(" of ").next().unwrap_or("");
            if head.len() < end - start && self.name_key(head).is_some() {
                continue;
            }
            out.push(Cand::new(start, end, What::New(Class::Organization), 2));
        }
        out.extend(self.bodies.find(text, |name| self.name_key(name)));
        for c in self.named_org.captures_iter(text) {
            let name = c.name("name").expect("group");
            let closed = text[name.end()..].starts_with(',');
            if (c.name("comma").is_none() || closed) && !calendar_word(name.as_str()) {
                let what = What::New(Class::Organization);
                out.push(Cand::new(name.start(), name.end(), what, 2));
            }
        }
        for c in self.org_apposed.captures_iter(text) {
            let name = c.name("name").expect("group");
            let first = name.as_str().split([' ', '-']).next().unwrap_or("");
            let known = self.name_key(name.as_str()).is_some() || self.name_key(first).is_some();
            if !known
                && !self.given.contains(first)
                && !self.adjectives.contains(first)
                && !not_a_name(first)
                && !calendar_word(name.as_str())
            {
                out.push(Cand::new(
                    name.start(),
                    name.end(),
                    What::New(Class::Organization),
                    2,
                ));
            }
        }
        for c in self.place.captures_iter(text) {
            if let Some(name) = c.name("name") {
                let first = name.as_str().split([' ', '-']).next().unwrap_or("");
                if !self.adjectives.contains(name.as_str()) && !not_a_name(first) {
                    let whole = c.get(0).expect("match");
                    let what = What::New(Class::Place);
                    out.push(Cand::new(name.start(), whole.end(), what, 2));
                }
            } else if let Some(name) = c.name("of") {
                if !calendar_word(name.as_str()) {
                    let what = What::New(Class::Place);
                    out.push(Cand::new(name.start(), name.end(), what, 2));
                }
            }
        }
        self.named_events(text, out);
        for c in self.role.captures_iter(text) {
            let m = c.get(0).expect("match");
            let title = c.name("title").expect("group").as_str().to_lowercase();
            // "his Lithuanian counterpart" is a role; "his spokesman" is
            // the possessor's, left to the rules.
            if c.name("pron").is_some() && title != "counterpart" {
                continue;
            }
            let mods = c.name("mods").map_or("", |m| m.as_str()).trim().to_string();
            let poss = c.name("poss").map(|p| p.as_str().to_string());
            out.push(Cand::new(
                m.start(),
                m.end(),
                What::Role { title, mods, poss },
                5,
            ));
        }
        for c in self.kin.captures_iter(text) {
            let start = c.get(0).expect("match").start();
            let end = c.name("noun").expect("group").end();
            let poss = c["poss"].to_lowercase();
            let what = What::Kin {
                person: poss == "his" || poss == "her",
                plural: poss == "their",
            };
            out.push(Cand::new(start, end, what, 5));
        }
        for c in self.pair.captures_iter(text) {
            // A bare "the two" is followed by its verb, which it leaves out.
            let m = c.name("bare").or_else(|| c.get(0)).expect("match");
            let noun = c.name("noun").map_or("", |n| n.as_str());
            let leaders = matches!(noun, "presidents" | "leaders" | "heads of state");
            let people = leaders || c.name("bare").is_some() || !is_state_noun(noun);
            let class = if people {
                Class::Person
            } else {
                Class::Country
            };
            out.push(Cand::new(m.start(), m.end(), What::Pair(class, leaders), 5));
        }
        for m in self.description.find_iter(text) {
            let what = What::Description(Class::Country);
            out.push(Cand::new(m.start(), m.end(), what, 5));
        }
        // Not in apposition ("Vilnius, the Lithuanian capital,", "the
        // Belarusian capital Minsk"): there the rules read the name.
        for m in self.capital_of.find_iter(text) {
            let apposed = text[..m.start()].ends_with(", ")
                || text[m.end()..].starts_with(' ')
                    && text[m.end() + 1..].starts_with(char::is_uppercase);
            if !apposed {
                let what = What::Description(Class::Place);
                out.push(Cand::new(m.start(), m.end(), what, 5));
            }
        }
        for m in self.age.find_iter(text) {
            out.push(Cand::new(m.start(), m.end(), What::Age, 4));
        }
        for m in self.pronoun.find_iter(text) {
            let what = match m.as_str() {
                "it" | "It" | "its" | "Its" => What::Neuter { plural: false },
                "they" | "They" | "their" | "Their" | "them" | "Them" => {
                    What::Neuter { plural: true }
                }
                w => What::Pronoun {
                    female: matches!(w, "she" | "She" | "her" | "Her"),
                },
            };
            out.push(Cand::new(m.start(), m.end(), what, 6));
        }
    }

    /// Events the gazetteer lacks, by their names. A name after "named" or
    /// "called" is an event's only after an event noun; a name the
    /// gazetteer knows, or one opening with a date or a state's adjective
    /// ("the June summit", "the Russian exercises"), is none.
    fn named_events(&self, text: &str, out: &mut Vec<Cand>) {
        const EVENT_NOUNS: [&str; 8] = [
            "exercise",
            "drill",
            "training",
            "operation",
            "manoeuvre",
            "maneuver",
            "war game",
            "mission",
        ];
        for c in self.named_event.captures_iter(text) {
            let (name, whole) = match (c.name("a"), c.name("b"), c.name("c")) {
                (Some(a), _, _) => (a, c.get(0).expect("match")),
                (_, Some(b), _) => (b, b),
                (_, _, Some(n)) => (n, n),
                _ => continue,
            };
            let words: Vec<&str> = name.as_str().split_whitespace().collect();
            let bare = if c.name("c").is_some() {
                words[..words.len() - 1].join(" ")
            } else {
                words.join(" ")
            };
            let first = words[0];
            if self.name_key(&bare).is_some()
                || self.name_key(first).is_some()
                || self.adjectives.contains(first)
                || DETERMINERS.contains(&first)
                || calendar_word(first)
            {
                continue;
            }
            let cue = &text[whole.start()..name.start()];
            let named = ["named", "called", "dubbed", "known as"]
                .iter()
                .any(|w| cue.contains(w));
            if named {
                let from = text[..whole.start()]
                    .char_indices()
                    .rev()
                    .nth(80)
                    .map_or(0, |(i, _)| i);
                let before = text[from..whole.start()].to_lowercase();
                if !EVENT_NOUNS.iter().any(|n| before.contains(n)) {
                    continue;
                }
            }
            let what = What::New(Class::Event);
            out.push(Cand::new(name.start(), name.end(), what, 2));
        }
    }

    fn nouns(&self, text: &str, out: &mut Vec<Cand>) {
        for (kind, nouns, crowds, verbs) in &self.events {
            for m in verbs.iter().flat_map(|v| v.find_iter(text)) {
                out.push(Cand::new(
                    m.start(),
                    m.end(),
                    What::EventVerb(kind.clone()),
                    4,
                ));
            }
            // "March" is a month, an "armed march on Moscow" no protest, and
            // "in protest against X" says why someone acted, it names no
            // protest.
            let noun = |m: &regex::Match| {
                let capital = m.as_str().starts_with(|c: char| c.is_uppercase());
                let month = capital && calendar_word(m.as_str());
                let idiom = m.as_str() == "protest"
                    && text[..m.start()].ends_with(" in ")
                    && [" against", " at ", " over "]
                        .iter()
                        .any(|p| text[m.end()..].starts_with(p));
                // "charged with organising mass unrest": a charge, no event
                let charge = {
                    let from = floor_boundary(text, m.start().saturating_sub(40));
                    let before = text[from..m.start()].to_lowercase();
                    CHARGE_LEADS.iter().any(|l| before.ends_with(l))
                };
                !(month || idiom || charge || text[..m.start()].ends_with("armed "))
            };
            for m in nouns.find_iter(text).filter(noun) {
                out.push(Cand::new(m.start(), m.end(), What::Event(kind.clone()), 3));
            }
            // "thousands of migrants" is no crowd of the event; the lexicon
            // lists the crowds written with "of" ("thousands of people").
            let crowd = |m: &regex::Match| !text[m.end()..].starts_with(" of ");
            for m in crowds.iter().flat_map(|c| c.find_iter(text)).filter(crowd) {
                out.push(Cand::new(m.start(), m.end(), What::Crowd(kind.clone()), 4));
            }
        }
        for (kind, re) in &self.groups {
            for m in re.find_iter(text) {
                out.push(Cand::new(m.start(), m.end(), What::Group(kind.clone()), 3));
            }
        }
        for c in self.definite.captures_iter(text) {
            let m = c.get(0).expect("match");
            let noun = c.get(2).expect("group");
            // "The ministry said", "the sprinter through": a verb or a
            // preposition after the noun is no head noun.
            let not_noun = verb_like(noun.as_str()) || preposition(noun.as_str());
            let (end, word) = match (c.get(1), not_noun) {
                (Some(modifier), true) => (modifier.end(), modifier.as_str()),
                _ => (m.end(), noun.as_str()),
            };
            // "the oldest human rights group": a noun before another noun
            // is a modifier, and the phrase no reference to a name
            if modifies_next(&text[end..]) {
                continue;
            }
            out.push(Cand::new(
                m.start(),
                end,
                What::Definite(word.to_string()),
                6,
            ));
        }
        for m in self.sanctions.find_iter(text) {
            out.push(Cand::new(m.start(), m.end(), What::Sanctions, 3));
        }
    }
}

/// Words before an event noun that make it the name of a criminal charge
/// ("organising mass unrest", "participation in mass riots").
const CHARGE_LEADS: [&str; 8] = [
    "organising mass ",
    "organizing mass ",
    "organisation of mass ",
    "organization of mass ",
    "participation in mass ",
    "participating in mass ",
    "inciting mass ",
    "incitement to mass ",
];

/// The largest char boundary of `text` not above `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Keeps the longest candidate of every overlapping set (then the lower
/// source rank, then the earlier start), never crossing a paragraph break.
fn settle(mut cands: Vec<Cand>, text: &str) -> Vec<Cand> {
    cands.retain(|c| !text[c.start..c.end].contains("\n\n"));
    cands.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.rank.cmp(&b.rank))
            .then(a.start.cmp(&b.start))
    });
    // Taken spans never overlap, so the one starting last before a
    // candidate's end is the only one that can overlap it (a scan of all
    // taken spans per candidate was quadratic on long articles).
    let mut taken: std::collections::BTreeSet<(usize, usize)> = Default::default();
    let mut out = Vec::new();
    for c in cands {
        let before_end = taken.range(..(c.end, 0)).next_back();
        if before_end.is_some_and(|&(s, e)| c.start < e && s < c.end) {
            continue;
        }
        taken.insert((c.start, c.end));
        out.push(c);
    }
    out.retain(|c| !matches!(c.what, What::Block));
    // Verbs are kept only to tell that an event is there; never dropped for
    // overlapping, since they name nothing.
    out.sort_by_key(|c| c.start);
    out
}

/// An event noun used as a verb ("hundreds protest", "to protest against")
/// names no event of its own, but tells that the document has one.
fn mark_verbs(text: &str, cands: &mut [Cand]) {
    let crowd_ends: Vec<usize> = cands
        .iter()
        .filter(|c| matches!(c.what, What::Crowd(_)))
        .map(|c| c.end)
        .collect();
    for c in cands.iter_mut() {
        let What::Event(kind) = &c.what else { continue };
        let before = text[..c.start].trim_end();
        let after_crowd = crowd_ends
            .iter()
            .any(|&e| e <= c.start && text[e..c.start].trim().is_empty());
        let infinitive = before.ends_with(" to") || before.ends_with(" To");
        if after_crowd || infinitive {
            c.what = What::EventVerb(kind.clone());
        }
    }
}

/// "the unrest": a definite noun phrase whose noun is already a mention of
/// its own (an event noun, a name) is that mention, not an anaphor.
fn drop_shadowing_definites(cands: &mut Vec<Cand>) {
    let mut spans: Vec<(usize, usize)> = cands
        .iter()
        .filter(|c| {
            !matches!(
                c.what,
                What::Definite(_) | What::Pronoun { .. } | What::Neuter { .. } | What::Age
            )
        })
        .map(|c| (c.start, c.end))
        .collect();
    spans.sort_unstable();
    // The furthest end among the spans starting before each point: a
    // definite overlaps some span iff one starting before its end reaches
    // past its start (a scan per definite was quadratic on huge texts).
    let reach: Vec<usize> = spans
        .iter()
        .scan(0, |max, &(_, e)| {
            *max = e.max(*max);
            Some(*max)
        })
        .collect();
    cands.retain(|c| {
        let before = spans.partition_point(|&(s, _)| s < c.end);
        !matches!(c.what, What::Definite(_)) || before == 0 || reach[before - 1] <= c.start
    });
}

/// Capitalised determiners and prepositions that open a sentence or a
/// phrase: no name of anything starts with them ("The region", "Its camp").
const DETERMINERS: &[&str] = &[
    "The", "A", "An", "This", "That", "These", "Those", "Its", "His", "Her", "Their", "Our",
    "Every", "Each", "In", "On", "At", "From", "Near",
];

/// Words no place's or person's name found by pattern starts with: the
/// determiners, and directions and "Border" ("Eastern Ukraine" is read
/// from the gazetteer, "Border guards" names nobody).
fn not_a_name(word: &str) -> bool {
    const OTHERS: &[&str] = &[
        "Western", "Eastern", "Northern", "Southern", "Central", "Border",
    ];
    DETERMINERS.contains(&word) || OTHERS.contains(&word)
}

/// A name that starts with a day or month ("the agency Tuesday") is a date.
fn calendar_word(name: &str) -> bool {
    let first = name.split([' ', '-']).next().unwrap_or(name);
    crate::calendar::month_number(first).is_some()
        || crate::calendar::WEEKDAYS.contains(&first.to_lowercase().as_str())
}

/// Whether a role phrase at `start` is in apposition to a name ending
/// right before it ("Dmitry Utkin, the Wagner commander"; "Protasevich, 26,
/// the former editor"): it describes that person, and the names inside it
/// keep their own mentions.
fn apposed(text: &str, start: usize, name_ends: &std::collections::HashSet<usize>) -> bool {
    let before = &text[..start];
    let Some(gap) = before.strip_suffix(", ") else {
        return false;
    };
    let gap = gap.trim_end_matches(|c: char| c.is_ascii_digit());
    let name_end = match gap.strip_suffix(", ") {
        Some(head) if gap.len() < before.len() - 2 => head.len(),
        _ => before.len() - 2,
    };
    name_ends.contains(&name_end)
}

/// Whether the text between a role phrase and a name makes the phrase the
/// name's title: capitalised words ("Foreign Minister"), a few particles,
/// or an apposition's comma ("Russia's foreign minister, Sergei Lavrov").
fn title_gap(gap: &str) -> bool {
    if gap == ", " {
        return true;
    }
    gap.split_whitespace().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            || matches!(w, "to" | "of" | "in" | "at" | "for" | "the")
    }) && !gap.contains([',', '.', ';', ':'])
}

fn at_word_bounds(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
}

/// Single words match with their case as listed ("US" is not "us");
/// multi-word names match in any case ("union state").
/// For each name, the indices of the other names that differ from it only
/// in ASCII case, in name order.
fn case_variants(targets: &[(String, Target)]) -> Vec<Vec<usize>> {
    let mut by_form: std::collections::HashMap<String, Vec<usize>> = Default::default();
    for (i, (name, _)) in targets.iter().enumerate() {
        by_form
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(i);
    }
    targets
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let same = &by_form[&name.to_ascii_lowercase()];
            same.iter().copied().filter(|&j| j != i).collect()
        })
        .collect()
}

fn case_ok(pattern: &str, found: &str) -> bool {
    pattern == found
        || (pattern.contains(' ')
            && found.chars().next().is_some_and(char::is_uppercase)
                == pattern.chars().next().is_some_and(char::is_uppercase))
        || (pattern.contains(' ') && found.chars().any(char::is_lowercase))
}

fn strip_article(text: &str, start: usize, end: usize) -> (usize, usize) {
    for article in ["The ", "A "] {
        if text[start..end].starts_with(article) {
            return (start + article.len(), end);
        }
    }
    (start, end)
}

impl Annotator<'_> {
    /// What a gazetteer surface form (compared exactly) stands for.
    fn target(&self, form: &str) -> Option<&Target> {
        let i = self
            .targets
            .binary_search_by(|t| t.0.as_str().cmp(form))
            .ok()?;
        Some(&self.targets[i].1)
    }

    /// The gazetteer key of an entity by one of its names (not adjectives).
    pub(crate) fn name_key(&self, name: &str) -> Option<String> {
        match self.target(name)? {
            Target::Name(k) => Some(k.clone()),
            _ => None,
        }
    }

    /// The gazetteer key a word names (as a name or adjective), if any.
    pub(crate) fn lookup(&self, word: &str) -> Option<String> {
        match self.target(word.trim_end_matches(['\'', '’']))? {
            Target::Name(k) | Target::Adjective(k) => Some(k.clone()),
            Target::Block => None,
        }
    }
}

/// A word after "the <noun>" that is a verb, not the head noun ("The
/// ministry said", "the committee warned", "the bloc has").
/// Whether the word after a definite's noun is a noun heading the phrase
/// ("human rights group", "security forces", "opposition leader").
fn modifies_next(rest: &str) -> bool {
    let Some(rest) = rest.strip_prefix(' ') else {
        return false;
    };
    let next = rest
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    matches!(
        next,
        "rights"
            | "group"
            | "groups"
            | "forces"
            | "leader"
            | "leaders"
            | "officials"
            | "activists"
            | "organisation"
            | "organization"
            | "movement"
            | "party"
            | "minister"
            | "ministry"
            | "agency"
            | "service"
            | "company"
            | "council"
            | "committee"
            | "court"
    )
}

/// Whether a lower-case word is a preposition, conjunction or relative
/// word: no noun heads a phrase with it.
pub(crate) fn preposition(word: &str) -> bool {
    matches!(
        word,
        "through"
            | "with"
            | "from"
            | "into"
            | "onto"
            | "over"
            | "under"
            | "after"
            | "before"
            | "about"
            | "against"
            | "during"
            | "since"
            | "until"
            | "without"
            | "within"
            | "across"
            | "along"
            | "among"
            | "amid"
            | "behind"
            | "beyond"
            | "toward"
            | "towards"
            | "upon"
            | "near"
            | "that"
            | "which"
            | "whose"
            | "when"
            | "while"
            | "where"
            | "whom"
            | "than"
            | "like"
    )
}

/// Whether a lower-case word reads as a verb or auxiliary ("said",
/// "arrested", "will"): no noun.
pub(crate) fn verb_like(word: &str) -> bool {
    word.ends_with("ed")
        || matches!(
            word,
            "said"
                | "says"
                | "told"
                | "tells"
                | "wrote"
                | "writes"
                | "spoke"
                | "speaks"
                | "insists"
                | "argues"
                | "notes"
                | "claims"
                | "has"
                | "have"
                | "will"
                | "would"
                | "could"
                | "should"
                | "also"
                | "then"
                | "does"
                | "were"
                | "made"
                | "gave"
                | "took"
                | "sent"
                | "held"
                | "went"
                | "came"
                | "began"
                | "urges"
                | "warns"
                | "added"
                | "adds"
                | "must"
                | "might"
                | "shall"
        )
}

/// Whether a pair noun names states ("the two countries"), not people.
fn is_state_noun(noun: &str) -> bool {
    matches!(
        noun,
        "countries" | "states" | "nations" | "governments" | "allies" | "neighbours" | "neighbors"
    )
}

/// Whether a word is a patronymic: a given name of the lexicon with a
/// patronymic ending ("Vladimirovich", "Grigoryevich", "Sergeyevna"), not a
/// surname that ends alike ("Statkevich", "Shushkevich").
fn patronymic(word: &str, given: &std::collections::HashSet<String>) -> bool {
    ["ovich", "evich", "ich", "ovna", "evna", "ichna"]
        .iter()
        .filter_map(|end| word.strip_suffix(end))
        .any(|stem| given.contains(stem))
}

#[cfg(test)]
mod tests {
    use super::patronymic;

    #[test]
    fn a_given_name_with_a_patronymic_ending_is_no_surname() {
        let given = ["Vladimir", "Grigory", "Sergey", "Pavel"]
            .map(String::from)
            .into_iter()
            .collect();
        assert!(patronymic("Vladimirovich", &given));
        assert!(patronymic("Grigoryevich", &given));
        assert!(patronymic("Sergeyevna", &given));
        assert!(!patronymic("Statkevich", &given));
        assert!(!patronymic("Yaroshevich", &given));
    }
}
