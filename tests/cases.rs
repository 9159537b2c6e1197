//! Data-driven tests of the parser and checker, one folder per case.
//!
//! - `tests/cases/err/<case>/input.protocol` is a protocol with a problem. Its
//!   comment lines say what it must produce:
//!   `// expect: P0208` (diagnostic codes, several separated by spaces),
//!   `// should-say: did you mean` and `// should-not-say: …` (text that a
//!   diagnostic's message, labels or help must, or must not, contain). The
//!   numbered source and the rendered diagnostics are snapshotted next to it in
//!   `diagnostics.snap`, so a reviewer reads the input and the messages together.
//!   A `// today: YYYY-MM-DD` line checks the case as `--today` does.
//! - `tests/cases/ok/<case>/input.protocol` is a protocol that compiles with no
//!   errors and no warnings. Its JSON output is snapshotted next to it in `json.snap`.
//!
//! To add a case, create the folder and its `input.protocol`, then run
//! `INSTA_UPDATE=always cargo test --test cases` and read the new snapshot.

// clippy.toml allows these in `#[test]` functions; the helpers below are test code too,
// where failing loudly is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use protocolc::diagnostic::{self, Code, Diagnostic, Style};
use protocolc::source::Sources;
use protocolc::Compiled;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// One case folder.
struct Case {
    /// e.g. `bad_phone`.
    name: String,
    /// The folder, absolute.
    dir: PathBuf,
    /// `tests/cases/err/bad_phone/input.protocol`: the name diagnostics show.
    display_name: String,
    /// The input as text (bytes that are not UTF-8 replaced by U+FFFD).
    text: String,
    sources: Sources,
    compiled: Compiled,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every case under `tests/cases/<group>`, sorted by name, compiled.
fn cases(group: &str) -> Vec<Case> {
    let dir = root().join("tests").join("cases").join(group);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no cases in {}", dir.display());
    dirs.into_iter().map(|dir| compile_case(group, dir)).collect()
}

fn compile_case(group: &str, dir: PathBuf) -> Case {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let display_name = format!("tests/cases/{group}/{name}/input.protocol");
    let input = dir.join("input.protocol");
    let bytes = std::fs::read(&input).unwrap_or_else(|e| panic!("cannot read {}: {e}", input.display()));
    // Text goes through `compile_text`; only a file that is not UTF-8 (which a
    // `&str` cannot hold) goes through `compile_bytes`, as the CLI does.
    let (sources, mut compiled) = match std::str::from_utf8(&bytes) {
        Ok(text) => protocolc::compile_text(&display_name, text),
        Err(_) => protocolc::compile_bytes(&display_name, bytes.clone()),
    };
    // A case's scenarios are run as `protocolc test` runs them; their failures
    // are diagnostics of the case too.
    if let Some(model) = &compiled.model {
        compiled.diagnostics.extend(protocolc::scenario::run_all(model));
        // `// today: 2026-01-01` checks the case as `protocolc check --today 2026-01-01` does.
        let today = String::from_utf8_lossy(&bytes)
            .lines()
            .find_map(|l| l.strip_prefix("// today: ").map(|d| d.trim().to_string()));
        if let Some(today) = today {
            compiled
                .diagnostics
                .extend(protocolc::lint::overdue_reviews(model, &today));
            protocolc::diagnostic::sort(&mut compiled.diagnostics);
        }
    }
    Case {
        name,
        dir,
        display_name,
        text: String::from_utf8_lossy(&bytes).into_owned(),
        sources,
        compiled,
    }
}

/// What a case's comment lines say it must produce.
#[derive(Default)]
struct Expectations {
    /// `// expect: P0101 P0208`
    codes: Vec<Code>,
    /// Whether there is an `// expect:` line at all (it may list no code).
    has_expect_line: bool,
    /// `// should-say: …`
    say: Vec<String>,
    /// `// should-not-say: …`
    not_say: Vec<String>,
}

fn expectations(case: &Case) -> Expectations {
    let mut e = Expectations::default();
    for line in case.text.lines() {
        let line = line.trim();
        if let Some(list) = line.strip_prefix("// expect:") {
            e.has_expect_line = true;
            for word in list.split_whitespace() {
                let code = Code::ALL
                    .iter()
                    .copied()
                    .find(|c| c.as_str() == word)
                    .unwrap_or_else(|| panic!("{}: `{word}` is not a diagnostic code", case.display_name));
                e.codes.push(code);
            }
        } else if let Some(text) = line.strip_prefix("// should-say:") {
            e.say.push(text.trim().to_string());
        } else if let Some(text) = line.strip_prefix("// should-not-say:") {
            e.not_say.push(text.trim().to_string());
        }
    }
    e
}

/// What the diagnostics say, without the source lines they quote: messages, labels, help.
fn words(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{}", d.message);
        for label in &d.labels {
            let _ = writeln!(out, "{}", label.message);
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "{help}");
        }
    }
    out
}

