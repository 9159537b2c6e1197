//! Writes a [`Text`] back as a string literal that cooks to exactly the same text.
//!
//! Text with paragraph breaks, or written in triple quotes, becomes a triple-quoted
//! block: each paragraph filled to [`WIDTH`] columns, a blank line between paragraphs.
//! Other text becomes one `"…"` line, never wrapped. Every literal is cooked again
//! here and compared; when a form would not give the same text back, the next one is
//! tried: triple quotes, then one escaped line, then the literal exactly as written.

use crate::syntax::ast::{Segment, Text};
use crate::syntax::text::{cook, Quotes};

/// The column triple-quoted paragraphs are filled to.
pub(super) const WIDTH: usize = 80;
/// The least room a paragraph line gets, however deep its indentation.
const MIN_ROOM: usize = 40;

/// `text` written as a literal, as lines: the first continues the line of its
/// keyword, the others (of a triple-quoted block) are whole lines, with the body
/// indented by `indent + 2` and the closing quotes by `indent`. `source` is the
/// file the text was read from.
pub(super) fn literal(text: &Text, source: &str, indent: usize) -> Vec<String> {
    let written = source.get(text.span.range()).unwrap_or("");
    let paragraphs = text.template().contains("\n\n");
    if paragraphs || written.starts_with("\"\"\"") {
        if let Some(lines) = triple(text, indent) {
            return lines;
        }
    }
    if let Some(line) = single(text) {
        return vec![line];
    }
    written.lines().map(str::to_string).collect()
}

/// Whether a literal is the start of a triple-quoted block.
pub(super) fn is_block(first_line: &str) -> bool {
    first_line.starts_with("\"\"\"")
}

/// One `"…"` line, or `None` when the text cannot be one (a carriage return).
fn single(text: &Text) -> Option<String> {
    let mut out = String::from("\"");
    for c in text.template().chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => return None,
            _ => out.push(c),
        }
    }
    out.push('"');
    let body = out.get(1..out.len() - 1).unwrap_or("");
    same(text, body, Quotes::Single).then_some(out)
}

/// A triple-quoted block, or `None` when the text does not survive being folded
/// (an empty paragraph, or space at a paragraph's edge).
fn triple(text: &Text, indent: usize) -> Option<Vec<String>> {
    // Placeholders as `{contact.field}`, braces and backslashes escaped, line breaks raw.
    let template = text.template();
    if template.contains('\r') {
        return None;
    }
    let body_indent = " ".repeat(indent + 2);
    let room = WIDTH.saturating_sub(indent + 2).max(MIN_ROOM);
    let mut lines = vec!["\"\"\"".to_string()];
    for (i, paragraph) in template.split("\n\n").enumerate() {
        let escaped = escape_paragraph(paragraph);
        if escaped.is_empty()
            || escaped.starts_with(char::is_whitespace)
            || escaped.ends_with(char::is_whitespace)
        {
            return None;
        }
        if i > 0 {
            lines.push(String::new());
        }
        for line in fill(&escaped, room) {
            lines.push(format!("{body_indent}{line}"));
        }
    }
    lines.push(format!("{}\"\"\"", " ".repeat(indent)));
    let inner = lines.get(1..lines.len() - 1).unwrap_or_default().join("\n");
    let body = format!("\n{inner}\n{}", " ".repeat(indent));
    same(text, &body, Quotes::Triple).then_some(lines)
}

/// One paragraph for a triple-quoted block: line breaks and tabs escaped, and a quote
/// that would make a third in a row escaped (so no `"""` ends the text early).
fn escape_paragraph(paragraph: &str) -> String {
    let mut out = String::new();
    let mut quotes = 0;
    for c in paragraph.chars() {
        match c {
            '"' if quotes == 2 => {
                out.push_str("\\\"");
                quotes = 0;
            }
            '"' => {
                out.push('"');
                quotes += 1;
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            _ => out.push(c),
        }
        if c != '"' {
            quotes = 0;
        }
    }
    out
}

/// Fills a paragraph into lines of at most `room` characters (a longer word gets a
/// line of its own), breaking only at a single space between two non-spaces, which
/// folding turns back into that one space.
fn fill(paragraph: &str, room: usize) -> Vec<String> {
    let chars: Vec<char> = paragraph.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let breakable = c == ' '
            && i.checked_sub(1)
                .and_then(|p| chars.get(p))
                .is_some_and(|p| !p.is_whitespace())
            && chars.get(i + 1).is_some_and(|n| !n.is_whitespace());
        if breakable {
            words.push(std::mem::take(&mut word));
        } else {
            word.push(c);
        }
    }
    words.push(word);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut width = 0;
    for word in words {
        let w = word.chars().count();
        if width > 0 && width + 1 + w > room {
            lines.push(std::mem::take(&mut line));
            width = 0;
        }
        if width > 0 {
            line.push(' ');
            width += 1;
        }
        line.push_str(&word);
        width += w;
    }
    lines.push(line);
    lines
}

/// Whether `body` (between the quotes) cooks to the same text as `text`.
fn same(text: &Text, body: &str, quotes: Quotes) -> bool {
    let mut diagnostics = Vec::new();
    let cooked = cook(body, 0, 0, text.span, quotes, &mut diagnostics);
    diagnostics.is_empty() && same_segments(&cooked.segments, &text.segments)
}

/// Segments equal but for where they were written.
pub(super) fn same_segments(a: &[Segment], b: &[Segment]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|pair| match pair {
            (Segment::Literal(x), Segment::Literal(y)) => x == y,
            (
                Segment::Placeholder { contact, field },
                Segment::Placeholder {
                    contact: c2,
                    field: f2,
                },
            ) => contact.name == c2.name && field.name == f2.name,
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::source::Span;

    fn text(s: &str) -> Text {
        Text {
            segments: vec![Segment::Literal(s.to_string())],
            span: Span::default(),
        }
    }

    #[test]
    fn single_line_escapes() {
        assert_eq!(
            literal(&text("a \"b\" \\ {x}\n\t"), "", 0),
            ["\"a \\\"b\\\" \\\\ \\{x\\}\\n\\t\""]
        );
    }

    #[test]
    fn paragraphs_fill_and_break() {
        let lines = literal(&text("one two three\n\nfour"), "", 2);
        assert_eq!(lines, ["\"\"\"", "    one two three", "", "    four", "  \"\"\""]);
        let long = "word ".repeat(30);
        let lines = literal(&text(&format!("{}\n\nend", long.trim_end())), "", 0);
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH));
        assert_eq!(lines.len(), 6);
    }

    #[test]
    fn what_folding_would_change_stays_on_one_line() {
        for s in ["  lead\n\nx", "a\n\n\n\nb", "x\n\ntrail ", "\n\nx"] {
            let lines = literal(&text(s), "", 0);
            assert_eq!(lines.len(), 1, "{s:?}: {lines:?}");
        }
        // Double spaces and single line breaks survive inside a paragraph.
        let lines = literal(&text("a  b\nc\n\nd \"\"\" e"), "", 0);
        assert_eq!(lines[1], "  a  b\\nc");
        assert_eq!(lines[3], "  d \"\"\\\" e");
    }
}
