//! The evaluator on the real Orange County protocol (every combination of its
//! inputs, against the rule as the county states it) and on random valid protocols.

// Test code: a failed unwrap or index is a failed test (clippy.toml allows these
// only inside #[test] functions; helpers here are test code too).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use proptest::prelude::*;
use protocolc::evaluate::{self, Assessment, Observations};
use protocolc::model::{Model, TrackIdx};
use support::{criteria_id, factor_id, signal_id, track_id, RandomProtocol};

const ORANGE_COUNTY: &str = "protocols/orange-county/csec-educators.protocol";

/// Criteria 1: at risk when at least one is present.
const CRITERIA_1: [&str; 3] = [
    "controlled_or_groomed",
    "commercial_sex_contacts",
    "atypical_online_behavior",
];
/// Criteria 2: at risk when at least two are present.
const CRITERIA_2: [&str; 5] = [
    "unstable_housing",
    "justice_involvement",
    "missing_school",
    "relationships_of_concern",
    "substance_use",
];
const SIGNAL: &str = "csec_suspected";

fn orange_county() -> Model {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(ORANGE_COUNTY);
    let text = std::fs::read_to_string(&path).expect("the Orange County protocol is readable");
    let (_, compiled) = protocolc::compile_text(ORANGE_COUNTY, &text);
    assert!(
        compiled.diagnostics.is_empty(),
        "the Orange County protocol should check clean: {:?}",
        compiled.diagnostics
    );
    compiled.model.expect("the Orange County protocol compiles")
}

fn observe(model: &Model, factors: &[&str], signals: &[&str]) -> Observations {
    Observations::from_ids(model, factors.iter().copied(), signals.iter().copied())
        .expect("the ids are the protocol's")
}

fn assess(model: &Model, factors: &[&str], signals: &[&str]) -> Assessment {
    evaluate::assess(model, &observe(model, factors, signals))
}

fn applied(a: &Assessment) -> Vec<&str> {
    a.tracks.iter().map(|t| t.id.as_str()).collect()
}

fn superseded(a: &Assessment) -> Vec<(&str, Vec<&str>)> {
    a.superseded
        .iter()
        .map(|s| (s.id.as_str(), s.by.iter().map(String::as_str).collect()))
        .collect()
}

fn met(a: &Assessment) -> Vec<(&str, bool)> {
    a.criteria.iter().map(|c| (c.id.as_str(), c.met)).collect()
}

#[test]
fn no_factors_no_track() {
    let model = orange_county();
    let a = assess(&model, &[], &[]);
    assert!(a.tracks.is_empty(), "{a:?}");
    assert!(a.superseded.is_empty(), "{a:?}");
    assert!(a.signals.is_empty());
    assert_eq!(met(&a), [("at_risk_1", false), ("at_risk_2", false)]);
    let text = evaluate::explain(&model, &a);
    assert!(text.contains("No track applies"), "{text}");
    assert!(!text.contains("Follow:"), "{text}");
}

#[test]
fn one_criteria_1_factor_is_at_risk() {
    let model = orange_county();
    for factor in CRITERIA_1 {
        let a = assess(&model, &[factor], &[]);
        assert_eq!(applied(&a), ["at_risk"], "{factor}");
        assert!(a.superseded.is_empty(), "{factor}");
        assert_eq!(met(&a), [("at_risk_1", true), ("at_risk_2", false)], "{factor}");
        assert_eq!(a.criteria[0].matched, [factor]);
        assert_eq!(a.criteria[0].threshold, Some(1));
        assert_eq!(a.tracks[0].because, "at_risk_1 or at_risk_2");
    }
}

#[test]
fn one_criteria_2_factor_is_nothing() {
    let model = orange_county();
    for factor in CRITERIA_2 {
        let a = assess(&model, &[factor], &[]);
        assert!(a.tracks.is_empty(), "{factor}: {a:?}");
        assert!(a.superseded.is_empty(), "{factor}");
        assert_eq!(met(&a), [("at_risk_1", false), ("at_risk_2", false)], "{factor}");
        assert_eq!(a.criteria[1].matched, [factor]);
        assert_eq!(a.criteria[1].threshold, Some(2));
    }
}

#[test]
fn two_criteria_2_factors_are_at_risk() {
    let model = orange_county();
    for (i, first) in CRITERIA_2.iter().enumerate() {
        for second in &CRITERIA_2[i + 1..] {
            // The order they are given in does not matter; `matched` is in file order.
            let a = assess(&model, &[second, first], &[]);
            assert_eq!(applied(&a), ["at_risk"], "{first} + {second}");
            assert_eq!(met(&a), [("at_risk_1", false), ("at_risk_2", true)]);
            assert_eq!(a.criteria[1].matched, [*first, *second]);
        }
    }
}

