//! Checks of written values: phone numbers, web and email addresses (calendar
//! dates are [`crate::date`]'s).

/// Why a phone number is malformed, or `None` when it is fine.
///
/// A phone number is 3 to 15 digits (`911`, `800-207-4464`, `+1 (714) 555-0100`),
/// separated by spaces, dashes, dots or parentheses, optionally ending with an
/// extension (`ext. 12` or `x12`).
pub(crate) fn phone_problem(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    let number = match lower
        .rfind(" ext. ")
        .or_else(|| lower.rfind(" ext "))
        .or_else(|| lower.rfind(" x"))
    {
        Some(i) => {
            let (number, extension) = lower.split_at(i);
            let digits = extension.trim_start_matches([' ', 'e', 'x', 't', '.']);
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                return Some("the extension must be digits, e.g. `ext. 12`");
            }
            number
        }
        None => lower.as_str(),
    };
    if let Some(bad) = number
        .chars()
        .find(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '+')))
    {
        let has_digits = number.chars().any(|c| c.is_ascii_digit());
        return Some(if bad.is_alphabetic() && !has_digits {
            "it has no digits; write the number staff dial"
        } else if bad.is_alphabetic() {
            "it contains letters; write the digits (vanity letters can go in a `note`)"
        } else {
            "it contains characters other than digits, spaces, dashes, dots and parentheses"
        });
    }
    let digits = number.chars().filter(char::is_ascii_digit).count();
    if digits < 3 {
        return Some("it has fewer than 3 digits");
    }
    if digits > 15 {
        return Some("it has more than 15 digits");
    }
    if number.matches('(').count() != number.matches(')').count() {
        return Some("its parentheses do not match");
    }
    None
}

/// Why a web address is malformed, or `None` when it is fine. Addresses start
/// with `http://` or `https://` and name a host.
pub(crate) fn url_problem(text: &str) -> Option<&'static str> {
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return Some("a web address starts with `https://` or `http://`");
    };
    if text.chars().any(char::is_whitespace) {
        return Some("a web address cannot contain spaces");
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host_name = host.split(':').next().unwrap_or(host);
    let valid_label = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    if host_name != "localhost" && (!host_name.contains('.') || !host_name.split('.').all(valid_label)) {
        return Some("it does not name a host like `example.org`");
    }
    None
}

/// Why an email address is malformed, or `None` when it is fine.
pub(crate) fn email_problem(text: &str) -> Option<&'static str> {
    let Some((local, domain)) = text.split_once('@') else {
        return Some("an email address has an `@`");
    };
    if local.is_empty() || text.chars().any(char::is_whitespace) || domain.contains('@') {
        return Some("it is not of the form `name@example.org`");
    }
    if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
        return Some("its domain is not like `example.org`");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        for ok in [
            "800-207-4464",
            "911",
            "+1 (714) 555-0100",
            "714.555.0100",
            "800-207-4464 ext. 12",
            "555 0100 x7",
        ] {
            assert_eq!(phone_problem(ok), None, "{ok}");
        }
        for bad in [
            "80",
            "1-800-4-A-CHILD",
            "800_207_4464",
            "(714 555-0100",
            "1234567890123456",
            "800 ext. x",
        ] {
            assert!(phone_problem(bad).is_some(), "{bad}");
        }
        // A placeholder left in by `protocolc new` is not mistaken for a vanity number.
        assert_eq!(
            phone_problem("FILL IN"),
            Some("it has no digits; write the number staff dial")
        );
        assert!(phone_problem("1-800-4-A-CHILD").is_some_and(|p| p.contains("vanity")));
    }

    #[test]
    fn urls_and_emails() {
        assert_eq!(url_problem("http://ochumantrafficking.com"), None);
        assert_eq!(
            url_problem("https://www.cdss.ca.gov/inforesources/csec?x=1#top"),
            None
        );
        assert!(url_problem("ochumantrafficking.com").is_some());
        assert!(url_problem("https://no spaces.org").is_some());
        assert!(url_problem("https://nohost").is_some());
        assert_eq!(email_problem("csec@ocde.us"), None);
        assert!(email_problem("csec.ocde.us").is_some());
        assert!(email_problem("a@b").is_some());
    }
}
