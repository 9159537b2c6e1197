//! Syntax errors: when a file does not parse, every broken declaration is found
//! by parsing each one on its own, and each pest error becomes a diagnostic with
//! a readable "expected …, found …" and advice.

use super::hints;
use super::parser::{ProtocolParser, Rule};
use super::{or_list, DECLARATION_KEYWORDS};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use pest::error::{ErrorVariant, InputLocation};
use pest::Parser;

/// The syntax errors of a file that did not parse as a whole (`whole_file_error`):
/// each top-level declaration is parsed on its own and every broken one reported.
pub(super) fn every_syntax_error(
    file: FileId,
    text: &str,
    whole_file_error: &pest::error::Error<Rule>,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let chunks = declaration_chunks(text);
    for (i, &(start, end)) in chunks.iter().enumerate() {
        let chunk = text.get(start..end).unwrap_or("");
        let Err(e) = ProtocolParser::parse(Rule::file, chunk) else {
            continue;
        };
        if let Some((quote, triple)) = unclosed_text(chunk) {
            let missing_opening = (!triple)
                .then(|| hints::missing_opening_quote(file, chunk, start, quote))
                .flatten();
            diagnostics
                .push(missing_opening.unwrap_or_else(|| unclosed_text_error(file, start + quote, triple)));
            continue;
        }
        let next_start = chunks.get(i + 1).map(|&(next_start, _)| next_start);
        let unbalanced = hints::stray_close(file, chunk, start)
            .or_else(|| hints::unclosed_block(file, text, chunk, start, next_start));
        if let Some(diagnostic) = unbalanced {
            diagnostics.push(diagnostic);
            continue;
        }
        // The declaration that follows, for an error at the end of this one.
        let next = next_start.map(|next_start| (next_start, found_at(text, next_start)));
        diagnostics.push(syntax_error(&e, file, chunk, start, next));
    }
    if diagnostics.is_empty() {
        // Split apart, every piece parsed (e.g. a keyword at the start of a
        // line inside triple-quoted text): the whole-file error is the truth.
        diagnostics.push(syntax_error(whole_file_error, file, text, 0, None));
    }
    diagnostics
}

/// Byte ranges of the file that each start at a line beginning with a declaration keyword.
fn declaration_chunks(text: &str) -> Vec<(usize, usize)> {
    let mut starts = vec![0];
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let starts_declaration = DECLARATION_KEYWORDS.iter().any(|k| {
            line.strip_prefix(k)
                .is_some_and(|rest| rest.starts_with(|c: char| !(c.is_ascii_alphanumeric() || c == '_')))
        });
        if starts_declaration && offset > 0 {
            starts.push(offset);
        }
        offset += line.len();
    }
    let mut chunks = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        chunks.push((start, end));
    }
    chunks
}

/// A readable name for what the grammar expected.
fn expected_name(rule: Rule) -> String {
    let name = format!("{rule:?}");
    if let Some(keyword) = name.strip_prefix("kw_") {
        return format!("`{keyword}`");
    }
    match rule {
        Rule::EOI => "the end of the file".into(),
        Rule::ident | Rule::reference => "a name".into(),
        Rule::string | Rule::line_string | Rule::triple_string => "text in quotes".into(),
        Rule::line_string_body | Rule::triple_string_body => {
            "the rest of the text and a closing quote".into()
        }
        Rule::number => "a number".into(),
        Rule::date => "a date like 2024-08-01".into(),
        Rule::expr | Rule::and_expr | Rule::not_expr => "a criteria or signal name".into(),
        Rule::at_least => "`at_least`".into(),
        Rule::step_path => "a track and step name, e.g. `suspected.report`".into(),
        Rule::outcome_path => "a track and step name, e.g. `triage.plan` or `triage.plan.yes`".into(),
        Rule::open_brace => "`{`".into(),
        Rule::close_brace => "`}`".into(),
        _ => name
            .trim_end_matches("_decl")
            .trim_end_matches("_field")
            .replace('_', " "),
    }
}

/// The word (or character) at `pos`, for "found …".
fn found_at(text: &str, pos: usize) -> Option<&str> {
    let rest = text.get(pos..)?;
    let first = rest.chars().next()?;
    if first.is_ascii_alphanumeric() || first == '_' {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        rest.get(..end)
    } else {
        rest.get(..first.len_utf8())
    }
}

/// Where text in quotes is opened and never closed: the byte offset of its opening
/// quote and whether it is triple-quoted. Comments are skipped.
fn unclosed_text(chunk: &str) -> Option<(usize, bool)> {
    hints::walk_code(
        chunk,
        |_, _| {},
        |start, triple, closed| (!closed).then_some((start, triple)),
    )
}

