//! The HTML handout's body from the Markdown handout: pulldown-cmark's events,
//! adjusted for print and for screen readers before they are written out.
//!
//! * Each `##` heading opens a `<section>` holding it and what follows, up to the
//!   next heading of that level or the rule above the footer: the style sheet keeps
//!   a section's heading with its first step or factor on one printed page.
//! * A checklist's box is wrapped with its text in a `<label>`, so the box has an
//!   accessible name (a screen reader says what is ticked), and can be ticked on a screen.
//! * A phone number written in running text (not a contact's field, which is already
//!   a `tel:` link) is kept whole on one line, and an email address is a `mailto:` link.
//! * `> [!WARNING]` and `> [!IMPORTANT]` blocks (GitHub's alerts) are written as
//!   `<blockquote class="markdown-alert-…">`: the draft banner and the hotline box.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The Markdown handout as HTML.
pub(crate) fn body(markdown: &str) -> String {
    let options = Options::ENABLE_TASKLISTS | Options::ENABLE_GFM | Options::ENABLE_TABLES;
    let events = adjust(Parser::new_ext(markdown, options));
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
}

fn html(fixed: &'static str) -> Event<'static> {
    Event::InlineHtml(CowStr::Borrowed(fixed))
}

fn block_html(fixed: &'static str) -> Event<'static> {
    Event::Html(CowStr::Borrowed(fixed))
}

/// The events with sections, labelled checkboxes, whole phone numbers and linked
/// email addresses (see the module's comment).
fn adjust<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut out: Vec<Event<'a>> = Vec::new();
    let mut in_section = false;
    let mut in_label = false;
    // The links the text is in: whether each is a `tel:` link.
    let mut links: Vec<bool> = Vec::new();
    // Adjacent text events (pulldown-cmark splits text at escapes) are read as one.
    let mut text = String::new();
    for event in events {
        if let Event::Text(t) = &event {
            text.push_str(t);
            continue;
        }
        if !text.is_empty() {
            running_text(&std::mem::take(&mut text), &links, &mut out);
        }
        if in_label && ends_phrase(&event) {
            out.push(html("</label>"));
            in_label = false;
        }
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1 | HeadingLevel::H2,
                ..
            })
            | Event::Rule
                if in_section =>
            {
                out.push(block_html("</section>\n"));
                in_section = false;
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                out.push(block_html("<section>\n"));
                in_section = true;
                out.push(event);
            }
            Event::TaskListMarker(checked) => {
                out.push(html(if checked {
                    "<label><input type=\"checkbox\" checked> "
                } else {
                    "<label><input type=\"checkbox\"> "
                }));
                in_label = true;
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                links.push(dest_url.starts_with("tel:"));
                out.push(event);
            }
            Event::End(TagEnd::Link) => {
                links.pop();
                out.push(event);
            }
            _ => out.push(event),
        }
    }
    if !text.is_empty() {
        running_text(&text, &links, &mut out);
    }
    if in_label {
        out.push(html("</label>"));
    }
    if in_section {
        out.push(block_html("</section>\n"));
    }
    out
}

/// Whether `event` ends the phrase a checkbox's label holds: the end of its
/// paragraph or item, or a block inside the item (a list under it).
fn ends_phrase(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::End(TagEnd::Paragraph | TagEnd::Item)
            | Event::Start(
                Tag::Paragraph
                    | Tag::Heading { .. }
                    | Tag::BlockQuote(_)
                    | Tag::CodeBlock(_)
                    | Tag::List(_)
                    | Tag::Item
                    | Tag::Table(_)
            )
            | Event::Rule
    )
}

