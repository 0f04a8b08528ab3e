//! The meetings pass: a meeting noun ("talks", "the summit") is one event
//! per day and place, so two rounds of talks in one article stay two. Its
//! day is the one its sentence names ("on 9 June", "on Monday"), else the
//! one the sentence before names in the same paragraph ("On 25 May, X and
//! Y signed … . Y said after the talks …"); its place the one named in that
//! sentence; what one noun leaves open another of the same day or place
//! fills (`plan_meetings`).

use super::{Cand, Ctx};
use crate::calendar::{
    civil_from_days, days_from_civil, month_number, valid_day, weekday, WEEKDAYS,
};
use crate::model::Class;
use regex::Regex;
use std::sync::OnceLock;

impl Ctx<'_, '_> {
    /// Plans the day and place of every meeting noun among `cands`, in
    /// text order, before any is tied to an entity (a later sentence may
    /// place a meeting an earlier one dated):
    /// 1. a noun's day is its sentence's, else its paragraph's sentence
    ///    before's; its place the one named in the sentence of its day;
    /// 2. a dated noun without a place takes the place of a placed noun of
    ///    that day; a placed noun without a day the day of a dated noun of
    ///    that place;
    /// 3. a noun with neither is the meeting named just before it;
    /// 4. a placed noun still without a day, when every unplaced noun so
    ///    far shares one day (or none), is their meeting, and places it;
    /// 5. a noun still without a day is on the document's date.
    pub(super) fn plan_meetings(&mut self, cands: &[&Cand]) {
        let mut plan: Vec<(usize, Option<String>, Option<String>)> = Vec::new();
        let anaphors = self.anaphors(cands);
        for (c, anaphor) in cands.iter().zip(&anaphors) {
            if anaphor.is_some() {
                plan.push((c.start, None, None));
                continue;
            }
            let s = self.sentence_of(c.start).unwrap_or(0);
            let (day, from) = match self.day_named(s, Some(c.start)) {
                Some(day) => (Some(day), s),
                None => s
                    .checked_sub(1)
                    .filter(|&p| self.same_paragraph(p, s))
                    .and_then(|p| Some((Some(self.day_named(p, None)?), p)))
                    .unwrap_or((None, s)),
            };
            let place = self.place_before(c.start, c.start).or_else(|| {
                (from != s)
                    .then(|| self.place_for(self.sentences[from].start))
                    .flatten()
            });
            plan.push((c.start, day, place));
        }
        let snapshot = plan.clone();
        for (_, day, place) in plan.iter_mut() {
            match (&day, &place) {
                (Some(d), None) => {
                    *place = snapshot
                        .iter()
                        .find(|(_, d2, p2)| d2.as_ref() == Some(d) && p2.is_some())
                        .and_then(|(_, _, p)| p.clone());
                }
                (None, Some(p)) => {
                    *day = snapshot
                        .iter()
                        .find(|(_, d2, p2)| p2.as_ref() == Some(p) && d2.is_some())
                        .and_then(|(_, d, _)| d.clone());
                }
                _ => {}
            }
        }
        for i in 1..plan.len() {
            if let Some(j) = anaphors[i] {
                (plan[i].1, plan[i].2) = (plan[j].1.clone(), plan[j].2.clone());
            } else if plan[i].1.is_none() && plan[i].2.is_none() {
                (plan[i].1, plan[i].2) = (plan[i - 1].1.clone(), plan[i - 1].2.clone());
            }
        }
        for i in 0..plan.len() {
            let (None, Some(place)) = (&plan[i].1, plan[i].2.clone()) else {
                continue;
            };
            let unplaced: Vec<usize> = (0..i).filter(|&j| plan[j].2.is_none()).collect();
            let days: std::collections::BTreeSet<&Option<String>> =
                unplaced.iter().map(|&j| &plan[j].1).collect();
            if let [day] = days.into_iter().collect::<Vec<_>>()[..] {
                let day = day.clone();
                for j in unplaced {
                    plan[j].2 = Some(place.clone());
                }
                plan[i].1 = day;
            }
        }
        // The days filled in above reach the nouns that refer back.
        for (i, anaphor) in anaphors.iter().enumerate() {
            if let Some(j) = *anaphor {
                (plan[i].1, plan[i].2) = (plan[j].1.clone(), plan[j].2.clone());
            }
        }
        self.meeting_plan = plan
            .into_iter()
            .map(|(start, day, place)| (start, (day.or_else(|| self.date.clone()), place)))
            .collect();
    }