#[test]
fn suspected_alone_and_superseding_at_risk() {
    let model = orange_county();
    let a = assess(&model, &[], &[SIGNAL]);
    assert_eq!(applied(&a), ["suspected"]);
    assert!(a.superseded.is_empty(), "at_risk was not triggered: {a:?}");
    assert_eq!(a.signals, [SIGNAL]);
    assert_eq!(a.tracks[0].because, "csec_suspected");
    assert_eq!(a.tracks[0].steps.len(), 6);

    for factors in [
        &["controlled_or_groomed"][..],
        &["missing_school", "substance_use"][..],
    ] {
        let a = assess(&model, factors, &[SIGNAL]);
        assert_eq!(applied(&a), ["suspected"], "{factors:?}");
        assert_eq!(superseded(&a), [("at_risk", vec!["suspected"])], "{factors:?}");
        let text = evaluate::explain(&model, &a);
        assert!(
            text.contains("Not followed: at_risk (superseded by suspected)"),
            "{text}"
        );
        assert!(!text.contains("Follow: At-Risk"), "{text}");
    }
    // One criteria 2 factor with the signal: at_risk is not triggered, so not superseded either.
    let a = assess(&model, &["missing_school"], &[SIGNAL]);
    assert_eq!(applied(&a), ["suspected"]);
    assert!(a.superseded.is_empty());
}

#[test]
fn explain_mentions_verdicts_and_steps() {
    let model = orange_county();
    let a = assess(&model, &["missing_school", "substance_use"], &[]);
    let text = evaluate::explain(&model, &a);
    assert!(text.starts_with(&model.metadata().title), "{text}");
    assert!(text.contains("[not met] at_risk_1"), "{text}");
    assert!(text.contains("[met]     at_risk_2"), "{text}");
    assert!(
        text.contains(
            "met when at least two of these factors are present; 2 present (missing_school, substance_use)"
        ),
        "{text}"
    );
    assert!(
        text.contains("Follow: At-Risk for CSEC - Recommended Protocol (at_risk)"),
        "{text}"
    );
    assert!(text.contains("because: at_risk_1 or at_risk_2"), "{text}");
    assert!(
        text.contains(
            "1. If at-risk factors are present, submit a mandated report to the County of Orange Child Protective Services (800-207-4464)."
        ),
        "{text}"
    );
    assert!(text.contains("2. Meet with the student"), "{text}");
    assert!(text.contains("3. Set up regular contact"), "{text}");

    let a = assess(&model, &[], &[SIGNAL]);
    let text = evaluate::explain(&model, &a);
    assert!(text.contains("Signals: csec_suspected"), "{text}");
    // The condition is said before the step's text.
    assert!(
        text.contains(
            "4. If appropriate, and in consultation with the student, inform parent/guardian of potential victimization."
        ),
        "{text}"
    );
    for step in &a.tracks[0].steps {
        assert!(text.contains(&step.text), "{} missing from:\n{text}", step.text);
    }
}

/// The rule as the county states it: at-risk iff at least one Criteria 1 factor
/// or at least two Criteria 2 factors; suspected iff CSEC is suspected; when
/// both, only the suspected protocol is followed.
#[test]
fn every_combination_of_inputs_follows_the_county_rule() {
    let model = orange_county();
    let track_id = |t: TrackIdx| model.tracks()[t.0].id.as_str();
    let inputs: Vec<&str> = CRITERIA_1.iter().chain(&CRITERIA_2).copied().collect();
    assert_eq!(inputs.len(), 8);
    assert_eq!(
        model.factors().len(),
        8,
        "the test names every factor of the protocol"
    );
    assert_eq!(model.signals().len(), 1);
    for bits in 0u32..1 << 9 {
        let present: Vec<&str> = (0..8).filter(|i| bits >> i & 1 == 1).map(|i| inputs[i]).collect();
        let suspected = bits >> 8 & 1 == 1;
        let signals: &[&str] = if suspected { &[SIGNAL] } else { &[] };
        let c1 = present.iter().filter(|f| CRITERIA_1.contains(f)).count();
        let c2 = present.iter().filter(|f| CRITERIA_2.contains(f)).count();
        let at_risk = c1 >= 1 || c2 >= 2;

        let (expected_applied, expected_superseded): (Vec<&str>, Vec<(&str, Vec<&str>)>) =
            match (suspected, at_risk) {
                (true, true) => (vec!["suspected"], vec![("at_risk", vec!["suspected"])]),
                (true, false) => (vec!["suspected"], vec![]),
                (false, true) => (vec!["at_risk"], vec![]),
                (false, false) => (vec![], vec![]),
            };

        let observations = observe(&model, &present, signals);
        let decision = evaluate::decide(&model, &observations);
        let case = format!("factors {present:?}, suspected {suspected}");
        assert_eq!(decision.criteria_met, [c1 >= 1, c2 >= 2], "{case}");
        let decided: Vec<&str> = decision.applied.iter().map(|&t| track_id(t)).collect();
        assert_eq!(decided, expected_applied, "{case}");
        let decided_superseded: Vec<(&str, Vec<&str>)> = decision
            .superseded
            .iter()
            .map(|(t, by)| (track_id(*t), by.iter().map(|&b| track_id(b)).collect()))
            .collect();
        assert_eq!(decided_superseded, expected_superseded, "{case}");

        let a = evaluate::assess(&model, &observations);
        assert_eq!(applied(&a), expected_applied, "{case}");
        assert_eq!(superseded(&a), expected_superseded, "{case}");
        assert_eq!(
            met(&a),
            [("at_risk_1", c1 >= 1), ("at_risk_2", c2 >= 2)],
            "{case}"
        );
        assert_eq!(a.criteria[0].matched.len(), c1, "{case}");
        assert_eq!(a.criteria[1].matched.len(), c2, "{case}");
        assert_eq!(a.signals, signals, "{case}");

        let text = evaluate::explain(&model, &a);
        for track in &a.tracks {
            assert!(text.contains(&format!("({})", track.id)), "{case}:\n{text}");
            for step in &track.steps {
                assert!(text.contains(&step.text), "{case}: step missing:\n{text}");
            }
        }
        assert_eq!(text.contains("No track applies"), a.tracks.is_empty(), "{case}");
        assert_eq!(
            text.contains("Not followed: at_risk"),
            suspected && at_risk,
            "{case}"
        );
    }
}