/// A run of text inside `links` (each `true` for a `tel:` link): phone numbers
/// kept whole (`<span class="phone">`; a `tel:` link is kept whole by the style
/// sheet), email addresses linked (outside a link), the rest as text.
fn running_text<'a>(text: &str, links: &[bool], out: &mut Vec<Event<'a>>) {
    let in_tel_link = links.iter().any(|tel| *tel);
    // The next address and number from `from` on, as byte ranges of `text`: each is
    // looked for again only once the text has passed its start, so the text is read
    // once however many it holds.
    let next_email = |from: usize| {
        let found = text.get(from..).and_then(find_email)?;
        links.is_empty().then_some((found.0 + from, found.1 + from))
    };
    let next_phone = |from: usize| {
        let found = text.get(from..).and_then(find_phone)?;
        (!in_tel_link).then_some((found.0 + from, found.1 + from))
    };
    let (mut email, mut phone) = (next_email(0), next_phone(0));
    let mut at = 0;
    loop {
        let (start, end, is_email) = match (email, phone) {
            (Some(e), Some(p)) if p.0 < e.0 => (p.0, p.1, false),
            (Some(e), _) => (e.0, e.1, true),
            (None, Some(p)) => (p.0, p.1, false),
            (None, None) => break,
        };
        let (Some(before), Some(found)) = (text.get(at..start), text.get(start..end)) else {
            break;
        };
        if !before.is_empty() {
            out.push(Event::Text(CowStr::from(before.to_string())));
        }
        if is_email {
            // The address holds only letters, digits and `._%+-@`: nothing to escape.
            out.push(Event::InlineHtml(CowStr::from(format!(
                "<a href=\"mailto:{found}\">"
            ))));
            out.push(Event::Text(CowStr::from(found.to_string())));
            out.push(html("</a>"));
        } else {
            out.push(html("<span class=\"phone\">"));
            out.push(Event::Text(CowStr::from(found.to_string())));
            out.push(html("</span>"));
        }
        at = end;
        if email.is_some_and(|e| e.0 < end) {
            email = next_email(end);
        }
        if phone.is_some_and(|p| p.0 < end) {
            phone = next_phone(end);
        }
    }
    if let Some(rest) = text.get(at..).filter(|rest| !rest.is_empty()) {
        out.push(Event::Text(CowStr::from(rest.to_string())));
    }
}

/// The first email address in `text` (`name@example.org`), as a byte range.
fn find_email(text: &str) -> Option<(usize, usize)> {
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
    let mut from = 0;
    while let Some(at) = text.get(from..)?.find('@').map(|i| i + from) {
        let before = text.get(..at)?;
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| local(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let after = text.get(at + 1..)?;
        let length = after.find(|c: char| !domain(c)).unwrap_or(after.len());
        // A full stop after the address ends the sentence, not the address.
        let host = after.get(..length)?.trim_end_matches('.');
        let labels: Vec<&str> = host.split('.').collect();
        let is_address = start < at
            && labels.len() >= 2
            && labels
                .iter()
                .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
            && labels
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if is_address {
            return Some((start, at + 1 + host.len()));
        }
        from = at + 1;
    }
    None
}

/// The first phone number in `text` as a byte range: digit groups of one to
/// four digits (the first may be in brackets, after an optional `+`) joined by
/// one `-`, `.` or space, seven to fifteen digits in all, not part of a longer
/// word — "800-207-4464", "(951) 351-4418", "+44 20 7946 0958". Only a number a
/// line could break inside (at a space or a `-`) is returned. A date written
/// `2024-08-01` is read as one too, which is harmless: it is only kept whole.
fn find_phone(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || bytes.get(i - 1).is_some_and(|b| !b.is_ascii_alphanumeric());
        if starts_word {
            if let Some(end) = phone_at(bytes, i) {
                return Some((i, end));
            }
        }
        i += 1;
    }
    None
}