fn unclosed_text_error(file: FileId, quote: usize, triple: bool) -> Diagnostic {
    if triple {
        Diagnostic::error(Code::Syntax, "this text in triple quotes is never closed")
            .at(Span::new(file, quote..quote + 3), "opened here")
            .help("end the text with `\"\"\"` (three double quotes)")
    } else {
        Diagnostic::error(Code::Syntax, "this text in quotes is never closed")
            .at(Span::new(file, quote..quote + 1), "opened here, but the line ends first")
            .help("end the text with `\"` on the same line (for text over several lines, use `\"\"\"` … `\"\"\"`)")
    }
}

/// Converts a pest error in `chunk` (which starts at byte `offset` of the file) into
/// a diagnostic. `next` is where the next declaration starts and its first word,
/// shown as what was found when the error is at the very end of this one.
fn syntax_error(
    error: &pest::error::Error<Rule>,
    file: FileId,
    chunk: &str,
    offset: usize,
    next: Option<(usize, Option<&str>)>,
) -> Diagnostic {
    let pos = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let at_chunk_end = chunk.get(pos..).is_some_and(|rest| {
        rest.trim().is_empty()
            || rest.trim_start().starts_with("//")
                && rest
                    .lines()
                    .skip(1)
                    .all(|l| l.trim().is_empty() || l.trim_start().starts_with("//"))
    });
    let (found, span) = match next {
        Some((next_start, word)) if at_chunk_end => (
            word,
            Span::new(file, next_start..next_start + word.map_or(0, str::len)),
        ),
        _ => {
            let found = found_at(chunk, pos);
            (
                found,
                Span::new(file, offset + pos..offset + pos + found.map_or(0, str::len)),
            )
        }
    };
    if !at_chunk_end {
        if let Some((keyword, help, end)) = hints::second_text(chunk, pos) {
            return Diagnostic::error(Code::Syntax, format!("a second text after `{keyword}`"))
                .at(Span::new(file, offset + pos..offset + end), "not expected here")
                .help(help);
        }
        if let Some((keyword, help)) = hints::field_elsewhere(chunk, pos) {
            return Diagnostic::error(Code::Syntax, format!("`{keyword}` cannot be written here"))
                .at(span, "not a field of this block")
                .help(help);
        }
    }
    match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut expected: Vec<String> = positives.iter().map(|r| expected_name(*r)).collect();
            expected.dedup();
            let found_text = match found {
                None => "the end of the file".to_string(),
                Some("\n") | Some("\r") => "the end of the line".to_string(),
                Some(word) => format!("`{word}`"),
            };
            let message = if expected.is_empty() {
                format!("unexpected {found_text}")
            } else {
                format!("expected {}, found {found_text}", or_list(&expected))
            };
            let mut diagnostic = Diagnostic::error(Code::Syntax, message).at(
                span,
                if expected.is_empty() {
                    "not expected here".to_string()
                } else {
                    format!("expected {}", or_list(&expected))
                },
            );
            let keywords: Vec<String> = positives
                .iter()
                .filter_map(|r| format!("{r:?}").strip_prefix("kw_").map(str::to_string))
                .collect();
            let block_ends = at_chunk_end || found.is_none();
            if let Some(help) = syntax_help(found, &keywords, positives, block_ends) {
                diagnostic = diagnostic.help(help);
            }
            diagnostic
        }
        ErrorVariant::CustomError { message } => {
            let (code, text) = if message.contains("limit") {
                (Code::TooDeep, "this is nested too deeply to read".to_string())
            } else {
                (Code::Syntax, message.clone())
            };
            Diagnostic::error(code, text)
                .at(span, "here")
                .help("write this part more simply, with fewer nested parentheses")
        }
    }
}

/// Advice for a syntax error: how to close a block, a close keyword, or how to
/// write what is missing. `block_ends` is set when the error is at the end of a
/// declaration (the next one, or the end of the file, follows).
fn syntax_help(
    found: Option<&str>,
    keywords: &[String],
    positives: &[Rule],
    block_ends: bool,
) -> Option<String> {
    if block_ends && positives.contains(&Rule::close_brace) {
        return Some("this block is not closed: add a `}` at its end".into());
    }
    if let Some(word) = found {
        if let Some(best) = crate::suggest::closest(word, keywords.iter().map(String::as_str)) {
            return Some(format!("did you mean `{best}`?"));
        }
    }
    if found == Some("\"") && positives.contains(&Rule::date) {
        return Some("write the date without quotes, e.g. `effective 2024-08-01`".into());
    }
    if positives
        .iter()
        .any(|r| matches!(r, Rule::reference | Rule::expr | Rule::and_expr | Rule::not_expr))
    {
        return Some(
            "a trigger needs a criteria group or signal name after `and`, `or`, `not` and `(`".into(),
        );
    }
    if positives.contains(&Rule::string) {
        return Some("text goes in double quotes, e.g. \"Frequently missing from school\"".into());
    }
    if positives.contains(&Rule::ident) {
        return Some("a name is letters, digits and `_`, e.g. `at_risk_2`".into());
    }
    if !keywords.is_empty() {
        let list: Vec<String> = keywords.iter().map(|k| format!("`{k}`")).collect();
        return Some(format!("here you can write {}", or_list(&list)));
    }
    None
}
