//! Graded items and tiers, end to end through the binary: `eval` takes a grade by
//! name and says it by its description and points, refuses a misspelt grade and a
//! grade's factor ticked by hand; the handout's grade tables and tier headings; a
//! translation of a grade's description (and P0315 listing one left out) and of a
//! tier's title by its place (`tier GROUP.N`); `diff`
//! on a grade re-pointed, added and removed; the formatter leaves the example as it is.

// Test code: a failed unwrap or index is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use assert_cmd::Command;
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

#[test]
fn eval_takes_a_grade_by_name_and_says_it_with_its_points() {
    let (ok, out, err) = protocolc(&[
        "eval",
        EXAMPLE,
        "--value",
        "supervision=some",
        "--value",
        "online=risky",
        "--factor",
        "controlled",
    ]);
    assert!(ok, "{err}");
    assert!(
        out.contains("supervision: Sometimes left without an adult overnight (2 points)"),
        "{out}"
    );
    assert!(
        out.contains("online: Shares images or plans to meet adults (3 points)"),
        "{out}"
    );
    assert!(out.contains("controlled yes: 3 points"), "{out}");
    assert!(out.contains("total 8 is in moderate"), "{out}");
    assert!(
        out.contains("Follow: Moderate concern: plan support (monitor)"),
        "{out}"
    );

    // A grade's `alone high` rates high on its own; nothing else answered.
    let (ok, out, _) = protocolc(&["eval", EXAMPLE, "--value", "supervision=severe"]);
    assert!(ok);
    assert!(out.contains("Follow: High concern: act today (urgent)"), "{out}");

    // Unanswered: no points, and the lowest grade is not assumed.
    let (ok, out, _) = protocolc(&["eval", EXAMPLE]);
    assert!(ok);
    assert!(out.contains("total 0"), "{out}");
    assert!(!out.contains("supervision:"), "{out}");

    let (ok, _, err) = protocolc(&["eval", EXAMPLE, "--value", "supervision=sever"]);
    assert!(!ok);
    assert!(err.contains("did you mean `severe`?"), "{err}");

    let (ok, _, err) = protocolc(&["eval", EXAMPLE, "--factor", "supervision_some"]);
    assert!(!ok, "a grade's factor is worked out from its item, not ticked");
    assert!(err.contains("supervision_some"), "{err}");

    // A misspelt factor is told the factors staff tick, not the grades' factors.
    let (ok, _, err) = protocolc(&["eval", EXAMPLE, "--factor", "nope"]);
    assert!(!ok);
    assert!(
        err.contains("its factors are `truancy`, `exchange`, `controlled`"),
        "{err}"
    );
    assert!(!err.contains("supervision_none"), "{err}");
}

#[test]
fn the_handout_prints_grade_tables_and_tier_headings() {
    let md = std::fs::read_to_string(
        root().join("out/examples/graded-exploitation-screening/graded-exploitation-screening.md"),
    )
    .unwrap();
    assert!(md.contains("**Supervision at home** — circle one grade:"), "{md}");
    assert!(md.contains("| Grade | Description | Points |"), "{md}");
    assert!(
        md.contains("| severe | Often left alone for days | 4 points; on its own: at least High concern |"),
        "{md}"
    );
    assert!(md.contains("*Tier 1 indicators — 3 points each:*"), "{md}");
    // A grade is not a box to tick.
    assert!(!md.contains("- [ ] No concern"), "{md}");
    let html = std::fs::read_to_string(
        root().join("out/examples/graded-exploitation-screening/graded-exploitation-screening.html"),
    )
    .unwrap();
    assert!(
        html.contains("<th>Grade</th><th>Description</th><th>Points</th>"),
        "{html}"
    );
}