/// The end of a phone number starting at `start`, if one does.
fn phone_at(bytes: &[u8], start: usize) -> Option<usize> {
    let at = |i: usize| bytes.get(i).copied();
    let digits_from = |i: usize| {
        let mut j = i;
        while at(j).is_some_and(|b| b.is_ascii_digit()) {
            j += 1;
        }
        j - i
    };
    let mut i = start;
    if at(i) == Some(b'+') {
        i += 1;
    }
    let mut groups = 0;
    let mut digits = 0;
    let mut breakable = false;
    let mut end = None;
    loop {
        let bracketed = at(i) == Some(b'(');
        let first = if bracketed { i + 1 } else { i };
        let n = digits_from(first);
        if n == 0 || n > 4 || (bracketed && at(first + n) != Some(b')')) {
            break;
        }
        i = first + n + usize::from(bracketed);
        groups += 1;
        digits += n;
        if digits > 15 {
            // Longer than any phone number: it ends at the last group that kept it
            // short enough (and the work per start stays bounded).
            break;
        }
        if at(i).is_none_or(|b| !b.is_ascii_alphanumeric()) {
            end = Some((i, groups, digits, breakable));
        } else {
            break;
        }
        // The separator before the next group: `-`, `.` or a space (a bracketed
        // group may be followed by a space or by the next group directly).
        match at(i) {
            Some(b'-' | b' ') if at(i + 1).is_some_and(|b| b.is_ascii_digit() || b == b'(') => {
                breakable = true;
                i += 1;
            }
            Some(b'.') if at(i + 1).is_some_and(|b| b.is_ascii_digit()) => i += 1,
            Some(b) if bracketed && b.is_ascii_digit() => {}
            _ => break,
        }
    }
    let (end, groups, digits, breakable) = end?;
    (groups >= 2 && (7..=15).contains(&digits) && breakable).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phones(text: &str) -> Vec<&str> {
        let mut found = Vec::new();
        let mut rest = text;
        while let Some((start, end)) = find_phone(rest) {
            found.extend(rest.get(start..end));
            rest = rest.get(end..).unwrap_or_default();
        }
        found
    }

    #[test]
    fn phone_numbers_in_running_text_are_found_whole() {
        assert_eq!(
            phones("Call 800-207-4464 or (951) 351-4418, abroad +44 20 7946 0958."),
            ["800-207-4464", "(951) 351-4418", "+44 20 7946 0958"]
        );
        assert_eq!(phones("the officer (555-0151) now"), ["555-0151"]);
        assert_eq!(
            phones("Call 911. Grades 7-12, EC 51934, 16524.6, SHA-256 793ffb943a50"),
            Vec::<&str>::new()
        );
        assert_eq!(phones("555-0142x"), Vec::<&str>::new());
    }

    #[test]
    fn a_text_of_many_numbers_is_read_once() {
        // Each number kept whole; a long run of digits and dashes is read in pieces
        // of at most fifteen digits.
        let text = "555-0142, ".repeat(20_000) + &"1-".repeat(50_000);
        let mut out = Vec::new();
        running_text(&text, &[], &mut out);
        let spans = out
            .iter()
            .filter(|e| matches!(e, Event::InlineHtml(h) if h.as_ref() == "<span class=\"phone\">"))
            .count();
        assert_eq!(spans, 20_000 + 50_000 / 15);
    }

    #[test]
    fn email_addresses_are_found_without_the_full_stop_after_them() {
        let text = "Write to safety.team@example-county.org. Not a@b or @x.org";
        let (start, end) = find_email(text).unwrap_or_default();
        assert_eq!(text.get(start..end), Some("safety.team@example-county.org"));
        assert_eq!(find_email("a@b, @x.org"), None);
    }

    #[test]
    fn checkboxes_are_labelled_sections_hold_their_headings_and_numbers_stay_whole() {
        let html = body(
            "# T\n\n## Criteria\n\nMeets if:\n\n- [ ] Runs away\n- [ ] Call 555-0142 *now*\n\n## Contacts\n\n\
             - **Lead** — mail lead@example.org\n\n---\n\nFooter\n",
        );
        assert_eq!(
            html,
            "<h1>T</h1>\n<section>\n<h2>Criteria</h2>\n<p>Meets if:</p>\n<ul>\n\
             <li><label><input type=\"checkbox\"> Runs away</label></li>\n\
             <li><label><input type=\"checkbox\"> Call <span class=\"phone\">555-0142</span> <em>now</em></label></li>\n\
             </ul>\n</section>\n<section>\n<h2>Contacts</h2>\n<ul>\n\
             <li><strong>Lead</strong> — mail <a href=\"mailto:lead@example.org\">lead@example.org</a></li>\n\
             </ul>\n</section>\n<hr />\n<p>Footer</p>\n"
        );
    }
}
