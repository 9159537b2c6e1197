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
    diagnostic::sort(&mut diagnostics);
    Compiled { model, diagnostics }
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
