//! `protocolc test` as a coordinator uses it: the repo's scenarios pass, and a
//! mistaken edit (a threshold changed from 2 to 3) is caught, naming the scenario
//! and saying why.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::path::Path;
use std::process::{Command, Output};

const BASE: &str = "protocols/california/csec-educators.protocol";
const OC: &str = "protocols/orange-county/csec-educators.protocol";

fn protocolc(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_protocolc"))
        .args(["--color", "never"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn the_repos_scenarios_pass() {
    let out = protocolc(Path::new("."), &["test"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(&format!("{OC}: 6 scenarios passed")), "{stdout}");
    assert!(stdout.contains(", 0 failed"), "{stdout}");
}

fn assert_threshold_mistake_caught(out: &Output) {
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error[P0401]: scenario `two_criteria_2_factors` fails: expected `at_risk` to apply, but no track applies"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`at_risk_2` needs at least 3 and has 2: not met"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{BASE}:")),
        "points at the scenario's line: {stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 of 6 scenarios failed"));
}

#[test]
fn a_threshold_changed_by_mistake_in_the_county_file_is_caught() {
    let dir = support::repo_copy();
    let path = dir.path().join(OC);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\nchange criteria at_risk_2 {\n  met_when at_least 3\n}\n");
    std::fs::write(&path, text).unwrap();
    assert_threshold_mistake_caught(&protocolc(dir.path(), &["test", OC]));
}

#[test]
fn a_threshold_changed_by_mistake_in_the_base_is_caught_in_every_county() {
    let dir = support::repo_copy();
    let path = dir.path().join(BASE);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches("met_when at_least 2").count(), 1);
    std::fs::write(&path, text.replace("met_when at_least 2", "met_when at_least 3")).unwrap();
    assert_threshold_mistake_caught(&protocolc(dir.path(), &["test", OC]));
    // The base fails its own scenarios too; the example county restates them for
    // its own threshold of 3, so it still passes.
    let all = protocolc(dir.path(), &["test"]);
    assert_eq!(all.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&all.stdout);
    assert!(
        stdout.contains(&format!("{BASE}: 1 of 6 scenarios failed")),
        "{stdout}"
    );
    assert!(
        stdout.contains("protocols/examples/example-county/csec-educators.protocol: 8 scenarios passed"),
        "{stdout}"
    );
}

#[test]
fn a_file_with_errors_is_reported_not_tested() {
    let dir = support::repo_copy();
    let path = dir.path().join(OC);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("phone \"800-207-4464\"", "phone \"80\"")).unwrap();
    let out = protocolc(dir.path(), &["test", OC]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[P0208]"));
}
