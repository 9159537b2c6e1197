//! Named outcomes decided by the evaluator: the highest value set wins, `otherwise`
//! when no rule holds, no value without it, and a grid of `set` rules over two
//! scales whose cells overlap decided cell by cell against that rule.

// Test code: a failed unwrap or index is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use protocolc::evaluate::{self, Observations};
use protocolc::model::Model;

fn compile(text: &str) -> Model {
    let (_, compiled) = protocolc::compile_text("outcomes.protocol", text);
    assert!(
        !compiled.diagnostics.iter().any(|d| d.is_error()),
        "{:?}",
        compiled.diagnostics
    );
    compiled.model.expect("the protocol compiles")
}

/// The outcome `id`'s value for these signals and values (`None`: not set).
fn value_of(model: &Model, id: &str, signals: &[&str], values: &[(&str, &str)]) -> Option<String> {
    let observations = Observations::from_named(
        model,
        std::iter::empty(),
        std::iter::empty(),
        signals.iter().copied(),
        values.iter().copied(),
    )
    .expect("the ids are the protocol's");
    let assessment = evaluate::assess(model, &observations);
    let verdict = assessment
        .criteria
        .iter()
        .find(|c| c.id == id)
        .expect("the outcome is assessed");
    assert_eq!(
        verdict.met,
        verdict.level.is_some(),
        "an outcome is met when it has a value"
    );
    verdict.level.clone()
}

const HEADER: &str =
    "protocol demo {\n  title \"Demo\"\n  jurisdiction \"Demo County\"\n  audience \"Staff\"\n}\n";

#[test]
fn the_highest_value_set_wins_and_otherwise_fills_in() {
    let text = format!(
        "{HEADER}signal a \"A\"\nsignal b \"B\"\n\
         outcome response \"Response\" {{\n  value low \"Low\"\n  value mid \"Mid\"\n  value top \"Top\"\n  \
         set top when a\n  set mid when b\n  otherwise low\n}}\n\
         track t \"T\" {{\n  when response at_least mid\n  step s \"S\"\n}}\n"
    );
    let model = compile(&text);
    assert_eq!(value_of(&model, "response", &[], &[]).as_deref(), Some("low"));
    assert_eq!(value_of(&model, "response", &["b"], &[]).as_deref(), Some("mid"));
    assert_eq!(value_of(&model, "response", &["a"], &[]).as_deref(), Some("top"));
    assert_eq!(
        value_of(&model, "response", &["a", "b"], &[]).as_deref(),
        Some("top")
    );
    let explained = evaluate::explain(
        &model,
        &evaluate::assess(
            &model,
            &Observations::from_ids(&model, std::iter::empty(), ["a", "b"]).unwrap(),
        ),
    );
    assert!(explained.contains("set top because a"), "{explained}");
    assert!(explained.contains("set mid because b"), "{explained}");
    assert!(
        explained.contains("the highest value set wins: top"),
        "{explained}"
    );
}

#[test]
fn without_otherwise_an_outcome_may_have_no_value() {
    let text = format!(
        "{HEADER}signal a \"A\"\n\
         outcome response \"Response\" {{\n  value low \"Low\"\n  value top \"Top\"\n  set top when a\n  set low when not a\n}}\n\
         outcome second \"Second\" {{\n  value no \"No\"\n  value yes \"Yes\"\n  set yes when response is top\n}}\n\
         track t \"T\" {{\n  when second is set\n  step s \"S\"\n}}\n"
    );
    let model = compile(&text);
    assert_eq!(value_of(&model, "second", &[], &[]), None);
    assert_eq!(value_of(&model, "second", &["a"], &[]).as_deref(), Some("yes"));
    let applied = |signals: &[&str]| {
        let o = Observations::from_ids(&model, std::iter::empty(), signals.iter().copied()).unwrap();
        evaluate::assess(&model, &o).tracks.len()
    };
    assert_eq!(applied(&[]), 0, "`second is set` is false while it has no value");
    assert_eq!(applied(&["a"]), 1);
}

