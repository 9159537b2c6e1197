//! Running a protocol's scenarios: each one's observations assessed by the
//! evaluator, and every expectation that does not hold reported as a diagnostic
//! at its `expect` line, with what the protocol actually decided and why.

use crate::diagnostic::{Code, Diagnostic};
use crate::evaluate::{self, Decision, FactorAnswer, Observations};
use crate::model::{Expectation, Model, Scenario, Threshold, TrackIdx};

/// A scenario's observations and what the protocol decided.
pub struct Run {
    pub observations: Observations,
    pub decision: Decision,
    /// The walk through the applied tracks' steps.
    pub walk: evaluate::Walk,
}

/// The observations a scenario's `given` describes.
pub fn observations(model: &Model, scenario: &Scenario) -> Observations {
    let mut observations = Observations::none(model);
    for f in &scenario.factors {
        observations = observations.with_factor(*f);
    }
    for f in &scenario.possible {
        observations = observations.with_factor_answer(*f, FactorAnswer::Possible);
    }
    for s in &scenario.signals {
        observations = observations.with_signal(*s);
    }
    for (q, a) in &scenario.answers {
        observations = observations.with_answer(*q, *a);
    }
    for (input, value) in &scenario.values {
        observations = observations.with_value(*input, *value);
    }
    observations
}

pub fn run(model: &Model, scenario: &Scenario) -> Run {
    let observations = observations(model, scenario);
    let decision = evaluate::decide(model, &observations);
    let walk = decision.walk(model, &observations);
    Run {
        observations,
        decision,
        walk,
    }
}

