//! What a hostile or careless user found, replayed: each test holds the input that
//! found a problem and checks the answer is now a clear, located, bounded error.
//!
//! Speed is not asserted here (the benches measure it); what is asserted is that the
//! work is bounded: how many diagnostics, how much output.

// Test code: a failed unwrap or index is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use assert_cmd::Command;
use protocolc::diagnostic::{Code, MAX_PER_FILE};

/// A protocol whose title is `title` (as written between the quotes) and whose one
/// step says `step` (likewise).
fn protocol(title: &str, step: &str) -> String {
    format!(
        "contact cps {{\n  name \"Child Protective Services\"\n  phone \"800-207-4464\"\n}}\n\n\
         protocol demo {{\n  title        \"{title}\"\n  jurisdiction \"Orange County, California\"\n  \
         audience     \"Educators\"\n  version      \"1\"\n  effective    2024-08-01\n}}\n\n\
         signal suspected \"Exploitation is suspected\"\n\n\
         track respond \"Respond\" {{\n  when suspected\n  step report \"{step}\"\n}}\n"
    )
}

fn codes(text: &str) -> Vec<Code> {
    let (_, compiled) = protocolc::compile_text("hostile.protocol", text);
    compiled.diagnostics.iter().map(|d| d.code).collect()
}

/// 8,000 `{}` in one string gave 15,999 errors and 389 MB on stderr: now the first
/// hundred, and one line saying how many more.
#[test]
fn thousands_of_empty_placeholders_are_listed_a_hundred_at_most() {
    let text = protocol(&"{}".repeat(8000), "Call {cps.phone}.");
    let found = codes(&text);
    assert_eq!(found.len(), MAX_PER_FILE + 1, "{found:?}");
    assert!(found
        .iter()
        .take(MAX_PER_FILE)
        .all(|c| *c == Code::BadPlaceholder));
    assert_eq!(found.last(), Some(&Code::TooManyProblems));
}

/// 8,000 `{cps.nam}` (a misspelt field, each with its own "did you mean") took 74 s
/// and 866 MB of output.
#[test]
fn thousands_of_misspelt_placeholders_are_listed_a_hundred_at_most() {
    let text = protocol("Demo", &"{cps.nam}".repeat(8000));
    let found = codes(&text);
    assert_eq!(found.len(), MAX_PER_FILE + 1, "{found:?}");
    assert_eq!(found.last(), Some(&Code::TooManyProblems));
}

/// The binary on the same file: the output stays small, and says how many more.
#[test]
fn the_binary_prints_a_bounded_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("braces.protocol");
    std::fs::write(&path, protocol("Demo", &"{cps.nam}".repeat(8000))).unwrap();
    let output = Command::cargo_bin("protocolc")
        .unwrap()
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("7900 more errors in"),
        "{}",
        &stderr[stderr.len().saturating_sub(600)..]
    );
    // A hundred diagnostics quoting a 72 KB line: bounded, not 866 MB.
    assert!(stderr.len() < 10_000_000, "{} bytes", stderr.len());
}

/// A NUL, BEL, DEL and an ESC colour code in text reached the PDF (as boxes and
/// `[31m`), the Markdown and the HTML. Each is now an error where it stands.
#[test]
fn control_characters_in_text_are_refused_where_they_stand() {
    for (c, name) in [
        ('\0', "U+0000"),
        ('\u{7}', "U+0007"),
        ('\u{7f}', "U+007F"),
        ('\u{1b}', "U+001B"),
    ] {
        let text = protocol(&format!("Demo{c}[31m"), "Report.");
        let (sources, compiled) = protocolc::compile_text("hostile.protocol", &text);
        assert!(compiled.model.is_none());
        let d = compiled
            .diagnostics
            .iter()
            .find(|d| d.code == Code::ControlCharacter)
            .unwrap_or_else(|| panic!("{name}: {:?}", compiled.diagnostics));
        assert!(d.message.contains(name), "{}", d.message);
        let at = d.primary_span().unwrap();
        assert_eq!(sources.slice(at), c.to_string());
        // The rendered message quotes the line without the raw character.
        let rendered = protocolc::diagnostic::render(d, &sources, protocolc::diagnostic::Style::Plain);
        assert!(!rendered.contains(c), "{rendered:?}");
    }
}

