//! Partial and approximate calendar dates, as a history needs them: `2019`, `2019-11`,
//! `2019-11-19`, years before the common era (`-0043` is 44 BC), and the approximate forms of
//! the Extended Date/Time Format (ISO 8601-2, level 1): `1990~` (circa 1990), `1990?`
//! (uncertain), `1990%` (both), and unspecified digits `199X` (the 1990s) or `19XX` (the
//! twentieth century).
//!
//! A date is kept as the text the user wrote, so files round-trip byte for byte; it is parsed
//! when it is checked or compared. Days are counted in the proleptic Gregorian calendar with
//! astronomical year numbering (year 0 is 1 BC), as ISO 8601 and EDTF do.

use serde::{Deserialize, Serialize};

/// A calendar date that may be partial or approximate. See the module documentation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PartialDate(pub String);

/// How sure a date is, from its EDTF qualifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Certainty {
    Exact,
    /// `~`: circa.
    Approximate,
    /// `?`: the source is unsure.
    Uncertain,
    /// `%`: both.
    ApproximateAndUncertain,
}

/// The first and last day a date covers, as day numbers (days since 1970-01-01; negative
/// before). `2019-11` covers 2019-11-01 to 2019-11-30, `199X` 1990-01-01 to 1999-12-31.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DaySpan {
    pub first: i64,
    pub last: i64,
}

impl PartialDate {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when the text is one of the documented forms and names a real day: `2019-02-29`
    /// is refused, `2020-02-29` is not.
    pub fn is_well_formed(&self) -> bool {
        parse(&self.0).is_some()
    }

    /// The days the date covers, or `None` when it is not well formed.
    pub fn span(&self) -> Option<DaySpan> {
        parse(&self.0).map(|(span, _)| span)
    }

    /// Where its first day falls, in years with their fraction (`2014-07` is about 2014.5):
    /// a number rules can compare and scale along a range.
    pub fn year(&self) -> Option<f64> {
        // The mean Gregorian year: days since 1970 to years, to within a day.
        self.span()
            .map(|s| 1970.0 + (s.first as f64 + 0.5) / 365.2425)
    }

