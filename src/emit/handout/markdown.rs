//! Markdown for protocol text: escaping so that user text never becomes markup,
//! and linked text with websites as links and phone numbers in bold.

use crate::model::{LinkedText, TextPart};

/// Escapes text so CommonMark shows it literally: every character that could
/// start inline markup is backslash-escaped, a line start cannot open a block
/// (list, heading, quote, code, rule), and line breaks stay inside the paragraph
/// (hard breaks), so the text can sit in a list item without ending it.
///
/// Leading whitespace is dropped (four spaces would start a code block).
pub fn escape(text: &str) -> String {
    escape_piece(text.trim_start())
}

/// Like [`escape`] for a piece of a line (e.g. the words between two
/// placeholders): the start keeps its spaces, and is still escaped as a line
/// start, which is harmless mid-line.
fn escape_piece(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i == 0 {
            escape_line(line, &mut out);
        } else {
            out.push_str("\\\n");
            escape_line(line.trim_start(), &mut out);
        }
    }
    out
}

fn escape_line(line: &str, out: &mut String) {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let marker_ends = |i: usize| {
        line.get(i + 1..)
            .is_none_or(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    };
    // A line of only `-`, `=` or `+` (and spaces) is a rule or a heading underline.
    let only_rule_chars = !line.trim().is_empty()
        && line
            .trim()
            .chars()
            .all(|c| matches!(c, '-' | '=' | '+' | ' ' | '\t'));
    // Digits then `.` or `)` and a space open an ordered list.
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    for (i, c) in line.char_indices() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if (i == 0 && marker_ends(i)) || only_rule_chars => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if digits > 0 && i == digits && marker_ends(i) => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
}

/// A label whose words between `**` are set in bold: each piece escaped, the
/// markers kept ("A **yes** adds …").
pub fn emphasised(text: &str) -> String {
    text.split("**").map(escape_piece).collect::<Vec<_>>().join("**")
}

/// A link destination in `<…>` form: nothing in it can end the link early.
pub fn link_destination(url: &str) -> String {
    let mut out = String::from("<");
    for c in url.chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            ' ' => out.push_str("%20"),
            '\\' => out.push_str("%5C"),
            '\n' | '\r' => {}
            _ => out.push(c),
        }
    }
    out.push('>');
    out
}

/// `[text](<url>)` with the text escaped.
pub fn link(text: &str, url: &str) -> String {
    format!("[{}]({})", escape(text), link_destination(url))
}

/// A phone number as Markdown: in bold, and a `tel:` link a phone can dial
/// (`tel:` takes the digits, a leading `+` and `-` between them; text with no
/// digit, e.g. "FILL IN", stays plain bold).
pub fn phone(number: &str) -> String {
    let separator = |c: char| " -.()".contains(c);
    let dialable = number
        .chars()
        .all(|c| c.is_ascii_digit() || c == '+' || separator(c))
        && number.chars().any(|c| c.is_ascii_digit());
    if !dialable {
        return format!("**{}**", escape(number));
    }
    let dial: Vec<&str> = number.split(separator).filter(|part| !part.is_empty()).collect();
    format!(
        "[**{}**]({})",
        escape(number),
        link_destination(&format!("tel:{}", dial.join("-")))
    )
}

/// Linked text as Markdown: literal parts escaped, websites and emails as
/// links, phone numbers in bold and dialable.
pub fn linked(text: &LinkedText) -> String {
    let mut out = String::new();
    for part in &text.parts {
        match part {
            TextPart::Literal(s) if out.is_empty() => out.push_str(&escape(s)),
            TextPart::Literal(s) => out.push_str(&escape_piece(s)),
            TextPart::Field { field, value, .. } => match field.as_str() {
                "website" => out.push_str(&link(value, value)),
                "email" => out.push_str(&link(value, &format!("mailto:{value}"))),
                "phone" => out.push_str(&phone(value)),
                _ => out.push_str(&escape(value)),
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(md));
        out
    }

    #[test]
    fn markup_characters_stay_literal() {
        let nasty = "a *b* _c_ | d # e <script>alert(1)</script> </p> [x](y) `z` &amp; ~~s~~ ![i](j) \\ $m$";
        let rendered = html(&escape(nasty));
        assert_eq!(
            rendered,
            "<p>a *b* _c_ | d # e &lt;script&gt;alert(1)&lt;/script&gt; &lt;/p&gt; [x](y) `z` &amp;amp; ~~s~~ ![i](j) \\ $m$</p>\n"
        );
    }

    #[test]
    fn line_starts_do_not_open_blocks() {
        for start in [
            "- x", "+ x", "1. x", "2) x", "3.", "# x", "> x", "    code", "= x", "---", "***", "===", "- - -",
        ] {
            let rendered = html(&format!("para\n\n{}", escape(start)));
            assert!(
                !rendered.contains("<li>")
                    && !rendered.contains("<h")
                    && !rendered.contains("<pre>")
                    && !rendered.contains("<blockquote>")
                    && !rendered.contains("<hr"),
                "{start:?} → {rendered}"
            );
        }
    }

    #[test]
    fn ordinary_text_is_left_readable() {
        assert_eq!(
            escape("Version 1.0, 800-207-4464 (24/7); parent/guardian"),
            "Version 1.0, 800-207-4464 (24/7); parent/guardian"
        );
        assert_eq!(escape_piece(" (800)"), " (800)");
    }

    #[test]
    fn line_breaks_stay_in_a_list_item() {
        let md = format!("1. {}\n2. next\n", escape("first line\n\n- second paragraph"));
        let rendered = html(&md);
        assert_eq!(rendered.matches("<li>").count(), 2, "{rendered}");
        assert!(rendered.contains("- second paragraph"), "{rendered}");
    }

    #[test]
    fn links_cannot_be_broken_out_of() {
        let rendered = html(&link("site", "https://example.org/a>b <c"));
        assert!(
            rendered.contains("href=\"https://example.org/a%3Eb%20%3Cc\""),
            "{rendered}"
        );
    }
}
