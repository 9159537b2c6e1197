#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! `protocolc fmt`: formatting is idempotent, keeps every comment in order, and never
//! changes meaning (the compiled model is equal before and after), over every
//! protocol in the repository, every case input, generated and random protocols,
//! and random comments; the layout of one messy file is snapshotted; the binary's
//! `fmt` and `fmt --check`.

mod support;

use assert_cmd::Command;
use proptest::prelude::*;
use protocolc::format::{comments, format};
use protocolc::model::Model;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.protocol` file under `dir` (relative to the repository root), sorted.
fn protocol_files(dir: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root().join(dir)];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "protocol") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The repository's protocols, the inputs of the `ok` cases and the test fixtures
/// (but the messy file, which is no valid protocol).
fn valid_inputs() -> Vec<PathBuf> {
    let mut files = protocol_files("protocols");
    files.extend(
        protocol_files("tests/cases/ok")
            .into_iter()
            .filter(|p| p.ends_with("input.protocol")),
    );
    files.extend(
        protocol_files("tests/fixtures")
            .into_iter()
            .filter(|p| !p.ends_with("format/messy.protocol")),
    );
    assert!(files.len() > 20, "found only {files:?}");
    files
}

/// The model of a protocol.
fn model(name: &str, text: &str) -> Model {
    let (_, compiled) = protocolc::compile_text(name, text);
    compiled
        .model
        .unwrap_or_else(|| panic!("{name} does not compile: {:#?}", compiled.diagnostics))
}

/// What a model means: all of it but its sources' hashes (which differ when the text does).
fn meaning_of(m: &Model) -> impl PartialEq + std::fmt::Debug + '_ {
    (
        (
            m.metadata(),
            m.legal(),
            m.definitions(),
            m.contacts(),
            m.resources(),
            m.signals(),
        ),
        (
            m.inputs(),
            m.criteria(),
            m.criteria_order(),
            m.factors(),
            m.tracks(),
            m.precedence(),
        ),
        (
            m.scenarios(),
            m.language(),
            m.labels(),
            m.translations(),
            m.questions(),
        ),
    )
}

/// Formats `text` and checks the three properties; returns the formatted text.
fn check_formatting(name: &str, text: &str, meaning: Option<&Model>) -> String {
    let formatted = format(text, 0).unwrap_or_else(|d| panic!("{name} was not formatted: {d:#?}"));
    let again = format(&formatted, 0).unwrap_or_else(|d| panic!("{name} formatted does not parse: {d:#?}"));
    assert_eq!(again, formatted, "{name}: formatting twice changed it");
    assert_eq!(comments(&formatted), comments(text), "{name}: comments changed");
    if let Some(before) = meaning {
        assert_eq!(
            meaning_of(&model(name, &formatted)),
            meaning_of(before),
            "{name}: formatting changed the meaning"
        );
    }
    formatted
}

#[test]
fn every_valid_protocol_formats_idempotently_with_the_same_meaning_and_comments() {
    for path in valid_inputs() {
        let name = path.to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let before = model(&name, &text);
        let formatted = check_formatting(&name, &text, Some(&before));
        for line in formatted.lines() {
            assert_eq!(line, line.trim_end(), "{name}: trailing space in {line:?}");
            assert!(!line.contains('\t'), "{name}: a tab in {line:?}");
        }
    }
}

#[test]
fn the_repository_protocols_are_formatted() {
    for path in protocol_files("protocols") {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            format(&text, 0).unwrap() == text,
            "{}: not formatted; run `protocolc fmt`",
            path.display()
        );
    }
}

/// Error cases keep their errors: formatting a file that parses gives the same
/// diagnostics (codes and messages); one that does not parse is refused.
#[test]
fn error_cases_keep_their_diagnostics() {
    let diagnostics = |name: &str, text: &str| {
        let (_, compiled) = protocolc::compile_text(name, text);
        let mut found: Vec<(String, String)> = compiled
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str().to_string(), d.message.clone()))
            .collect();
        found.sort();
        found
    };
    let mut formatted_count = 0;
    {
        let dir = "tests/cases/err";
        for path in protocol_files(dir) {
            let name = path.to_string_lossy().into_owned();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue; // not UTF-8
            };
            let (ast, found) = protocolc::syntax::parse(0, &text);
            let parses = ast.is_some() && !found.iter().any(|d| d.is_error());
            match format(&text, 0) {
                Ok(formatted) => {
                    assert!(parses, "{name}: formatted although it does not parse");
                    check_formatting(&name, &text, None);
                    assert_eq!(
                        diagnostics(&name, &formatted),
                        diagnostics(&name, &text),
                        "{name}"
                    );
                    formatted_count += 1;
                }
                Err(errors) => {
                    assert!(!parses, "{name}: parses but was not formatted: {errors:#?}");
                    assert!(errors.iter().any(|d| d.is_error()), "{name}");
                }
            }
        }
    }
    assert!(formatted_count > 20, "only {formatted_count} error cases parse");
}

#[test]
fn generated_protocols_format_with_the_same_meaning() {
    for (factors, steps) in [(1, 1), (7, 3), (25, 12), (60, 40)] {
        let text = support::generate_protocol(factors, steps);
        let name = format!("generated_{factors}_{steps}.protocol");
        let before = model(&name, &text);
        check_formatting(&name, &text, Some(&before));
    }
    for (factors, steps) in [(11, 4), (30, 17)] {
        let text = support::rich::generate_rich_protocol(factors, steps);
        let name = format!("rich_{factors}_{steps}.protocol");
        let before = model(&name, &text);
        check_formatting(&name, &text, Some(&before));
    }
}

/// Byte offsets in `text` where a line starts (or ends) outside triple-quoted text.
fn places(text: &str, line_ends: bool) -> Vec<usize> {
    let outside = |at: usize| text[..at].matches("\"\"\"").count() % 2 == 0;
    let mut found = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let end = offset + line.trim_end_matches(['\n', '\r']).len();
        if line_ends {
            // Not after a comment, which would only grow.
            if outside(end) && !line.trim().is_empty() && !line.contains("//") {
                found.push(end);
            }
        } else if outside(offset) {
            found.push(offset);
        }
        offset += line.len();
    }
    found
}

/// `text` with numbered comments inserted: on their own lines at the line starts
/// chosen by `starts`, and at the ends of the lines chosen by `ends`; and how many.
fn with_comments(
    text: &str,
    starts: &[prop::sample::Index],
    ends: &[prop::sample::Index],
) -> (String, usize) {
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let line_starts = places(text, false);
    for (k, i) in starts.iter().enumerate() {
        let indent = if k % 2 == 0 { "  " } else { "" };
        inserts.push((*i.get(&line_starts), format!("{indent}// own {k}\n")));
    }
    let line_ends = places(text, true);
    for (k, i) in ends.iter().enumerate() {
        let at = *i.get(&line_ends);
        // Two at one line's end would be one comment.
        if !inserts
            .iter()
            .any(|(other, c)| *other == at && c.starts_with(' '))
        {
            inserts.push((at, format!(" // end {k}")));
        }
    }
    // From the back, so earlier offsets stay right; at one offset, keep the draw order.
    inserts.sort_by_key(|(at, _)| *at);
    let count = inserts.len();
    let mut out = text.to_string();
    for (at, comment) in inserts.into_iter().rev() {
        out.insert_str(at, &comment);
    }
    (out, count)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_protocols_format_with_the_same_meaning(protocol in support::random_protocol()) {
        let text = protocol.text();
        let before = model("random.protocol", &text);
        check_formatting("random.protocol", &text, Some(&before));
    }

    #[test]
    fn random_comments_survive_in_order(
        file in 0usize..1000,
        starts in prop::collection::vec(any::<prop::sample::Index>(), 1..8),
        ends in prop::collection::vec(any::<prop::sample::Index>(), 0..6),
    ) {
        let inputs = valid_inputs();
        let path = &inputs[file % inputs.len()];
        let name = path.to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let before = model(&name, &text);
        let (commented, added) = with_comments(&text, &starts, &ends);
        prop_assert_eq!(comments(&commented).len(), comments(&text).len() + added);
        check_formatting(&name, &commented, Some(&before));
    }

    #[test]
    fn random_comments_in_random_protocols(
        protocol in support::random_protocol(),
        starts in prop::collection::vec(any::<prop::sample::Index>(), 1..8),
        ends in prop::collection::vec(any::<prop::sample::Index>(), 0..6),
    ) {
        let text = protocol.text();
        let before = model("random.protocol", &text);
        let (commented, added) = with_comments(&text, &starts, &ends);
        prop_assert_eq!(comments(&commented).len(), added);
        check_formatting("random.protocol", &commented, Some(&before));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// A file with a piece cut out or duplicated: formatting never panics; a file
    /// that parses is formatted (the meaning check inside `format` holds),
    /// idempotently and with every comment; one that does not is refused.
    #[test]
    fn damaged_files_format_or_are_refused(
        file in 0usize..1000,
        at in any::<prop::sample::Index>(),
        len in 0usize..40,
        duplicate in any::<bool>(),
    ) {
        let inputs = valid_inputs();
        let text = std::fs::read_to_string(&inputs[file % inputs.len()]).unwrap();
        let start = at.index(text.len());
        let end = (start + len).min(text.len());
        let (Some(head), Some(piece), Some(tail)) = (text.get(..start), text.get(start..end), text.get(end..)) else {
            return Ok(()); // not at a character boundary
        };
        let damaged = if duplicate { format!("{head}{piece}{piece}{tail}") } else { format!("{head}{tail}") };
        let (ast, found) = protocolc::syntax::parse(0, &damaged);
        let parses = ast.is_some() && !found.iter().any(|d| d.is_error());
        match format(&damaged, 0) {
            Ok(formatted) => {
                prop_assert!(parses);
                prop_assert_eq!(format(&formatted, 0).unwrap(), formatted.clone());
                prop_assert_eq!(comments(&formatted), comments(&damaged));
            }
            // A file that parses is always formatted (no refusal by the meaning check).
            Err(errors) => prop_assert!(!parses, "{:#?}", errors),
        }
    }
}

const MESSY: &str = "tests/fixtures/format/messy.protocol";

#[test]
fn messy_file_layout() {
    let text = std::fs::read_to_string(root().join(MESSY)).unwrap();
    let formatted = check_formatting(MESSY, &text, None);
    insta::assert_snapshot!(formatted);
}

#[test]
fn a_file_that_does_not_parse_is_refused_with_its_errors() {
    let errors = format("protocol demo {\n  title \"Demo\"\n  step x\n}\n", 0).unwrap_err();
    assert!(errors.iter().any(|d| d.code.as_str() == "P0001"), "{errors:#?}");
    // Text with an unknown escape parses, but is not formatted either: the escape is lost in the tree.
    let errors = format("signal s \"a \\q\"\n", 0).unwrap_err();
    assert!(errors.iter().any(|d| d.code.as_str() == "P0002"), "{errors:#?}");
}

#[test]
fn edge_cases_keep_their_text() {
    for text in [
        "",
        "// only a comment\n",
        "\u{FEFF}signal s \"x\"\r\n",
        "signal s \"\"\n",
        "signal s \"\"\"\"\"\"\n",
        "signal s \"\"\"\n  a\n\n\n\n  b\n\"\"\"\n",
        "signal s \"\"\" a \"\"\\\" \"\"\"\n",
        "signal s \"  two  spaces  \"\n",
        "signal s \"\"\"\n  \\n starts with a break\n\n  x\n\"\"\"\n",
        "signal s \"x\\n\\n\\ty\" // tab\n",
        "signal s \"\"\"\n  x\u{A0}\n\n  y\n\"\"\"\n",
        "signal a \"A\" signal b \"B\"\n",
        "track t \"T\" { // one\n when a // two\n or b // three\n // four\n step s \"S\" // five\n} // six\n",
        "track t \"T\" {\n  when a or\n    // inside the trigger\n    b // after it\n  step s \"S\"\n}\n",
        "contact c {\n  // nothing yet\n}\n",
        "legal {}\n",
        "resource r \"R\" { // empty\n}\n",
        "criteria g \"G\" { met_when at_least 007 factor f \"F\" }\n",
        "track t \"T\" { when not not (a and (b and c)) or (d or e) step s \"S\" }\n",
    ] {
        let formatted = format(text, 0).unwrap_or_else(|d| panic!("{text:?}: {d:#?}"));
        assert_eq!(format(&formatted, 0).unwrap(), formatted, "{text:?}");
        assert_eq!(comments(&formatted), comments(text), "{text:?}");
    }
}

fn protocolc_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("protocolc").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

#[test]
fn fmt_check_and_fmt_from_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.protocol");
    let original = std::fs::read(root().join(MESSY)).unwrap();
    std::fs::write(&messy, &original).unwrap();

    let out = protocolc_in(dir.path())
        .args(["fmt", "--check", "messy.protocol"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "messy.protocol\n");
    assert_eq!(
        std::fs::read(&messy).unwrap(),
        original,
        "--check changed the file"
    );

    let out = protocolc_in(dir.path())
        .args(["fmt", "messy.protocol"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "messy.protocol\n");
    let formatted = std::fs::read_to_string(&messy).unwrap();
    assert_eq!(
        formatted,
        format(&String::from_utf8(original).unwrap(), 0).unwrap()
    );

    // Formatted: nothing to do, nothing printed.
    let out = protocolc_in(dir.path())
        .args(["fmt", "--check", "messy.protocol"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let out = protocolc_in(dir.path())
        .args(["fmt", "messy.protocol"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
}

#[test]
fn fmt_leaves_a_file_that_does_not_parse_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.protocol");
    let text = b"protocol demo {\n  title   \"Demo\"\n  titel \"Oops\"\n}\nsignal  s \"S\"\n";
    std::fs::write(&broken, text).unwrap();
    let messy = dir.path().join("messy.protocol");
    std::fs::copy(root().join(MESSY), &messy).unwrap();
    for check in [false, true] {
        let mut cmd = protocolc_in(dir.path());
        cmd.arg("fmt");
        if check {
            cmd.arg("--check");
        }
        let out = cmd.args(["broken.protocol"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("error[P0001]") && stderr.contains("broken.protocol:3:3"),
            "{stderr}"
        );
        assert!(stderr.contains("did you mean `title`?"), "{stderr}");
        assert_eq!(std::fs::read(&broken).unwrap(), text);
    }
    // The other files named are still formatted.
    let out = protocolc_in(dir.path())
        .args(["fmt", "broken.protocol", "messy.protocol"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "messy.protocol\n");
    assert_eq!(std::fs::read(&broken).unwrap(), text);
}

#[test]
fn fmt_with_no_files_formats_every_protocol_under_protocols() {
    let dir = tempfile::tempdir().unwrap();
    let county = dir.path().join("protocols/messy");
    std::fs::create_dir_all(&county).unwrap();
    std::fs::copy(root().join(MESSY), county.join("a.protocol")).unwrap();
    let formatted = format(&std::fs::read_to_string(root().join(MESSY)).unwrap(), 0).unwrap();
    std::fs::write(county.join("b.protocol"), &formatted).unwrap();
    let out = protocolc_in(dir.path())
        .args(["fmt", "--check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "protocols/messy/a.protocol\n"
    );
    let out = protocolc_in(dir.path()).arg("fmt").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(county.join("a.protocol")).unwrap(),
        formatted
    );
}