#[test]
fn unknown_ids_are_reported_with_a_suggestion() {
    let model = orange_county();
    let problems = Observations::from_ids(&model, ["missing_schol"], ["csec_suspect"]).unwrap_err();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].contains("did you mean `missing_school`"),
        "{problems:?}"
    );
    assert!(
        problems[1].contains("did you mean `csec_suspected`"),
        "{problems:?}"
    );
    // A signal is not a factor.
    assert!(Observations::from_ids(&model, [SIGNAL], []).is_err());
}

// ------------------------------------------------------------ random protocols ----

/// The generator of large protocols with scales, scored groups with a level only a
/// rule sets, choice questions read by later tracks, select-all questions, factors
/// with `only_when` and times makes clean ones, and
/// the evaluator follows them: the `force` sets the rule-only level, a `minor`
/// answer ends its track, and a later track reads an earlier one's answer.
#[test]
fn generated_rich_protocols_check_clean_and_decide() {
    for (factors, steps) in [(11, 4), (12, 6), (35, 20), (500, 500)] {
        let text = support::rich::generate_rich_protocol(factors, steps);
        let (_, compiled) = protocolc::compile_text("rich.protocol", &text);
        assert!(
            compiled.diagnostics.is_empty(),
            "{factors}+{steps}: {:?}",
            compiled.diagnostics.first()
        );
        if steps >= 20 {
            assert!(text.contains("select_all g0"), "a select-all question");
            assert!(text.contains("only_when age >= 10"), "a factor counting for some");
        }
        let model = compiled.model.unwrap();
        // Besides the factors asked for, each grade of a graded item is a factor.
        let asked = model
            .factors()
            .iter()
            .filter(|f| !f.id.starts_with("care"))
            .count();
        assert_eq!(asked, factors);
    }
    let text = support::rich::generate_rich_protocol(20, 6);
    let (_, compiled) = protocolc::compile_text("rich.protocol", &text);
    let model = compiled.model.unwrap();
    // Group g1 is scored: its factors and the forcing rule's inputs and signal.
    let observed = Observations::from_named(
        &model,
        ["f0_0", "f1_0", "f1_1", "f1_2", "f1_3"],
        [],
        ["sig"],
        [("safety", "very_high"), ("age", "14")],
    )
    .unwrap()
    .with_answers_named(&model, [("q0", "minor"), ("q1", "serious"), ("q2", "serious")])
    .unwrap();
    let assessment = evaluate::assess(&model, &observed);
    let json = serde_json::to_value(&assessment).unwrap();
    let text = json.to_string();
    assert!(
        text.contains("urgent"),
        "the force sets the rule-only level: {text}"
    );
    let said = evaluate::explain(&model, &assessment);
    assert!(said.contains("Nothing more to do in this track"), "{said}");
    assert!(
        said.contains("Track t0 ends here"),
        "q0 was answered minor: {said}"
    );
    assert!(said.contains("t2.s1: done"), "{said}");
}