/// Rules over a grid of two scales whose cells overlap: the checker asks nothing,
/// since "the highest value set wins" says which wins in every cell; each cell is
/// the highest value among the rules that hold there.
#[test]
fn a_grid_over_two_scales_takes_the_highest_value_in_every_cell() {
    let text = format!(
        "{HEADER}input safety \"Safety at home\" scale very_low \"Very low\", low \"Low\", moderate \"Moderate\", high \"High\"\n\
         input support \"Support around the child\" scale low \"Low\", moderate \"Moderate\", high \"High\"\n\
         outcome risk \"Risk\" {{\n  value low \"Low risk\"\n  value medium \"Medium risk\"\n  value high \"High risk\"\n  \
         set high when safety <= low and support <= moderate\n  \
         set high when safety is very_low\n  \
         set medium when safety <= moderate\n  \
         set medium when support is low\n  \
         otherwise low\n}}\n\
         track urgent \"Urgent\" {{\n  when risk is high\n  step s \"S\"\n}}\n"
    );
    let model = compile(&text);
    let safety = ["very_low", "low", "moderate", "high"];
    let support = ["low", "moderate", "high"];
    for (s, safety_value) in safety.iter().enumerate() {
        for (p, support_value) in support.iter().enumerate() {
            // The rules above, by position on each scale (lowest first).
            let mut expected = "low";
            if s <= 2 || p == 0 {
                expected = "medium";
            }
            if (s <= 1 && p <= 1) || s == 0 {
                expected = "high";
            }
            let got = value_of(
                &model,
                "risk",
                &[],
                &[("safety", safety_value), ("support", support_value)],
            );
            assert_eq!(
                got.as_deref(),
                Some(expected),
                "safety {safety_value}, support {support_value}"
            );
        }
    }
}

/// A level the assessor picks, then constrained by floors: the pick is a scale input
/// (given in scenarios and `eval` like any input), each value of it a `set`, and each
/// floor a `set` of its own; since the highest value set wins, a floor raises the pick
/// and never lowers it.
#[test]
fn an_assessors_choice_is_raised_by_floors_and_never_lowered() {
    let text = format!(
        "{HEADER}input age \"Age\" from 0 to 21\n\
         input judged \"The assessor's rating\" scale low \"Low\", medium \"Medium\", high \"High\"\n\
         outcome risk \"Risk\" {{\n  value low \"Low risk\"\n  value medium \"Medium risk\"\n  value high \"High risk\"\n  \
         set low when judged is low\n  set medium when judged is medium\n  set high when judged is high\n  \
         set medium when age < 13\n}}\n\
         track t \"T\" {{\n  when risk is high\n  step s \"S\"\n}}\n"
    );
    let model = compile(&text);
    let cases = [
        ("low", "15", Some("low")),
        ("low", "12", Some("medium")),
        ("medium", "12", Some("medium")),
        ("high", "12", Some("high")),
        ("high", "15", Some("high")),
    ];
    for (judged, age, expected) in cases {
        let got = value_of(&model, "risk", &[], &[("judged", judged), ("age", age)]);
        assert_eq!(got.as_deref(), expected, "judged {judged}, age {age}");
    }
    // Not rated yet, over 13: no value; under 13: at least the floor.
    assert_eq!(value_of(&model, "risk", &[], &[("age", "15")]), None);
    assert_eq!(
        value_of(&model, "risk", &[], &[("age", "10")]).as_deref(),
        Some("medium")
    );
}

/// An outcome's title is translated by `outcome ID` (the `criteria ID` it took
/// before still works, as the same line); the JSON keeps it under `outcome ID`.
#[test]
fn a_translation_names_an_outcomes_title_as_an_outcome() {
    let protocol = format!(
        "{HEADER}signal a \"A\"\n\
         outcome response \"Response\" {{\n  value low \"Low\"\n  value top \"Top\"\n  set top when a\n  otherwise low\n}}\n\
         track t \"T\" {{\n  when response is top\n  step s \"S\"\n}}\n"
    );
    for line in ["outcome response", "criteria response"] {
        let text = format!("{protocol}translation es \"Español\" {{\n  {line} \"Respuesta\"\n}}\n");
        let model = compile(&text);
        let es = model.translated("es").expect("a Spanish view");
        assert_eq!(es.criteria()[0].title, "Respuesta", "{line}");
        let json = protocolc::emit::json::to_json(&model);
        assert!(
            json.contains("\"outcome response\": \"Respuesta\""),
            "{line}: {json}"
        );
    }
    let both = format!(
        "{protocol}translation es \"Español\" {{\n  outcome response \"Respuesta\"\n  criteria response \"Otra\"\n}}\n"
    );
    let (_, compiled) = protocolc::compile_text("outcomes.protocol", &both);
    assert!(
        compiled
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.message.contains("`outcome response` is translated twice")),
        "{:?}",
        compiled.diagnostics
    );
}
