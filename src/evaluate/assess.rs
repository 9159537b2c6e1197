//! [`assess`]: the decision and the walk with every verdict, track and step
//! spelled out (ids, titles, texts, and each group's reasons in words), as
//! `protocolc eval` prints it and its `--json` serializes it.

use super::decide::{answer_of, applicable, counts_as_present, given_answer, Known};
use super::{decide, Decision, FactorAnswer, Observations, Visit, Walk, WalkEnd};
use crate::model::{
    Alone, Answer, Criteria, CriteriaIdx, LevelIdx, Model, Route, SignalIdx, Step, StepRef, Threshold,
    TrackIdx,
};
use serde::Serialize;

/// The result of assessing one student's observations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// Each criteria group's verdict, in file order.
    pub criteria: Vec<CriteriaVerdict>,
    /// Each input's value by its id (a scale's by its value's id; `null` when not given).
    pub values: std::collections::BTreeMap<String, Option<crate::model::InputValue>>,
    /// Signals judged true, in file order.
    pub signals: Vec<String>,
    /// Tracks to follow, highest precedence first, each with its steps.
    pub tracks: Vec<AppliedTrack>,
    /// Tracks whose trigger held but that a higher track supersedes.
    pub superseded: Vec<SupersededTrack>,
    /// The walk through the applied tracks' steps: every step and question passed, in order.
    pub path: Vec<PathEntry>,
    /// How the walk ended.
    pub end: WalkEndText,
}

/// One step or question of the walk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PathEntry {
    pub track: String,
    pub step: String,
    /// `done`, `skipped` (its `skip_when` held, or its `only_when` did not) or `answered`.
    pub what: &'static str,
    /// The question's answer, for `answered`.
    pub answer: Option<String>,
    /// The time limit that holds, for a step done.
    pub deadline: Option<String>,
    /// The step's text, with contact fields filled in.
    pub text: String,
    /// The outcome of an `end track` taken here (the step's, or its answer's route):
    /// the walk through this track ended, and the next applied track follows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub track_ended: Option<String>,
}

