//! Handoffs: the protocol each step's `handoff` names is read through the same
//! [`Loader`] as bases, and must parse and hold a `protocol` block.

use super::{variant, Loader};
use crate::diagnostic::{self, Diagnostic};
use crate::source::Sources;
use crate::syntax;

/// Checks each step's `handoff`: the file it names (relative to the file the
/// step was written in) is read through `load`, as bases are, and must parse and
/// hold a `protocol` declaration. It is not compiled: handoffs may lead in a circle.
pub(super) fn check_handoffs(
    sources: &mut Sources,
    ast: &syntax::ast::File,
    load: &mut Loader<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    use syntax::ast::{Declaration, StepField, TrackField};
    let handoffs: Vec<syntax::ast::Text> = ast
        .declarations
        .iter()
        .filter_map(Declaration::as_track)
        .flat_map(|t| t.fields.iter().filter_map(TrackField::as_step))
        .flat_map(|s| s.fields.iter().filter_map(StepField::as_handoff))
        .map(|h| h.value.clone())
        .collect();
    let mut seen: std::collections::BTreeMap<String, Option<Result<String, String>>> =
        std::collections::BTreeMap::new();
    for text in handoffs {
        let written = text.template();
        if is_web_address(&written) {
            diagnostics.push(
                Diagnostic::error(
                    diagnostic::Code::HandoffNotProtocol,
                    "`handoff` names a protocol file, not a web address",
                )
                .at(text.span, "a web address")
                .help(
                    "`handoff` takes the path of another `.protocol` file, e.g. \"../threat/threat-assessment.protocol\"; \
                     to send staff on to a document on the web, name it and give its address: \
                     `handoff \"Its title\" url \"https://…\"`",
                ),
            );
            continue;
        }
        let path = variant::base_path(sources.name(text.span.file), &written);
        let problem = match seen.get(&path) {
            Some(problem) => problem.clone(),
            None => {
                let problem = handoff_problem(sources, &path, load);
                seen.insert(path.clone(), problem.clone());
                problem
            }
        };
        let Some(problem) = problem else { continue };
        let d = match problem {
            Err(why) => Diagnostic::error(
                diagnostic::Code::HandoffNotFound,
                format!("cannot read `{path}`, the protocol this step hands off to: {why}"),
            )
            .at(text.span, "the protocol this step hands off to")
            .help(
                "the path is relative to this file's folder, e.g. \"../threat/threat-assessment.protocol\"",
            ),
            Ok(why) => Diagnostic::error(
                diagnostic::Code::HandoffNotProtocol,
                format!("`{path}` is not a protocol: {why}"),
            )
            .at(text.span, "a step hands off to this file")
            .help("name a `.protocol` file with a `protocol` block; check it with `protocolc check`"),
        };
        diagnostics.push(d);
    }
}

/// What is wrong with the file at `path` as a protocol to hand off to: `Err`
/// when it cannot be read, `Ok` when it is not a protocol; `None` when it is one.
fn handoff_problem(
    sources: &mut Sources,
    path: &str,
    load: &mut Loader<'_>,
) -> Option<Result<String, String>> {
    // Only protocol files are handed off to; anything else is not read at all.
    if !path.ends_with(".protocol") {
        return Some(Ok("it is not a `.protocol` file".to_string()));
    }
    let bytes = match load(path) {
        Ok(bytes) => bytes,
        Err(why) => return Some(Err(why)),
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Some(Ok("it is not UTF-8 text".to_string()));
    };
    let file = sources.add(path, text);
    match syntax::parse(file, sources.text(file)) {
        (Some(ast), found) if !found.iter().any(Diagnostic::is_error) => {
            let protocols = ast
                .declarations
                .iter()
                .filter_map(syntax::ast::Declaration::as_protocol)
                .count();
            (protocols != 1).then(|| Ok("it has no `protocol` block".to_string()))
        }
        _ => Some(Ok("it does not follow the protocol language".to_string())),
    }
}

/// Whether a handoff's text is a web address rather than a path: `https://…`,
/// `http://…`, `www.…`.
fn is_web_address(text: &str) -> bool {
    let text = text.trim().to_ascii_lowercase();
    text.contains("://") || text.starts_with("www.")
}