/// Tabs and line breaks are text, not control characters to refuse.
#[test]
fn tabs_and_line_breaks_stay_allowed() {
    let text = protocol("Demo\\tprotocol", "Report.\\nThen call.");
    let found = codes(&text);
    assert!(!found.contains(&Code::ControlCharacter), "{found:?}");
    let triple = protocol("Demo", "Report.").replace("\"Report.\"", "\"\"\"\n    Report\tnow.\n  \"\"\"");
    assert!(!codes(&triple).contains(&Code::ControlCharacter));
}

/// Runs `protocolc check PATH` in `dir` with one variable set in its environment.
fn check_in(dir: &std::path::Path, path: &str) -> (Option<i32>, String) {
    let output = Command::cargo_bin("protocolc")
        .unwrap()
        .current_dir(dir)
        .env("PROTOCOLC_TEST_SECRET", "s3cr3t-value-from-the-environment")
        .arg("check")
        .arg(path)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `extends "/proc/self/environ"` printed the whole process environment in the
/// error, and `/etc/passwd` its first line: only `.protocol` files are read now.
#[test]
fn extends_and_handoff_read_only_protocol_files() {
    let dir = tempfile::tempdir().unwrap();
    for target in ["/proc/self/environ", "/etc/passwd", "/dev/zero"] {
        let variant = format!("protocol x extends \"{target}\" {{\n  title \"X\"\n}}\n");
        std::fs::write(dir.path().join("variant.protocol"), variant).unwrap();
        let (code, stderr) = check_in(dir.path(), "variant.protocol");
        assert_eq!(code, Some(1), "{target}: {stderr}");
        assert!(
            stderr.contains("P0109") && stderr.contains("not a `.protocol` file"),
            "{stderr}"
        );
        assert!(
            !stderr.contains("s3cr3t") && !stderr.contains("root:"),
            "{target} leaked: {stderr}"
        );
        let handoff = protocol("Demo", "Hand over.").replace(
            "step report \"Hand over.\"",
            &format!("step report \"Hand over.\" {{\n    handoff \"{target}\"\n  }}"),
        );
        std::fs::write(dir.path().join("handoff.protocol"), handoff).unwrap();
        let (code, stderr) = check_in(dir.path(), "handoff.protocol");
        assert_eq!(code, Some(1), "{target}: {stderr}");
        assert!(
            stderr.contains("P0136") && stderr.contains("not a `.protocol` file"),
            "{stderr}"
        );
        assert!(
            !stderr.contains("s3cr3t") && !stderr.contains("root:"),
            "{target} leaked: {stderr}"
        );
    }
}

/// `check /dev/zero` ate 4.2 GB and a FIFO blocked forever: a device, a pipe, a
/// folder or a file over 4 MiB is refused before it is read (a usage error, exit 2).
#[test]
fn only_regular_files_of_at_most_4_mib_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.protocol");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    std::fs::create_dir(dir.path().join("folder.protocol")).unwrap();
    let big = dir.path().join("big.protocol");
    std::fs::write(&big, "// padding\n".repeat(400_000)).unwrap();
    for (path, why) in [
        ("/dev/zero", "not a regular file"),
        ("pipe.protocol", "not a regular file"),
        ("folder.protocol", "is a folder"),
        ("big.protocol", "larger than 4 MiB"),
    ] {
        let (code, stderr) = check_in(dir.path(), path);
        assert_eq!(code, Some(2), "{path}: {stderr}");
        assert!(stderr.contains(why), "{path}: {stderr}");
    }
}