    /// For each meeting noun, the earlier noun it refers back to: a
    /// definite noun ("the summit") that an earlier noun of the same words
    /// named, and that no place or day of its own follows ("the summit in
    /// Astana", "the talks on Friday"). It is that meeting, whatever day
    /// another clause of its sentence names ("Xi, who attended the summit,
    /// held talks with Lukashenko on Wednesday").
    fn anaphors(&self, cands: &[&Cand]) -> Vec<Option<usize>> {
        let words: Vec<String> = cands
            .iter()
            .map(|c| self.text[c.start..c.end].to_lowercase())
            .collect();
        cands
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let before = self.text[..c.start].trim_end();
                let last = before.rsplit(' ').next().unwrap_or("");
                let definite = ["the", "this", "that"]
                    .iter()
                    .any(|w| last.eq_ignore_ascii_case(w));
                let after = &self.text[c.end..];
                let own = [" in ", " at ", " on ", " held on ", " held in "]
                    .iter()
                    .any(|w| after.starts_with(w));
                if !definite || own {
                    return None;
                }
                (0..i).rev().find(|&j| words[j] == words[i])
            })
            .collect()
    }

    /// The meeting entity a meeting noun at `c` names: one per planned day
    /// and place.
    pub(super) fn meeting(&mut self, c: &Cand, kind: &str, focus: Option<&str>) -> usize {
        let (day, place) = self.meeting_plan.get(&c.start).cloned().unwrap_or_default();
        let known = self
            .meetings
            .iter()
            .find(|(d, p, _)| *d == day && *p == place);
        if let Some(&(_, _, ix)) = known {
            return ix;
        }
        let ev = &self.ann.onto.lexicon.events[kind];
        let country = self
            .country_near(c.start, c.end)
            .or(focus.map(String::from));
        let record = self.fill(
            &ev.key,
            &ev.label,
            Class::Event,
            country.as_deref(),
            self.year.clone().as_deref(),
            place.as_deref(),
            day.as_deref(),
        );
        let ix = self.add_event(record, kind);
        self.meetings.push((day, place, ix));
        ix
    }

    /// Whether sentence `s` tells of what is to come ("will hold", "is
    /// travelling"): its weekday is the next one, not the last.
    fn future(&self, s: usize) -> bool {
        let sentence = &self.sentences[s];
        let text = &self.text[sentence.start..sentence.end];
        [
            " will ",
            " is to ",
            " are to ",
            " due to ",
            " scheduled",
            " plans to ",
            " planned",
            " expected to ",
            " set to ",
            " is traveling",
            " is travelling",
            " are meeting",
            " is meeting",
            " next ",
        ]
        .iter()
        .any(|cue| text.contains(cue))
    }

    /// Whether no blank line stands between sentences `a` and `b`.
    fn same_paragraph(&self, a: usize, b: usize) -> bool {
        !self.text[self.sentences[a].end..self.sentences[b].start].contains("\n\n")
    }

    /// The day (YYYY-MM-DD) sentence `s` names: "9 June", "June 9, 2023",
    /// "on Monday" (the last such day up to the document's date). A day
    /// without a year is in the document's year, or the year before when
    /// it would fall over a week after the document. With the noun's
    /// position, a day in a relative clause without the noun is another
    /// thing's ("the treaty, which they signed on December 8, 1999").
    fn day_named(&self, s: usize, noun: Option<usize>) -> Option<String> {
        static DAY: OnceLock<Regex> = OnceLock::new();
        let re = DAY.get_or_init(|| {
            let month = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
            Regex::new(&format!(
                r"(?-u:\b)(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?P<m>{month})\.?|(?P<m2>{month})\.? (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)(?:,? (?P<y>(?:19|20)\d\d))?(?-u:\b)|(?-u:\b)[Oo]n (?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?-u:\b)"
            ))
            .expect("static")
        });
        let doc = self.date.as_deref()?;
        let (y, m, d) = (
            doc.get(..4)?.parse::<i32>().ok()?,
            doc.get(5..7)?.parse::<u32>().ok()?,
            doc.get(8..10)?.parse::<u32>().ok()?,
        );
        let today = days_from_civil(y, m, d);
        let sentence = &self.sentences[s];
        let text = &self.text[sentence.start..sentence.end];
        let relatives = noun.map_or(Vec::new(), |at| relative_clauses(text, at - sentence.start));
        let c = re.captures_iter(text).find(|c| {
            !relatives
                .iter()
                .any(|r| r.contains(&c.get(0).expect("match").start()))
        })?;
        let day = if let Some(wd) = c.name("wd") {
            let wanted = WEEKDAYS
                .iter()
                .position(|w| w.eq_ignore_ascii_case(wd.as_str()))? as i64;
            let now = i64::from(weekday(y, m, d));
            if self.future(s) {
                today + (wanted - now).rem_euclid(7)
            } else {
                today - (now - wanted).rem_euclid(7)
            }
        } else {
            let month = month_number(c.name("m").or(c.name("m2"))?.as_str())?;
            let dd: u32 = c.name("d").or(c.name("d2"))?.as_str().parse().ok()?;
            let year = match c.name("y") {
                Some(y) => y.as_str().parse().ok()?,
                None if valid_day(y, month, dd) && days_from_civil(y, month, dd) > today + 7 => {
                    y - 1
                }
                None => y,
            };
            if !valid_day(year, month, dd) {
                return None;
            }
            days_from_civil(year, month, dd)
        };
        let (y, m, d) = civil_from_days(day);
        Some(format!("{y:04}-{m:02}-{d:02}"))
    }
}

