//! The authoring tools, run as a user would: `--message-format json`,
//! `protocolc explain` (and that every code's explanation is there and its example
//! really triggers the code), `protocolc completions` and `protocolc new`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use support::repo_copy;

use assert_cmd::Command;
use protocolc::diagnostic::Code;
use protocolc::explain;
use std::path::{Path, PathBuf};

const ORANGE_COUNTY: &str = "protocols/orange-county/csec-educators.protocol";

/// The name an explanation's example is compiled under: a county's variant beside
/// the California base, so `extends "../california/csec-educators.protocol"` resolves.
const EXAMPLE_NAME: &str = "protocols/demo-county/csec-educators.protocol";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run in `dir`, without colour.
fn protocolc_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("protocolc").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

fn protocolc() -> Command {
    protocolc_in(root())
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
/// A temporary copy of the repository layout: `protocols/…` and nothing else.
/// Orange County's protocol with a track that names a group that does not exist,
/// written into a repository copy; the copy and the file's relative path.
fn broken_repo() -> (tempfile::TempDir, &'static str) {
    let repo = repo_copy();
    let mut text = std::fs::read_to_string(root().join(ORANGE_COUNTY)).unwrap();
    text.push_str("\ntrack broken \"Broken\" {\n  when at_risk_3\n  step only \"Do something.\"\n}\n");
    let name = "protocols/orange-county/broken.protocol";
    std::fs::write(repo.path().join(name), text).unwrap();
    (repo, name)
}

/// Each stderr line as JSON; fails the test on a line that is not.
fn json_lines(stderr: &str) -> Vec<serde_json::Value> {
    stderr
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect()
}

// --- --message-format json ---

#[test]
fn json_messages_are_one_object_a_line_with_places() {
    let (repo, name) = broken_repo();
    let r = run(protocolc_in(repo.path()).args(["check", name, "--message-format", "json"]));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let lines = json_lines(&r.stderr);
    let (last, diagnostics) = lines.split_last().unwrap();
    assert_eq!(
        last,
        &serde_json::json!({"type": "summary", "file": name, "errors": 1, "warnings": 0})
    );
    assert_eq!(diagnostics.len(), 1, "{}", r.stderr);
    let d = &diagnostics[0];
    let text = std::fs::read_to_string(repo.path().join(name)).unwrap();
    let start = text.rfind("at_risk_3").unwrap();
    let line = text[..start].matches('\n').count() + 1;
    let column = start - text[..start].rfind('\n').unwrap();
    assert_eq!(d["type"], "diagnostic");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "P0101");
    assert_eq!(d["file"], name);
    assert_eq!(d["line"], line);
    assert_eq!(d["column"], column);
    assert_eq!(d["end_line"], line);
    assert_eq!(d["end_column"], column + "at_risk_3".len());
    assert_eq!(d["span"], serde_json::json!({"start": start, "end": start + 9}));
    assert!(d["message"].as_str().unwrap().contains("at_risk_3"), "{d}");
    assert!(d["hint"].as_str().unwrap().contains("did you mean"), "{d}");
    let label = &d["labels"][0];
    assert_eq!(label["primary"], true);
    assert_eq!(label["line"], line);
    assert_eq!(label["file"], name);
    assert!(label["message"].is_string(), "{d}");
    assert!(d["rendered"].as_str().unwrap().starts_with("error[P0101]"), "{d}");
    assert!(!r.stderr.contains("protocolc explain"), "{}", r.stderr);
}

#[test]
fn json_messages_of_a_variant_point_into_its_base() {
    // The mandated report removed: the label naming the rule is in the base.
    let repo = repo_copy();
    let name = "protocols/orange-county/csec-educators.protocol";
    let mut text = std::fs::read_to_string(repo.path().join(name)).unwrap();
    text.push_str("\nchange track suspected {\n  remove step report\n}\n");
    std::fs::write(repo.path().join(name), text).unwrap();
    let r = run(protocolc_in(repo.path()).args(["--message-format", "json", "check", name]));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let lines = json_lines(&r.stderr);
    let d = lines.iter().find(|d| d["code"] == "P0114").unwrap();
    assert_eq!(d["file"], name);
    let files: Vec<&str> = d["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [name, "protocols/california/csec-educators.protocol"],
        "{d}"
    );
}

