//! Stage 1, syntax: protocol text → [`ast::File`], with every syntax error found.
//!
//! `parser` is the pest parser for grammar/protocol.pest; `convert` turns its parse
//! tree into the AST (`ast`), with text unescaped by `text`. pest stops at the first
//! error, so when a file does not parse, `errors` parses each top-level declaration
//! (a line starting with a declaration keyword) on its own to report the errors of
//! every broken declaration in one run. pest types never leave this folder.

pub mod ast;
mod convert;
mod errors;
mod hints;
mod parser;
pub(crate) mod text;

use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use convert::Converter;
use parser::{ProtocolParser, Rule};
use pest::Parser;

pub use convert::MAX_EXPR_DEPTH;

/// Keywords that start a declaration at the top level of a file.
pub const DECLARATION_KEYWORDS: &[&str] = &[
    "protocol",
    "legal",
    "definition",
    "contact",
    "resource",
    "source_document",
    "signal",
    "criteria",
    "track",
    "change",
    "scenario",
    "translation",
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
        Err(whole_file_error) => (None, errors::every_syntax_error(file, text, &whole_file_error)),
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