fn track_names(model: &Model, tracks: &[TrackIdx]) -> String {
    if tracks.is_empty() {
        return "no track".to_string();
    }
    tracks
        .iter()
        .filter_map(|t| model.track_by(*t))
        .map(|t| format!("`{}`", t.id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every expectation of `scenario` that does not hold, as an error at its line.
pub fn failures(model: &Model, scenario: &Scenario) -> Vec<Diagnostic> {
    let run = run(model, scenario);
    let applied = &run.decision.applied;
    let mut out = Vec::new();
    for (expectation, at) in &scenario.expectations {
        let problem = match expectation {
            Expectation::Nothing if !applied.is_empty() => Some(format!(
                "expected no track, but {} applies",
                track_names(model, applied)
            )),
            Expectation::Tracks(tracks) if tracks != applied => {
                let mut expected = tracks.clone();
                expected.sort_by_key(|t| model.precedence.iter().position(|p| p == t));
                if &expected == applied {
                    None
                } else {
                    Some(format!(
                        "expected {} to apply, but {} applies",
                        track_names(model, tracks),
                        track_names(model, applied)
                    ))
                }
            }
            Expectation::NotTracks(tracks) => {
                let wrong: Vec<TrackIdx> = tracks.iter().copied().filter(|t| applied.contains(t)).collect();
                (!wrong.is_empty()).then(|| {
                    format!(
                        "expected {} not to apply, but it does",
                        track_names(model, &wrong)
                    )
                })
            }
            Expectation::Met(groups) => {
                let wrong: Vec<String> = groups
                    .iter()
                    .filter(|c| !run.decision.criteria_met.get(c.0).copied().unwrap_or(false))
                    .filter_map(|c| model.criteria_by(*c))
                    .map(|c| format!("`{}`", c.id))
                    .collect();
                (!wrong.is_empty()).then(|| format!("expected {} to be met, but it is not", wrong.join(", ")))
            }
            Expectation::NotMet(groups) => {
                let wrong: Vec<String> = groups
                    .iter()
                    .filter(|c| run.decision.criteria_met.get(c.0).copied().unwrap_or(false))
                    .filter_map(|c| model.criteria_by(*c))
                    .map(|c| format!("`{}`", c.id))
                    .collect();
                (!wrong.is_empty()).then(|| format!("expected {} not to be met, but it is", wrong.join(", ")))
            }
            Expectation::Level(group, level) => {
                let actual = run.decision.levels.get(group.0).copied().flatten();
                let name = |l| {
                    model
                        .criteria_by(*group)
                        .and_then(|c| c.level_by(l))
                        .map_or("?".to_string(), |l| format!("`{}`", l.id))
                };
                (actual != Some(*level)).then(|| {
                    format!(
                        "expected `{}` at level {}, but it is {}",
                        model.criteria_by(*group).map_or("?", |c| c.id.as_str()),
                        name(*level),
                        actual.map_or("at no level".to_string(), |l| format!("at level {}", name(l)))
                    )
                })
            }
            Expectation::Steps(ids) => {
                let wrong: Vec<String> = ids
                    .iter()
                    .filter(|id| !run.walk.passes(model, id))
                    .map(|id| format!("`{id}`"))
                    .collect();
                (!wrong.is_empty())
                    .then(|| format!("expected {} on the path, but it is not", wrong.join(", ")))
            }
            Expectation::NotSteps(ids) => {
                let wrong: Vec<String> = ids
                    .iter()
                    .filter(|id| run.walk.passes(model, id))
                    .map(|id| format!("`{id}`"))
                    .collect();
                (!wrong.is_empty())
                    .then(|| format!("expected {} not on the path, but it is", wrong.join(", ")))
            }
            Expectation::End if !matches!(run.walk.end, evaluate::WalkEnd::Ended(_)) => {
                Some("expected the protocol to end at an `end`, but it does not".to_string())
            }
            _ => None,
        };
        if let Some(problem) = problem {
            out.push(
                Diagnostic::error(
                    Code::ScenarioFailed,
                    format!("scenario `{}` fails: {problem}", scenario.id),
                )
                .at(at.0, "this expectation does not hold")
                .also(scenario.at.0, scenario.title.clone())
                .help(why(model, &run)),
            );
        }
    }
    out
}

/// What the protocol decided for a run, in words: each criteria group's count
/// against its threshold, and the tracks.
fn why(model: &Model, run: &Run) -> String {
    let mut parts = Vec::new();
    for (i, c) in model.criteria.iter().enumerate() {
        let total = run.decision.totals.get(i).copied().unwrap_or(0);
        let met = if run.decision.criteria_met.get(i).copied().unwrap_or(false) {
            "met"
        } else {
            "not met"
        };
        let applies = run.decision.applies.get(i).copied().unwrap_or(true);
        let level = run
            .decision
            .levels
            .get(i)
            .copied()
            .flatten()
            .and_then(|l| c.level_by(l));
        parts.push(match (c.threshold, applies) {
            (_, false) => format!("`{}` does not apply: {met}", c.id),
            (Threshold::AtLeast(n), true) => format!("`{}` needs at least {n} and has {total}: {met}", c.id),
            (Threshold::AtLeastLevel(needed), true) => format!(
                "`{}` totals {total}, level {} (needs {}): {met}",
                c.id,
                level.map_or("none".to_string(), |l| format!("`{}`", l.id)),
                c.level_by(needed).map_or("?", |l| l.id.as_str())
            ),
        });
    }
    let assessment = evaluate::assess(model, &run.observations);
    let superseded: Vec<String> = assessment
        .superseded
        .iter()
        .map(|s| format!("`{}` (superseded by {})", s.id, s.by.join(", ")))
        .collect();
    let mut text = format!("the protocol decided: {}", parts.join("; "));
    text.push_str(&format!(
        "; so {} applies",
        track_names(model, &run.decision.applied)
    ));
    if !superseded.is_empty() {
        text.push_str(&format!(", and {} does not", superseded.join(", ")));
    }
    if !assessment.path.is_empty() {
        let path: Vec<String> = assessment
            .path
            .iter()
            .map(|p| match (&p.answer, p.what) {
                (Some(a), _) => format!("`{}` ({a})", p.step),
                (None, "skipped") => format!("`{}` (skipped)", p.step),
                _ => format!("`{}`", p.step),
            })
            .collect();
        text.push_str(&format!("; the path: {}", path.join(", ")));
    }
    match &assessment.end {
        evaluate::WalkEndText::Finished => {}
        evaluate::WalkEndText::Ended { step, .. } => text.push_str(&format!(", where it ends (at `{step}`)")),
        evaluate::WalkEndText::Waiting { question, .. } => {
            // An example answer: `yes`, or the first choice of a question answered by picking one.
            let example = model
                .question_named(question)
                .and_then(|q| model.question_by(q))
                .and_then(|q| q.choices().first())
                .map_or("yes", |c| c.id.as_str());
            text.push_str(&format!(
                ", then it waits for an answer to `{question}` (`answer {question} {example}`)"
            ))
        }
    }
    text
}

/// Every failure of every scenario of a model.
pub fn run_all(model: &Model) -> Vec<Diagnostic> {
    model.scenarios.iter().flat_map(|s| failures(model, s)).collect()
}
