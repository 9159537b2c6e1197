//! `protocolc test`: the scenarios written in protocol files, run and reported.

use super::disk::{files_or_all, load};
use super::report::{print_diagnostics, report};
use super::{usage_error, Settings, EXIT_INVALID, EXIT_OK};
use crate::english::plural;
use std::path::PathBuf;

/// Runs every scenario of every file; exit 1 when one fails (or a file has errors).
pub(super) fn test(files: Vec<PathBuf>, settings: &Settings) -> i32 {
    let files = match files_or_all(files, "") {
        Ok(files) => files,
        Err(code) => return code,
    };
    let mut code = EXIT_OK;
    let (mut passed, mut failed) = (0, 0);
    for path in &files {
        let loaded = match load(path, &settings.options) {
            Ok(loaded) => loaded,
            Err(message) => {
                code = usage_error(&message);
                continue;
            }
        };
        let Some(model) = &loaded.compiled.model else {
            report(&loaded, settings.style);
            code = code.max(EXIT_INVALID);
            continue;
        };
        let mut file_failed = 0;
        for scenario in &model.scenarios {
            let failures = crate::scenario::failures(model, scenario);
            if failures.is_empty() {
                passed += 1;
            } else {
                file_failed += 1;
                print_diagnostics(&failures, &loaded.sources, settings.style);
            }
        }
        failed += file_failed;
        let name = path.display();
        match (model.scenarios.len(), file_failed) {
            (0, _) => println!("{name}: no scenarios"),
            (n, 0) => println!("{name}: {} passed", plural(n, "scenario")),
            (n, f) => {
                println!("{name}: {f} of {} failed", plural(n, "scenario"));
                code = code.max(EXIT_INVALID);
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    code
}
