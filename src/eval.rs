//! Scoring a build against gold files (`docs/spec/gold-format.md`): entities,
//! relations (also per predicate) and quotes, per document as sets, then
//! micro-averaged. A system entity matches a gold entity when its label or
//! an alias equals a gold name or alias (case and punctuation folded) or the
//! Wikidata ids agree; entities are paired one to one.

use crate::export::jsonl::RelationLine;
use serde::Deserialize;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Deserialize)]
pub struct Gold {
    pub doc: String,
    pub entities: Vec<GoldEntity>,
    pub relations: Vec<GoldRelation>,
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
}

#[derive(Debug, Deserialize)]
pub struct GoldEntity {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub wikidata: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct GoldRelation {
    pub subject: String,
    pub predicate: String,
    pub object: String,
}

#[derive(Debug, Deserialize)]
pub struct GoldQuote {
    pub speaker: String,
    pub text: String,
}

/// One line of entities.jsonl, as eval reads it.
#[derive(Debug, Deserialize, Clone)]
pub struct SysEntity {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub wikidata: Option<String>,
    #[serde(default)]
    pub docs: Vec<String>,
}

/// True positives, system count, gold count.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Count {
    pub tp: usize,
    pub sys: usize,
    pub gold: usize,
}

impl Count {
    pub fn add(&mut self, o: Count) {
        self.tp += o.tp;
        self.sys += o.sys;
        self.gold += o.gold;
    }
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.sys)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        if a == 0 {
            1.0
        } else {
            0.0
        }
    } else {
        a as f64 / b as f64
    }
}

/// Scores and, per document, what was missed and what was wrongly found.
#[derive(Debug, Default)]
pub struct Report {
    pub entities: Count,
    pub relations: Count,
    pub quotes: Count,
    pub per_predicate: BTreeMap<String, Count>,
    /// (doc, "miss"|"false", kind, description)
    pub details: Vec<(String, &'static str, &'static str, String)>,
}

/// Case, apostrophes and punctuation folded; a leading "the" dropped.
pub fn norm(s: &str) -> String {
    let folded: String = s
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    let words = if words.first() == Some(&"the") {
        &words[1..]
    } else {
        &words[..]
    };
    words.join(" ")
}

/// Scores one build (its entity and relation lines) against gold files;
/// a relation with a `symmetric` predicate matches either way round.
pub fn score(
    golds: &[Gold],
    entities: &[SysEntity],
    relations: &[RelationLine],
    symmetric: &BTreeSet<String>,
) -> Report {
    let mut report = Report::default();
    for gold in golds {
        score_doc(gold, entities, relations, symmetric, &mut report);
    }
    report
}