#[test]
fn json_messages_of_a_clean_file_are_only_its_summary() {
    let r = run(protocolc().args(["check", ORANGE_COUNTY, "--message-format=json"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        json_lines(&r.stderr),
        [serde_json::json!({"type": "summary", "file": ORANGE_COUNTY, "errors": 0, "warnings": 0})]
    );
}

#[test]
fn build_speaks_json_too() {
    let (repo, _) = broken_repo();
    let r = run(protocolc_in(repo.path()).args(["build", "--format", "json", "--message-format", "json"]));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let lines = json_lines(&r.stderr);
    assert!(lines.iter().any(|d| d["code"] == "P0101"), "{}", r.stderr);
    let summaries = lines.iter().filter(|d| d["type"] == "summary").count();
    let protocols = lines.iter().filter(|d| d["file"].is_string()).count();
    assert!(summaries >= 4 && protocols > summaries, "{}", r.stderr);
}

#[test]
fn a_failing_check_points_to_explain() {
    let (repo, name) = broken_repo();
    let r = run(protocolc_in(repo.path()).args(["check", name]));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr
            .trim_end()
            .ends_with("For more on an error, run `protocolc explain P0101`."),
        "{}",
        r.stderr
    );
    let ok = run(protocolc().args(["check", ORANGE_COUNTY]));
    assert!(!ok.stderr.contains("explain"), "{}", ok.stderr);
}

// --- explain ---

/// The first ```protocol block of an explanation: its info string and text.
fn example(explanation: &str) -> Option<(String, String)> {
    let mut lines = explanation.lines();
    let info = lines
        .by_ref()
        .find_map(|l| l.strip_prefix("```").filter(|i| i.starts_with("protocol")))?;
    let body: Vec<&str> = lines.take_while(|l| !l.starts_with("```")).collect();
    Some((info.to_string(), body.join("\n") + "\n"))
}

/// Latin-1 bytes of a text (characters above U+00FF are a test error).
fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

/// The text with each control picture (␀ U+2400 … ␟ U+241F) made the control
/// character it pictures, so an example can show an invisible character.
fn control_characters(text: &str) -> String {
    text.chars()
        .map(|c| match u32::from(c) {
            p @ 0x2400..=0x241F => char::from_u32(p - 0x2400).unwrap(),
            _ => c,
        })
        .collect()
}

#[test]
fn every_code_is_explained_in_four_parts() {
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| explain::explanation(**c).is_none())
        .map(|c| c.as_str())
        .collect();
    assert!(missing.is_empty(), "no docs/codes/<code>.md for {missing:?}");
    for &code in Code::ALL {
        let text = explain::explanation(code).unwrap();
        assert!(
            text.starts_with(&format!("# {}: ", code.as_str())),
            "{} should start with its code",
            code.as_str()
        );
        for part in [
            "## What it means",
            "## Why protocolc reports it",
            "## Example",
            "## How to fix it",
        ] {
            assert!(text.contains(part), "{} has no {part:?}", code.as_str());
        }
    }
}

#[test]
fn every_explanation_file_is_a_code() {
    for entry in std::fs::read_dir(root().join("docs/codes")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let code = explain::parse_code(&stem);
        assert!(
            code.is_some_and(|c| c.as_str() == stem) && path.extension().is_some_and(|e| e == "md"),
            "{} is not named after a diagnostic code",
            path.display()
        );
    }
}