    /// How sure the date is, or `None` when it is not well formed.
    pub fn certainty(&self) -> Option<Certainty> {
        parse(&self.0).map(|(_, c)| c)
    }
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The forms a user may write, for messages.
pub const DATE_FORMS: &str = "a date like 2019, 2019-11, 2019-11-19, -0043 (44 BC), 1990~ (circa), \
                              1990? (uncertain) or 199X (the 1990s)";

fn parse(text: &str) -> Option<(DaySpan, Certainty)> {
    let (body, certainty) = match text.as_bytes().last()? {
        b'~' => (&text[..text.len() - 1], Certainty::Approximate),
        b'?' => (&text[..text.len() - 1], Certainty::Uncertain),
        b'%' => (&text[..text.len() - 1], Certainty::ApproximateAndUncertain),
        _ => (text, Certainty::Exact),
    };
    let (negative, body) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let mut parts = body.split('-');
    let year_text = parts.next()?;
    let month_text = parts.next();
    let day_text = parts.next();
    if parts.next().is_some() {
        return None;
    }
    let (year_lo, year_hi) = parse_year(year_text, negative)?;
    let unspecified = year_lo != year_hi;
    let span = match (month_text, day_text) {
        (None, _) => DaySpan {
            first: days_from_civil(year_lo, 1, 1),
            last: days_from_civil(year_hi, 12, 31),
        },
        // Months and days of a decade or century are not a thing EDTF level 1 writes this way.
        (Some(_), _) if unspecified => return None,
        (Some(m), None) => {
            let month = two_digits(m).filter(|m| (1..=12).contains(m))?;
            DaySpan {
                first: days_from_civil(year_lo, month, 1),
                last: days_from_civil(year_lo, month, days_in_month(year_lo, month)),
            }
        }
        (Some(m), Some(d)) => {
            let month = two_digits(m).filter(|m| (1..=12).contains(m))?;
            let day = two_digits(d).filter(|d| (1..=days_in_month(year_lo, month)).contains(d))?;
            let n = days_from_civil(year_lo, month, day);
            DaySpan { first: n, last: n }
        }
    };
    Some((span, certainty))
}

/// Four characters: digits, or digits followed by one or two `X` (the decade or century).
/// Returns the first and last year covered.
fn parse_year(text: &str, negative: bool) -> Option<(i64, i64)> {
    let bytes = text.as_bytes();
    if bytes.len() != 4 {
        return None;
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let xs = &bytes[digits..];
    if digits < 2 || !xs.iter().all(|&b| b == b'X') || (negative && !xs.is_empty()) {
        return None;
    }
    let lead: i64 = text[..digits].parse().ok()?;
    let width = 10_i64.pow(xs.len() as u32);
    let lo = lead * width;
    let hi = lo + width - 1;
    if negative {
        // "-0000" is not a year: year 0 is written "0000".
        if lo == 0 {
            return None;
        }
        Some((-lo, -lo))
    } else {
        Some((lo, hi))
    }
}

fn two_digits(text: &str) -> Option<u32> {
    (text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn is_leap(year: i64) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The ISO date (`YYYY-MM-DD`, `-YYYY-MM-DD` before year 0) of a day number.
pub fn iso_day(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    if y < 0 {
        format!("-{:04}-{m:02}-{d:02}", -y)
    } else {
        format!("{y:04}-{m:02}-{d:02}")
    }
}

/// The inverse of [`days_from_civil`] (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`, valid for every year here).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dates_year_is_its_first_day_in_years() {
        let year = |t: &str| PartialDate::new(t).year().unwrap();
        assert!((year("2014") - 2014.0).abs() < 0.01);
        assert!((year("2014-07") - 2014.5).abs() < 0.01);
        assert!((year("199X") - 1990.0).abs() < 0.01);
        assert!(year("-0043") < -42.9);
        assert_eq!(PartialDate::new("soon").year(), None);
    }

    fn ok(text: &str) -> bool {
        PartialDate::new(text).is_well_formed()
    }

    #[test]
    fn the_plain_forms_are_accepted() {
        for good in [
            "2019",
            "2019-11",
            "2019-11-19",
            "2001-12-31",
            "0000",
            "0001-01-01",
        ] {
            assert!(ok(good), "{good}");
        }
    }

    #[test]
    fn impossible_days_are_refused_by_the_calendar() {
        assert!(!ok("2019-02-29"), "2019 is not a leap year");
        assert!(ok("2020-02-29"));
        assert!(!ok("1900-02-29"), "1900 is not a leap year");
        assert!(ok("2000-02-29"), "2000 is");
        assert!(!ok("2019-02-30"));
        assert!(!ok("2019-04-31"));
        assert!(ok("2019-05-31"));
    }

    #[test]
    fn malformed_text_is_refused() {
        for bad in [
            "19",
            "2019-13",
            "2019-1",
            "2019-11-32",
            "late 2001",
            "",
            "2019-11-19-1",
            "-",
            "~",
            "2019~~",
            "-0000",
            "1XXX",
            "-199X",
            "199X-05",
            "20190",
            "2019-00",
            "2019-11-00",
        ] {
            assert!(!ok(bad), "{bad}");
        }
    }

    #[test]
    fn years_before_the_common_era_are_negative_and_ordered() {
        let caesar = PartialDate::new("-0043-03-15").span().unwrap();
        let augustus = PartialDate::new("0014-08-19").span().unwrap();
        assert!(caesar.last < augustus.first);
        let bc_2 = PartialDate::new("-0001").span().unwrap();
        let bc_1 = PartialDate::new("0000").span().unwrap();
        assert!(bc_2.last < bc_1.first);
        assert_eq!(
            bc_1.last + 1,
            PartialDate::new("0001").span().unwrap().first
        );
        assert!(is_leap(0) && is_leap(-4) && !is_leap(-100));
    }

    #[test]
    fn approximate_forms_carry_their_certainty_and_span() {
        let circa = PartialDate::new("1990~");
        assert_eq!(circa.certainty(), Some(Certainty::Approximate));
        assert_eq!(circa.span(), PartialDate::new("1990").span());
        assert_eq!(
            PartialDate::new("2019-11?").certainty(),
            Some(Certainty::Uncertain)
        );
        assert_eq!(
            PartialDate::new("1990%").certainty(),
            Some(Certainty::ApproximateAndUncertain)
        );
        let nineties = PartialDate::new("199X").span().unwrap();
        assert_eq!(
            nineties.first,
            PartialDate::new("1990").span().unwrap().first
        );
        assert_eq!(
            nineties.last,
            PartialDate::new("1999-12-31").span().unwrap().last
        );
        let century = PartialDate::new("19XX").span().unwrap();
        assert_eq!(
            century.first,
            PartialDate::new("1900-01-01").span().unwrap().first
        );
        assert_eq!(
            century.last,
            PartialDate::new("1999-12-31").span().unwrap().first
        );
    }

    #[test]
    fn day_numbers_turn_back_into_dates() {
        for text in [
            "1970-01-01",
            "2000-02-29",
            "-0043-03-15",
            "0000-12-31",
            "2019-11-30",
        ] {
            let span = PartialDate::new(text).span().unwrap();
            assert_eq!(iso_day(span.first), text);
        }
        assert_eq!(
            iso_day(PartialDate::new("199X").span().unwrap().last),
            "1999-12-31"
        );
    }

    #[test]
    fn day_numbers_match_the_unix_epoch() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        let month = PartialDate::new("2019-11").span().unwrap();
        assert_eq!(month.last - month.first, 29, "November has 30 days");
    }
}
