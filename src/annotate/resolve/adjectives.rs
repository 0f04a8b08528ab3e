//! The last pass: a country the text refers to only by its adjective
//! ("French President Emmanuel Macron", France named nowhere) is no entity
//! of the document; its mentions and record go, and the indices into the
//! table are renumbered. A country named as a sanctions imposer stays.

use crate::model::{Class, EntityRecord, Mention, MentionKind};

/// What `resolve` hands on: the table, the mentions and the two lists that
/// index into the table.
pub(super) struct Resolved {
    pub records: Vec<EntityRecord>,
    pub mentions: Vec<Mention>,
    pub event_kinds: Vec<(usize, String)>,
    pub sanctions_by: Vec<(usize, Vec<String>)>,
}

/// Drops the countries mentioned only by adjective (see the module doc).
pub(super) fn drop_adjective_only(r: Resolved) -> Resolved {
    let mut named = vec![false; r.records.len()];
    for m in &r.mentions {
        if m.kind != MentionKind::Adjective {
            named[m.entity] = true;
        }
    }
    for (_, imposers) in &r.sanctions_by {
        for (i, rec) in r.records.iter().enumerate() {
            if imposers.contains(&rec.key) {
                named[i] = true;
            }
        }
    }
    for k in &r.event_kinds {
        named[k.0] = true;
    }
    let keep: Vec<bool> = r
        .records
        .iter()
        .zip(&named)
        .map(|(rec, &named)| named || rec.class != Class::Country)
        .collect();
    if keep.iter().all(|&k| k) {
        return r;
    }
    let mut new_ix = vec![None; r.records.len()];
    let mut records = Vec::new();
    for (i, rec) in r.records.into_iter().enumerate() {
        if keep[i] {
            new_ix[i] = Some(records.len());
            records.push(rec);
        }
    }
    let renumber = |i: usize| new_ix[i].expect("kept: named or not a country");
    let mentions = r
        .mentions
        .into_iter()
        .filter(|m| keep[m.entity])
        .map(|m| Mention {
            entity: renumber(m.entity),
            ..m
        })
        .collect();
    let event_kinds = r
        .event_kinds
        .into_iter()
        .map(|(i, k)| (renumber(i), k))
        .collect();
    let sanctions_by = r
        .sanctions_by
        .into_iter()
        .filter(|(i, _)| keep[*i])
        .map(|(i, keys)| (renumber(i), keys))
        .collect();
    Resolved {
        records,
        mentions,
        event_kinds,
        sanctions_by,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(key: &str, class: Class) -> EntityRecord {
        EntityRecord {
            key: key.into(),
            label: key.into(),
            class,
            wikidata: None,
        }
    }

    fn mention(start: usize, entity: usize, kind: MentionKind) -> Mention {
        Mention {
            start,
            end: start + 3,
            sentence: 0,
            entity,
            kind,
        }
    }

    #[test]
    fn a_country_only_an_adjective_names_goes_and_indices_follow() {
        let r = Resolved {
            records: vec![
                record("france", Class::Country),
                record("macron", Class::Person),
                record("belarus", Class::Country),
                record("belarus_protests", Class::Event),
            ],
            mentions: vec![
                mention(0, 0, MentionKind::Adjective),
                mention(10, 1, MentionKind::Name),
                mention(20, 2, MentionKind::Adjective),
                mention(30, 2, MentionKind::Name),
                mention(40, 3, MentionKind::Nominal),
            ],
            event_kinds: vec![(3, "protest".into())],
            sanctions_by: vec![],
        };
        let out = drop_adjective_only(r);
        let keys: Vec<&str> = out.records.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["macron", "belarus", "belarus_protests"]);
        let entities: Vec<usize> = out.mentions.iter().map(|m| m.entity).collect();
        assert_eq!(entities, [0, 1, 1, 2]);
        assert_eq!(out.event_kinds, [(2, "protest".to_string())]);
    }

    #[test]
    fn an_adjective_only_imposer_of_sanctions_stays() {
        let r = Resolved {
            records: vec![
                record("lithuania", Class::Country),
                record("lithuania_sanctions", Class::Sanctions),
            ],
            mentions: vec![mention(0, 1, MentionKind::Nominal)],
            event_kinds: vec![],
            sanctions_by: vec![(1, vec!["lithuania".into()])],
        };
        let out = drop_adjective_only(r);
        assert_eq!(out.records.len(), 2);
        assert_eq!(out.sanctions_by[0].0, 1);
    }

    #[test]
    fn adjective_only_people_and_organisations_are_not_countries_and_stay() {
        let r = Resolved {
            records: vec![record("eu", Class::Organization)],
            mentions: vec![mention(0, 0, MentionKind::Adjective)],
            event_kinds: vec![],
            sanctions_by: vec![],
        };
        assert_eq!(drop_adjective_only(r).records.len(), 1);
    }
}
