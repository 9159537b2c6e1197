//! Syntax mistakes read as a coordinator makes them: a block left open, a `}`
//! too many, a closing quote without an opening one, a field written in the
//! wrong kind of block, a second text after a field that takes one. Each is
//! found from the text around a parse error and said in words, pointing at the
//! place to fix rather than where the parser gave up.

use super::parser::{ProtocolParser, Rule};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use pest::Parser;

/// The braces of a declaration, with comments and quoted text skipped.
struct Braces {
    /// Each `{` with the byte offset of its matching `}` (`None`: never closed).
    pairs: Vec<(usize, Option<usize>)>,
    /// The first `}` that closes nothing.
    stray_close: Option<usize>,
}

fn braces(chunk: &str) -> Braces {
    let mut pairs: Vec<(usize, Option<usize>)> = Vec::new();
    let mut open: Vec<usize> = Vec::new(); // indexes into `pairs`
    let mut stray_close = None;
    walk_code::<()>(
        chunk,
        |i, b| match b {
            b'{' => {
                open.push(pairs.len());
                pairs.push((i, None));
            }
            b'}' => match open.pop().and_then(|k| pairs.get_mut(k)) {
                Some(pair) => pair.1 = Some(i),
                None => {
                    stray_close.get_or_insert(i);
                }
            },
            _ => {}
        },
        |_, _, _| None,
    );
    Braces { pairs, stray_close }
}

/// The quoted text opening at `start`: the offset of its last byte (or of the end
/// of the line or input where it is left open), and whether it is closed.
pub(super) fn after_text(bytes: &[u8], start: usize) -> (usize, bool) {
    let triple = bytes.get(start..start + 3) == Some(b"\"\"\"");
    let mut i = start + if triple { 3 } else { 1 };
    loop {
        match bytes.get(i) {
            None => return (i, false),
            Some(b'\\') => i += 2,
            Some(b'\n') if !triple => return (i, false),
            Some(b'"') if !triple => return (i, true),
            Some(b'"') if bytes.get(i..i + 3) == Some(b"\"\"\"") => return (i + 2, true),
            Some(_) => i += 1,
        }
    }
}

/// Walks `chunk` outside comments and quoted text: `visit` sees each other byte
/// and its offset; each quoted text is passed to `text` (its start, whether it is
/// triple-quoted and closed), which may stop the walk with a value.
pub(super) fn walk_code<T>(
    chunk: &str,
    mut visit: impl FnMut(usize, u8),
    mut text: impl FnMut(usize, bool, bool) -> Option<T>,
) -> Option<T> {
    let bytes = chunk.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while bytes.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
            }
            b'"' => {
                let triple = bytes.get(i..i + 3) == Some(b"\"\"\"");
                let (end, closed) = after_text(bytes, i);
                if let Some(found) = text(i, triple, closed) {
                    return Some(found);
                }
                i = end;
            }
            _ => visit(i, b),
        }
        i += 1;
    }
    None
}

/// The white space a line starts with.
fn indent_of_line_at(text: &str, pos: usize) -> &str {
    let start = line_start(text, pos);
    let line = text.get(start..).unwrap_or("");
    let width = line.len() - line.trim_start_matches([' ', '\t']).len();
    line.get(..width).unwrap_or("")
}

fn line_start(text: &str, pos: usize) -> usize {
    text.get(..pos).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1)
}

/// 1-based line number of byte `pos`.
fn line_number(text: &str, pos: usize) -> usize {
    text.get(..pos).map_or(0, |t| t.matches('\n').count()) + 1
}

/// The block a `{` opens, in words: its first two words (`contact crisis_team`,
/// `step stay`), or `change track x`.
fn block_name(text: &str, open: usize) -> String {
    let start = line_start(text, open);
    let header = text.get(start..open).unwrap_or("").trim();
    let words: Vec<&str> = header
        .split_whitespace()
        .take_while(|w| !w.starts_with('"'))
        .collect();
    match words.as_slice() {
        [] => "block".to_string(),
        ws => ws.iter().take(3).copied().collect::<Vec<_>>().join(" "),
    }
}

