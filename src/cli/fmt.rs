//! `protocolc fmt`: protocol files rewritten in the canonical layout (or, with
//! `--check`, listed when they would change).

use super::disk::{files_or_all, load, read_bounded};
use super::output::write_atomically;
use super::report::{print_diagnostics, report};
use super::{usage_error, Settings, EXIT_INVALID, EXIT_OK};
use crate::source::Sources;
use std::path::PathBuf;

/// Formats files in place (only those that change), or with `check` lists the files
/// that would change; exit 1 when one would, or when a file does not parse (it is
/// reported and left untouched).
pub(super) fn fmt(files: Vec<PathBuf>, check: bool, settings: &Settings) -> i32 {
    let files = match files_or_all(files, "") {
        Ok(files) => files,
        Err(code) => return code,
    };
    let mut code = EXIT_OK;
    for path in &files {
        let text = match read_bounded(path).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                // Not UTF-8: `load` reports it as `check` would.
                if let Ok(loaded) = load(path, &settings.options) {
                    report(&loaded, settings.style);
                }
                code = code.max(EXIT_INVALID);
                continue;
            }
            Err(e) => {
                code = usage_error(&format!("cannot read `{}`: {e}", path.display()));
                continue;
            }
        };
        let mut sources = Sources::new();
        let file = sources.add(path.to_string_lossy().replace('\\', "/"), text.as_str());
        match crate::format::format(&text, file) {
            Ok(formatted) if formatted == text => {}
            Ok(formatted) => {
                if check {
                    println!("{}", path.display());
                    code = code.max(EXIT_INVALID);
                } else if let Err(e) = std::fs::canonicalize(path)
                    // Through a symlink to the file it names (keeping the link,
                    // and the file's mode, which the atomic write preserves).
                    .and_then(|target| write_atomically(&target, formatted.as_bytes()))
                {
                    eprintln!("error: cannot write `{}`: {e}", path.display());
                    code = code.max(EXIT_INVALID);
                } else {
                    println!("{}", path.display());
                }
            }
            Err(diagnostics) => {
                print_diagnostics(&diagnostics, &sources, settings.style);
                eprintln!("{}: not formatted: it does not parse", path.display());
                code = code.max(EXIT_INVALID);
            }
        }
    }
    code
}
