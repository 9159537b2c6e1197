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

mod support;

use assert_cmd::Command;
use protocolc::diagnostic::{Code, MAX_PER_FILE};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use support::repo_copy;

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

const OC: &str = "protocols/orange-county/csec-educators.protocol";

/// `protocolc ARGS` run in `dir`: exit code and stderr.
fn run_in(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = Command::cargo_bin("protocolc")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every file under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    found.sort();
    found
}

/// `build protocols/../protocols/orange-county/…` wrote its outputs into the source
/// folder, and `--out x/y/z` into `x/y/protocols/…`: the path is normalised now.
#[test]
fn outputs_stay_under_out_whatever_the_path() {
    let repo = repo_copy();
    let sources_before = files_under(&repo.path().join("protocols"));
    let dotted = format!("protocols/../{OC}");
    let (code, stderr) = run_in(repo.path(), &["build", &dotted]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stderr) = run_in(repo.path(), &["build", "--out", "x/y/z", &dotted]);
    assert_eq!(code, Some(0), "{stderr}");
    let absolute = repo.path().join(OC).to_string_lossy().into_owned();
    let (code, stderr) = run_in(repo.path(), &["build", "--out", "abs", &absolute]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        files_under(&repo.path().join("protocols")),
        sources_before,
        "sources touched"
    );
    for out in ["out", "x/y/z", "abs"] {
        let built = files_under(&repo.path().join(out));
        assert!(
            built.contains(&"orange-county/csec-educators.pdf".to_string()),
            "{out}: {built:?}"
        );
        assert!(
            built
                .iter()
                .all(|f| f.starts_with("orange-county/") || f.ends_with(".json")),
            "{built:?}"
        );
    }
    assert!(!repo.path().join("x/y/protocols").exists());
}

/// Two counties' files of the same name, given by paths outside protocols/, wrote
/// both to `OUT/csec-educators.*`: the second silently replaced the first.
#[test]
fn two_protocols_with_the_same_outputs_are_refused_before_anything_is_written() {
    let repo = repo_copy();
    let a = repo.path().join("a");
    let b = repo.path().join("b");
    support::copy_tree(&repo.path().join("protocols/orange-county"), &a);
    support::copy_tree(&repo.path().join("protocols/orange-county"), &b);
    for dir in [&a, &b] {
        let file = dir.join("csec-educators.protocol");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replace("../california/", "../protocols/california/")).unwrap();
    }
    let (code, stderr) = run_in(
        repo.path(),
        &[
            "build",
            "--out",
            "o",
            "a/csec-educators.protocol",
            "b/csec-educators.protocol",
        ],
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("a/csec-educators.protocol") && stderr.contains("b/csec-educators.protocol"),
        "{stderr}"
    );
    assert!(!repo.path().join("o").exists(), "something was written");
    // One at a time, each builds.
    let (code, stderr) = run_in(repo.path(), &["build", "--out", "o", "a/csec-educators.protocol"]);
    assert_eq!(code, Some(0), "{stderr}");
}

/// Every output was written mode 0600 (an existing 0644 file became 0600): new
/// files get 0666 less the umask, an existing file keeps its mode.
#[test]
fn outputs_get_the_usual_mode_and_keep_their_own() {
    let repo = repo_copy();
    let (code, stderr) = run_in(repo.path(), &["build", OC]);
    assert_eq!(code, Some(0), "{stderr}");
    let md = repo.path().join("out/orange-county/csec-educators.md");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // The test runs with the umask it was given; a new file has 0666 less it.
    let probe = repo.path().join("probe");
    std::fs::write(&probe, "x").unwrap();
    assert_eq!(mode(&md), mode(&probe), "a new output has the usual mode");
    assert_ne!(mode(&md), 0o600);
    // An existing output, changed and made 0664, is rewritten and keeps 0664.
    std::fs::write(&md, "stale").unwrap();
    std::fs::set_permissions(&md, std::fs::Permissions::from_mode(0o664)).unwrap();
    let (code, stderr) = run_in(repo.path(), &["build", OC]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_ne!(std::fs::read_to_string(&md).unwrap(), "stale");
    assert_eq!(mode(&md), 0o664);
    // No temporary file is left beside the outputs.
    let left: Vec<String> = files_under(&repo.path().join("out"));
    assert!(left.iter().all(|f| !f.ends_with(".tmp")), "{left:?}");
}

/// `fmt` replaced a symlinked `.protocol` with a regular file (leaving the target
/// unformatted) and made a 0664 source 0600.
#[test]
fn fmt_writes_through_a_symlink_and_keeps_the_mode() {
    let repo = repo_copy();
    let target = repo.path().join(OC);
    let text = std::fs::read_to_string(&target).unwrap();
    std::fs::write(&target, text.replace("  title        ", "  title ")).unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o664)).unwrap();
    let link = repo.path().join("protocols/orange-county/link.protocol");
    std::os::unix::fs::symlink("csec-educators.protocol", &link).unwrap();
    let (code, stderr) = run_in(repo.path(), &["fmt", "protocols/orange-county/link.protocol"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        text,
        "the target is formatted"
    );
    assert_eq!(
        std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
        0o664
    );
}

