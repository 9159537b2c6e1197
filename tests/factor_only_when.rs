//! A factor's `only_when` (it counts only for the students the trigger holds for),
//! end to end: `eval` and `explain` (not applicable whatever was answered, unknown
//! age included), with a `when` too, in a tier, in a variant's `change criteria`,
//! the circle check, the handout's words, `fmt` and `diff`.

// Test code: a failed unwrap or index is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use assert_cmd::Command;
use protocolc::evaluate::{assess, explain, Observations};
use protocolc::model::Model;
use std::path::Path;

const EXAMPLE: &str =
    "protocols/examples/graded-exploitation-screening/graded-exploitation-screening.protocol";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary in the repository root; (succeeded, stdout, stderr).
fn protocolc(args: &[&str]) -> (bool, String, String) {
    let out = Command::cargo_bin("protocolc")
        .unwrap()
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const HEADER: &str = r#"protocol demo {
  title        "Demo protocol"
  jurisdiction "Demo County, California"
  audience     "Educators"
  version      "1"
  effective    2024-08-01
}

input age "Child's age in years" from 0 to 21
input missed "Days of school missed this month" from 0 to 31
signal housing "The family has no stable housing"
"#;

const TRACK: &str = r#"
track act "Act" {
  when at_risk
  step call "Call the hotline."
}
"#;

fn model(criteria: &str) -> Model {
    let text = format!("{HEADER}\n{criteria}\n{TRACK}");
    let (_, compiled) = protocolc::compile_text("demo.protocol", &text);
    let diagnostics = format!("{:?}", compiled.diagnostics);
    compiled.model.unwrap_or_else(|| panic!("{diagnostics}"))
}

/// (met, total, because) of the group `at_risk` for factors answered yes and values.
fn verdict(model: &Model, yes: &[&str], values: &[(&str, &str)]) -> (bool, Option<u32>, Vec<String>) {
    let observations =
        Observations::from_named(model, yes.iter().copied(), [], [], values.iter().copied()).unwrap();
    let a = assess(model, &observations);
    let v = a.criteria.iter().find(|c| c.id == "at_risk").unwrap();
    (v.met, v.total, v.because.clone())
}

const COUNT: &str = r#"criteria at_risk "At risk" {
  met_when at_least 2
  factor truancy "Frequently truant from school" only_when age >= 5 and age <= 18
  factor runaway "History of running away"
}"#;

#[test]
fn a_factor_counts_only_where_its_only_when_holds() {
    let m = model(COUNT);
    let both = ["truancy", "runaway"];
    // School age: both count.
    let (met, total, because) = verdict(&m, &both, &[("age", "12")]);
    assert!(met);
    assert_eq!(total, Some(2));
    assert!(because.is_empty(), "{because:?}");
    // Too old: truancy is answered but counts nothing.
    let (met, total, because) = verdict(&m, &both, &[("age", "19")]);
    assert!(!met);
    assert_eq!(total, Some(1));
    assert_eq!(
        because,
        ["truancy not applicable: age >= 5 and age <= 18 does not hold"]
    );
    // Age unknown: a comparison over no value is false, so it does not count.
    let (met, total, _) = verdict(&m, &both, &[]);
    assert!(!met);
    assert_eq!(total, Some(1));
    // Not answered: nothing to say about it.
    let (_, _, because) = verdict(&m, &["runaway"], &[("age", "19")]);
    assert!(because.is_empty(), "{because:?}");
    // The explanation says it.
    let observations = Observations::from_named(&m, both, [], [], [("age", "20")]).unwrap();
    let text = explain(&m, &assess(&m, &observations));
    assert!(
        text.contains("truancy not applicable: age >= 5 and age <= 18 does not hold"),
        "{text}"
    );
    assert!(text.contains("1 present (runaway)"), "{text}");
}