/// Checks `should-say` and `should-not-say`.
fn check_words(case: &Case, e: &Expectations) {
    let said = words(&case.compiled.diagnostics);
    for text in &e.say {
        assert!(
            said.contains(text.as_str()),
            "{}: the diagnostics should say {text:?}:\n{}",
            case.display_name,
            render(case)
        );
    }
    for text in &e.not_say {
        assert!(
            !said.contains(text.as_str()),
            "{}: the diagnostics should not say {text:?}:\n{}",
            case.display_name,
            render(case)
        );
    }
}

/// Every label marks something written: it does not start or end with white space
/// (a label running over the line break after a trigger, say).
fn check_labels(case: &Case) {
    for d in &case.compiled.diagnostics {
        for label in &d.labels {
            let marked = case.sources.slice(label.span);
            assert_eq!(
                marked,
                marked.trim(),
                "{}: the label {:?} of `{}` marks white space",
                case.display_name,
                label.message,
                d.message
            );
        }
    }
}

/// The input with line numbers, as the first half of an `err` snapshot (`\r` shown as `␍`).
fn numbered(case: &Case) -> String {
    let mut out = format!("{}\n", case.display_name);
    let lines: Vec<&str> = case.text.split('\n').collect();
    let last = lines.len() - usize::from(case.text.ends_with('\n'));
    for (i, line) in lines.iter().take(last).enumerate() {
        let line = line.replace('\r', "␍");
        let _ = writeln!(out, "{:>4} | {}", i + 1, line.trim_end());
    }
    out
}

fn render(case: &Case) -> String {
    diagnostic::render_all(&case.compiled.diagnostics, &case.sources, Style::Plain)
}

/// Runs `check` on every case and fails once at the end, naming every failing case.
fn each(cases: &[Case], check: impl Fn(&Case)) {
    let failed: Vec<&str> = cases
        .iter()
        .filter(|case| catch_unwind(AssertUnwindSafe(|| check(case))).is_err())
        .map(|case| case.name.as_str())
        .collect();
    assert!(failed.is_empty(), "failing cases: {}", failed.join(", "));
}

fn snapshot(case: &Case, name: &str, contents: &str) {
    insta::with_settings!({
        snapshot_path => case.dir.clone(),
        prepend_module_to_snapshot => false,
        omit_expression => true,
        input_file => case.display_name.clone(),
    }, {
        insta::assert_snapshot!(name, contents);
    });
}

