//! protocolc: compiles child-safety protocol files into the artefacts a school district uses.
//!
//! The pipeline, one module per stage: [`syntax`] (text → AST) → [`resolve`]
//! (bases, handoffs, names) → [`check`] (every rule → the validated
//! [`model::Model`]) → [`lint`] (warnings beyond the rules) → [`evaluate`] and
//! [`emit`]. Only [`cli`] reads or writes files.

pub(crate) mod check;
pub mod cli;
pub(crate) mod date;
pub mod diagnostic;
pub(crate) mod diff;
pub mod emit;
pub(crate) mod english;
pub mod evaluate;
pub mod explain;
pub mod format;
pub mod labels;
pub mod lint;
pub mod model;
pub(crate) mod resolve;
pub(crate) mod scaffold;
pub mod scenario;
pub(crate) mod sentence;
pub mod source;
pub(crate) mod suggest;
pub mod syntax;

/// protocolc's version, as every output records it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// What every output names as its maker: `protocolc 0.1.0`.
pub const GENERATOR: &str = concat!("protocolc ", env!("CARGO_PKG_VERSION"));

use diagnostic::Diagnostic;
use model::Model;
use sha2::{Digest, Sha256};
use source::{FileId, Sources};

/// The result of compiling one protocol file.
pub struct Compiled {
    /// Present when the protocol has no errors.
    pub model: Option<Model>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

pub use resolve::{add_source, Loader};

/// What [`compile`] is told besides the protocol and its loader.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The date review dates are compared with (`YYYY-MM-DD`, from `--today` or
    /// SOURCE_DATE_EPOCH, never the clock); with none, they are not.
    pub today: Option<String>,
    /// Every translation must translate every text (`--require-translations`): what
    /// one leaves out is an error (P0146), not a warning (P0315).
    pub require_translations: bool,
}

/// Compiles the protocol in `file` of `sources`, one stage after another:
/// [`resolve`] (parse; load and merge the bases it `extends` through `load`,
/// adding them to `sources`; names), [`check`], then [`lint`].
pub fn compile(sources: &mut Sources, file: FileId, load: &mut Loader<'_>, options: &Options) -> Compiled {
    let (resolved, mut diagnostics) = resolve::resolve(sources, file, load);
    let mut model = None;
    if let Some(resolve::Resolved {
        file: ast,
        names,
        sources: records,
    }) = resolved
    {
        let (built, mut found) = check::check(&ast, names, records, options.require_translations);
        diagnostics.append(&mut found);
        if let Some(built) = &built {
            // What scenarios cover is told beside errors too; reviews only once the protocol is valid.
            let valid = !diagnostics.iter().any(Diagnostic::is_error);
            let today = options.today.as_deref().filter(|_| valid);
            diagnostics.extend(lint::lint(built, &ast, today));
        }
        if !diagnostics.iter().any(Diagnostic::is_error) {
            model = built;
        }
    }
    let mut diagnostics = check::without_unused_if_errors(diagnostics);
    diagnostic::sort(&mut diagnostics);
    let diagnostics = diagnostic::limit_per_file(diagnostics, sources);
    Compiled { model, diagnostics }
}

/// Compiles a file given as bytes, named `name` (bases and handoffs are read
/// through `load`, relative to `name`): [`add_source`], then [`compile`].
pub fn compile_file(
    name: &str,
    bytes: Vec<u8>,
    load: &mut Loader<'_>,
    options: &Options,
) -> (Sources, Compiled) {
    let mut sources = Sources::new();
    let (file, not_utf8) = add_source(&mut sources, name, bytes);
    let compiled = match not_utf8 {
        Some(d) => Compiled {
            model: None,
            diagnostics: vec![d],
        },
        None => compile(&mut sources, file, load, options),
    };
    (sources, compiled)
}

/// Compiles a file given as bytes, named `name`, reading the bases it extends
/// from disk through the CLI's loader: a convenience for tests and tools.
pub fn compile_bytes(name: &str, bytes: Vec<u8>) -> (Sources, Compiled) {
    compile_file(name, bytes, &mut cli::disk::read, &Options::default())
}

/// Compiles protocol text given a display name, as [`compile_bytes`] does.
pub fn compile_text(name: &str, text: &str) -> (Sources, Compiled) {
    compile_bytes(name, text.as_bytes().to_vec())
}

/// Lowercase hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