#[test]
fn a_translation_gives_grades_descriptions_and_lists_those_it_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("graded.protocol");
    let mut text = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    text.push_str(
        "\ntranslation es \"Español\" {\n  input supervision \"Supervisión en casa\"\n  \
         value supervision.some \"A veces sin un adulto por la noche\"\n}\n",
    );
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("out");
    let (ok, _, err) = protocolc(&["build", file.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(err.contains("`value supervision.severe`"), "{err}");
    assert!(
        !err.contains("factor supervision"),
        "a grade is translated as its item's value: {err}"
    );
    let es = std::fs::read_to_string(out.join("graded.es.md")).unwrap();
    assert!(es.contains("**Supervisión en casa** — rodee un grado:"), "{es}");
    assert!(
        es.contains("| some | A veces sin un adulto por la noche | 2 puntos |"),
        "{es}"
    );
}

/// A tier's title is translated by its group and its place among the group's tiers
/// (`tier domains.1`); every output in that language says it, the JSON keeps it
/// under that key, and a tier the group does not have is refused with how to number them.
#[test]
fn a_translation_gives_a_tiers_title_by_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("graded.protocol");
    let base = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    let text =
        format!("{base}\ntranslation es \"Español\" {{\n  tier domains.1 \"Indicadores de nivel 1\"\n}}\n");
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("out");
    let (ok, _, err) = protocolc(&["build", file.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(
        !err.contains("`tier domains.1`"),
        "translated, so not listed: {err}"
    );
    let es = std::fs::read_to_string(out.join("graded.es.md")).unwrap();
    assert!(es.contains("*Indicadores de nivel 1 — 3 puntos"), "{es}");
    assert!(!es.contains("Tier 1 indicators"), "{es}");
    let json = std::fs::read_to_string(out.join("graded.json")).unwrap();
    assert!(
        json.contains("\"tier domains.1\": \"Indicadores de nivel 1\""),
        "{json}"
    );

    // Left out, it is listed among the texts left in English.
    let file = dir.path().join("untranslated.protocol");
    std::fs::write(&file, format!("{base}\ntranslation es \"Español\" {{\n}}\n")).unwrap();
    let (_, _, err) = protocolc(&["check", file.to_str().unwrap()]);
    assert!(err.contains("`tier domains.1`"), "{err}");

    // The group has one tier.
    let file = dir.path().join("wrong.protocol");
    std::fs::write(
        &file,
        format!("{base}\ntranslation es \"Español\" {{\n  tier domains.2 \"Nivel 2\"\n}}\n"),
    )
    .unwrap();
    let (ok, _, err) = protocolc(&["check", file.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("criteria group `domains` has no tier `2`"), "{err}");
    assert!(
        err.contains("the group has one tier: write `tier domains.1`"),
        "{err}"
    );
}

#[test]
fn diff_names_a_grade_re_pointed_added_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let changed = std::fs::read_to_string(root().join(EXAMPLE))
        .unwrap()
        .replace(
            "\"Sometimes left without an adult overnight\" points 2",
            "\"Sometimes left without an adult overnight\" points 3",
        )
        .replace(
            "\"Has met an adult from online in secret\" points 5",
            "\"Has met an adult from online in secret\" points 5\n    grade extreme \"Meets adults from online often\" points 6",
        );
    let file = dir.path().join("changed.protocol");
    std::fs::write(&file, changed).unwrap();
    let (_, out, err) = protocolc(&["diff", EXAMPLE, file.to_str().unwrap()]);
    assert!(
        out.contains("grade supervision.some: points changed from “2” to “3”"),
        "{out}{err}"
    );
    assert!(
        out.contains("grade online.extreme added (after online.severe)"),
        "{out}"
    );
    // Said once, as a grade, not again as a value of the item's scale.
    assert!(!out.contains("value online.extreme"), "{out}");
}

#[test]
fn the_formatter_keeps_the_example_as_written() {
    let (ok, out, err) = protocolc(&["fmt", "--check", EXAMPLE]);
    assert!(ok, "{out}{err}");
}

/// A group whose items are all graded asks staff to circle a grade of each, not to
/// answer yes, possible or no; a group with tiers too keeps the yes/no words.
#[test]
fn a_group_of_graded_items_only_says_to_circle_a_grade_of_each() {
    let text = r#"
protocol demo {
  title        "Demo protocol"
  jurisdiction "Demo County"
  audience     "School staff"
  version      "1"
  effective    2024-08-01
}

criteria care "Care at home" {
  items_called "domain" "domains"
  level low  "Low"  from 0 to 2
  level high "High" from 3
  met_when at_least high
  graded supervision "Supervision" {
    grade none   "No concern"        points 0
    grade severe "Left alone often"  points 3
  }
  graded food "Food" {
    grade none "No concern"   points 0
    grade some "Often hungry" points 2
  }
}

track act "Act" {
  when care
  step report "Tell the support team."
}
"#;
    let (_, compiled) = protocolc::compile_text("demo.protocol", text);
    let model = compiled.model.unwrap();
    let md = protocolc::emit::handout::to_markdown(&model, &protocolc::emit::handout::TemplateSet::builtin())
        .unwrap();
    assert!(
        md.contains("Circle one grade of each domain; the grade circled adds its points. Add up the points:"),
        "{md}"
    );
    assert!(!md.contains("yes, possible or no"), "{md}");
    let example = std::fs::read_to_string(
        root().join("out/examples/graded-exploitation-screening/graded-exploitation-screening.md"),
    )
    .unwrap();
    assert!(
        example.contains("Answer each indicator yes, possible or no"),
        "{example}"
    );
}

/// Plain factors written after a tier or a graded item get a heading of their own
/// ("Other indicators"), in the handout and on the chart, so they do not read as
/// part of the tier above them; plain factors first need none.
#[test]
fn plain_factors_after_a_tier_are_headed_as_others() {
    let text = r#"
protocol demo {
  title        "Demo protocol"
  jurisdiction "Demo County"
  audience     "School staff"
}

criteria care "Care at home" {
  items_called "indicator" "indicators"
  level low  "Low"  from 0 to 2
  level high "High" from 3
  met_when at_least high
  factor first "Written before the tier"
  tier "Tier 1 indicators" points 3 {
    factor exchange "Exchanges sex for goods"
  }
  factor missing "Often missing from school"
}

track act "Act" {
  when care
  step report "Tell the support team."
}
"#;
    let (_, compiled) = protocolc::compile_text("demo.protocol", text);
    let model = compiled.model.unwrap();
    let md = protocolc::emit::handout::to_markdown(&model, &protocolc::emit::handout::TemplateSet::builtin())
        .unwrap();
    let tier = md.find("*Tier 1 indicators — 3 points each:*").expect(&md);
    let others = md.find("*Other indicators:*").expect(&md);
    assert!(tier < others, "{md}");
    assert!(md.find("Written before the tier").unwrap() < tier, "{md}");
    assert!(others < md.find("Often missing from school").unwrap(), "{md}");
    assert_eq!(md.matches("Other indicators").count(), 1, "{md}");

    let chart = protocolc::emit::pdf::to_layout(&model, protocolc::emit::pdf::Paper::Letter).unwrap();
    let words: Vec<&str> = chart
        .pages
        .iter()
        .flat_map(|p| &p.texts)
        .map(|t| t.text.as_str())
        .collect();
    assert!(words.contains(&"Other indicators"), "{words:?}");
}
