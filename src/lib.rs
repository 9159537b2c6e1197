//! protocolc: compiles child-safety protocol files into the artefacts a school district uses.
//!
//! The pipeline, one module per stage: [`syntax`] (text → AST) → [`resolve`]
//! (names) → [`check`] (every rule → the validated [`model::Model`]) →
//! [`evaluate`] and [`emit`]. Nothing here reads or writes files; `src/cli.rs` does.

pub mod check;
pub mod diagnostic;
pub mod emit;
pub mod evaluate;
pub mod model;
pub mod resolve;
pub mod source;
pub mod suggest;
pub mod syntax;

use diagnostic::Diagnostic;
use model::{Model, SourceRecord};
use sha2::{Digest, Sha256};
use source::{FileId, Sources};

/// The result of compiling one protocol file.
pub struct Compiled {
    /// Present when the protocol has no errors.
    pub model: Option<Model>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Compiles the protocol in `file` of `sources`: parse, resolve, check.
pub fn compile(sources: &Sources, file: FileId) -> Compiled {
    let text = sources.text(file);
    let (ast, mut diagnostics) = syntax::parse(file, text);
    let mut model = None;
    if let Some(ast) = ast {
        let record = SourceRecord {
            file: sources.name(file).replace('\\', "/"),
            sha256: sha256_hex(text.as_bytes()),
        };
        let (checked, mut more) = check::check(&ast, vec![record]);
        diagnostics.append(&mut more);
        if !diagnostics.iter().any(Diagnostic::is_error) {
            model = checked;
        }
    }
    let mut diagnostics = check::without_unused_if_errors(diagnostics);
    diagnostic::sort(&mut diagnostics);
    Compiled { model, diagnostics }
}

/// Adds a file read as bytes to `sources`. Bytes that are not UTF-8 are
/// replaced (so the file can still be shown) and reported at the first bad byte.
pub fn add_source(sources: &mut Sources, name: &str, bytes: Vec<u8>) -> (FileId, Option<Diagnostic>) {
    match String::from_utf8(bytes) {
        Ok(text) => (sources.add(name, text), None),
        Err(e) => {
            let bad = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The lossy text has U+FFFD (3 bytes) where the bad byte was; point at it.
            let file = sources.add(name, text);
            let diagnostic = Diagnostic::error(diagnostic::Code::NotUtf8, "this file is not UTF-8 text")
                .at(
                    source::Span::new(file, bad..bad + '\u{FFFD}'.len_utf8()),
                    "this byte is not UTF-8",
                )
                .help("save the file as UTF-8 (in most editors: Save As… → Encoding: UTF-8)");
            (file, Some(diagnostic))
        }
    }
}

/// Compiles a file given as bytes: [`add_source`], then [`compile`].
pub fn compile_bytes(name: &str, bytes: Vec<u8>) -> (Sources, Compiled) {
    let mut sources = Sources::new();
    let (file, not_utf8) = add_source(&mut sources, name, bytes);
    let compiled = match not_utf8 {
        Some(d) => Compiled {
            model: None,
            diagnostics: vec![d],
        },
        None => compile(&sources, file),
    };
    (sources, compiled)
}

/// Compiles protocol text given a display name: a convenience for tests and tools.
pub fn compile_text(name: &str, text: &str) -> (Sources, Compiled) {
    let mut sources = Sources::new();
    let file = sources.add(name, text);
    let compiled = compile(&sources, file);
    (sources, compiled)
}

/// Lowercase hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