/// How a walk ended, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WalkEndText {
    /// Every applied track was followed to its last step.
    Finished,
    /// An `end` was reached: the protocol ends with this outcome; no further track is followed.
    Ended {
        track: String,
        step: String,
        outcome: String,
    },
    /// The walk waits for an answer to this question (none given, or "unclear"
    /// where the question has no `unclear_counts_as`).
    Waiting {
        track: String,
        question: String,
        unclear: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CriteriaVerdict {
    pub id: String,
    pub met: bool,
    /// How many factors meet a count group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u32>,
    /// False when the group's `applies_when` does not hold for this student.
    pub applies: bool,
    /// Points (scored group) or factors counted (count group); absent (`None`) when
    /// the group does not apply, since then nothing about it counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u32>,
    /// A scored group's level, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The factors of this group answered yes (or worked out true), in file order.
    pub matched: Vec<String>,
    /// The factors answered "possible".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub possible: Vec<String>,
    /// The factors whose `only_when` does not hold, answered or not: they count nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_applicable: Vec<String>,
    /// How the total became the verdict, in words: each factor's points, and the
    /// rules (`alone`, `floor`, `force`, `applies_when`) that set the level.
    pub because: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AppliedTrack {
    pub id: String,
    pub title: String,
    /// The trigger as written, e.g. `at_risk_1 or at_risk_2`.
    pub because: String,
    pub steps: Vec<AppliedStep>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AppliedStep {
    pub id: String,
    pub condition: Option<String>,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SupersededTrack {
    pub id: String,
    /// The applied tracks that supersede it.
    pub by: Vec<String>,
}

/// Assesses observations: the decision with every verdict, track and step spelled out.
pub fn assess(model: &Model, observations: &Observations) -> Assessment {
    let decision = decide(model, observations);
    let criteria = model
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| verdict(model, observations, &decision, CriteriaIdx(i), c))
        .collect();
    let signals = model
        .signals
        .iter()
        .enumerate()
        .filter(|(i, _)| observations.has_signal(SignalIdx(*i)))
        .map(|(_, s)| s.id.clone())
        .collect();
    let track_id = |t: TrackIdx| model.track_by(t).map_or(String::new(), |t| t.id.clone());
    let tracks = decision
        .applied
        .iter()
        .filter_map(|&t| model.track_by(t))
        .map(|t| AppliedTrack {
            id: t.id.clone(),
            title: t.title.clone(),
            because: t.trigger.source_text(model),
            steps: t.steps.iter().map(applied_step).collect(),
        })
        .collect();
    let superseded = decision
        .superseded
        .iter()
        .map(|(t, by)| SupersededTrack {
            id: track_id(*t),
            by: by.iter().map(|b| track_id(*b)).collect(),
        })
        .collect();
    let name = |at: StepRef| {
        let track = model.track_by(at.track);
        (
            track.map_or(String::new(), |t| t.id.clone()),
            model.step_by(at).map_or(String::new(), |s| s.id.clone()),
        )
    };
    let walk = decision.walk(model, observations);
    let path = walk
        .path
        .iter()
        .filter_map(|(at, visit)| {
            let step = model.step_by(*at)?;
            let (track, id) = name(*at);
            Some(PathEntry {
                track,
                step: id,
                what: match visit {
                    Visit::Done { .. } => "done",
                    Visit::Skipped => "skipped",
                    Visit::Answered(_) => "answered",
                },
                answer: match visit {
                    Visit::Answered(a) => step.question.as_ref().map(|q| q.word(*a).to_string()),
                    _ => None,
                },
                deadline: match visit {
                    Visit::Done { deadline: Some(d) } => step.deadlines_when.get(*d).map(|d| d.text.clone()),
                    Visit::Done { deadline: None } => step.deadline.clone(),
                    _ => None,
                },
                text: step.text.text.clone(),
                track_ended: track_ended(step, *visit),
            })
        })
        .collect();
    let end = match walk.end {
        WalkEnd::Finished => WalkEndText::Finished,
        WalkEnd::Ended(at) => {
            let (track, step) = name(at);
            WalkEndText::Ended {
                track,
                step,
                outcome: outcome(model, &walk, at).unwrap_or_default(),
            }
        }
        WalkEnd::Waiting(at) => {
            let (track, question) = name(at);
            WalkEndText::Waiting {
                track,
                question,
                unclear: model
                    .question_at(at)
                    .is_some_and(|q| observations.answer(q) == Some(Answer::Unclear)),
            }
        }
    };
    Assessment {
        criteria,
        values: model
            .inputs
            .iter()
            .zip(&observations.inputs)
            .map(|(input, value)| {
                (
                    input.id.clone(),
                    value.map(|v| crate::model::InputValue::of(input, v)),
                )
            })
            .collect(),
        signals,
        tracks,
        superseded,
        path,
        end,
    }
}

/// The outcome of the `end track` a visit took, if it took one.
fn track_ended(step: &Step, visit: Visit) -> Option<String> {
    match visit {
        Visit::Done { .. } if step.ends_track => step.end.clone(),
        Visit::Answered(a) => match step.question.as_ref()?.route(a)? {
            Route::EndTrack(outcome) => Some(outcome.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The outcome a walk ended with at `at`: the step's `end`, or the `end` route
/// the question's answer took.
fn outcome(model: &Model, walk: &Walk, at: StepRef) -> Option<String> {
    let step = model.step_by(at)?;
    if let Some(end) = &step.end {
        return Some(end.clone());
    }
    let answer = walk.path.iter().find_map(|(p, v)| match v {
        Visit::Answered(a) if *p == at => Some(*a),
        _ => None,
    })?;
    match step.question.as_ref()?.route(answer)? {
        Route::End(outcome) => Some(outcome.clone()),
        _ => None,
    }
}

/// One group's verdict in words.
fn verdict(
    model: &Model,
    observations: &Observations,
    decision: &Decision,
    idx: CriteriaIdx,
    group: &Criteria,
) -> CriteriaVerdict {
    let known = Known {
        observations,
        criteria_met: &decision.criteria_met,
        levels: &decision.levels,
    };
    let mut matched = Vec::new();
    let mut possible = Vec::new();
    let mut not_applicable = Vec::new();
    let mut because = Vec::new();
    let applies = decision.applies.get(idx.0).copied().unwrap_or(true);
    let level = decision.levels.get(idx.0).copied().flatten();
    let total = decision.totals.get(idx.0).copied().unwrap_or(0);
    // The factors that count and are enough on their own, for the words after the total.
    let mut alone = Vec::new();
    for &f in &group.factors {
        let Some(factor) = model.factor_by(f) else {
            continue;
        };
        let answer = answer_of(factor, f, &known);
        if let Some(when) = factor.only_when.as_ref().filter(|_| !applicable(factor, &known)) {
            not_applicable.push(factor.id.clone());
            if given_answer(factor, f, &known) != FactorAnswer::No {
                because.push(format!(
                    "{} not applicable: {} does not hold",
                    factor.id,
                    when.source_text(model)
                ));
            }
        }
        if let (true, Some(effect)) = (counts_as_present(answer, group), factor.alone) {
            alone.push((factor, effect));
        }
        match answer {
            FactorAnswer::Yes => matched.push(factor.id.clone()),
            FactorAnswer::Possible => possible.push(factor.id.clone()),
            FactorAnswer::No => continue,
        }
        let word = if answer == FactorAnswer::Yes {
            "yes"
        } else {
            "possible"
        };
        let worked_out = factor.derived.as_ref().map_or(String::new(), |when| {
            format!(" (worked out: {})", when.source_text(model))
        });
        if group.scoring.is_some() {
            let points = match answer {
                FactorAnswer::Yes => factor.points,
                _ => factor.possible_points(group.possible_counts_as_yes),
            };
            let noun = crate::model::points_noun(points);
            because.push(match factor.grade_words(model) {
                Some(grade) => format!("{grade} ({points} {noun})"),
                None => format!("{} {word}{worked_out}: {points} {noun}", factor.id),
            });
        } else if !worked_out.is_empty() {
            because.push(format!("{} {word}{worked_out}", factor.id));
        }
    }
    if let Some(when) = group.applies_when.as_ref().filter(|_| !applies) {
        because.push(format!(
            "does not apply: {} does not hold",
            when.source_text(model)
        ));
    }
    if let (Some(scoring), true) = (&group.scoring, group.outcome) {
        let level_name = |l: LevelIdx| group.level_by(l).map_or("?", |l| l.id.as_str()).to_string();
        let mut any = false;
        for rule in scoring.overrides.iter().filter(|r| r.when.holds(&known)) {
            any = true;
            because.push(format!(
                "set {} because {}",
                level_name(rule.level),
                rule.when.source_text(model)
            ));
        }
        because.push(match (any, level) {
            (true, Some(l)) => format!("the highest value set wins: {}", level_name(l)),
            (false, Some(l)) => format!("no rule holds: otherwise {}", level_name(l)),
            (_, None) => "no rule holds: not set".to_string(),
        });
    } else if let (Some(scoring), true) = (&group.scoring, applies) {
        let level_name = |l: LevelIdx| group.level_by(l).map_or("?", |l| l.id.as_str()).to_string();
        let from_total = group.level_of_total(total);
        match from_total {
            Some(l) => because.push(format!("total {total} is in {}", level_name(l))),
            None => because.push(format!("total {total} is in no level's range")),
        }
        for (factor, effect) in &alone {
            if let Alone::AtLeast(l) = effect {
                because.push(format!("{} alone rates at least {}", factor.id, level_name(*l)));
            }
        }
        for rule in scoring.overrides.iter().filter(|r| r.when.holds(&known)) {
            because.push(format!(
                "{} {} because {}",
                if rule.force { "forced to" } else { "at least" },
                level_name(rule.level),
                rule.when.source_text(model)
            ));
        }
    } else if group.scoring.is_none() && applies {
        for (factor, effect) in &alone {
            if *effect == Alone::Meets {
                because.push(format!("{} alone is enough", factor.id));
            }
        }
        if group.possible_counts_as_yes && !possible.is_empty() {
            because.push("\"possible\" answers count as yes".to_string());
        }
    }
    CriteriaVerdict {
        id: group.id.clone(),
        met: decision.criteria_met.get(idx.0).copied().unwrap_or(false),
        threshold: match group.threshold {
            Threshold::AtLeast(n) => Some(n),
            Threshold::AtLeastLevel(_) => None,
        },
        applies,
        total: applies.then_some(total),
        level: level.and_then(|l| group.level_by(l)).map(|l| l.id.clone()),
        matched,
        possible,
        not_applicable,
        because,
    }
}

fn applied_step(step: &Step) -> AppliedStep {
    AppliedStep {
        id: step.id.clone(),
        condition: step.condition.clone(),
        text: step.text.text.clone(),
    }
}