/// A district template with a loop inside a loop ran for minutes: a render has a
/// budget, and running out of it is an error that says what to look for.
#[test]
fn a_runaway_district_template_stops_with_a_clear_error() {
    let repo = repo_copy();
    let templates = repo.path().join("district");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(
        templates.join("handout.md.j2"),
        "{% for a in range(100000) %}{% for b in range(100000) %}{{ a }}{% endfor %}{% endfor %}\n",
    )
    .unwrap();
    let (code, stderr) = run_in(repo.path(), &["build", "--templates", "district", OC]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("handout.md.j2") && stderr.contains("loop inside a loop"),
        "{stderr}"
    );
    assert!(!repo.path().join("out/orange-county/csec-educators.md").exists());
}

/// A symlink in the templates folder pulled any file into the handout: a template
/// must be a file in the folder itself.
#[test]
fn a_template_linking_outside_its_folder_is_refused() {
    let repo = repo_copy();
    let templates = repo.path().join("district");
    std::fs::create_dir(&templates).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", templates.join("handout.md.j2")).unwrap();
    let (code, stderr) = run_in(repo.path(), &["build", "--templates", "district", OC]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("outside the templates folder") && !stderr.contains("root:"),
        "{stderr}"
    );
    assert!(!repo.path().join("out").exists(), "something was written");
}

/// Chinese and emoji printed as boxes that `pdftotext` lost, and multi-word
/// Arabic came out in the wrong order, all with exit 0: the build now fails,
/// naming the character, its code point and where it is written.
#[test]
fn the_flowchart_refuses_what_it_cannot_draw_and_says_where() {
    for (text, character, code, why) in [
        ("儿童保护", '儿', "U+513F", "no glyph"),
        ("Call now 🧒", '🧒', "U+1F9D2", "no glyph"),
        ("حماية الطفل", 'ح', "U+062D", "right to left"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("glyphs.protocol"), protocol("Demo", text)).unwrap();
        let (code_, stderr) = run_in(dir.path(), &["build", "--out", "o", "glyphs.protocol"]);
        assert_eq!(code_, Some(1), "{text}: {stderr}");
        assert!(
            stderr.contains(&format!("`{character}` ({code})")) && stderr.contains(why),
            "{stderr}"
        );
        assert!(
            stderr.contains("glyphs.protocol:18:"),
            "where it is written: {stderr}"
        );
        assert!(
            stderr.contains("the flowchart (pdf) of `glyphs.protocol` was not built"),
            "which format failed for which protocol: {stderr}"
        );
        assert!(!dir.path().join("o").join("glyphs.pdf").exists());
        // The chart failing does not hold back the other outputs.
        let md = std::fs::read_to_string(dir.path().join("o/glyphs.md")).unwrap();
        assert!(md.contains(text), "{md}");
        for built in ["glyphs.json", "glyphs.html", "glyphs.rs"] {
            assert!(dir.path().join("o").join(built).is_file(), "{built} not written");
        }
    }
}

