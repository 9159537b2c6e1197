//! The `protocolc` binary, run as a user would: exit codes, messages, files written.

// Test code: a failed unwrap or index is a failed test (clippy.toml allows these
// only inside #[test] functions; helpers here are test code too).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use support::repo_copy;

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const ORANGE_COUNTY: &str = "protocols/orange-county/csec-educators.protocol";
const ORANGE_COUNTY_JSON: &str = "out/orange-county/csec-educators.json";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run in the repository root, without colour.
fn protocolc() -> Command {
    let mut cmd = Command::cargo_bin("protocolc").unwrap();
    cmd.current_dir(root()).env("NO_COLOR", "1");
    cmd
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

fn orange_county_text() -> String {
    std::fs::read_to_string(root().join(ORANGE_COUNTY)).unwrap()
}

/// The Orange County protocol with a track added that names a criteria group
/// that does not exist, and where that name is (line, column).
fn broken_text() -> (String, usize, usize) {
    let mut text = orange_county_text();
    text.push_str("\ntrack broken \"Broken\" {\n  when at_risk_3\n  step only \"Do something.\"\n}\n");
    let offset = text.rfind("at_risk_3").unwrap();
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (text, line, col)
}

/// A repository copy with the broken protocol beside Orange County's: the copy,
/// the broken file's path, and the line and column of its error.
fn broken_file() -> (tempfile::TempDir, PathBuf, usize, usize) {
    let repo = repo_copy();
    let (text, line, col) = broken_text();
    let path = repo.path().join("protocols/orange-county/broken.protocol");
    std::fs::write(&path, text).unwrap();
    (repo, path, line, col)
}

/// Every file under `dir` with its bytes, by relative path.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    files
}

// ------------------------------------------------------------------ check ----