#[test]
fn not_applicable_takes_away_points_possible_and_alone() {
    let m = model(
        r#"criteria at_risk "At risk" {
  level low "Low" from 0 to 2
  level high "High" from 3
  met_when at_least high
  factor truancy "Frequently truant" points 3 possible 2 only_when age <= 18
  factor runaway "History of running away" points 1 alone high only_when housing
  factor absent "Absent often" points 3 when missed > 10 only_when age <= 18
}"#,
    );
    let (met, total, _) = verdict(&m, &["truancy"], &[("age", "12")]);
    assert!(met);
    assert_eq!(total, Some(3));
    let (met, total, _) = verdict(&m, &["truancy"], &[("age", "19")]);
    assert!(!met);
    assert_eq!(total, Some(0));
    // `alone high` only where it applies.
    let (met, _, _) = verdict(&m, &["runaway"], &[]);
    assert!(!met);
    let observations = Observations::from_named(&m, ["runaway"], [], ["housing"], []).unwrap();
    let a = assess(&m, &observations);
    assert!(a.criteria[0].met);
    // A "possible" answer adds nothing where it does not apply.
    let observations = Observations::from_named(&m, [], ["truancy"], [], [("age", "20")]).unwrap();
    let a = assess(&m, &observations);
    assert_eq!(a.criteria[0].total, Some(0));
    assert!(a.criteria[0].possible.is_empty());
    // Worked out from inputs: counts when both its `when` and its `only_when` hold.
    let (met, total, _) = verdict(&m, &[], &[("missed", "12"), ("age", "12")]);
    assert!(met);
    assert_eq!(total, Some(3));
    let (met, total, because) = verdict(&m, &[], &[("missed", "12"), ("age", "19")]);
    assert!(!met);
    assert_eq!(total, Some(0));
    assert_eq!(
        because.first().map(String::as_str),
        Some("absent not applicable: age <= 18 does not hold")
    );
}

#[test]
fn a_factor_in_a_tier_takes_its_own_only_when() {
    let m = model(
        r#"criteria at_risk "At risk" {
  level low "Low" from 0 to 2
  level high "High" from 3
  met_when at_least high
  tier "Tier 1" points 3 {
    factor truancy "Frequently truant" only_when age <= 18
    factor runaway "History of running away"
  }
}"#,
    );
    assert!(verdict(&m, &["truancy"], &[("age", "10")]).0);
    assert!(!verdict(&m, &["truancy"], &[("age", "20")]).0);
    assert!(verdict(&m, &["runaway"], &[("age", "20")]).0);
}

#[test]
fn an_only_when_reading_its_own_group_is_a_circle() {
    let text = format!(
        "{HEADER}\ncriteria at_risk \"At risk\" {{\n  met_when at_least 1\n  factor truancy \"T\" only_when at_risk\n}}\n{TRACK}"
    );
    let (_, compiled) = protocolc::compile_text("demo.protocol", &text);
    assert!(compiled.model.is_none());
    assert!(
        compiled.diagnostics.iter().any(|d| d.code.as_str() == "P0212"),
        "{:?}",
        compiled.diagnostics
    );
    // Reading an earlier group is fine, and orders the groups.
    let m = model(
        r#"criteria at_risk "At risk" {
  met_when at_least 1
  factor truancy "Frequently truant" only_when young
}
criteria young "Young" {
  met_when at_least 1
  factor small "Under 10" when age < 10
}"#,
    );
    assert!(verdict(&m, &["truancy"], &[("age", "8")]).0);
    assert!(!verdict(&m, &["truancy"], &[("age", "12")]).0);
}

#[test]
fn a_variant_gives_a_base_factor_an_only_when() {
    let dir = tempfile::tempdir().unwrap();
    let base = format!(
        "{HEADER}\n{}\n{TRACK}",
        COUNT.replace(" only_when age >= 5 and age <= 18", "")
    );
    std::fs::write(dir.path().join("base.protocol"), base).unwrap();
    let variant = r#"protocol county extends "base.protocol" {
  title        "County protocol"
  jurisdiction "County"
  version      "1"
  effective    2024-08-01
}