#[test]
fn every_explanation_example_triggers_its_code() {
    for &code in Code::ALL {
        let Some(text) = explain::explanation(code) else {
            continue; // reported by every_code_is_explained_in_four_parts
        };
        let (info, body) =
            example(text).unwrap_or_else(|| panic!("{} has no ```protocol example", code.as_str()));
        let (sources, compiled) = if info.contains("latin-1") {
            protocolc::compile_bytes(EXAMPLE_NAME, latin1(&body))
        } else if info.contains("controls") {
            protocolc::compile_text(EXAMPLE_NAME, &control_characters(&body))
        } else {
            protocolc::compile_text(EXAMPLE_NAME, &body)
        };
        // What `check` reports, and what `protocolc test` adds: failed scenarios.
        let mut diagnostics = compiled.diagnostics.clone();
        if let Some(model) = &compiled.model {
            for scenario in model.scenarios() {
                diagnostics.extend(protocolc::scenario::failures(model, scenario));
            }
            // And what `--today` adds: reviews past due (examples are read as of 2100).
            diagnostics.extend(protocolc::lint::overdue_reviews(model, "2100-01-01"));
        }
        let found: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(
            found.contains(&code.as_str()),
            "the example of {} gives {found:?}:\n{body}\n{}",
            code.as_str(),
            protocolc::diagnostic::render_all(&diagnostics, &sources, protocolc::diagnostic::Style::Plain)
        );
        // The example shows its own problem, not other errors beside it (but the
        // note that problems were left out exists only beside the problems listed).
        if code == Code::TooManyProblems {
            continue;
        }
        let others: Vec<&str> = diagnostics
            .iter()
            .filter(|d| d.code != code && d.is_error())
            .map(|d| d.code.as_str())
            .collect();
        assert!(
            others.is_empty(),
            "the example of {} also gives {others:?}",
            code.as_str()
        );
    }
}