/// A declaration (`chunk`, at byte `offset` of `text`) that opens a block and never
/// closes it. The culprit is the first `{` whose `}` stands at another indent
/// than its own line (a `}` missing inside makes the outer block's `}` close the
/// inner one), else the first `{` never closed. `next` is where the next declaration starts.
pub(super) fn unclosed_block(
    file: FileId,
    text: &str,
    chunk: &str,
    offset: usize,
    next: Option<usize>,
) -> Option<Diagnostic> {
    let found = braces(chunk);
    if found.pairs.iter().all(|(_, close)| close.is_some()) {
        return None;
    }
    let misplaced = |(open, close): &&(usize, Option<usize>)| {
        close.is_some_and(|close| indent_of_line_at(chunk, *open) != indent_of_line_at(chunk, close))
    };
    let (open, ends_before) = match found.pairs.iter().find(misplaced) {
        // A block inside another: it must end before the first line indented no
        // deeper than its own header.
        Some((open, _)) => (
            *open,
            outdented_line_after(chunk, *open).map(|line| offset + line),
        ),
        None => (found.pairs.iter().find(|(_, close)| close.is_none())?.0, next),
    };
    let at = offset + open;
    let header_start = offset + line_start(chunk, open) + indent_of_line_at(chunk, open).len();
    let name = block_name(text, at);
    let mut diagnostic = Diagnostic::error(Code::Syntax, format!("the `{name}` block is never closed")).at(
        Span::new(file, header_start..at + 1),
        "this `{` has no `}` of its own",
    );
    let end_line = match ends_before {
        Some(before) => {
            let word_end = text
                .get(before..)
                .and_then(|rest| rest.find(char::is_whitespace))
                .map_or(before, |w| before + w);
            let what = if Some(before) == next {
                "the next declaration starts here, so the block must end before it"
            } else {
                "the block must end before this line"
            };
            diagnostic = diagnostic.also(Span::new(file, before..word_end), what);
            format!(", before line {}", line_number(text, before))
        }
        None => String::new(),
    };
    Some(diagnostic.help(format!(
        "add a `}}` on its own line after the last line of `{name}`{end_line}"
    )))
}

/// The first word of the first line after the one holding `open` that is indented
/// no deeper than it (blank lines and comments passed over).
fn outdented_line_after(chunk: &str, open: usize) -> Option<usize> {
    let depth = indent_of_line_at(chunk, open).len();
    let mut start = chunk.get(open..)?.find('\n')? + open + 1;
    while let Some(line) = chunk.get(start..) {
        let line = line.split('\n').next().unwrap_or("");
        let body = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - body.len();
        if !body.trim().is_empty() && !body.starts_with("//") && indent <= depth {
            return Some(start + indent);
        }
        start += line.len() + 1;
        if start > chunk.len() {
            return None;
        }
    }
    None
}

/// A `}` in a declaration that closes nothing.
pub(super) fn stray_close(file: FileId, chunk: &str, offset: usize) -> Option<Diagnostic> {
    let close = braces(chunk).stray_close?;
    let at = offset + close;
    Some(
        Diagnostic::error(Code::Syntax, "this `}` closes no block")
            .at(Span::new(file, at..at + 1), "nothing is open here to close")
            .help(
                "remove this `}`; if a block above ends too early, move the `}` that ends it to the \
                 block's last line",
            ),
    )
}

/// A text with its closing quote but not its opening one: `phone 555-0177"`. The
/// quote at `quote` is the only one on its line, ends the line and follows a word.
pub(super) fn missing_opening_quote(
    file: FileId,
    chunk: &str,
    offset: usize,
    quote: usize,
) -> Option<Diagnostic> {
    let start = line_start(chunk, quote);
    let line_end = chunk
        .get(quote..)
        .and_then(|r| r.find('\n'))
        .map_or(chunk.len(), |e| quote + e);
    let line = chunk.get(start..line_end)?;
    let before = chunk.get(start..quote)?;
    let after = chunk.get(quote + 1..line_end)?;
    let follows_word = before.ends_with(|c: char| !c.is_whitespace());
    if line.matches('"').count() != 1 || !after.trim().is_empty() || !follows_word {
        return None;
    }
    // The text starts after the field's keyword: `phone␣555-0177"`.
    let indent = before.len() - before.trim_start().len();
    let keyword_end = before.get(indent..)?.find(char::is_whitespace)? + indent;
    let value = before.get(keyword_end..)?;
    let text_start = keyword_end + (value.len() - value.trim_start().len());
    let words = before.get(text_start..)?;
    if words.is_empty() {
        return None;
    }
    Some(
        Diagnostic::error(Code::Syntax, "this text has a closing quote but no opening one")
            .at(
                Span::new(file, offset + start + text_start..offset + quote + 1),
                format!(
                    "add a `\"` before `{}`",
                    words.split_whitespace().next().unwrap_or(words)
                ),
            )
            .help(format!(
                "text goes between two double quotes, e.g. `{}\"{words}\"`",
                before.get(indent..text_start).unwrap_or("")
            )),
    )
}