/// The generator the benchmark uses makes clean protocols of the size asked for.
#[test]
fn generated_protocols_check_clean() {
    for (factors, steps) in [(1, 1), (9, 2), (10, 11), (23, 5), (500, 500)] {
        let text = support::generate_protocol(factors, steps);
        let (_, compiled) = protocolc::compile_text("generated.protocol", &text);
        assert!(
            compiled.diagnostics.is_empty(),
            "{factors}+{steps}: {:?}",
            compiled.diagnostics
        );
        let model = compiled.model.unwrap();
        assert_eq!(model.factors().len(), factors);
        assert_eq!(model.tracks().iter().map(|t| t.steps.len()).sum::<usize>(), steps);
        // Everything observed: the chain decides, and every step names a phone.
        let mut all = Observations::none(&model);
        for f in 0..model.factors().len() {
            all = all.with_factor(protocolc::model::FactorIdx(f));
        }
        all = all.with_signal(protocolc::model::SignalIdx(0));
        let a = evaluate::assess(&model, &all);
        assert!(!a.tracks.is_empty());
        assert_eq!(a.tracks.len() + a.superseded.len(), model.tracks().len());
        for step in a.tracks.iter().flat_map(|t| &t.steps) {
            assert!(step.text.contains("800-555-"), "{}", step.text);
        }
    }
}

