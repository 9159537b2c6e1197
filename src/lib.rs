//! protocolc: compiles child-safety protocol files into the artefacts a school district uses.
//!
//! The pipeline, one module per stage: [`syntax`] (text → AST) → [`resolve`]
//! (names) → [`check`] (every rule → the validated [`model::Model`]) →
//! [`evaluate`] and [`emit`]. Nothing here reads or writes files; `src/cli.rs` does.

pub mod check;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod english;
pub mod evaluate;
pub mod explain;
pub mod format;
pub mod labels;
pub mod model;
pub mod resolve;
pub mod scaffold;
pub mod scenario;
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

/// Reads a base file named by `extends`. Given the base's path (relative to
/// where protocolc runs, `/` separators), returns its bytes or why it cannot.
pub type Loader<'a> = dyn FnMut(&str) -> Result<Vec<u8>, String> + 'a;

/// Reads base files from the file system: the loader the CLI uses, and
/// [`compile_text`] and [`compile_bytes`]. The compiler itself does no IO.
pub fn read_from_disk(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| e.to_string())
}

/// Compiles the protocol in `file` of `sources`: parse; load and merge the bases
/// it `extends` (through `load`, adding them to `sources`); check.
pub fn compile(sources: &mut Sources, file: FileId, load: &mut Loader<'_>) -> Compiled {
    let mut diagnostics = Vec::new();
    let mut chain = vec![file];
    let ast = resolve_file(sources, file, load, &mut chain, &mut diagnostics);
    let mut model = None;
    if let Some(ast) = &ast {
        check_handoffs(sources, ast, load, &mut diagnostics);
    }
    if let Some(ast) = ast {
        let records = chain
            .iter()
            .map(|&f| SourceRecord {
                file: sources.name(f).replace('\\', "/"),
                sha256: sha256_hex(sources.text(f).as_bytes()),
            })
            .collect();
        let (checked, mut more) = check::check(&ast, records);
        diagnostics.append(&mut more);
        if !diagnostics.iter().any(Diagnostic::is_error) {
            model = checked;
        }
    }
    let mut diagnostics = check::without_unused_if_errors(diagnostics);
    diagnostic::sort(&mut diagnostics);
    let diagnostics = diagnostic::limit_per_file(diagnostics, sources);
    Compiled { model, diagnostics }
}

/// Parses `file` and, when it extends a base, loads the base (recursively) and
/// merges the two. `chain` is the files so far, the variant first.
fn resolve_file(
    sources: &mut Sources,
    file: FileId,
    load: &mut Loader<'_>,
    chain: &mut Vec<FileId>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<syntax::ast::File> {
    let (ast, mut found) = syntax::parse(file, sources.text(file));
    diagnostics.append(&mut found);
    let ast = ast?;
    let extends = ast.declarations.iter().find_map(|d| match d {
        syntax::ast::Declaration::Protocol(p) => p.extends.clone(),
        _ => None,
    });
    let Some(extends) = extends else {
        return Some(ast);
    };
    let path = resolve::variant::base_path(sources.name(file), &extends.template());
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
    let base = resolve_file(sources, base_file, load, chain, diagnostics)?;
    let (merged, mut found) = resolve::variant::merge(base, ast);
    diagnostics.append(&mut found);
    Some(merged)
}

/// Checks each step's `handoff`: the file it names (relative to the file the
/// step was written in) is read through `load`, as bases are, and must parse and
/// hold a `protocol` declaration. It is not compiled: handoffs may lead in a circle.
fn check_handoffs(
    sources: &mut Sources,
    ast: &syntax::ast::File,
    load: &mut Loader<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    use syntax::ast::{Declaration, StepField, TrackField};
    let handoffs: Vec<syntax::ast::Text> = ast
        .declarations
        .iter()
        .filter_map(|d| {
            if let Declaration::Track(t) = d {
                Some(t)
            } else {
                None
            }
        })
        .flat_map(|t| &t.fields)
        .filter_map(|f| {
            if let TrackField::Step(s) = f {
                Some(s)
            } else {
                None
            }
        })
        .flat_map(|s| &s.fields)
        .filter_map(|f| {
            if let StepField::Handoff(h) = f {
                Some(h.value.clone())
            } else {
                None
            }
        })
        .collect();
    let mut seen: std::collections::BTreeMap<String, Option<Result<String, String>>> =
        std::collections::BTreeMap::new();
    for text in handoffs {
        let path = resolve::variant::base_path(sources.name(text.span.file), &text.template());
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
                .filter(|d| matches!(d, syntax::ast::Declaration::Protocol(_)))
                .count();
            (protocols != 1).then(|| Ok("it has no `protocol` block".to_string()))
        }
        _ => Some(Ok("it does not follow the protocol language".to_string())),
    }
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

/// Compiles a file given as bytes, named `name` (bases it extends are read from
/// disk, relative to `name`): [`add_source`], then [`compile`].
pub fn compile_bytes(name: &str, bytes: Vec<u8>) -> (Sources, Compiled) {
    let mut sources = Sources::new();
    let (file, not_utf8) = add_source(&mut sources, name, bytes);
    let compiled = match not_utf8 {
        Some(d) => Compiled {
            model: None,
            diagnostics: vec![d],
        },
        None => compile(&mut sources, file, &mut read_from_disk),
    };
    (sources, compiled)
}

/// Compiles protocol text given a display name (bases it extends are read from
/// disk, relative to `name`): a convenience for tests and tools.
pub fn compile_text(name: &str, text: &str) -> (Sources, Compiled) {
    let mut sources = Sources::new();
    let file = sources.add(name, text);
    let compiled = compile(&mut sources, file, &mut read_from_disk);
    (sources, compiled)
}

/// Lowercase hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