/// The kinds of block a field line can be written in: the keywords that open
/// one, its name in words, and a block around the line that the grammar accepts
/// when the line belongs there.
const BLOCKS: &[(&[&str], &str, &str, &str)] = &[
    (&["protocol"], "the `protocol` block", "protocol x {\n", "\n}\n"),
    (&["legal"], "a `legal` block", "legal {\n", "\n}\n"),
    (&["contact"], "a `contact` block", "contact x {\n", "\n}\n"),
    (
        &["resource"],
        "a `resource` block",
        "resource x \"x\" {\n",
        "\n}\n",
    ),
    (
        &["criteria"],
        "a `criteria` block",
        "criteria x \"x\" {\n",
        "\n}\n",
    ),
    (&["track"], "a `track` block", "track x \"x\" {\n", "\n}\n"),
    (
        &["step", "question"],
        "a step's or question's block",
        "track x \"x\" {\nstep x \"x\" {\n",
        "\n}\n}\n",
    ),
    (
        &["factor"],
        "a factor's line, after its text",
        "criteria x \"x\" {\nfactor x \"x\" ",
        "\n}\n",
    ),
    (
        &["scenario"],
        "a `scenario` block",
        "scenario x \"x\" {\n",
        "\n}\n",
    ),
];

/// Where a field that does not fit where it stands belongs: `source "…"` inside a
/// track is a criteria field. `pos` is the start of the field's keyword in `chunk`,
/// which must begin its line. `None` when the line would fit the block it is in
/// (the mistake is elsewhere, e.g. an unfinished line above).
pub(super) fn field_elsewhere(chunk: &str, pos: usize) -> Option<(String, String)> {
    let start = line_start(chunk, pos);
    if !chunk.get(start..pos)?.trim().is_empty() {
        return None;
    }
    let line = chunk.get(pos..)?.lines().next()?.trim_end();
    let keyword = line.split_whitespace().next()?;
    if !keyword.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut homes: Vec<&(&[&str], &str, &str, &str)> = BLOCKS
        .iter()
        .filter(|(_, _, open, close)| {
            ProtocolParser::parse(Rule::file, &format!("{open}{line}{close}")).is_ok()
        })
        .collect();
    // A criteria field also follows a factor's line: it is said only as a criteria field.
    if homes
        .iter()
        .any(|(opened_by, ..)| opened_by.contains(&"criteria"))
    {
        homes.retain(|(opened_by, ..)| !opened_by.contains(&"factor"));
    }
    let here = enclosing_block(chunk, pos);
    if homes.is_empty()
        || homes
            .iter()
            .any(|(opened_by, ..)| here.is_some_and(|h| opened_by.contains(&h)))
    {
        return None;
    }
    let names: Vec<String> = homes.iter().map(|(_, name, ..)| (*name).to_string()).collect();
    Some((
        keyword.to_string(),
        format!(
            "`{keyword}` is written in {}: move this line there, or remove it",
            super::or_list(&names)
        ),
    ))
}

/// The keyword of the innermost block open at `pos` (`track`, `step`, …).
fn enclosing_block(chunk: &str, pos: usize) -> Option<&str> {
    let before = chunk.get(..pos)?;
    let (open, _) = braces(before)
        .pairs
        .into_iter()
        .rev()
        .find(|(_, close)| close.is_none())?;
    let header = before.get(line_start(before, open)..open)?;
    header.split_whitespace().find(|w| *w != "change")
}

/// A second text after a field that takes one (`role "A" "B"`): the field's
/// keyword, advice and where the second text ends, when the text at `pos` follows
/// a complete text on the same line.
pub(super) fn second_text(chunk: &str, pos: usize) -> Option<(String, String, usize)> {
    let start = line_start(chunk, pos);
    let before = chunk.get(start..pos)?.trim_end();
    if !before.ends_with('"') || chunk.get(pos..pos + 1) != Some("\"") {
        return None;
    }
    let keyword = before.split_whitespace().next()?;
    let advice = if keyword == "role" {
        "; someone who does the step when the first cannot goes in `backup \"…\"`".to_string()
    } else {
        String::new()
    };
    let end = (after_text(chunk.as_bytes(), pos).0 + 1).min(chunk.len());
    Some((
        keyword.to_string(),
        format!("`{keyword}` takes one text in quotes: remove the second one{advice}"),
        end,
    ))
}