/// A random protocol and random observations over it (factors per group, signals).
fn protocol_and_observations() -> impl Strategy<Value = (RandomProtocol, Vec<Vec<bool>>, Vec<bool>)> {
    support::random_protocol().prop_flat_map(|p| {
        let factors: Vec<_> = p
            .criteria
            .iter()
            .map(|&(count, _)| prop::collection::vec(any::<bool>(), count))
            .collect();
        let signals = prop::collection::vec(any::<bool>(), p.signals);
        (Just(p), factors, signals)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_protocols_assess_consistently((p, present, signals) in protocol_and_observations()) {
        let text = p.text();
        let (_, compiled) = protocolc::compile_text("random.protocol", &text);
        let errors: Vec<_> = compiled.diagnostics.iter().filter(|d| d.is_error()).collect();
        prop_assert!(errors.is_empty(), "a valid protocol was rejected: {errors:?}\n{text}");
        let model = compiled.model.expect("no errors, so a model");

        // The precedence is the generator's total order (consecutive tracks are linked).
        let order: Vec<String> = p.order.iter().map(|&t| track_id(t)).collect();
        let model_order: Vec<&str> = model.precedence().iter().map(|t| model.tracks()[t.0].id.as_str()).collect();
        prop_assert_eq!(&model_order, &order);

        let factor_ids: Vec<String> = present
            .iter()
            .enumerate()
            .flat_map(|(c, fs)| fs.iter().enumerate().filter(|(_, &on)| on).map(move |(i, _)| factor_id(c, i)))
            .collect();
        let signal_ids: Vec<String> = (0..p.signals).filter(|&s| signals[s]).map(signal_id).collect();
        let observations = Observations::from_ids(
            &model,
            factor_ids.iter().map(String::as_str),
            signal_ids.iter().map(String::as_str),
        )
        .expect("generated ids");
        let a = evaluate::assess(&model, &observations);

        // Each criteria verdict is (matched count ≥ threshold), and matches the generator's.
        prop_assert_eq!(a.criteria.len(), p.criteria.len());
        let mut met = Vec::new();
        for (c, verdict) in a.criteria.iter().enumerate() {
            let (_, threshold) = p.criteria[c];
            let expected: Vec<String> = present[c]
                .iter()
                .enumerate()
                .filter(|(_, &on)| on)
                .map(|(i, _)| factor_id(c, i))
                .collect();
            prop_assert_eq!(&verdict.id, &criteria_id(c));
            prop_assert_eq!(verdict.threshold.map(|t| t as usize), Some(threshold));
            prop_assert_eq!(&verdict.matched, &expected);
            prop_assert_eq!(verdict.met, verdict.matched.len() >= threshold);
            met.push(verdict.met);
        }
        prop_assert_eq!(&a.signals, &signal_ids);

        // Applied tracks come in the model's precedence order.
        let position = |id: &str| order.iter().position(|o| o == id).expect("a known track");
        let applied: Vec<usize> = a.tracks.iter().map(|t| position(&t.id)).collect();
        prop_assert!(applied.windows(2).all(|w| w[0] < w[1]), "not in precedence order: {applied:?}");

        // Never a track and one that supersedes it.
        let index = |id: &str| (0..p.tracks.len()).find(|&t| track_id(t) == id).expect("a known track");
        let applied_tracks: Vec<usize> = a.tracks.iter().map(|t| index(&t.id)).collect();
        for &x in &applied_tracks {
            for &y in &applied_tracks {
                prop_assert!(!p.supersedes(x, y), "{} and {} both applied, but the first supersedes the second", track_id(x), track_id(y));
            }
        }

        // Every triggered track is applied or superseded, by triggered tracks that supersede it.
        let triggered: Vec<usize> = (0..p.tracks.len()).filter(|&t| p.tracks[t].when.holds(&met, &signals)).collect();
        let mut accounted: Vec<usize> = applied_tracks.clone();
        for s in &a.superseded {
            let t = index(&s.id);
            prop_assert!(!s.by.is_empty());
            for b in &s.by {
                let b = index(b);
                prop_assert!(triggered.contains(&b), "superseded by an untriggered track");
                prop_assert!(p.supersedes(b, t));
            }
            accounted.push(t);
        }
        accounted.sort_unstable();
        prop_assert_eq!(accounted, triggered.clone());
        // A triggered track that no triggered track supersedes is applied.
        for &t in &triggered {
            let superseded = triggered.iter().any(|&u| u != t && p.supersedes(u, t));
            prop_assert_eq!(applied_tracks.contains(&t), !superseded, "track {}", track_id(t));
        }

        // The decision and the assessment agree.
        let decision = evaluate::decide(&model, &observations);
        prop_assert_eq!(&decision.criteria_met, &met);
        let decided: Vec<&str> = decision.applied.iter().map(|t| model.tracks()[t.0].id.as_str()).collect();
        let assessed: Vec<&str> = a.tracks.iter().map(|t| t.id.as_str()).collect();
        prop_assert_eq!(decided, assessed);
    }
}

const BRANCHING: &str = "tests/cases/ok/branching/input.protocol";

/// The branching case walked with these signals and answers: each step on the
/// path as `track.step:what`, then how the walk ended.
fn walk(signals: &[&str], answers: &[(&str, &str)]) -> String {
    let text = std::fs::read_to_string(BRANCHING).unwrap();
    let (_, compiled) = protocolc::compile_text(BRANCHING, &text);
    let model = compiled.model.expect("the branching case compiles");
    let observations = observe(&model, &[], signals)
        .with_answers_named(&model, answers.iter().copied())
        .unwrap();
    let a = evaluate::assess(&model, &observations);
    let mut line: Vec<String> = a
        .path
        .iter()
        .map(|p| match &p.answer {
            Some(answer) => format!("{}.{}:{answer}", p.track, p.step),
            None => format!("{}.{}:{}", p.track, p.step, p.what),
        })
        .collect();
    line.push(match a.end {
        evaluate::WalkEndText::Finished => "finished".to_string(),
        evaluate::WalkEndText::Ended { step, .. } => format!("ended at {step}"),
        evaluate::WalkEndText::Waiting {
            question, unclear, ..
        } => {
            format!(
                "waiting for {question}{}",
                if unclear { " (unclear)" } else { "" }
            )
        }
    });
    line.join(" ")
}

#[test]
fn a_walk_waits_at_a_question_nobody_answered() {
    assert_eq!(
        walk(&["concern_raised"], &[]),
        "triage.stay:done waiting for plan"
    );
}

#[test]
fn an_unclear_answer_takes_its_unclear_counts_as_route_or_waits() {
    assert_eq!(
        walk(&["concern_raised"], &[("plan", "unclear")]),
        "triage.stay:done triage.plan:unclear triage.emergency:done ended at emergency"
    );
    assert_eq!(
        walk(&["concern_raised"], &[("plan", "no"), ("weapon", "unclear")]),
        "triage.stay:done triage.plan:no waiting for weapon (unclear)"
    );
}

#[test]
fn skip_when_passes_a_step_over_and_an_end_route_ends_the_protocol() {
    assert_eq!(
        walk(
            &["concern_raised", "adult_student"],
            &[("plan", "no"), ("weapon", "no"), ("calm", "yes")]
        ),
        "triage.stay:done triage.plan:no triage.weapon:no triage.counselor:skipped triage.calm:yes ended at calm"
    );
}

#[test]
fn a_track_route_leaves_the_track_and_a_track_is_walked_once() {
    // `weapon yes` continues with `threat`; `threat` also applies on its own, and is not walked twice.
    assert_eq!(
        walk(
            &["concern_raised", "threat_made"],
            &[("plan", "no"), ("weapon", "yes")]
        ),
        "triage.stay:done triage.plan:no triage.weapon:yes threat.assess:done finished"
    );
}

#[test]
fn an_end_stops_every_track_still_to_come() {
    assert_eq!(
        walk(&["concern_raised", "threat_made"], &[("plan", "yes")]),
        "triage.stay:done triage.plan:yes triage.emergency:done ended at emergency"
    );
}

#[test]
fn the_deadline_that_holds_is_the_first_conditional_one_else_the_plain_one() {
    let text = std::fs::read_to_string(BRANCHING).unwrap();
    let (_, compiled) = protocolc::compile_text(BRANCHING, &text);
    let model = compiled.model.unwrap();
    let deadline = |signals: &[&str]| {
        let o = observe(&model, &[], signals)
            .with_answers_named(&model, [("plan", "no"), ("weapon", "no")])
            .unwrap();
        let a = evaluate::assess(&model, &o);
        a.path
            .iter()
            .find(|p| p.step == "counselor")
            .unwrap()
            .deadline
            .clone()
    };
    assert_eq!(
        deadline(&["concern_raised", "high_risk"]).as_deref(),
        Some("immediately")
    );
    assert_eq!(deadline(&["concern_raised"]).as_deref(), Some("within 24 hours"));
}

const ANSWERS: &str = "tests/cases/ok/answers_in_conditions/input.protocol";

/// The answers case assessed with `concern` and these answers.
fn assess_answers(answers: &[(&str, &str)]) -> (Model, Assessment) {
    let text = std::fs::read_to_string(ANSWERS).unwrap();
    let (_, compiled) = protocolc::compile_text(ANSWERS, &text);
    let model = compiled.model.expect("the answers case compiles");
    let o = observe(&model, &[], &["concern"])
        .with_answers_named(&model, answers.iter().copied())
        .unwrap();
    let a = evaluate::assess(&model, &o);
    (model, a)
}

#[test]
fn answers_are_read_by_tracks_skips_deadlines_groups_and_factors() {
    // Unanswered: every answer test is false, so `secure` and `plan` do not apply
    // (`plan` reads a group that applies only when `weapon` was answered no).
    let (_, a) = assess_answers(&[]);
    assert_eq!(applied(&a), ["triage"]);
    // A yes to `weapon` makes `secure` apply, ranked above `triage`.
    let (_, a) = assess_answers(&[("threat", "yes"), ("weapon", "yes")]);
    assert_eq!(applied(&a), ["secure", "triage"]);
    // "unclear" reads as yes where `unclear_counts_as yes`: the derived factor counts,
    // the deadline for a threat holds.
    let (_, a) = assess_answers(&[("threat", "unclear"), ("weapon", "no")]);
    assert_eq!(applied(&a), ["triage", "plan"]);
    assert!(met(&a).contains(&("follow_up", true)));
    let note = a.path.iter().find(|p| p.step == "note").unwrap();
    assert_eq!(note.deadline.as_deref(), Some("immediately"));
    // `threat is no` skips the weapon question; its answer, given anyway, still counts.
    let (_, a) = assess_answers(&[("threat", "no"), ("weapon", "no")]);
    assert_eq!(applied(&a), ["triage"]);
    assert_eq!(
        a.path.iter().find(|p| p.step == "weapon").unwrap().what,
        "skipped"
    );
    assert!(met(&a).contains(&("follow_up", false)));
}

#[test]
fn a_track_reached_only_by_a_route_is_walked_but_not_applied() {
    // `weapon yes` routes to `threat`, whose own `when` (threat_made) does not hold:
    // its steps are on the path, but it is not among the tracks that apply.
    let text = std::fs::read_to_string(BRANCHING).unwrap();
    let (_, compiled) = protocolc::compile_text(BRANCHING, &text);
    let model = compiled.model.unwrap();
    let o = observe(&model, &[], &["concern_raised"])
        .with_answers_named(&model, [("plan", "no"), ("weapon", "yes")])
        .unwrap();
    let a = evaluate::assess(&model, &o);
    assert_eq!(applied(&a), ["triage"]);
    assert!(a.path.iter().any(|p| p.track == "threat" && p.step == "assess"));
}

const GUARDS: &str = "tests/cases/ok/only_when_and_track_ends/input.protocol";

/// The guards case walked with these signals and answers, as [`walk`] writes it.
fn walk_guards(signals: &[&str], answers: &[(&str, &str)]) -> String {
    let text = std::fs::read_to_string(GUARDS).unwrap();
    let (_, compiled) = protocolc::compile_text(GUARDS, &text);
    let model = compiled.model.expect("the guards case compiles");
    let o = observe(&model, &[], signals)
        .with_answers_named(&model, answers.iter().copied())
        .unwrap();
    let a = evaluate::assess(&model, &o);
    let mut line: Vec<String> = a
        .path
        .iter()
        .map(|p| {
            let ended = p
                .track_ended
                .as_ref()
                .map_or(String::new(), |o| format!(" [track ends: {o}]"));
            format!(
                "{}.{}:{}{ended}",
                p.track,
                p.step,
                p.answer.as_deref().unwrap_or(p.what)
            )
        })
        .collect();
    line.push(match a.end {
        evaluate::WalkEndText::Finished => "finished".to_string(),
        evaluate::WalkEndText::Ended { step, .. } => format!("ended at {step}"),
        evaluate::WalkEndText::Waiting { question, .. } => format!("waiting for {question}"),
    });
    line.join(" ")
}

#[test]
fn only_when_takes_a_step_only_when_it_holds() {
    assert_eq!(
        walk_guards(&["concern", "under_13"], &[("safe", "no")]),
        "triage.parents:done triage.safe:no triage.counselor:done [track ends: The counselor takes over] finished"
    );
    // Not under 13: the parents step is passed over (never printed "skip when not …").
    assert_eq!(
        walk_guards(&["concern"], &[("safe", "no")]),
        "triage.parents:skipped triage.safe:no triage.counselor:done [track ends: The counselor takes over] finished"
    );
}

#[test]
fn end_track_ends_one_track_and_end_ends_the_protocol() {
    // A route's `end track`: the next applied track is walked.
    assert_eq!(
        walk_guards(&["concern", "harm"], &[("safe", "yes"), ("weapon", "no")]),
        "triage.parents:skipped triage.safe:yes [track ends: The student goes home with a check-in plan] \
         threat.weapon:no threat.assess:done finished"
    );
    // A plain `end` still ends everything.
    assert_eq!(
        walk_guards(&["concern", "harm"], &[("safe", "yes"), ("weapon", "yes")]),
        "triage.parents:skipped triage.safe:yes [track ends: The student goes home with a check-in plan] \
         threat.weapon:yes ended at weapon"
    );
}

// ------------------------------------------------ inputs and scored groups ----

const SCORED: &str = "tests/cases/ok/scored_criteria/input.protocol";
const INPUTS: &str = "tests/cases/ok/inputs_and_comparisons/input.protocol";

fn case_model(path: &str) -> Model {
    let text = std::fs::read_to_string(path).unwrap();
    let (_, compiled) = protocolc::compile_text(path, &text);
    compiled.model.expect("the case compiles")
}

/// Assesses `yes` and `possible` answers, signals and values; returns the assessment.
fn score(
    model: &Model,
    yes: &[&str],
    possible: &[&str],
    signals: &[&str],
    values: &[(&str, u32)],
) -> Assessment {
    let observations = Observations::from_named(
        model,
        yes.iter().copied(),
        possible.iter().copied(),
        signals.iter().copied(),
        values
            .iter()
            .map(|(id, v)| (*id, v.to_string()))
            .collect::<Vec<_>>()
            .iter()
            .map(|(id, v)| (*id, v.as_str())),
    )
    .unwrap();
    evaluate::assess(model, &observations)
}

/// A group's total and level (`-` for none).
fn total_and_level(a: &Assessment, group: &str) -> (u32, String) {
    let v = a.criteria.iter().find(|c| c.id == group).unwrap();
    (
        v.total.unwrap_or_else(|| panic!("{group} does not apply")),
        v.level.clone().unwrap_or_else(|| "-".to_string()),
    )
}

#[test]
fn points_add_up_and_the_total_falls_into_a_level() {
    let m = case_model(SCORED);
    let at =
        |yes: &[&str], possible: &[&str]| total_and_level(&score(&m, yes, possible, &[], &[]), "screening");
    assert_eq!(at(&[], &[]), (0, "low".into()));
    assert_eq!(at(&["older_partner"], &[]), (2, "low".into()));
    // `possible 1` on the factor: a possible adds 1, not its 3 points.
    assert_eq!(at(&["older_partner"], &["controlled"]), (3, "medium".into()));
    assert_eq!(at(&["older_partner", "controlled"], &[]), (5, "medium".into()));
    // `possible_counts_as yes` and no `possible N`: a possible adds the full 2 points.
    assert_eq!(at(&["controlled"], &["older_partner"]), (5, "medium".into()));
    assert_eq!(
        at(&["older_partner", "controlled", "exchange"], &[]),
        (8, "high".into())
    );
}

#[test]
fn alone_floor_and_force_move_the_level_whatever_the_total() {
    let m = case_model(SCORED);
    // Trading sex alone: 3 points (medium), raised to high by `alone high`.
    let a = score(&m, &["exchange"], &[], &[], &[]);
    assert_eq!(total_and_level(&a, "screening"), (3, "high".into()));
    assert!(
        a.criteria[0].because.iter().any(|b| b.contains("alone")),
        "{:?}",
        a.criteria[0].because
    );
    // Under 13 with nothing ticked: the floor lifts low to medium; 13 is not under 13.
    assert_eq!(
        total_and_level(&score(&m, &[], &[], &[], &[("age", 12)]), "screening"),
        (0, "medium".into())
    );
    assert_eq!(
        total_and_level(&score(&m, &[], &[], &[], &[("age", 13)]), "screening"),
        (0, "low".into())
    );
    // A disclosure forces high, and the force is said in the explanation.
    let a = score(&m, &[], &[], &["disclosure"], &[("age", 12)]);
    assert_eq!(total_and_level(&a, "screening"), (0, "high".into()));
    assert!(a.criteria[0].because.iter().any(|b| b.contains("forced to high")));
    assert_eq!(applied(&a), vec!["report"]);
}

#[test]
fn a_factor_worked_out_from_an_input_follows_the_input_not_a_tick() {
    let m = case_model(SCORED);
    let at = |values: &[(&str, u32)]| {
        total_and_level(&score(&m, &["older_partner"], &[], &[], values), "screening")
    };
    assert_eq!(at(&[("times_missing", 5)]), (4, "medium".into()));
    assert_eq!(at(&[("times_missing", 4)]), (2, "low".into()));
    // No value: the comparison is false, so the factor is not present.
    assert_eq!(at(&[]), (2, "low".into()));
    // Staff cannot tick it.
    let err = Observations::from_named(&m, ["frequent_missing"], [], [], []).unwrap_err();
    assert!(err[0].contains("worked out"), "{err:?}");
}

#[test]
fn a_group_for_an_age_band_is_not_met_outside_it_or_without_an_age() {
    let m = case_model(INPUTS);
    let met_online = |yes: &[&str], values: &[(&str, u32)]| {
        let a = score(&m, yes, &[], &[], values);
        let v = a.criteria.iter().find(|c| c.id == "online_risk").unwrap().clone();
        (
            v.met,
            v.applies,
            applied(&a).iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        met_online(&["pressured", "withdrawn"], &[("age", 14)]),
        (true, true, vec!["online".to_string()])
    );
    assert_eq!(
        met_online(&["pressured", "withdrawn"], &[("age", 10)]),
        (false, false, vec!["young".to_string()])
    );
    assert_eq!(
        met_online(&["pressured", "withdrawn"], &[("age", 19)]),
        (false, false, vec![])
    );
    assert_eq!(
        met_online(&["pressured", "withdrawn"], &[]),
        (false, false, vec![])
    );
    // "Any one of these alone is enough".
    assert_eq!(
        met_online(&["threatened"], &[("age", 11)]),
        (true, true, vec!["online".to_string()])
    );
    // One short of the threshold.
    assert_eq!(met_online(&["pressured"], &[("age", 18)]), (false, true, vec![]));
}

#[test]
fn values_outside_an_inputs_range_and_unknown_inputs_are_refused() {
    let m = case_model(INPUTS);
    let err = Observations::from_named(&m, [], [], [], [("age", "40")]).unwrap_err();
    assert!(err[0].contains("goes from 5 to 22"), "{err:?}");
    let err = Observations::from_named(&m, [], [], [], [("aeg", "12")]).unwrap_err();
    assert!(err[0].contains("did you mean `age`"), "{err:?}");
}

#[test]
fn explain_shows_each_answers_points_and_the_rules_that_moved_the_level() {
    let m = case_model(SCORED);
    let a = score(
        &m,
        &["older_partner"],
        &["controlled"],
        &[],
        &[("age", 12), ("times_missing", 6)],
    );
    let text = evaluate::explain(&m, &a);
    for expected in [
        "total 5, level Medium concern",
        "older_partner yes: 2 points",
        "controlled possible: 1 point",
        "frequent_missing yes (worked out: times_missing > 4): 2 points",
        "at least medium because age < 13",
        "Values: age = 12, times_missing = 6",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn a_scale_is_given_by_name_compared_in_its_order_and_explained_by_name() {
    let m = case_model("protocols/examples/home-safety-scale/home-safety-check.protocol");
    let assessed = |value: &str| {
        let o = Observations::from_named(&m, [], [], ["worry"], [("home_safety", value)]).unwrap();
        evaluate::assess(&m, &o)
    };
    // `<= low` holds for the two lowest values, `is moderate` for one, `at_least high` for the top.
    let tracks = |value: &str| {
        applied(&assessed(value))
            .iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(tracks("very_low"), ["danger"]);
    assert_eq!(tracks("low"), ["danger"]);
    assert_eq!(tracks("moderate"), ["support"]);
    assert_eq!(tracks("high"), ["watch"]);
    // The assessment and its explanation give the value by name (and title).
    let a = assessed("low");
    assert_eq!(
        serde_json::to_value(&a.values).unwrap(),
        serde_json::json!({ "home_safety": "low" })
    );
    let text = evaluate::explain(&m, &a);
    assert!(text.contains("Values: home_safety = low (Low)"), "{text}");
    assert!(text.contains("set serious because home_safety <= low"), "{text}");
    assert!(text.contains("because: worry and concern is serious"), "{text}");
    // A misspelt value, and a number, are refused with the scale's names.
    let err = Observations::from_named(&m, [], [], [], [("home_safety", "hihg")]).unwrap_err();
    assert_eq!(
        err,
        ["scale `home_safety` has no value `hihg`; did you mean `high`?"]
    );
    let err = Observations::from_named(&m, [], [], [], [("home_safety", "2")]).unwrap_err();
    assert!(
        err[0].contains("its values are `very_low`, `low`, `moderate`, `high`"),
        "{err:?}"
    );
}
