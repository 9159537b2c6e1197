//! Deadlines written as times and steps' durations: said in words in the
//! protocol's language and in a translation's, decided by the evaluator as the
//! words of the deadline that holds, and compared by `diff` in words.

// Test code: a failed unwrap or index is a failed test (clippy.toml allows these
// only inside #[test] functions; helpers here are test code too).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use assert_cmd::Command;
use protocolc::evaluate;
use protocolc::model::{Amount, Duration, Model, Time, TimeUnit};
use std::path::Path;

const TIMES: &str = "tests/cases/ok/deadline_times/input.protocol";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn times() -> Model {
    let text = std::fs::read_to_string(root().join(TIMES)).unwrap();
    protocolc::compile_text(TIMES, &text).1.model.unwrap()
}

/// Each step's deadline words (the plain one, then those with `when`) and how long it lasts.
fn said(model: &Model) -> Vec<(String, Vec<String>, Option<String>)> {
    model.tracks()[0]
        .steps
        .iter()
        .map(|s| {
            (
                s.deadline.clone().unwrap_or_default(),
                s.deadlines_when.iter().map(|d| d.text.clone()).collect(),
                s.lasts.as_ref().map(|l| l.text.clone()),
            )
        })
        .collect()
}

#[test]
fn times_are_data_and_words() {
    let model = times();
    let report = &model.tracks()[0].steps[0];
    assert_eq!(
        report.deadline_time,
        Some(Time::Within {
            amount: Amount {
                amount: 36,
                unit: TimeUnit::Hours
            },
            from: Some("the phone referral".into())
        })
    );
    assert_eq!(model.tracks()[0].steps[1].deadline_time, Some(Time::Immediately));
    assert_eq!(model.tracks()[0].steps[2].deadline_time, Some(Time::EndOfDay));
    assert_eq!(
        model.tracks()[0].steps[4].lasts.as_ref().map(|l| &l.duration),
        Some(&Duration::AtLeast(Amount {
            amount: 90,
            unit: TimeUnit::Days
        }))
    );
    // The deadline in the source's own words has no time.
    assert_eq!(model.tracks()[0].steps[4].deadline_time, None);
    let s = |x: &str| x.to_string();
    assert_eq!(
        said(&model),
        vec![
            (
                s("within 36 hours of the phone referral"),
                vec![s("within 24 hours of the disclosure")],
                None
            ),
            (s("immediately"), vec![], None),
            (s("by the end of the working day"), vec![], None),
            (
                s("within 1 working day"),
                vec![],
                Some(s("until the assessment is complete"))
            ),
            (s("within 5 school days"), vec![], Some(s("at least 90 days"))),
        ]
    );
}

#[test]
fn a_translation_says_times_in_its_labels_with_its_events() {
    let spanish = times().translated("es").unwrap();
    let s = |x: &str| x.to_string();
    assert_eq!(
        said(&spanish),
        vec![
            (
                s("en un plazo de 36 horas desde la remisión telefónica"),
                vec![s("en un plazo de 24 horas desde la revelación")],
                None
            ),
            (s("de inmediato"), vec![], None),
            (s("antes del final de la jornada laboral"), vec![], None),
            (
                s("en un plazo de 1 día hábil"),
                vec![],
                Some(s("hasta que la evaluación esté completa"))
            ),
            (
                s("en un plazo de 5 días escolares"),
                vec![],
                Some(s("al menos 90 días"))
            ),
        ]
    );
    // The data stays the same; only the event is in the translation's words.
    assert_eq!(
        spanish.tracks()[0].steps[0].deadline_time,
        Some(Time::Within {
            amount: Amount {
                amount: 36,
                unit: TimeUnit::Hours
            },
            from: Some("la remisión telefónica".into())
        })
    );
}

#[test]
fn the_deadline_that_holds_is_said_in_words_by_the_evaluator() {
    let model = times();
    let deadline_at = |age: u32| {
        let age = age.to_string();
        let o =
            evaluate::Observations::from_named(&model, [], [], ["concern"], [("age", age.as_str())]).unwrap();
        evaluate::assess(&model, &o).path[0].deadline.clone()
    };
    assert_eq!(
        deadline_at(10).as_deref(),
        Some("within 24 hours of the disclosure")
    );
    assert_eq!(
        deadline_at(15).as_deref(),
        Some("within 36 hours of the phone referral")
    );
}

#[test]
fn diff_says_a_changed_deadline_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(TIMES)).unwrap();
    let changed = text
        .replace("within 36 hours from", "within 48 hours from")
        .replace("deadline end_of_day", "deadline immediately");
    let (before, after) = (dir.path().join("a.protocol"), dir.path().join("b.protocol"));
    std::fs::write(&before, &text).unwrap();
    std::fs::write(&after, changed).unwrap();
    let out = Command::cargo_bin("protocolc")
        .unwrap()
        .env("NO_COLOR", "1")
        .arg("diff")
        .arg(&before)
        .arg(&after)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "~ step triage.report: deadline changed from “within 36 hours of the phone referral” to “within 48 hours of the phone referral”",
        "~ step triage.note: deadline changed from “by the end of the working day” to “immediately”",
    ] {
        assert!(stdout.contains(expected), "missing {expected:?} in\n{stdout}");
    }
    // The time's data changes with its words, and is not listed again.
    assert!(!stdout.contains("deadline_time"), "{stdout}");
    let changes = stdout.lines().filter(|l| l.starts_with("~ ")).count();
    assert_eq!(changes, 2, "{stdout}");
}
