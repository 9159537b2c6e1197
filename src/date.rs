//! Calendar dates as protocols write them, `YYYY-MM-DD`: whether a text is a real
//! date, the date of a Unix time, and which of two dates comes first. No clock:
//! the date a build is made on is given (`--today`, SOURCE_DATE_EPOCH), never read.

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

/// The UTC calendar date (`YYYY-MM-DD`) of a Unix time in seconds.
pub(crate) fn of_epoch(seconds: i64) -> String {
    Date::of_epoch(seconds).to_string()
}

/// Whether the date `first` comes before `second`. Dates written `YYYY-MM-DD`
/// order as text, and are compared so (as every date read from a protocol is).
pub(crate) fn is_before(first: &str, second: &str) -> bool {
    first < second
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