/// A `\n` in a title split the Markdown heading: the rest of the title became a
/// paragraph. Headings now fold line breaks into spaces.
#[test]
fn a_line_break_in_a_title_stays_in_its_heading() {
    let dir = tempfile::tempdir().unwrap();
    let text = protocol("First line\\nsecond line", "Report.");
    std::fs::write(dir.path().join("title.protocol"), text).unwrap();
    let (code, stderr) = run_in(
        dir.path(),
        &["build", "--out", "o", "--format", "md,html", "title.protocol"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let md = std::fs::read_to_string(dir.path().join("o/title.md")).unwrap();
    assert!(md.contains("# First line second line\n"), "{md}");
    let html = std::fs::read_to_string(dir.path().join("o/title.html")).unwrap();
    assert!(html.contains("First line second line</h1>"), "{html}");
}

/// A folder made unwritable mid-build left a protocol with 4 of its 5 outputs plus
/// a stray temporary file, and `index.json` said "built". Running as root, a
/// read-only folder does not stop a write, so the failure is made another way: the
/// chart's path is taken by a folder, so its rename fails after the other formats'
/// temporary files are written.
#[test]
fn a_write_that_fails_changes_none_of_the_protocols_outputs() {
    let repo = repo_copy();
    let (code, stderr) = run_in(repo.path(), &["build", "--out", "o"]);
    assert_eq!(code, Some(0), "{stderr}");
    let folder = repo.path().join("o/orange-county");
    let read_all = || {
        files_under(&folder)
            .into_iter()
            .map(|f| {
                let text =
                    String::from_utf8_lossy(&std::fs::read(folder.join(&f)).unwrap_or_default()).into_owned();
                // What tells the two builds apart, not the whole file.
                (f, text.len(), text.contains("What every school staff member"))
            })
            .collect::<Vec<_>>()
    };
    // The chart's place taken by a folder; the protocol changed, so every output would change.
    std::fs::remove_file(folder.join("csec-educators.pdf")).unwrap();
    std::fs::create_dir_all(folder.join("csec-educators.pdf/in-the-way")).unwrap();
    let before = read_all();
    let source = repo.path().join(OC);
    let text = std::fs::read_to_string(&source).unwrap();
    let changed = text.replacen("What school staff", "What every school staff member", 1);
    assert_ne!(text, changed);
    std::fs::write(&source, changed).unwrap();

    let (code, stderr) = run_in(repo.path(), &["build", "--out", "o"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("csec-educators.pdf"), "{stderr}");
    assert!(
        stderr.contains("none of the outputs of `protocols/orange-county/csec-educators.protocol`"),
        "{stderr}"
    );
    assert_eq!(
        read_all(),
        before,
        "an output changed, or a temporary file was left"
    );
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo.path().join("o/index.json")).unwrap()).unwrap();
    let entry = index["protocols"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"] == OC)
        .unwrap();
    assert_eq!(entry["status"], "not written", "{entry}");
    // The other protocols were built.
    let example = repo
        .path()
        .join("o/examples/suicide-triage/suicide-risk-triage.md");
    assert!(example.is_file());
}

/// A criteria group longer than a page cannot be drawn on any number of pages:
/// the chart's error names the group and where it is declared (the build used to
/// name the tallest track, with no location), and the other formats are written.
#[test]
fn a_box_taller_than_a_page_is_named_with_where_it_is_declared() {
    let dir = tempfile::tempdir().unwrap();
    let factors: String = (0..160)
        .map(|i| format!("  factor f{i} \"Sign number {i} was seen by staff\"\n"))
        .collect();
    let text = format!(
        "protocol demo {{\n  title \"Demo\"\n  jurisdiction \"Testland\"\n  audience \"Staff\"\n  version \"1\"\n  effective 2024-08-01\n}}\n\ncriteria huge \"Huge\" {{\n  met_when at_least 1\n{factors}}}\n\ntrack respond \"Respond\" {{\n  when huge\n  step report \"Report.\"\n}}\n"
    );
    std::fs::write(dir.path().join("huge.protocol"), text).unwrap();
    let (code, stderr) = run_in(dir.path(), &["build", "--out", "o", "huge.protocol"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("the flowchart (pdf) of `huge.protocol` was not built")
            && stderr.contains("the criteria group `huge` is")
            && stderr.contains("--> huge.protocol:9:1"),
        "{stderr}"
    );
    for built in ["huge.json", "huge.md", "huge.html", "huge.rs"] {
        assert!(dir.path().join("o").join(built).is_file(), "{built} not written");
    }
    // On a poster it is one page.
    let (code, stderr) = run_in(
        dir.path(),
        &[
            "build",
            "--out",
            "p",
            "--format",
            "pdf",
            "--paper",
            "poster",
            "huge.protocol",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
}
