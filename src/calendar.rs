//! Calendar arithmetic shared by the stages that read dates: ingest (a
//! document's date line) and annotate (the day an event noun's sentence
//! names). Proleptic Gregorian, no time zones.

pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

pub(crate) const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The first year (1900–2099) written in `text`, as written.
pub(crate) fn first_year(text: &str) -> Option<&str> {
    years(text).map(|(_, y)| y).next()
}

/// The first year of `text` that dates something: a year after "since"
/// starts a span of time ("has ruled since 1994 and is seeking a sixth
/// term").
pub(crate) fn first_dating_year(text: &str) -> Option<&str> {
    years(text)
        .find(|&(at, _)| !text[..at].ends_with("since "))
        .map(|(_, y)| y)
}

/// The years (1900–2099) of `text`, runs of four digits, with their byte
/// offsets.
fn years(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let run = &text[start..i];
            if run.len() == 4 && (run.starts_with("19") || run.starts_with("20")) {
                return Some((start, run));
            }
        }
        None
    })
}

pub(crate) fn month_number(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('.');
    (w.len() >= 3)
        .then(|| MONTHS.iter().position(|m| m.starts_with(w)))
        .flatten()
        .map(|i| i as u32 + 1)
}

pub(crate) fn valid_day(y: i32, m: u32, d: u32) -> bool {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Day of the week of a valid date, 0 = Monday (days since 1970-01-01,
/// a Thursday).
pub(crate) fn weekday(y: i32, m: u32, d: u32) -> u32 {
    let days = days_from_civil(y, m, d);
    (days + 3).rem_euclid(7) as u32
}

/// Days from 1970-01-01 to a proleptic Gregorian date.
pub(crate) fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    // March-based years put the leap day last (H. Hinnant's algorithm)
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01 (the inverse of `days_from_civil`).
pub(crate) fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_dates_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2023, 12, 31), (2024, 3, 1)] {
            assert_eq!(civil_from_days(days_from_civil(y, m, d)), (y, m, d));
        }
        assert_eq!(weekday(2024, 7, 4), 3);
    }

    #[test]
    fn a_year_after_since_dates_nothing() {
        assert_eq!(
            first_year("ruled since 1994, re-elected in 2020"),
            Some("1994")
        );
        assert_eq!(
            first_dating_year("ruled since 1994, re-elected in 2020"),
            Some("2020")
        );
        assert_eq!(first_dating_year("in power since 1994"), None);
        assert_eq!(first_year("№ 12345 — «2021»"), Some("2021"));
    }
}
