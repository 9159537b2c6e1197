//! Printing what a run found: diagnostics (for people, or JSON Lines), a summary
//! line per file, the hint to `protocolc explain`, and JSON documents on stdout.

use super::disk::Loaded;
use super::{MessageFormat, Style, EXIT_INVALID};
use crate::diagnostic::{self, Code, Diagnostic, Severity};
use crate::english::plural;
use crate::source::Sources;

/// Prints a file's diagnostics and a summary line; returns whether it had errors.
pub(super) fn report(loaded: &Loaded, style: Style) -> bool {
    let diagnostics = &loaded.compiled.diagnostics;
    print_diagnostics(diagnostics, &loaded.sources, style);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let name = loaded.path.display();
    if style.format == MessageFormat::Json {
        let summary = serde_json::json!({
            "type": "summary", "file": name.to_string(), "errors": errors, "warnings": warnings,
        });
        eprintln!("{summary}");
    } else if errors > 0 {
        eprintln!(
            "{name}: {} found{}",
            plural(errors, "error"),
            warnings_suffix(warnings)
        );
    } else {
        eprintln!("{name}: ok{}", warnings_suffix(warnings));
    }
    errors > 0
}

/// Prints diagnostics on stderr: rendered for people, or one JSON object a line.
pub(super) fn print_diagnostics(diagnostics: &[Diagnostic], sources: &Sources, style: Style) {
    match style.format {
        MessageFormat::Human => eprint!("{}", diagnostic::render_all(diagnostics, sources, style.color)),
        MessageFormat::Json => {
            for d in diagnostics {
                eprintln!("{}", diagnostic::to_json(d, sources));
            }
        }
    }
}

/// The first error's code among a file's diagnostics, to suggest `protocolc explain`.
pub(super) fn first_error(loaded: &Loaded) -> Option<Code> {
    loaded
        .compiled
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(|d| d.code)
}

/// After a run with errors, says where to read more about them (not in JSON).
pub(super) fn explain_hint(code: Option<Code>, style: Style) {
    if let (Some(code), MessageFormat::Human) = (code, style.format) {
        eprintln!("For more on an error, run `protocolc explain {}`.", code.as_str());
    }
}

fn warnings_suffix(warnings: usize) -> String {
    if warnings == 0 {
        String::new()
    } else {
        format!(", {}", plural(warnings, "warning"))
    }
}

/// Prints `value` as pretty JSON on stdout; `what` names it in the error.
pub(super) fn print_json(value: &impl serde::Serialize, what: &str) -> Result<(), i32> {
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            println!("{text}");
            Ok(())
        }
        Err(e) => {
            eprintln!("error: cannot write {what} as JSON: {e}");
            Err(EXIT_INVALID)
        }
    }
}
