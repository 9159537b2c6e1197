//! `protocolc check`: compiles files and reports every problem.

use super::disk::load;
use super::report::{explain_hint, first_error, report};
use super::{usage_error, Settings, EXIT_INVALID, EXIT_OK};
use std::path::PathBuf;

/// Checks each file; exit 1 when one has errors, 2 when one cannot be read.
pub(super) fn check(files: &[PathBuf], settings: &Settings) -> i32 {
    let mut code = EXIT_OK;
    let mut first = None;
    for path in files {
        match load(path, &settings.options) {
            Ok(loaded) => {
                if report(&loaded, settings.style) {
                    code = code.max(EXIT_INVALID);
                    first = first.or(first_error(&loaded));
                }
            }
            Err(message) => code = usage_error(&message),
        }
    }
    explain_hint(first, settings.style);
    code
}
