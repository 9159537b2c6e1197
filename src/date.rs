//! Calendar dates as protocols write them: a day `YYYY-MM-DD`, or, where the source
//! gives no more, a month `YYYY-MM` or a year `YYYY`. Whether a text is a real date,
//! the date of a Unix time, and which of two dates certainly comes first. No clock:
//! the date a build is made on is given (`--today`, SOURCE_DATE_EPOCH), never read.
//!
//! A month or a year stands for every day in it, so it is ordered only when that
//! is certain: `a` is before `b` when the last day `a` can be is before the first
//! day `b` can be (`2019` is before `2020-01`, but not before `2019-06`).

/// A day on the (proleptic Gregorian) calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Date {
    year: i64,
    month: i64,
    day: i64,
}

impl Date {
    /// Reads `YYYY-MM-DD` (the month and day may have one digit); `None` when it
    /// is not of that form or names no day on the calendar.
    fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let (Ok(year), Ok(month), Ok(day)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
            return None;
        };
        let date = Date {
            year: i64::from(year),
            month: i64::from(month),
            day: i64::from(day),
        };
        let days = days_in_month(date.year, date.month)?;
        (y.len() == 4 && (1..=days).contains(&date.day)).then_some(date)
    }

    /// The UTC date of a Unix time in seconds (Howard Hinnant's days-to-civil algorithm).
    fn of_epoch(seconds: i64) -> Date {
        let z = seconds.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date { year, month, day }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The number of days in a month of a year; `None` for a month that is not 1 to 12.
fn days_in_month(year: i64, month: i64) -> Option<i64> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 if leap => Some(29),
        2 => Some(28),
        _ => None,
    }
}

/// Whether `text` is a real `YYYY-MM-DD` calendar date.
pub(crate) fn is_date(text: &str) -> bool {
    Date::parse(text).is_some()
}

/// The first and last days a date as written can be: a day is itself, a month
/// `YYYY-MM` runs from its 1st to its last day, a year `YYYY` from 1 January to
/// 31 December. `None` when `text` is none of these or names no month or day.
fn span_of(text: &str) -> Option<(Date, Date)> {
    let mut parts = text.split('-');
    let year_text = parts.next()?;
    let year = (year_text.len() == 4)
        .then(|| year_text.parse::<u32>().ok())
        .flatten()
        .map(i64::from)?;
    match (parts.next(), parts.next()) {
        (None, _) => Some((
            Date {
                year,
                month: 1,
                day: 1,
            },
            Date {
                year,
                month: 12,
                day: 31,
            },
        )),
        (Some(month_text), None) => {
            let month = (month_text.len() == 2)
                .then(|| month_text.parse::<u32>().ok())
                .flatten()
                .map(i64::from)?;
            let last = days_in_month(year, month)?;
            Some((
                Date { year, month, day: 1 },
                Date {
                    year,
                    month,
                    day: last,
                },
            ))
        }
        (Some(_), Some(_)) => Date::parse(text).map(|d| (d, d)),
    }
}

/// Whether `text` is a date a protocol may write: a real day `YYYY-MM-DD`, a
/// month `YYYY-MM` (01 to 12) or a year `YYYY`.
pub(crate) fn is_written_date(text: &str) -> bool {
    span_of(text).is_some()
}

/// The UTC calendar date (`YYYY-MM-DD`) of a Unix time in seconds.
pub(crate) fn of_epoch(seconds: i64) -> String {
    Date::of_epoch(seconds).to_string()
}

/// Whether the date `first` certainly comes before `second`: the last day `first`
/// can be is before the first day `second` can be. Either may be a month or a
/// year; a text that is no date is before nothing. Days `YYYY-MM-DD` order as text.
pub(crate) fn is_before(first: &str, second: &str) -> bool {
    match (span_of(first), span_of(second)) {
        (Some((_, first_last)), Some((second_first, _))) => first_last.to_string() < second_first.to_string(),
        _ => false,
    }
}

/// Whether `later` can be after `earlier`: the last day `later` can be is after
/// the first day `earlier` can be. Days compare as days (`2024-01-02` can be
/// after `2024-01-01`, not after itself); `2019-06` can be after `2019`.
pub(crate) fn can_be_after(later: &str, earlier: &str) -> bool {
    match (span_of(later), span_of(earlier)) {
        (Some((_, later_last)), Some((earlier_first, _))) => {
            later_last.to_string() > earlier_first.to_string()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("2024-00-10"));
        assert!(is_date("2000-02-29"));
        assert!(!is_date("1900-02-29"));
        assert!(!is_date("2019-01"));
    }

    #[test]
    fn written_dates() {
        assert!(is_written_date("2019"));
        assert!(is_written_date("2019-01"));
        assert!(is_written_date("2019-01-31"));
        assert!(!is_written_date("2019-13"));
        assert!(!is_written_date("2019-00"));
        assert!(!is_written_date("2019-1"));
        assert!(!is_written_date("219"));
        assert!(!is_written_date("2019-02-30"));
    }

    #[test]
    fn partial_dates_order_only_when_certain() {
        assert!(is_before("2019", "2020-01"));
        assert!(is_before("2019-05", "2019-06-01"));
        assert!(!is_before("2019", "2019-06"));
        assert!(!is_before("2019-06", "2019"));
        assert!(!is_before("2019-06-30", "2019-06"));
        assert!(is_before("2019-05-31", "2019-06"));
        assert!(!is_before("2019", "2019"));
        assert!(can_be_after("2019", "2019"));
        assert!(can_be_after("2019-06", "2019"));
        assert!(!can_be_after("2019-05", "2019-06-01"));
        assert!(!can_be_after("2024-01-01", "2024-01-01"));
        assert!(can_be_after("2024-01-02", "2024-01-01"));
    }

    #[test]
    fn epochs() {
        assert_eq!(of_epoch(0), "1970-01-01");
        assert_eq!(of_epoch(951_782_400), "2000-02-29");
        assert_eq!(of_epoch(-86_400), "1969-12-31");
        assert!(is_before("2026-12-31", "2027-01-01"));
        assert!(!is_before("2027-01-01", "2027-01-01"));
    }
}