/// The spans of `text` in relative clauses (", which …" up to the next
/// comma, semicolon or the end) that do not hold position `keep`.
fn relative_clauses(text: &str, keep: usize) -> Vec<std::ops::Range<usize>> {
    static RELATIVE: OnceLock<Regex> = OnceLock::new();
    let re = RELATIVE
        .get_or_init(|| Regex::new(r", (?:which|who|whom|whose) [^;]*?(?:,|;|$)").expect("static"));
    re.find_iter(text)
        .map(|m| m.range())
        .filter(|r| !r.contains(&keep))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{annotate_on, refers};

    #[test]
    fn two_rounds_of_talks_on_two_days_stay_two() {
        let doc = annotate_on(
            "On 25 May, Shoigu and Khrenin signed documents in Minsk. Shoigu said after \
             the talks that the deal was done.\n\nOn 9 June, Lukashenko flew to Sochi for \
             talks with Putin. After the Sochi meeting, the two leaders spoke.",
            "2023-06-14",
        );
        assert_eq!(refers(&doc, "talks", 0), ["minsk_talks_2023_05_25"]);
        assert_eq!(refers(&doc, "talks", 1), ["sochi_talks_2023_06_09"]);
        assert_eq!(refers(&doc, "meeting", 0), ["sochi_talks_2023_06_09"]);
    }

    #[test]
    fn a_weekday_is_the_next_one_in_a_sentence_about_the_future_else_the_last() {
        // 2020-09-13 is a Sunday
        let doc = annotate_on(
            "Putin will meet Lukashenko on Monday. The talks are in Sochi.",
            "2020-09-13",
        );
        assert_eq!(refers(&doc, "talks", 0), ["sochi_talks_2020_09_14"]);
        let doc = annotate_on("Putin met Lukashenko on Monday for talks.", "2020-09-17");
        assert_eq!(refers(&doc, "talks", 0), ["talks_2020_09_14"]);
        // a day without a year after the document's date is last year's
        let doc = annotate_on("The talks in Minsk on 19 December went well.", "2024-01-29");
        assert_eq!(refers(&doc, "talks", 0), ["minsk_talks_2023_12_19"]);
    }

    #[test]
    fn a_day_in_a_relative_clause_about_something_else_is_not_the_meetings() {
        let doc = annotate_on(
            "The talks in Minsk marked the anniversary of the treaty, which the two \
             countries signed on December 8, 1999.",
            "2024-01-29",
        );
        assert_eq!(refers(&doc, "talks", 0), ["minsk_talks_2024_01_29"]);
        let doc = annotate_on(
            "Putin, who held talks in Minsk on 19 December, praised the deal.",
            "2024-01-29",
        );
        assert_eq!(refers(&doc, "talks", 0), ["minsk_talks_2023_12_19"]);
    }

    #[test]
    fn a_place_travelled_to_after_the_talks_is_not_theirs() {
        let doc = annotate_on(
            "On Monday Macron held talks with Putin, before flying to Kyiv.",
            "2022-02-08",
        );
        assert_eq!(refers(&doc, "talks", 0), ["talks_2022_02_07"]);
        let doc = annotate_on(
            "On 9 June, Lukashenko flew to Sochi for talks.",
            "2023-06-14",
        );
        assert_eq!(refers(&doc, "talks", 0), ["sochi_talks_2023_06_09"]);
    }

    #[test]
    fn a_dated_meeting_is_placed_by_a_later_noun() {
        let doc = annotate_on(
            "On Monday, Lukashenko will hold a face-to-face meeting with Putin. No \
             ceremonies are expected at the Sochi summit.",
            "2020-09-13",
        );
        assert_eq!(
            refers(&doc, "face-to-face meeting", 0),
            ["sochi_talks_2020_09_14"]
        );
        assert_eq!(refers(&doc, "summit", 0), ["sochi_talks_2020_09_14"]);
    }
}
