//! Loading a protocol: its file parsed and, when it `extends` a base, the base
//! read through the caller's [`Loader`] (recursively), merged into it; a circle
//! of `extends` is reported. Files read are added to the [`Sources`].

use super::variant;
use crate::diagnostic::{self, Diagnostic};
use crate::source::{self, FileId, Sources};
use crate::syntax;

/// Reads a file named by `extends` or `handoff`. Given its path (relative to
/// where protocolc runs, `/` separators), returns its bytes or why it cannot.
/// The compiler does no IO of its own: the CLI passes one that reads the disk.
pub type Loader<'a> = dyn FnMut(&str) -> Result<Vec<u8>, String> + 'a;

/// Parses `file` and, when it extends a base, loads the base (recursively) and
/// merges the two. `chain` is the files so far, the variant first.
pub(super) fn parse_and_merge(
    sources: &mut Sources,
    file: FileId,
    load: &mut Loader<'_>,
    chain: &mut Vec<FileId>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<syntax::ast::File> {
    let (ast, mut found) = syntax::parse(file, sources.text(file));
    diagnostics.append(&mut found);
    let ast = ast?;
    let extends = ast
        .declarations
        .iter()
        .filter_map(syntax::ast::Declaration::as_protocol)
        .find_map(|p| p.extends.clone());
    let Some(extends) = extends else {
        return Some(ast);
    };
    let path = variant::base_path(sources.name(file), &extends.template());
    if let Some(start) = chain.iter().position(|&f| sources.name(f) == path) {
        let circle: Vec<String> = chain
            .get(start..)
            .unwrap_or_default()
            .iter()
            .map(|&f| format!("`{}`", sources.name(f)))
            .collect();
        diagnostics.push(
            Diagnostic::error(
                diagnostic::Code::ExtendsCycle,
                format!(
                    "protocols extend each other in a circle: {} → `{path}`",
                    circle.join(" → ")
                ),
            )
            .at(extends.span, "this leads back to a file already being extended")
            .help("a base must not extend its own variants; remove one `extends`"),
        );
        return None;
    }
    let bytes = match load(&path) {
        Ok(bytes) => bytes,
        Err(why) => {
            diagnostics.push(
                Diagnostic::error(diagnostic::Code::BaseNotFound, format!("cannot read the base `{path}`: {why}"))
                    .at(extends.span, "the base this protocol extends")
                    .help("the path is relative to this file's folder, e.g. \"../california/csec-educators.protocol\""),
            );
            return None;
        }
    };
    let (base_file, not_utf8) = add_source(sources, &path, bytes);
    if let Some(d) = not_utf8 {
        diagnostics.push(d);
        return None;
    }
    chain.push(base_file);
    let base = parse_and_merge(sources, base_file, load, chain, diagnostics)?;
    let (merged, mut found) = variant::merge(base, ast);
    diagnostics.append(&mut found);
    Some(merged)
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