change criteria at_risk {
  factor truancy only_when age >= 5
}
"#;
    let file = dir.path().join("county.protocol");
    std::fs::write(&file, variant).unwrap();
    let file = file.to_str().unwrap();
    let (ok, out, err) = protocolc(&[
        "eval", file, "--factor", "truancy", "--factor", "runaway", "--value", "age=3",
    ]);
    assert!(ok, "{err}");
    assert!(
        out.contains("truancy not applicable: age >= 5 does not hold"),
        "{out}"
    );
    let (ok, out, err) = protocolc(&["check", file]);
    assert!(ok, "{out}{err}");
    assert!(
        err.contains("P0302") || out.contains("P0302"),
        "a departure: {out}{err}"
    );
    let (_, out, err) = protocolc(&["diff", dir.path().join("base.protocol").to_str().unwrap(), file]);
    assert!(out.contains("truancy") && out.contains("only_when"), "{out}{err}");
}

#[test]
fn the_example_counts_absences_only_at_school_age() {
    let (ok, out, err) = protocolc(&["test", EXAMPLE]);
    assert!(ok, "{out}{err}");
    let (ok, out, err) = protocolc(&[
        "eval",
        EXAMPLE,
        "--factor",
        "truancy",
        "--value",
        "age=19",
        "--value",
        "online=risky",
    ]);
    assert!(ok, "{err}");
    assert!(
        out.contains("truancy not applicable: age <= 18 does not hold"),
        "{out}"
    );
    let md = std::fs::read_to_string(
        root().join("out/examples/graded-exploitation-screening/graded-exploitation-screening.md"),
    )
    .unwrap();
    assert!(md.contains("counts only when"), "{md}");
}

#[test]
fn the_formatter_writes_only_when_back_and_diff_names_it() {
    let (ok, out, err) = protocolc(&["fmt", "--check", EXAMPLE]);
    assert!(ok, "{out}{err}");
    let dir = tempfile::tempdir().unwrap();
    let messy = std::fs::read_to_string(root().join(EXAMPLE))
        .unwrap()
        .replace("points 2 only_when age <= 18", "only_when   age<=18   points 2");
    let file = dir.path().join("messy.protocol");
    std::fs::write(&file, &messy).unwrap();
    let (ok, out, err) = protocolc(&["fmt", file.to_str().unwrap()]);
    assert!(ok, "{out}{err}");
    let formatted = std::fs::read_to_string(&file).unwrap();
    assert!(formatted.contains("only_when age <= 18 points 2"), "{formatted}");

    let changed = std::fs::read_to_string(root().join(EXAMPLE))
        .unwrap()
        .replace("only_when age <= 18", "only_when age <= 17");
    let file = dir.path().join("changed.protocol");
    std::fs::write(&file, changed).unwrap();
    let (_, out, err) = protocolc(&["diff", EXAMPLE, file.to_str().unwrap()]);
    assert!(out.contains("truancy") && out.contains("only_when"), "{out}{err}");
}

/// `only_when` written as a group's own line (where `applies_when` belongs) is a
/// syntax error whose help names where it can go: a step, or a factor's line.
#[test]
fn only_when_on_a_line_of_its_own_in_a_group_says_where_it_belongs() {
    let text = format!(
        "{HEADER}\ncriteria at_risk \"At risk\" {{\n  only_when age >= 5\n  met_when at_least 1\n  factor truancy \"T\"\n}}\n{TRACK}"
    );
    let (_, compiled) = protocolc::compile_text("demo.protocol", &text);
    let help = compiled
        .diagnostics
        .iter()
        .find_map(|d| d.help.clone())
        .unwrap_or_default();
    assert!(help.contains("a factor's line, after its text"), "{help}");
}