#[test]
fn explain_prints_the_explanation_however_the_code_is_typed() {
    let r = run(protocolc().args(["explain", "P0101"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, explain::explanation(Code::UnknownName).unwrap());
    for typed in ["p0101", "0101", "101"] {
        let other = run(protocolc().args(["explain", typed]));
        assert_eq!(other.code, Some(0), "{typed}: {}", other.stderr);
        assert_eq!(other.stdout, r.stdout, "{typed}");
    }
}

#[test]
fn explain_of_an_unknown_code_suggests_and_lists() {
    let r = run(protocolc().args(["explain", "P01011"]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `P0101`?"), "{}", r.stderr);
    for code in Code::ALL {
        assert!(r.stderr.contains(code.as_str()), "{}", r.stderr);
    }
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let r = run(protocolc().args(["explain", "hello"]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("P0001"), "{}", r.stderr);
}

// --- completions ---

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let r = run(protocolc().args(["completions", shell]));
        assert_eq!(r.code, Some(0), "{shell}: {}", r.stderr);
        for word in ["protocolc", "explain", "message-format", "check"] {
            assert!(r.stdout.contains(word), "{shell} script lacks {word}");
        }
    }
    let r = run(protocolc().args(["completions", "cmd"]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
}

// --- new ---

const SAN_DIEGO: &str = "protocols/san-diego/csec-educators.protocol";

#[test]
fn new_county_fails_only_where_to_fill_in_then_checks_and_builds() {
    let repo = repo_copy();
    let r = run(protocolc_in(repo.path()).args(["new", "San Diego"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains(SAN_DIEGO), "{}", r.stdout);
    let path = repo.path().join(SAN_DIEGO);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("extends \"../california/csec-educators.protocol\""),
        "{text}"
    );
    assert!(text.contains("\"San Diego County, California\""), "{text}");
    assert!(text.contains("protocols/examples/example-county"), "{text}");

    // Until the number is filled in, check fails there and only there.
    let r = run(protocolc_in(repo.path()).args(["check", SAN_DIEGO, "--message-format", "json"]));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let fill_in_line = text.lines().position(|l| l.contains("FILL IN\"")).unwrap() + 1;
    let diagnostics: Vec<serde_json::Value> = json_lines(&r.stderr)
        .into_iter()
        .filter(|d| d["type"] == "diagnostic")
        .collect();
    assert_eq!(diagnostics.len(), 1, "{}", r.stderr);
    assert_eq!(diagnostics[0]["code"], "P0208");
    assert_eq!(diagnostics[0]["line"], fill_in_line);

    // Filled in (as a coordinator would, e.g. with sed): clean, and it builds.
    std::fs::write(&path, text.replace("\"FILL IN\"", "\"858-560-2191\"")).unwrap();
    let r = run(protocolc_in(repo.path()).args(["check", SAN_DIEGO]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stderr.trim(), format!("{SAN_DIEGO}: ok"));
    let r = run(protocolc_in(repo.path()).args(["build"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let json = std::fs::read_to_string(repo.path().join("out/san-diego/csec-educators.json")).unwrap();
    assert!(json.contains("858-560-2191"), "{json}");
    assert!(json.contains("San Diego County Educators"), "{json}");
    assert!(repo.path().join("out/san-diego/csec-educators.pdf").is_file());
}

#[test]
fn new_refuses_to_overwrite() {
    let repo = repo_copy();
    let path = repo.path().join(SAN_DIEGO);
    assert_eq!(
        run(protocolc_in(repo.path()).args(["new", "San Diego"])).code,
        Some(0)
    );
    std::fs::write(&path, "// my work\n").unwrap();
    // "San Diego County" is the same county, so the same file.
    let r = run(protocolc_in(repo.path()).args(["new", "San Diego County"]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("already exists"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "// my work\n");
}

#[test]
fn new_with_out_elsewhere_still_reaches_the_base() {
    let repo = repo_copy();
    let elsewhere = tempfile::tempdir().unwrap();
    let r = run(protocolc_in(repo.path())
        .args(["new", "St. Mary's", "--out"])
        .arg(elsewhere.path()));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let file: PathBuf = elsewhere.path().join("st-mary-s/csec-educators.protocol");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("jurisdiction \"St. Mary's County, California\""),
        "{text}"
    );
    let r = run(protocolc_in(repo.path())
        .args(["check", "--message-format", "json"])
        .arg(&file));
    let codes: Vec<String> = json_lines(&r.stderr)
        .iter()
        .filter_map(|d| d["code"].as_str().map(String::from))
        .collect();
    assert_eq!(codes, ["P0208"], "{}", r.stderr);
}

#[test]
fn new_needs_a_name_and_the_base() {
    let repo = repo_copy();
    let r = run(protocolc_in(repo.path()).args(["new", "..."]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    let empty = tempfile::tempdir().unwrap();
    let r = run(protocolc_in(empty.path()).args(["new", "San Diego"]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("protocols/california"), "{}", r.stderr);
    assert!(!empty.path().join("protocols").exists());
}

/// A shared protocol of another place, with two contacts each school supplies.
const SAFEGUARDING_BASE: &str = r#"protocol safeguarding {
  title        "Safeguarding: What School Staff Do"
  jurisdiction "Shared by the schools of a fictional county"
  audience     "School staff"
  version      "1"
  effective    2024-08-01
  base         "each school supplies its safeguarding lead and the LADO"
}

contact dsl {
  parameter "the school's designated safeguarding lead: name and direct line"
}

contact lado {
  parameter "the local authority designated officer (LADO)"
}

signal concern "A member of staff is worried about a child"

track respond "Respond" {
  when concern
  step tell "Tell the {dsl.name} the same day ({dsl.phone})."
  step lado "If the worry is about an adult in school, call the {lado.name} ({lado.phone})."
}

scenario worried "A worry" {
  given  concern
  expect respond
}
"#;

#[test]
fn new_builds_on_any_base_from_what_it_asks_for() {
    let repo = repo_copy();
    std::fs::create_dir_all(repo.path().join("protocols/shared")).unwrap();
    std::fs::write(
        repo.path().join("protocols/shared/safeguarding.protocol"),
        SAFEGUARDING_BASE,
    )
    .unwrap();
    let r = run(protocolc_in(repo.path()).args([
        "new",
        "Kent",
        "--base",
        "protocols/shared/safeguarding.protocol",
    ]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let kent = "protocols/kent/safeguarding.protocol";
    assert!(r.stdout.contains(kent), "{}", r.stdout);
    let text = std::fs::read_to_string(repo.path().join(kent)).unwrap();
    assert!(
        text.contains("protocol safeguarding extends \"../shared/safeguarding.protocol\""),
        "{text}"
    );
    assert!(text.contains("jurisdiction \"Kent\""), "{text}");
    // Each contact the base asks for, with what the base says it is.
    for (id, asks) in [("dsl", "designated safeguarding lead"), ("lado", "(LADO)")] {
        assert!(text.contains(&format!("contact {id} {{")), "{text}");
        assert!(text.contains(asks), "{text}");
    }
    // Until filled in, check fails at the two numbers and nowhere else.
    let r = run(protocolc_in(repo.path()).args(["check", kent, "--message-format", "json"]));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let codes: Vec<String> = json_lines(&r.stderr)
        .iter()
        .filter_map(|d| d["code"].as_str().map(String::from))
        .collect();
    assert_eq!(codes, ["P0208", "P0208"], "{}", r.stderr);
    // Filled in: clean, its scenarios pass, it is in the canonical layout, and it builds.
    let filled = text
        .replacen("name  \"FILL IN\"", "name  \"Ms Rivera\"", 1)
        .replacen("phone \"FILL IN\"", "phone \"555-0142\"", 1)
        .replacen("name  \"FILL IN\"", "name  \"LADO\"", 1)
        .replacen("phone \"FILL IN\"", "phone \"555-0143\"", 1);
    std::fs::write(repo.path().join(kent), filled).unwrap();
    for args in [
        vec!["check", kent],
        vec!["test", kent],
        vec!["fmt", "--check", kent],
        vec!["build", kent],
    ] {
        let r = run(protocolc_in(repo.path()).args(&args));
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
    }
    let json = std::fs::read_to_string(repo.path().join("out/kent/safeguarding.json")).unwrap();
    assert!(json.contains("555-0142") && json.contains("Ms Rivera"), "{json}");
}

#[test]
fn new_refuses_a_base_it_cannot_build_on() {
    let repo = repo_copy();
    let r = run(protocolc_in(repo.path()).args(["new", "Kent", "--base", "protocols/nowhere.protocol"]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("protocols/nowhere.protocol"), "{}", r.stderr);
    let broken = "protocols/broken-base.protocol";
    std::fs::write(
        repo.path().join(broken),
        SAFEGUARDING_BASE.replace("when concern", "when worry"),
    )
    .unwrap();
    let r = run(protocolc_in(repo.path()).args(["new", "Kent", "--base", broken]));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("fix them before building on it"),
        "{}",
        r.stderr
    );
    assert!(!repo.path().join("protocols/kent").exists());
}

/// `protocolc watch` builds, then builds again when a protocol file is saved: the
/// handout shows the new wording, and a mistake is reported without stopping it.
#[test]
fn watch_builds_again_when_a_protocol_is_saved() {
    use std::io::{BufRead, BufReader};
    let repo = repo_copy();
    let file = repo
        .path()
        .join("protocols/orange-county/csec-educators.protocol");
    /// The watching process, stopped however the test ends.
    struct Stopped(std::process::Child);
    impl Drop for Stopped {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("protocolc"))
        .current_dir(repo.path())
        .env("NO_COLOR", "1")
        .args([
            "watch",
            "protocols/orange-county/csec-educators.protocol",
            "--format",
            "md",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let _stopped = Stopped(child);
    let (lines, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    // Every line up to the next "watching …", or a failure after a generous wait.
    let until_watching = || -> String {
        let mut seen = String::new();
        loop {
            let line = received
                .recv_timeout(std::time::Duration::from_secs(120))
                .unwrap_or_else(|_| panic!("watch did not report in time; so far:\n{seen}"));
            seen.push_str(&line);
            seen.push('\n');
            if line.starts_with("watching ") {
                return seen;
            }
        }
    };
    let first = until_watching();
    assert!(first.contains("csec-educators.protocol: ok"), "{first}");
    let handout = repo.path().join("out/orange-county/csec-educators.md");
    assert!(std::fs::read_to_string(&handout)
        .unwrap()
        .contains("Orange County Educators"));

    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("Orange County Educators", "Orange County School Staff"),
    )
    .unwrap();
    let second = until_watching();
    assert!(
        second.contains("changed: protocols/orange-county/csec-educators.protocol"),
        "{second}"
    );
    assert!(second.contains("csec-educators.protocol: ok"), "{second}");
    assert!(std::fs::read_to_string(&handout)
        .unwrap()
        .contains("Orange County School Staff"));

    // A mistake is reported; the watch goes on, and the last good handout stays.
    std::fs::write(&file, text.replace("contact cps {", "contact cps {{")).unwrap();
    let third = until_watching();
    assert!(third.contains("error"), "{third}");
    assert!(std::fs::read_to_string(&handout)
        .unwrap()
        .contains("Orange County School Staff"));
}