#[test]
fn err_cases() {
    each(&cases("err"), |case| {
        let e = expectations(case);
        assert!(
            !e.codes.is_empty(),
            "{}: say which codes it must produce in a `// expect: P…` line",
            case.display_name
        );
        let found: BTreeSet<Code> = case.compiled.diagnostics.iter().map(|d| d.code).collect();
        for code in &e.codes {
            assert!(
                found.contains(code),
                "{}: expected a {} ({}) diagnostic, found {:?}\n{}",
                case.display_name,
                code.as_str(),
                code.title(),
                found,
                render(case)
            );
        }
        check_words(case, &e);
        check_labels(case);
        // A failing scenario is an error of `protocolc test`; the protocol itself is valid.
        let compile_errors = case
            .compiled
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.code != Code::ScenarioFailed);
        if compile_errors {
            assert!(
                case.compiled.model.is_none(),
                "{}: a model despite errors",
                case.display_name
            );
        } else {
            assert!(
                case.compiled.model.is_some(),
                "{}: no model, but no error",
                case.display_name
            );
        }
        let contents = format!("{}\n{}\n\n{}", numbered(case), "─".repeat(40), render(case));
        snapshot(case, "diagnostics", &contents);
    });
}

#[test]
fn ok_cases() {
    each(&cases("ok"), |case| {
        assert!(
            case.compiled.diagnostics.is_empty(),
            "{}: expected no diagnostics, found:\n{}",
            case.display_name,
            render(case)
        );
        let model = case
            .compiled
            .model
            .as_ref()
            .expect("a model when there are no errors");
        snapshot(case, "json", &protocolc::emit::json::to_json(model));
    });
}

#[test]
fn every_code_has_an_err_case() {
    let rendered: String = cases("err").iter().map(render).collect();
    let shown = |code: &Code| {
        rendered.contains(&format!("error[{}]", code.as_str()))
            || rendered.contains(&format!("warning[{}]", code.as_str()))
    };
    let missing: Vec<String> = Code::ALL
        .iter()
        .filter(|code| !shown(code))
        .map(|code| format!("{} ({})", code.as_str(), code.title()))
        .collect();
    assert!(
        missing.is_empty(),
        "no case under tests/cases/err shows these codes: {}",
        missing.join(", ")
    );
}

#[test]
fn rendered_diagnostics_name_file_line_col() {
    for group in ["err", "ok"] {
        for case in &cases(group) {
            for d in &case.compiled.diagnostics {
                let rendered = diagnostic::render(d, &case.sources, Style::Plain);
                let Some((file, line, col)) = diagnostic::location(d, &case.sources) else {
                    continue;
                };
                assert_eq!(file, case.display_name);
                let at = format!("{file}:{line}:{col}");
                assert!(
                    rendered.contains(&format!("┌─ {at}")) || rendered.contains(&format!("--> {at}")),
                    "{}: the diagnostic does not say where it is ({at}):\n{rendered}",
                    case.name
                );
            }
        }
    }
}

#[test]
fn very_deep_nesting_is_reported_not_a_crash() {
    // Far past the limit: the parser's own stack guard or the converter's depth
    // limit must stop it, on a test thread's small stack.
    for depth in [100, 10_000, 100_000] {
        let text = format!(
            "protocol p {{ title \"t\" jurisdiction \"j\" audience \"a\" version \"1\" effective 2024-08-01 }}\n\
             signal s \"S\"\n\
             track t \"T\" {{ when {}s{} step a \"A\" }}\n\
             track u \"U\" {{ when {}s step a \"A\" }}\n",
            "(".repeat(depth),
            ")".repeat(depth),
            "not ".repeat(depth),
        );
        let (_, compiled) = protocolc::compile_text("deep.protocol", &text);
        assert!(
            compiled.diagnostics.iter().any(|d| d.code == Code::TooDeep),
            "depth {depth}: no {} diagnostic",
            Code::TooDeep.as_str()
        );
        assert!(compiled.model.is_none());
    }
}

#[test]
fn a_case_is_a_folder_with_one_input() {
    for (group, snap) in [("err", Some("diagnostics.snap")), ("ok", Some("json.snap"))] {
        for case in cases(group) {
            for entry in std::fs::read_dir(&case.dir).unwrap() {
                let file = entry.unwrap().file_name().to_string_lossy().into_owned();
                assert!(
                    file == "input.protocol" || Some(file.as_str()) == snap,
                    "{}/{}: unexpected file `{file}` (a pending snapshot?)",
                    group,
                    case.name
                );
            }
        }
    }
}