#[test]
fn check_a_valid_file() {
    let r = run(protocolc().args(["check", ORANGE_COUNTY]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stderr.contains(&format!("{ORANGE_COUNTY}: ok")), "{}", r.stderr);
    assert!(!r.stderr.contains("error"), "{}", r.stderr);
}

#[test]
fn check_a_broken_file_points_at_the_problem() {
    let (_repo, path, line, col) = broken_file();
    let r = run(protocolc().arg("check").arg(&path));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let place = format!("{}:{line}:{col}", path.display());
    assert!(r.stderr.contains(&place), "no {place} in:\n{}", r.stderr);
    assert!(r.stderr.contains("error[P0101]"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `at_risk_"), "{}", r.stderr);
    assert!(r.stderr.contains("1 error found"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
}

#[test]
fn check_good_and_bad_together_is_invalid() {
    let (_repo, path, _, _) = broken_file();
    let r = run(protocolc().args(["check", ORANGE_COUNTY]).arg(&path));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains(&format!("{ORANGE_COUNTY}: ok")), "{}", r.stderr);
}

#[test]
fn check_a_missing_file_is_a_usage_error() {
    let r = run(protocolc().args(["check", "protocols/no-such-county/nothing.protocol"]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("cannot read"), "{}", r.stderr);
    assert!(r.stderr.contains("nothing.protocol"), "{}", r.stderr);
}

#[test]
fn a_file_that_is_not_utf8_is_invalid_not_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.protocol");
    let mut bytes = orange_county_text().into_bytes();
    bytes.splice(0..0, b"// caf\xe9\n".iter().copied());
    std::fs::write(&path, bytes).unwrap();
    let r = run(protocolc().arg("check").arg(&path));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("{}:1:7", path.display())),
        "{}",
        r.stderr
    );
}

// ------------------------------------------------------------------ usage ----

#[test]
fn no_arguments_is_a_usage_error() {
    let r = run(&mut protocolc());
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("Usage"), "{}", r.stderr);
    let r = run(protocolc().arg("check"));
    assert_eq!(r.code, Some(2), "check needs a file: {}", r.stderr);
    let r = run(protocolc().arg("frobnicate"));
    assert_eq!(r.code, Some(2));
}

#[test]
fn help_lists_examples() {
    let r = run(protocolc().arg("--help"));
    assert_eq!(r.code, Some(0));
    for expected in [
        "Examples:",
        "protocolc check ",
        "protocolc build",
        "protocolc eval ",
        "protocolc schema",
    ] {
        assert!(
            r.stdout.contains(expected),
            "{expected} missing from:\n{}",
            r.stdout
        );
    }
    for command in ["check", "build", "schema", "eval"] {
        let r = run(protocolc().args([command, "--help"]));
        assert_eq!(r.code, Some(0), "{command}");
        assert!(r.stdout.contains("Example"), "{command} --help:\n{}", r.stdout);
        assert!(
            r.stdout.contains(&format!("protocolc {command}")),
            "{command} --help:\n{}",
            r.stdout
        );
    }
}

// ------------------------------------------------------------------ build ----

#[test]
fn build_a_file_into_a_folder() {
    let out = tempfile::tempdir().unwrap();
    let r = run(protocolc()
        .args(["build", ORANGE_COUNTY, "--out"])
        .arg(out.path()));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // The path under protocols/ is mirrored under --out.
    let json = std::fs::read(out.path().join("orange-county/csec-educators.json")).unwrap();
    assert_eq!(json, std::fs::read(root().join(ORANGE_COUNTY_JSON)).unwrap());
    let schema = std::fs::read_to_string(out.path().join("protocol.schema.json")).unwrap();
    assert_eq!(schema, protocolc::emit::json::schema_json());
}

/// `build` printed "ok" but not what it wrote or where: now a line under each
/// protocol lists its files and their folder; `--quiet` leaves it out.
#[test]
fn build_says_what_it_wrote_and_where_unless_quiet() {
    let out = tempfile::tempdir().unwrap();
    let r = run(protocolc()
        .args(["build", ORANGE_COUNTY, "--out"])
        .arg(out.path()));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let folder = out.path().join("orange-county");
    let listed = format!(
        "  built into {}/: csec-educators.json, .vectors.json, .md, .html, .pdf, .rs, .mjs, .d.mts, .screen.html",
        folder.display()
    );
    assert!(r.stderr.lines().any(|l| l == listed), "{}", r.stderr);
    let r = run(protocolc()
        .args(["build", "--quiet", ORANGE_COUNTY, "--out"])
        .arg(out.path()));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(!r.stderr.contains("built into"), "{}", r.stderr);
}

#[test]
fn build_only_json() {
    let out = tempfile::tempdir().unwrap();
    let r = run(protocolc()
        .args(["build", ORANGE_COUNTY, "--format", "json", "--out"])
        .arg(out.path()));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let files: Vec<PathBuf> = snapshot(out.path()).into_keys().collect();
    assert_eq!(
        files,
        [
            PathBuf::from("orange-county/csec-educators.json"),
            PathBuf::from("protocol.schema.json")
        ]
    );
}

#[test]
fn build_a_file_outside_protocols_uses_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("elsewhere.protocol");
    std::fs::write(&path, support::generate_protocol(12, 3)).unwrap();
    let out = dir.path().join("built");
    let r = run(protocolc()
        .arg("build")
        .arg(&path)
        .args(["--format", "json", "--out"])
        .arg(&out));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(out.join("elsewhere.json").is_file());
    assert!(out.join("protocol.schema.json").is_file());
}

#[test]
fn build_with_no_files_builds_every_protocol_into_out() {
    let repo = repo_copy();
    let r = run(protocolc().current_dir(repo.path()).arg("build"));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // Same relative path, same bytes: the same JSON as the committed one.
    let json = std::fs::read(repo.path().join(ORANGE_COUNTY_JSON)).unwrap();
    assert_eq!(
        String::from_utf8(json).unwrap(),
        std::fs::read_to_string(root().join(ORANGE_COUNTY_JSON)).unwrap()
    );
    assert!(repo.path().join("out/protocol.schema.json").is_file());
}

#[test]
fn build_with_no_files_and_no_protocols_folder_is_a_usage_error() {
    let empty = tempfile::tempdir().unwrap();
    let r = run(protocolc().current_dir(empty.path()).arg("build"));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("protocols/"), "{}", r.stderr);
    std::fs::create_dir(empty.path().join("protocols")).unwrap();
    let r = run(protocolc().current_dir(empty.path()).arg("build"));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(!empty.path().join("out").exists());
}

#[test]
fn a_broken_protocol_fails_the_build_but_not_the_others() {
    let (repo, _, line, col) = broken_file();
    // The broken protocol's output from an earlier, good build.
    let out = repo.path().join("out/orange-county");
    std::fs::create_dir_all(&out).unwrap();
    let previous = b"{ \"previous\": \"build\" }\n";
    std::fs::write(out.join("broken.json"), previous).unwrap();

    let r = run(protocolc().current_dir(repo.path()).arg("build"));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("protocols/orange-county/broken.protocol:{line}:{col}")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(&format!("{ORANGE_COUNTY}: ok")), "{}", r.stderr);
    // The good protocol is still built, as it would be on its own.
    assert_eq!(
        std::fs::read(out.join("csec-educators.json")).unwrap(),
        std::fs::read(root().join(ORANGE_COUNTY_JSON)).unwrap()
    );
    assert!(repo.path().join("out/protocol.schema.json").is_file());
    assert_eq!(
        std::fs::read(out.join("broken.json")).unwrap(),
        previous,
        "left untouched"
    );
    let broken_outputs: Vec<PathBuf> = snapshot(&out)
        .into_keys()
        .filter(|p| p.to_string_lossy().starts_with("broken."))
        .collect();
    assert_eq!(
        broken_outputs,
        [PathBuf::from("broken.json")],
        "nothing new for the broken one"
    );
}

/// A chart that cannot be drawn (a character its font lacks) held back every other
/// output of its protocol. Each format now stands on its own: the others are
/// written, the build exits 1 naming the format, the protocol and where the
/// character is written, and `index.json` records what was and was not built.
#[test]
fn a_format_that_fails_does_not_hold_back_the_others() {
    let repo = repo_copy();
    let text = orange_county_text().replace(
        "Commercial Sexual Exploitation of Children (CSEC) Protocol for Orange County Educators",
        "儿童保护 CSEC Protocol for Orange County Educators",
    );
    assert!(text.contains("儿童保护"), "the title to replace was not found");
    let path = repo.path().join("protocols/orange-county/glyphs.protocol");
    std::fs::write(&path, &text).unwrap();
    let line = text[..text.find('儿').unwrap()].matches('\n').count() + 1;
    // An earlier chart of this protocol stays as it was.
    let out = repo.path().join("out/orange-county");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("glyphs.pdf"), b"earlier chart").unwrap();

    let r = run(protocolc().current_dir(repo.path()).arg("build"));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error: the flowchart (pdf) of `protocols/orange-county/glyphs.protocol` was not built"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains(&format!("--> protocols/orange-county/glyphs.protocol:{line}:")),
        "{}",
        r.stderr
    );
    for built in [
        "glyphs.json",
        "glyphs.md",
        "glyphs.html",
        "glyphs.rs",
        "glyphs.mjs",
        "glyphs.d.mts",
        "glyphs.screen.html",
    ] {
        assert!(out.join(built).is_file(), "{built} not written");
    }
    assert_eq!(std::fs::read(out.join("glyphs.pdf")).unwrap(), b"earlier chart");
    // The other protocols are built as usual.
    assert_eq!(
        std::fs::read(out.join("csec-educators.json")).unwrap(),
        std::fs::read(root().join(ORANGE_COUNTY_JSON)).unwrap()
    );

    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo.path().join("out/index.json")).unwrap()).unwrap();
    let entry = index["protocols"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"] == "protocols/orange-county/glyphs.protocol")
        .unwrap();
    assert_eq!(entry["status"], "partly built", "{entry}");
    let outputs: Vec<&str> = entry["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap())
        .collect();
    assert_eq!(
        outputs,
        [
            "orange-county/glyphs.json",
            "orange-county/glyphs.vectors.json",
            "orange-county/glyphs.md",
            "orange-county/glyphs.html",
            "orange-county/glyphs.rs",
            "orange-county/glyphs.mjs",
            "orange-county/glyphs.d.mts",
            "orange-county/glyphs.screen.html"
        ]
    );
    let failed = entry["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{entry}");
    assert_eq!(failed[0]["format"], "pdf");
    assert_eq!(failed[0]["file"], "orange-county/glyphs.pdf");
    assert!(failed[0]["language"].is_null());
    assert!(failed[0]["error"].as_str().unwrap().contains("U+513F"), "{entry}");
    // A protocol that built wholly has no `failed` list.
    let good = index["protocols"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"] == ORANGE_COUNTY)
        .unwrap();
    assert_eq!(good["status"], "built");
    assert!(good.get("failed").is_none(), "{good}");
}

#[test]
fn building_twice_gives_the_same_bytes() {
    let repo = repo_copy();
    let r = run(protocolc().current_dir(repo.path()).arg("build"));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let first = snapshot(&repo.path().join("out"));
    assert!(first.len() >= 2, "{:?}", first.keys());
    let r = run(protocolc().current_dir(repo.path()).arg("build"));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let second = snapshot(&repo.path().join("out"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(
            second[path] == *bytes,
            "{} differs between builds",
            path.display()
        );
    }
    // And in another folder: nothing depends on where or when it ran.
    let other = repo_copy();
    let r = run(protocolc().current_dir(other.path()).arg("build"));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let third = snapshot(&other.path().join("out"));
    for (path, bytes) in &first {
        assert!(
            third[path] == *bytes,
            "{} differs between folders",
            path.display()
        );
    }
}

// ----------------------------------------------------------------- schema ----

#[test]
fn schema_prints_json() {
    let r = run(protocolc().arg("schema"));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let schema: serde_json::Value = serde_json::from_str(&r.stdout).expect("the schema is JSON");
    assert_eq!(schema["title"], "protocolc protocol document");
    assert!(schema["$schema"].as_str().unwrap().contains("json-schema.org"));
    assert_eq!(r.stdout, protocolc::emit::json::schema_json());
    let r = run(protocolc().args(["schema", "--vectors"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, protocolc::emit::json::vectors_schema_json());
    let r = run(protocolc().args(["schema", "--vectors", "--index"]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
}

// ------------------------------------------------------------------- eval ----

fn eval_json(args: &[&str]) -> serde_json::Value {
    let r = run(protocolc().args(["eval", ORANGE_COUNTY, "--json"]).args(args));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("eval --json prints JSON")
}

fn ids(list: &serde_json::Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect()
}

#[test]
fn eval_json_says_which_tracks_apply() {
    let a = eval_json(&["--factor", "missing_school", "--factor", "substance_use"]);
    assert_eq!(ids(&a["tracks"]), ["at_risk"]);
    assert_eq!(a["criteria"][0]["met"], false);
    assert_eq!(a["criteria"][1]["met"], true);
    assert_eq!(a["criteria"][1]["threshold"], 2);
    assert_eq!(
        a["criteria"][1]["matched"],
        serde_json::json!(["missing_school", "substance_use"])
    );
    assert_eq!(a["tracks"][0]["steps"].as_array().unwrap().len(), 3);
    assert_eq!(a["tracks"][0]["steps"][0]["id"], "report");
    assert!(a["tracks"][0]["steps"][0]["text"]
        .as_str()
        .unwrap()
        .contains("(800-207-4464)"));
    assert_eq!(a["superseded"], serde_json::json!([]));

    let a = eval_json(&["--factor", "controlled_or_groomed", "--signal", "csec_suspected"]);
    assert_eq!(ids(&a["tracks"]), ["suspected"]);
    assert_eq!(
        a["superseded"],
        serde_json::json!([{ "id": "at_risk", "by": ["suspected"] }])
    );
    assert_eq!(a["signals"], serde_json::json!(["csec_suspected"]));

    let a = eval_json(&["--factor", "missing_school"]);
    assert_eq!(a["tracks"], serde_json::json!([]));
}

const SCREENING: &str = "protocols/examples/exploitation-screening/exploitation-screening.protocol";

/// `eval` names each input's value, gives no total for a group that does not
/// apply, and prints the path taken for every protocol alike.
#[test]
fn eval_names_values_reports_no_total_outside_applies_when_and_always_prints_the_path() {
    let r = run(protocolc().args([
        "eval",
        SCREENING,
        "--json",
        "--value",
        "age=8",
        "--factor",
        "threatened",
    ]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let a: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        a["values"],
        serde_json::json!({ "age": 8, "times_missing": null })
    );
    let signs = a["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "sextortion_signs")
        .unwrap();
    assert_eq!(signs["applies"], false);
    assert!(signs.get("total").is_none(), "{signs}");
    let applying = a["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "screening")
        .unwrap();
    assert!(applying["total"].is_u64(), "{applying}");

    let r = run(protocolc().args(["eval", SCREENING, "--value", "age=8", "--factor", "threatened"]));
    let line = r.stdout.lines().find(|l| l.contains("sextortion_signs")).unwrap();
    assert!(
        line.contains("does not apply to this student") && !line.contains("total"),
        "{line}"
    );
    // The path is printed for a protocol whose walk is every step, too.
    for args in [
        &[
            "eval",
            ORANGE_COUNTY,
            "--factor",
            "missing_school",
            "--factor",
            "substance_use",
        ][..],
        &[
            "eval",
            SCREENING,
            "--value",
            "age=14",
            "--factor",
            "threatened",
            "--factor",
            "pressured",
        ],
    ] {
        let r = run(protocolc().args(args));
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        assert!(r.stdout.contains("Path taken:"), "{args:?}:\n{}", r.stdout);
    }
    // No track applies: no path.
    let r = run(protocolc().args(["eval", ORANGE_COUNTY]));
    assert!(!r.stdout.contains("Path taken:"), "{}", r.stdout);
}

#[test]
fn eval_explains_in_words() {
    let r = run(protocolc().args(["eval", ORANGE_COUNTY, "--factor", "controlled_or_groomed"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Follow: At-Risk for CSEC - Recommended Protocol"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("[met]     at_risk_1"), "{}", r.stdout);
    assert!(r.stdout.contains("3. Set up regular contact"), "{}", r.stdout);
}

const DECISION_TREE: &str = "protocols/examples/threat-decision-tree/threat-decision-tree.protocol";

#[test]
fn eval_reads_answers_in_triggers_and_says_where_a_track_ended() {
    let answers = [
        "--answer",
        "weapon=no",
        "--answer",
        "calm=yes",
        "--answer",
        "classification=transient",
    ];
    let r = run(protocolc()
        .args([
            "eval",
            DECISION_TREE,
            "--signal",
            "threat_reported",
            "--value",
            "age=14",
            "--factor",
            "grievance",
        ])
        .args(answers));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout.contains("Follow: Support plan (support)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Track screen ends here: The threat is resolved as transient"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("Follow: Protection plan"), "{}", r.stdout);
    // The same answers as JSON: the path marks the end of the track.
    let r = run(protocolc()
        .args([
            "eval",
            DECISION_TREE,
            "--json",
            "--signal",
            "threat_reported",
            "--value",
            "age=14",
        ])
        .args(answers));
    let a: serde_json::Value = serde_json::from_str(&r.stdout).expect("eval --json prints JSON");
    assert_eq!(ids(&a["tracks"]), ["screen"]);
    let resolve = a["path"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["step"] == "resolve")
        .unwrap();
    assert_eq!(resolve["track_ended"], "The threat is resolved as transient");
    // The threat classified substantive makes the protection plan apply: its `when`
    // reads the choice.
    let r = run(protocolc().args([
        "eval",
        DECISION_TREE,
        "--json",
        "--signal",
        "threat_reported",
        "--answer",
        "classification=substantive",
    ]));
    let a: serde_json::Value = serde_json::from_str(&r.stdout).expect("eval --json prints JSON");
    assert_eq!(ids(&a["tracks"]), ["screen", "protect"]);
}

#[test]
fn eval_takes_a_choice_by_name_and_says_it_by_its_title() {
    let choose = |choice: &str| {
        run(protocolc().args([
            "eval",
            DECISION_TREE,
            "--signal",
            "threat_reported",
            "--answer",
            "weapon=no",
            "--answer",
            "calm=yes",
            "--answer",
            &format!("classification={choice}"),
        ]))
    };
    let r = choose("unclear");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout
            .contains("answered unclear (“Not yet clear: protect as if substantive, and reassess”)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("because: classification is substantive or classification is unclear"),
        "{}",
        r.stdout
    );
    // A name that is none of its choices: the choices are listed.
    let r = choose("substantial");
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "is not a choice of question `classification`: pick one of `transient`, `substantive`, `unclear`"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn diff_names_a_choice_added_removed_and_rerouted() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(DECISION_TREE).unwrap();
    let changed = text
        .replace(
            "choice transient \"Transient: anger or a joke, no lasting intent to harm\" next",
            "choice transient \"Transient: anger or a joke, no lasting intent to harm\" goto resolve",
        )
        .replace(
            "choice unclear \"Not yet clear: protect as if substantive, and reassess\" track protect",
            "choice unknown \"Not known yet\" track protect",
        )
        .replace("classification is unclear", "classification is unknown")
        .replace("answer classification unclear", "answer classification unknown");
    let after = dir.path().join("after.protocol");
    std::fs::write(&after, changed).unwrap();
    let r = run(protocolc().args(["diff", DECISION_TREE, after.to_str().unwrap()]));
    for line in [
        "~ choice screen.classification.transient: route changed from “next” to “goto resolve”",
        "- choice screen.classification.unclear removed",
        "+ choice screen.classification.unknown added",
    ] {
        assert!(r.stdout.contains(line), "{line}:\n{}{}", r.stdout, r.stderr);
    }
}

#[test]
fn eval_works_out_a_select_all_question_from_its_ticks_and_refuses_an_answer() {
    let ticked = |factors: &[&str]| {
        let mut command = protocolc();
        command.args([
            "eval",
            HOTLINE,
            "--signal",
            "report_received",
            "--value",
            "age=8",
            "--answer",
            "harm_type=neglect",
        ]);
        for f in factors {
            command.args(["--factor", f]);
        }
        run(&mut command)
    };
    let r = ticked(&["weapon", "earlier_reports"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout
            .contains("five_day.risks: answered yes (Risks in the home is met: 2 of 4 ticked)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("five_day.review: done"), "{}", r.stdout);
    let r = ticked(&["caregiver_use"]);
    assert!(
        r.stdout
            .contains("five_day.risks: answered no (Risks in the home is not met: 1 of 4 ticked)"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("five_day.review"), "{}", r.stdout);
    // Its answer is worked out: one given is refused, with what to give instead.
    let r = run(protocolc().args([
        "eval",
        HOTLINE,
        "--signal",
        "report_received",
        "--answer",
        "risks=yes",
    ]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "question `risks` is answered by ticking the factors of `home_risks`: give the ticked factors instead"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn diff_names_a_select_all_questions_group() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(HOTLINE).unwrap();
    let changed = text
        .replace(
            "criteria home_risks",
            "criteria other_risks \"Other risks\" {\n  met_when at_least 1\n  factor pets \"Dangerous animals\"\n}\n\ncriteria home_risks",
        )
        .replace("select_all home_risks", "select_all other_risks");
    let after = dir.path().join("after.protocol");
    std::fs::write(&after, changed).unwrap();
    let r = run(protocolc().args(["diff", HOTLINE, after.to_str().unwrap()]));
    let line = "~ step five_day.risks: question.select all changed from “home_risks” to “other_risks”";
    assert!(r.stdout.contains(line), "{line}:\n{}{}", r.stdout, r.stderr);
}

#[test]
fn eval_with_an_unknown_factor_suggests_one() {
    let r = run(protocolc().args(["eval", ORANGE_COUNTY, "--factor", "missing_schol"]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("did you mean `missing_school`?"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty(), "no assessment: {}", r.stdout);
    let r = run(protocolc().args(["eval", ORANGE_COUNTY, "--signal", "suspected"]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("csec_suspected"), "{}", r.stderr);
}

#[test]
fn eval_of_a_broken_file_is_invalid() {
    let (_repo, path, line, col) = broken_file();
    let r = run(protocolc()
        .arg("eval")
        .arg(&path)
        .args(["--factor", "missing_school"]));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("{}:{line}:{col}", path.display())),
        "{}",
        r.stderr
    );
}

/// Review warnings need a date to compare with — `--today` or SOURCE_DATE_EPOCH —
/// and never come from the clock.
#[test]
fn review_dates_warn_only_when_told_the_date() {
    let example = "protocols/examples/example-county/csec-educators.protocol";
    let due = "warning[P0305]: protocol `csec_educators_example` was due for review on 2027-01-15";
    let undated = run(protocolc()
        .env_remove("SOURCE_DATE_EPOCH")
        .args(["check", example]));
    assert_eq!(undated.code, Some(0));
    assert!(!undated.stderr.contains("P0305"), "{}", undated.stderr);
    let before =
        run(protocolc()
            .env_remove("SOURCE_DATE_EPOCH")
            .args(["--today", "2027-01-15", "check", example]));
    assert!(
        !before.stderr.contains("P0305"),
        "due on the day itself is not yet late"
    );
    let after =
        run(protocolc()
            .env_remove("SOURCE_DATE_EPOCH")
            .args(["--today", "2027-01-16", "check", example]));
    assert_eq!(after.code, Some(0), "a warning, not an error");
    assert!(after.stderr.contains(due), "{}", after.stderr);
    // 1801483200 is 2027-02-01 12:00 UTC.
    let epoch = run(protocolc()
        .env("SOURCE_DATE_EPOCH", "1801483200")
        .args(["check", example]));
    assert!(epoch.stderr.contains(due), "{}", epoch.stderr);
    let bad = run(protocolc().args(["--today", "2027-13-01", "check", example]));
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("is not a date"), "{}", bad.stderr);
}

// ------------------------------------------------- only what the file says ----

const UNDATED: &str = "protocols/examples/undated-source/home-life-worry.protocol";

/// The words of a text that are made of digits, `-` and `.` only (`2019-01`,
/// `1.0`), trailing dots dropped: the dates and version numbers it holds.
fn numbers_in(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
        .map(|w| w.trim_matches(|c| c == '.' || c == '-'))
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| w.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '.'))
        .map(str::to_string)
        .collect()
}

/// A word that reads as a date: a year from 1900 to 2099, maybe a month and a day.
fn is_date_like(word: &str) -> bool {
    let year = word.split('-').next().unwrap_or("");
    year.len() == 4 && (year.starts_with("19") || year.starts_with("20"))
}

#[test]
fn an_undated_protocol_builds_with_no_date_or_version_it_does_not_state() {
    let source = std::fs::read_to_string(root().join(UNDATED)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = run(protocolc().args(["build", UNDATED, "--out"]).arg(out.path()));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let folder = out.path().join("examples/undated-source");
    let mut seen = Vec::new();
    for extension in ["json", "md", "html", "pdf", "rs"] {
        let path = folder.join(format!("home-life-worry.{extension}"));
        let text = if extension == "pdf" {
            let bytes = std::fs::read(&path).unwrap();
            let raw = String::from_utf8_lossy(&bytes);
            for key in ["/CreationDate", "/ModDate"] {
                assert!(
                    !raw.contains(key),
                    "the PDF has a {key} its protocol does not give"
                );
            }
            let text = std::process::Command::new("pdftotext")
                .arg(&path)
                .arg("-")
                .output()
                .expect("pdftotext (poppler-utils) is installed");
            String::from_utf8_lossy(&text.stdout).into_owned()
        } else {
            std::fs::read_to_string(&path).unwrap()
        };
        // The page's style sheet holds sizes (`1.5`), not facts.
        let text = match (text.find("<style>"), text.find("</style>")) {
            (Some(start), Some(end)) => format!("{}{}", &text[..start], &text[end..]),
            _ => text,
        };
        for word in numbers_in(&text) {
            let ours = word == protocolc::VERSION || word == protocolc::emit::json::SCHEMA_VERSION;
            let a_date_or_version = is_date_like(&word) || word.contains('.');
            if a_date_or_version && !ours {
                assert!(
                    source.contains(&word),
                    "home-life-worry.{extension} says `{word}`, which its protocol file does not"
                );
                seen.push(word);
            }
        }
        if extension != "json" {
            assert!(
                !text.contains("Version "),
                "home-life-worry.{extension} prints a version"
            );
            assert!(
                !text.to_lowercase().contains("effective"),
                "home-life-worry.{extension} prints an effective date"
            );
        }
    }
    // The dates the file does give are printed as written, never padded to a day.
    assert!(
        seen.iter().any(|w| w == "2020"),
        "the year-only revision is printed: {seen:?}"
    );
    assert!(
        seen.iter().any(|w| w == "2021-03"),
        "the month-only approval is printed: {seen:?}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("home-life-worry.json")).unwrap()).unwrap();
    assert_eq!(json["protocol"]["version"], serde_json::Value::Null);
    assert_eq!(json["protocol"]["effective"], serde_json::Value::Null);
    // The leaflet it is written from, under the handout's title and in the JSON.
    let document = &json["protocol"]["source_documents"][0];
    assert_eq!(document["date"], "2019");
    assert_eq!(document["version"], serde_json::Value::Null);
    let markdown = std::fs::read_to_string(folder.join("home-life-worry.md")).unwrap();
    assert!(markdown.contains(
        "\n\nSource: [Worried About a Pupil? A Leaflet for Staff](<https://www.example.org/fernhollow/worried-about-a-pupil>) (Fernhollow Primary School (fictional), 2019)\n\n"
    ));
    let html = std::fs::read_to_string(folder.join("home-life-worry.html")).unwrap();
    assert!(html.contains("<a href=\"https://www.example.org/fernhollow/worried-about-a-pupil\">Worried About a Pupil? A Leaflet for Staff</a>"));
}

#[test]
fn eval_takes_a_scales_value_by_name_and_prints_it_by_name() {
    const HOME: &str = "protocols/examples/home-safety-scale/home-safety-check.protocol";
    let r = run(protocolc().args([
        "eval",
        HOME,
        "--signal",
        "worry",
        "--value",
        "home_safety=moderate",
    ]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout.contains("Values: home_safety = moderate (Moderate)"),
        "{}",
        r.stdout
    );
    // The tracks read the level of concern the rating sets; eval says both.
    assert!(
        r.stdout.contains("set some because home_safety = moderate"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("because: worry and concern is some"),
        "{}",
        r.stdout
    );
    let r = run(protocolc().args(["eval", HOME, "--value", "home_safety=low", "--json"]));
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["values"]["home_safety"], "low");
    // A value the scale does not have: a usage error with the closest name.
    let r = run(protocolc().args(["eval", HOME, "--value", "home_safety=modrate"]));
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr
            .contains("scale `home_safety` has no value `modrate`; did you mean `moderate`?"),
        "{}",
        r.stderr
    );
}

const HOTLINE: &str = "protocols/examples/hotline-screening/hotline-screening.protocol";

#[test]
fn diff_names_an_outcomes_values_and_rules() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(HOTLINE).unwrap();
    let changed = text
        .replace(
            "value five_day      \"Five-day response\"",
            "value five_day      \"Response within five working days\"",
        )
        .replace(
            "  value within_24     \"24-hour response\"\n",
            "  value within_24     \"24-hour response\"\n  value within_12     \"12-hour response\"\n",
        )
        .replace(
            "set within_24 when harm_type is neglect and age < 5",
            "set within_12 when harm_type is neglect and age < 5",
        );
    let after = dir.path().join("after.protocol");
    std::fs::write(&after, changed).unwrap();
    let r = run(protocolc().args(["diff", HOTLINE, after.to_str().unwrap()]));
    for line in [
        "~ value response.five_day: title changed from “Five-day response” to “Response within five working days”",
        "+ value response.within_12 added",
        "~ outcome response: rule taken away (was “set within_24 when harm_type is neglect and age < 5”)",
        "~ outcome response: rule given: “set within_12 when harm_type is neglect and age < 5”",
    ] {
        assert!(r.stdout.contains(line), "{line}:\n{}{}", r.stdout, r.stderr);
    }
    // Only the rule changed is named, not the rules around it.
    assert!(
        !r.stdout.contains("set immediate when danger_now"),
        "{}",
        r.stdout
    );

    // A scored group's floor and force read as written.
    let graded = "protocols/examples/graded-exploitation-screening/graded-exploitation-screening.protocol";
    let changed = std::fs::read_to_string(graded)
        .unwrap()
        .replace("floor moderate when age < 13", "floor moderate when age < 14");
    let after = dir.path().join("graded.protocol");
    std::fs::write(&after, changed).unwrap();
    let r = run(protocolc().args(["diff", graded, after.to_str().unwrap()]));
    assert!(
        r.stdout
            .contains("~ criteria domains: rule taken away (was “floor moderate when age < 13”)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("~ criteria domains: rule given: “floor moderate when age < 14”"),
        "{}",
        r.stdout
    );
}