fn score_doc(
    gold: &Gold,
    entities: &[SysEntity],
    relations: &[RelationLine],
    symmetric: &BTreeSet<String>,
    report: &mut Report,
) {
    let doc = gold.doc.as_str();
    let sys: Vec<&SysEntity> = entities
        .iter()
        .filter(|e| e.docs.iter().any(|d| d == doc))
        .collect();
    let pairs = match_entities(&gold.entities, &sys);
    let to_gold: BTreeMap<&str, &str> = pairs
        .iter()
        .map(|&(g, s)| (sys[s].id.as_str(), gold.entities[g].id.as_str()))
        .collect();
    report.entities.add(Count {
        tp: pairs.len(),
        sys: sys.len(),
        gold: gold.entities.len(),
    });
    let matched_gold: BTreeSet<usize> = pairs.iter().map(|p| p.0).collect();
    let matched_sys: BTreeSet<usize> = pairs.iter().map(|p| p.1).collect();
    for (i, g) in gold
        .entities
        .iter()
        .enumerate()
        .filter(|(i, _)| !matched_gold.contains(i))
    {
        let _ = i;
        report.details.push((
            doc.into(),
            "miss",
            "entity",
            format!("{} ({})", g.id, g.name),
        ));
    }
    for (_, s) in sys
        .iter()
        .enumerate()
        .filter(|(i, _)| !matched_sys.contains(i))
    {
        report
            .details
            .push((doc.into(), "false", "entity", s.label.clone()));
    }
    let lines: Vec<&RelationLine> = relations.iter().filter(|r| r.doc == doc).collect();
    let map = |id: &str, label: &str| {
        to_gold
            .get(id)
            .map(|g| g.to_string())
            .unwrap_or_else(|| format!("?{label}"))
    };
    let key = |s: String, p: &str, o: String| {
        if symmetric.contains(p) && o < s {
            (o, p.to_string(), s)
        } else {
            (s, p.to_string(), o)
        }
    };
    let sys_rel: BTreeSet<(String, String, String)> = lines
        .iter()
        .filter(|r| r.predicate != "said")
        .map(|r| {
            key(
                map(&r.subject.id, &r.subject.label),
                &r.predicate,
                map(&r.object.id, &r.object.label),
            )
        })
        .collect();
    let gold_rel: BTreeSet<(String, String, String)> = gold
        .relations
        .iter()
        .map(|r| key(r.subject.clone(), &r.predicate, r.object.clone()))
        .collect();
    for t in sys_rel.union(&gold_rel) {
        let (in_sys, in_gold) = (sys_rel.contains(t), gold_rel.contains(t));
        let c = Count {
            tp: usize::from(in_sys && in_gold),
            sys: usize::from(in_sys),
            gold: usize::from(in_gold),
        };
        report.relations.add(c);
        report.per_predicate.entry(t.1.clone()).or_default().add(c);
        if in_sys != in_gold {
            let kind = if in_gold { "miss" } else { "false" };
            report.details.push((
                doc.into(),
                kind,
                "relation",
                format!("{} {} {}", t.0, t.1, t.2),
            ));
        }
    }
    // Quotes are a set per document, like entities and relations: the same
    // quotation found in a caption and in the body is one quote.
    let sys_q: Vec<(String, String)> = lines
        .iter()
        .filter(|r| r.predicate == "said")
        .map(|r| (map(&r.subject.id, &r.subject.label), r.object.label.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut used = vec![false; sys_q.len()];
    let mut tp = 0;
    for q in &gold.quotes {
        let hit = sys_q
            .iter()
            .enumerate()
            .find(|(i, (sp, text))| !used[*i] && *sp == q.speaker && overlap(text, &q.text) >= 0.5);
        match hit {
            Some((i, _)) => {
                used[i] = true;
                tp += 1;
            }
            None => report.details.push((
                doc.into(),
                "miss",
                "quote",
                format!("{}: {}", q.speaker, q.text),
            )),
        }
    }
    for (i, (sp, text)) in sys_q.iter().enumerate().filter(|(i, _)| !used[*i]) {
        let _ = i;
        report
            .details
            .push((doc.into(), "false", "quote", format!("{sp}: {text}")));
    }
    report.quotes.add(Count {
        tp,
        sys: sys_q.len(),
        gold: gold.quotes.len(),
    });
}

/// Shared words over the longer quotation's word count.
fn overlap(a: &str, b: &str) -> f64 {
    let (na, nb) = (norm(a), norm(b));
    let wa: BTreeSet<&str> = na.split_whitespace().collect();
    let wb: BTreeSet<&str> = nb.split_whitespace().collect();
    let common = wa.intersection(&wb).count();
    ratio(common, wa.len().max(wb.len()))
}

/// One-to-one pairs (gold index, system index), by augmenting paths.
fn match_entities(gold: &[GoldEntity], sys: &[&SysEntity]) -> Vec<(usize, usize)> {
    let names = |g: &GoldEntity| -> BTreeSet<String> {
        std::iter::once(&g.name)
            .chain(&g.aliases)
            .map(|n| norm(n))
            .collect()
    };
    // A gold entity tries first the system entities of its own name or
    // Wikidata id, then those that only share an alias, most shared names
    // first: gold "Russia" (alias "Moscow") pairs with the system's Russia,
    // not its Moscow, and gold "talks" (aliases "marathon Sochi talks", "the
    // meeting") with the system's Sochi talks, not another "meeting".
    let edges: Vec<Vec<usize>> = gold
        .iter()
        .map(|g| {
            let gn = names(g);
            let mut found: Vec<(bool, Reverse<usize>, usize)> = sys
                .iter()
                .enumerate()
                .filter_map(|(i, s)| {
                    let same_id = g.wikidata.is_some() && g.wikidata == s.wikidata;
                    let own = same_id || norm(&s.label) == norm(&g.name);
                    let shared = std::iter::once(&s.label)
                        .chain(&s.aliases)
                        .map(|n| norm(n))
                        .collect::<BTreeSet<_>>()
                        .intersection(&gn)
                        .count();
                    (own || shared > 0).then_some((!own, Reverse(shared), i))
                })
                .collect();
            found.sort();
            found.into_iter().map(|(_, _, i)| i).collect()
        })
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; sys.len()];
    for g in 0..gold.len() {
        let mut seen = vec![false; sys.len()];
        augment(g, &edges, &mut owner, &mut seen);
    }
    let mut pairs: Vec<(usize, usize)> = owner
        .iter()
        .enumerate()
        .filter_map(|(s, g)| g.map(|g| (g, s)))
        .collect();
    pairs.sort();
    pairs
}

fn augment(g: usize, edges: &[Vec<usize>], owner: &mut [Option<usize>], seen: &mut [bool]) -> bool {
    for &s in &edges[g] {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        if owner[s].is_none() || augment(owner[s].expect("checked"), edges, owner, seen) {
            owner[s] = Some(g);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(name: &str, aliases: &[&str]) -> GoldEntity {
        GoldEntity {
            id: name.to_lowercase(),
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            wikidata: None,
        }
    }

    fn sys(label: &str, aliases: &[&str]) -> SysEntity {
        SysEntity {
            id: label.to_lowercase(),
            label: label.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            wikidata: None,
            docs: Vec::new(),
        }
    }

    #[test]
    fn a_gold_entity_pairs_first_with_the_system_entity_of_its_name() {
        // Gold lists "Moscow" as an alias of Russia and has no Moscow of
        // its own; the system has both, Moscow sorting first.
        let g = [gold("Russia", &["Moscow"])];
        let s = [
            sys("Moscow", &["Moscow"]),
            sys("Russia", &["Russia", "Moscow"]),
        ];
        let refs: Vec<&SysEntity> = s.iter().collect();
        assert_eq!(match_entities(&g, &refs), [(0, 1)]);
        // With only the alias to go by, the alias still pairs.
        let s = [sys("Moscow", &["Moscow"])];
        let refs: Vec<&SysEntity> = s.iter().collect();
        assert_eq!(match_entities(&g, &refs), [(0, 0)]);
    }

    #[test]
    fn a_gold_entity_prefers_the_system_entity_sharing_most_names() {
        // Two rounds of talks: the gold one of 2021 shares one alias with a
        // Brussels meeting and three with the system's own Sochi talks.
        let g = [
            gold(
                "Sochi talks 2021",
                &["talks", "marathon Sochi talks", "the meeting"],
            ),
            gold("Sochi talks 2020", &["face-to-face talks"]),
        ];
        let s = [
            sys("Brussels talks", &["meeting"]),
            sys("Sochi 2020", &["face-to-face talks", "talks"]),
            sys("Sochi 2021", &["marathon Sochi talks", "meeting", "talks"]),
        ];
        let refs: Vec<&SysEntity> = s.iter().collect();
        assert_eq!(match_entities(&g, &refs), [(0, 2), (1, 1)]);
    }
}
