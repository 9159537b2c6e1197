//! Stage 1, syntax: protocol text → [`ast::File`], with every syntax error found.
//!
//! pest stops at the first error, so when a file does not parse, each top-level
//! declaration (a line starting with a declaration keyword) is parsed on its own
//! to report the errors of every broken declaration in one run.

pub mod ast;
mod parser;
mod text;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use parser::{Converter, ProtocolParser, Rule};
use pest::error::{ErrorVariant, InputLocation};
use pest::Parser;

pub use parser::MAX_EXPR_DEPTH;

/// Keywords that start a declaration at the top level of a file.
pub const DECLARATION_KEYWORDS: &[&str] = &[
    "protocol",
    "legal",
    "definition",
    "contact",
    "resource",
    "signal",
    "criteria",
    "track",
];

/// Parses one file. Returns the syntax tree when the file follows the grammar
/// (there may still be problems inside text, reported in the diagnostics), or
/// `None` with every syntax error found.
pub fn parse(file: FileId, text: &str) -> (Option<ast::File>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    match ProtocolParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let mut converter = Converter {
                file,
                offset: 0,
                diagnostics: &mut diagnostics,
            };
            let ast = pairs.next().map(|p| converter.file(p)).unwrap_or_default();
            (Some(ast), diagnostics)
        }
        Err(whole_file_error) => {
            for (start, end) in declaration_chunks(text) {
                let chunk = text.get(start..end).unwrap_or("");
                if let Err(e) = ProtocolParser::parse(Rule::file, chunk) {
                    diagnostics.push(syntax_error(&e, file, chunk, start));
                }
            }
            if diagnostics.is_empty() {
                // Split apart, every piece parsed (e.g. a keyword at the start of a
                // line inside triple-quoted text): the whole-file error is the truth.
                diagnostics.push(syntax_error(&whole_file_error, file, text, 0));
            }
            (None, diagnostics)
        }
    }
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

/// Joins `a`, `b` and `c` as "a, b or c".
pub fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// Converts a pest error in `chunk` (which starts at byte `offset` of the file) into a diagnostic.
fn syntax_error(error: &pest::error::Error<Rule>, file: FileId, chunk: &str, offset: usize) -> Diagnostic {
    let pos = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let found = found_at(chunk, pos);
    let width = found.map_or(0, str::len);
    let span = Span::new(file, offset + pos..offset + pos + width);
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
            if let Some(help) = syntax_help(found, &keywords, positives) {
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

/// Advice for a syntax error: a close keyword, or how to write what is missing.
fn syntax_help(found: Option<&str>, keywords: &[String], positives: &[Rule]) -> Option<String> {
    if let Some(word) = found {
        if let Some(best) = crate::suggest::closest(word, keywords.iter().map(String::as_str)) {
            return Some(format!("did you mean `{best}`?"));
        }
    }
    if positives
        .iter()
        .any(|r| matches!(r, Rule::line_string_body | Rule::triple_string_body))
    {
        return Some("close the text with `\"` (or `\"\"\"` for text over several lines)".into());
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
