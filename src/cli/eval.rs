//! `protocolc eval`: a student's observations, assessed against a protocol.

use super::disk::load;
use super::report::{print_diagnostics, print_json, report};
use super::{usage_error, Settings, EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::diagnostic::Diagnostic;
use crate::evaluate::{self, Observations};
use std::path::Path;

/// `--value age=12`, `--value safety=high` (the input reads the value: `Observations::from_named`).
pub(super) fn parse_value(text: &str) -> Result<(String, String), String> {
    let (id, value) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not ID=VALUE, e.g. age=12 or safety=high"))?;
    Ok((id.trim().to_string(), value.trim().to_string()))
}

/// What `eval` was told, by id.
pub(super) struct Observed {
    pub(super) factors: Vec<String>,
    pub(super) possible: Vec<String>,
    pub(super) signals: Vec<String>,
    pub(super) values: Vec<(String, String)>,
    /// `QUESTION=ANSWER`, as typed.
    pub(super) answers: Vec<String>,
}

/// Assesses the observations against the protocol and prints the result.
pub(super) fn eval(file: &Path, observed: &Observed, as_json: bool, settings: &Settings) -> i32 {
    let loaded = match load(file, &settings.options) {
        Ok(loaded) => loaded,
        Err(message) => return usage_error(&message),
    };
    let Some(model) = &loaded.compiled.model else {
        report(&loaded, settings.style);
        return EXIT_INVALID;
    };
    // Warnings do not stop an assessment, but are shown.
    let warnings: Vec<Diagnostic> = loaded.compiled.diagnostics.clone();
    print_diagnostics(&warnings, &loaded.sources, settings.style);
    let mut pairs = Vec::new();
    for answer in &observed.answers {
        match answer.split_once('=') {
            Some((question, word)) => pairs.push((question.trim(), word.trim())),
            None => {
                return usage_error(&format!(
                    "`--answer {answer}`: write QUESTION=ANSWER, e.g. `plan=yes`"
                ))
            }
        }
    }
    let observations = Observations::from_named(
        model,
        observed.factors.iter().map(String::as_str),
        observed.possible.iter().map(String::as_str),
        observed.signals.iter().map(String::as_str),
        observed.values.iter().map(|(id, v)| (id.as_str(), v.as_str())),
    )
    .and_then(|o| o.with_answers_named(model, pairs));
    let observations = match observations {
        Ok(o) => o,
        Err(problems) => {
            for p in problems {
                eprintln!("error: {p}");
            }
            return EXIT_USAGE;
        }
    };
    let assessment = evaluate::assess(model, &observations);
    if as_json {
        if let Err(code) = print_json(&assessment, "the assessment") {
            return code;
        }
    } else {
        print!("{}", evaluate::explain(model, &assessment));
    }
    EXIT_OK
}
