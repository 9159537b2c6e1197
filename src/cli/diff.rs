//! `protocolc diff`: what differs between a variant and its base, or two protocols.

use super::disk::load;
use super::report::{print_json, report};
use super::{usage_error, Settings, EXIT_INVALID, EXIT_OK};
use crate::model::Model;
use std::path::Path;

/// Compiles a file for `diff`: its model, or the exit code after reporting why not.
fn model_of(path: &Path, settings: &Settings) -> Result<Model, i32> {
    let loaded = load(path, &settings.options).map_err(|message| usage_error(&message))?;
    match loaded.compiled.model {
        Some(model) => Ok(model),
        None => {
            report(&loaded, settings.style);
            Err(EXIT_INVALID)
        }
    }
}

/// How `diff` prints the differences.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum DiffShape {
    /// A line each, for a reviewer at a terminal.
    Lines,
    /// JSON, for tools.
    Json,
    /// A self-contained HTML page to print and sign.
    Html,
}

/// Prints the differences between a variant and its base, or two protocols.
pub(super) fn diff(first: &Path, second: Option<&Path>, shape: DiffShape, settings: &Settings) -> i32 {
    let after = match model_of(second.unwrap_or(first), settings) {
        Ok(model) => model,
        Err(code) => return code,
    };
    let before = match second {
        Some(_) => model_of(first, settings),
        None => match after.sources.get(1) {
            // The variant's own base: the second file of its chain.
            Some(base) => model_of(Path::new(&base.file), settings),
            None => {
                return usage_error(&format!(
                    "`{}` extends no base; name a second protocol to compare it with",
                    first.display()
                ))
            }
        },
    };
    let before = match before {
        Ok(model) => model,
        Err(code) => return code,
    };
    let differences = crate::diff::diff(&before, &after);
    let (from, to) = (
        before.sources.first().map_or("", |s| s.file.as_str()),
        after.sources.first().map_or("", |s| s.file.as_str()),
    );
    if shape == DiffShape::Html {
        match crate::diff::redline(&before, &after, &differences) {
            Ok(page) => print!("{page}"),
            Err(e) => {
                eprintln!("error: cannot write the redline: {e}");
                return EXIT_INVALID;
            }
        }
    } else if shape == DiffShape::Json {
        let document = serde_json::json!({
            "before": before.sources.iter().map(|s| serde_json::json!({"file": s.file, "sha256": s.sha256})).collect::<Vec<_>>(),
            "after": after.sources.iter().map(|s| serde_json::json!({"file": s.file, "sha256": s.sha256})).collect::<Vec<_>>(),
            "differences": differences,
        });
        if let Err(code) = print_json(&document, "the differences") {
            return code;
        }
    } else {
        println!("From {from}\nto   {to}:\n");
        print!("{}", crate::diff::describe(&differences));
    }
    EXIT_OK
}
