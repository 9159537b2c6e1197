//! The evaluator: given what staff observed, which criteria are met, which tracks
//! apply (in precedence order), which were superseded, and the steps to take.
//!
//! It reads only the validated [`Model`]. The generated Rust rule code must decide
//! exactly as [`assess`] does.

use crate::model::{
    Answer, CriteriaIdx, FactorIdx, Model, QuestionIdx, Route, SignalIdx, Step, StepRef, Threshold, TrackIdx,
    Trigger,
};
use serde::Serialize;

/// What staff observed: factors present, signals judged true, and their answers
/// to questions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Observations {
    factors: Vec<bool>,
    signals: Vec<bool>,
    answers: Vec<Option<Answer>>,
}

impl Observations {
    /// Nothing observed.
    pub fn none(model: &Model) -> Self {
        Observations {
            factors: vec![false; model.factors.len()],
            signals: vec![false; model.signals.len()],
            answers: vec![None; model.questions.len()],
        }
    }

    pub fn with_answer(mut self, question: QuestionIdx, answer: Answer) -> Self {
        if let Some(a) = self.answers.get_mut(question.0) {
            *a = Some(answer);
        }
        self
    }

    /// The answer given to a question, if any.
    pub fn answer(&self, question: QuestionIdx) -> Option<Answer> {
        self.answers.get(question.0).copied().flatten()
    }

    /// Answers named by question id and word (`plan`, `yes`). `Err` lists each
    /// unknown question or answer.
    pub fn with_answers_named<'a>(
        mut self,
        model: &Model,
        answers: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let ids: Vec<&str> = model
            .questions
            .iter()
            .filter_map(|q| model.step_by(*q))
            .map(|s| s.id.as_str())
            .collect();
        for (question, word) in answers {
            let answer = Answer::from_word(word);
            if answer.is_none() {
                problems.push(format!("`{word}` is not an answer: write yes, no or unclear"));
            }
            match (model.question_named(question), answer) {
                (Some(q), Some(a)) => self = self.with_answer(q, a),
                (None, _) => problems.push(unknown("question", question, ids.iter().copied())),
                _ => {}
            }
        }
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(problems)
        }
    }

    pub fn with_factor(mut self, factor: FactorIdx) -> Self {
        if let Some(f) = self.factors.get_mut(factor.0) {
            *f = true;
        }
        self
    }

    pub fn with_signal(mut self, signal: SignalIdx) -> Self {
        if let Some(s) = self.signals.get_mut(signal.0) {
            *s = true;
        }
        self
    }

    pub fn has_factor(&self, factor: FactorIdx) -> bool {
        self.factors.get(factor.0).copied().unwrap_or(false)
    }

    pub fn has_signal(&self, signal: SignalIdx) -> bool {
        self.signals.get(signal.0).copied().unwrap_or(false)
    }

    /// Observations named by id. `Err` lists each unknown id with a suggestion.
    pub fn from_ids<'a>(
        model: &Model,
        factors: impl IntoIterator<Item = &'a str>,
        signals: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, Vec<String>> {
        let mut observations = Observations::none(model);
        let mut problems = Vec::new();
        for id in factors {
            match model.factor_named(id) {
                Some(i) => observations = observations.with_factor(i),
                None => problems.push(unknown("factor", id, model.factors.iter().map(|f| f.id.as_str()))),
            }
        }
        for id in signals {
            match model.signal_named(id) {
                Some(i) => observations = observations.with_signal(i),
                None => problems.push(unknown("signal", id, model.signals.iter().map(|s| s.id.as_str()))),
            }
        }
        if problems.is_empty() {
            Ok(observations)
        } else {
            Err(problems)
        }
    }
}

fn unknown<'a>(kind: &str, id: &str, known: impl Iterator<Item = &'a str> + Clone) -> String {
    match crate::suggest::closest(id, known.clone()) {
        Some(best) => format!("this protocol has no {kind} `{id}`; did you mean `{best}`?"),
        None => {
            let all: Vec<String> = known.map(|k| format!("`{k}`")).collect();
            if all.is_empty() {
                format!("this protocol has no {kind}s, so `{id}` cannot be one")
            } else {
                format!(
                    "this protocol has no {kind} `{id}`; its {kind}s are {}",
                    all.join(", ")
                )
            }
        }
    }
}

/// The result of assessing one student's observations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// Each criteria group's verdict, in file order.
    pub criteria: Vec<CriteriaVerdict>,
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
    /// `done`, `skipped` (its `skip_when` held) or `answered`.
    pub what: &'static str,
    /// The question's answer, for `answered`.
    pub answer: Option<String>,
    /// The time limit that holds, for a step done.
    pub deadline: Option<String>,
    /// The step's text, with contact fields filled in.
    pub text: String,
}

/// How a walk ended, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
    /// How many factors meet the group.
    pub threshold: u32,
    /// The factors present that belong to this group, in file order.
    pub matched: Vec<String>,
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

/// Which tracks are triggered, applied and superseded, as indices: the decision
/// itself, without any text. [`assess`] dresses it up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub criteria_met: Vec<bool>,
    /// Applied tracks in precedence order.
    pub applied: Vec<TrackIdx>,
    /// Superseded tracks in precedence order, with the applied tracks superseding them.
    pub superseded: Vec<(TrackIdx, Vec<TrackIdx>)>,
    /// The walk through the applied tracks' steps.
    pub walk: Walk,
}

/// The walk through the steps: the path taken and how it ended.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Walk {
    pub path: Vec<(StepRef, Visit)>,
    pub end: WalkEnd,
}

/// What happened at a step or question on the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visit {
    /// A step taken; the conditional deadline that holds (its position), if one does.
    Done { deadline: Option<usize> },
    /// Passed over: its `skip_when` held.
    Skipped,
    /// A question answered.
    Answered(Answer),
}

/// How a walk ended.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum WalkEnd {
    #[default]
    Finished,
    /// At this step's `end`, or at this question's answer that routes to `end`.
    Ended(StepRef),
    /// Waiting for an answer to the question here.
    Waiting(StepRef),
}

impl Walk {
    /// Whether a step or question with this id was taken or answered (not skipped).
    pub fn passes(&self, model: &Model, id: &str) -> bool {
        self.path
            .iter()
            .any(|(at, visit)| *visit != Visit::Skipped && model.step_by(*at).is_some_and(|s| s.id == id))
    }
}

/// Walks the applied tracks' steps, in precedence order.
///
/// In a track, each step in turn: passed over when its `skip_when` holds; else
/// taken (its deadline: the first conditional one whose `when` holds, else the
/// plain one). A question routes by its answer (an "unclear" one as its
/// `unclear_counts_as` says): `next`, `goto` a later step, `track OTHER` (the
/// rest of this track is left and OTHER's steps follow), or `end`. A step's
/// `end` and a route's `end` end the protocol: nothing more is walked, not even
/// the tracks still to come. A question with no usable answer stops the walk,
/// which then waits for it. A track is walked at most once; a route to a track
/// already walked leaves the current track and goes on with the next one.
pub fn walk(model: &Model, observations: &Observations, criteria_met: &[bool], applied: &[TrackIdx]) -> Walk {
    let holds = |t: &Trigger| {
        t.holds(
            &|c: CriteriaIdx| criteria_met.get(c.0).copied().unwrap_or(false),
            &|s: SignalIdx| observations.has_signal(s),
        )
    };
    let mut walked = vec![false; model.tracks.len()];
    let mut path = Vec::new();
    for &start in applied {
        let mut track = start;
        'track: while let Some(done) = walked.get_mut(track.0).filter(|w| !**w) {
            *done = true;
            let steps = model.track_by(track).map_or(&[][..], |t| t.steps.as_slice());
            let mut i = 0;
            while let Some(step) = steps.get(i) {
                let at = StepRef { track, step: i };
                if step.skip_when.as_ref().is_some_and(holds) {
                    path.push((at, Visit::Skipped));
                    i += 1;
                    continue;
                }
                let Some(question) = &step.question else {
                    let deadline = step.deadlines_when.iter().position(|d| holds(&d.when));
                    path.push((at, Visit::Done { deadline }));
                    if step.end.is_some() {
                        return Walk {
                            path,
                            end: WalkEnd::Ended(at),
                        };
                    }
                    i += 1;
                    continue;
                };
                let answer = model.question_at(at).and_then(|q| observations.answer(q));
                let Some((answer, route)) = answer.and_then(|a| Some((a, question.route(a)?))) else {
                    return Walk {
                        path,
                        end: WalkEnd::Waiting(at),
                    };
                };
                path.push((at, Visit::Answered(answer)));
                match route {
                    Route::Next => i += 1,
                    Route::Goto(j) => i = *j,
                    Route::End(_) => {
                        return Walk {
                            path,
                            end: WalkEnd::Ended(at),
                        }
                    }
                    Route::Track(other) => {
                        track = *other;
                        continue 'track;
                    }
                }
            }
            break;
        }
    }
    Walk {
        path,
        end: WalkEnd::Finished,
    }
}

/// Decides which tracks apply.
///
/// A track is triggered when its `when` holds. Going down the precedence order,
/// a triggered track is superseded when a higher triggered track supersedes it
/// (directly, or through a chain of `supersedes`); otherwise it applies.
pub fn decide(model: &Model, observations: &Observations) -> Decision {
    let criteria_met: Vec<bool> = model
        .criteria
        .iter()
        .map(|c| {
            let present = c.factors.iter().filter(|f| observations.has_factor(**f)).count();
            c.threshold.is_met(present)
        })
        .collect();
    let met = |c: CriteriaIdx| criteria_met.get(c.0).copied().unwrap_or(false);
    let signal = |s: SignalIdx| observations.has_signal(s);
    let triggered: Vec<bool> = model
        .tracks
        .iter()
        .map(|t| t.trigger.holds(&met, &signal))
        .collect();
    let is_triggered = |t: TrackIdx| triggered.get(t.0).copied().unwrap_or(false);
    let mut applied: Vec<TrackIdx> = Vec::new();
    let mut superseded = Vec::new();
    for &t in &model.precedence {
        if !is_triggered(t) {
            continue;
        }
        let by: Vec<TrackIdx> = model
            .track_by(t)
            .map_or(&[][..], |track| track.superseded_by.as_slice())
            .iter()
            .copied()
            .filter(|&above| is_triggered(above))
            .collect();
        if by.is_empty() {
            applied.push(t);
        } else {
            let by_applied: Vec<TrackIdx> = by.iter().copied().filter(|b| applied.contains(b)).collect();
            superseded.push((t, if by_applied.is_empty() { by } else { by_applied }));
        }
    }
    let walk = walk(model, observations, &criteria_met, &applied);
    Decision {
        criteria_met,
        applied,
        superseded,
        walk,
    }
}

/// Whether `above` supersedes `below`, directly or through a chain of `supersedes`.
pub fn supersedes(model: &Model, above: TrackIdx, below: TrackIdx) -> bool {
    model
        .track_by(below)
        .is_some_and(|t| t.superseded_by.contains(&above))
}

/// Assesses observations: the decision with every verdict, track and step spelled out.
pub fn assess(model: &Model, observations: &Observations) -> Assessment {
    let decision = decide(model, observations);
    let criteria = model
        .criteria
        .iter()
        .zip(&decision.criteria_met)
        .map(|(c, &met)| CriteriaVerdict {
            id: c.id.clone(),
            met,
            threshold: match c.threshold {
                Threshold::AtLeast(n) => n,
            },
            matched: c
                .factors
                .iter()
                .filter(|f| observations.has_factor(**f))
                .filter_map(|f| model.factor_by(*f))
                .map(|f| f.id.clone())
                .collect(),
        })
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
    let path = decision
        .walk
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
                    Visit::Answered(a) => Some(a.as_str().to_string()),
                    _ => None,
                },
                deadline: match visit {
                    Visit::Done { deadline: Some(d) } => step.deadlines_when.get(*d).map(|d| d.text.clone()),
                    Visit::Done { deadline: None } => step.deadline.clone(),
                    _ => None,
                },
                text: step.text.text.clone(),
            })
        })
        .collect();
    let end = match decision.walk.end {
        WalkEnd::Finished => WalkEndText::Finished,
        WalkEnd::Ended(at) => {
            let (track, step) = name(at);
            WalkEndText::Ended {
                track,
                step,
                outcome: outcome(model, &decision.walk, at).unwrap_or_default(),
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
        signals,
        tracks,
        superseded,
        path,
        end,
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

fn applied_step(step: &Step) -> AppliedStep {
    AppliedStep {
        id: step.id.clone(),
        condition: step.condition.clone(),
        text: step.text.text.clone(),
    }
}

/// The assessment as a person reads it: verdicts with reasons, then what to do.
pub fn explain(model: &Model, assessment: &Assessment) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}\n\n", model.metadata.title));
    for (verdict, criteria) in assessment.criteria.iter().zip(&model.criteria) {
        let needed = criteria.threshold.plain_words();
        let present = verdict.matched.len();
        out.push_str(&format!(
            "{} {} — {}: met when {}; {} present{}\n",
            if verdict.met { "[met]    " } else { "[not met]" },
            criteria.id,
            criteria.title,
            needed,
            present,
            if verdict.matched.is_empty() {
                String::new()
            } else {
                format!(" ({})", verdict.matched.join(", "))
            }
        ));
    }
    if !assessment.signals.is_empty() {
        out.push_str(&format!("Signals: {}\n", assessment.signals.join(", ")));
    }
    out.push('\n');
    if assessment.tracks.is_empty() {
        out.push_str("No track applies: no criteria group is met and no signal triggers a track.\n");
    }
    for track in &assessment.tracks {
        out.push_str(&format!(
            "Follow: {} ({})\n  because: {}\n",
            track.title, track.id, track.because
        ));
        for (n, step) in track.steps.iter().enumerate() {
            match &step.condition {
                Some(condition) => out.push_str(&format!("  {}. {}, {}\n", n + 1, condition, step.text)),
                None => out.push_str(&format!("  {}. {}\n", n + 1, step.text)),
            }
        }
        out.push('\n');
    }
    for s in &assessment.superseded {
        out.push_str(&format!(
            "Not followed: {} (superseded by {})\n",
            s.id,
            s.by.join(", ")
        ));
    }
    if assessment.path.iter().any(|p| p.what != "done") || assessment.end != WalkEndText::Finished {
        out.push_str(&explain_path(assessment));
    }
    out
}

/// The path walked through the steps, one line each, and how it ended.
fn explain_path(assessment: &Assessment) -> String {
    let mut out = String::from("\nPath taken:\n");
    for (n, p) in assessment.path.iter().enumerate() {
        let what = match (p.what, &p.answer, &p.deadline) {
            ("answered", Some(answer), _) => format!("answered {answer}"),
            ("skipped", ..) => "skipped (its skip_when holds)".to_string(),
            (_, _, Some(deadline)) => format!("done, {deadline}"),
            _ => "done".to_string(),
        };
        out.push_str(&format!(
            "  {}. {}.{}: {} — {}\n",
            n + 1,
            p.track,
            p.step,
            what,
            p.text
        ));
    }
    match &assessment.end {
        WalkEndText::Finished => out.push_str("Every step of the tracks to follow is on the path.\n"),
        WalkEndText::Ended { track, step, outcome } => out.push_str(&format!(
            "The protocol ends at {track}.{step}: {outcome}. No further track is followed.\n"
        )),
        WalkEndText::Waiting {
            track,
            question,
            unclear: true,
        } => out.push_str(&format!(
            "Waiting: {track}.{question} was answered unclear, and it needs a yes or no (--answer {question}=yes or no).\n"
        )),
        WalkEndText::Waiting { track, question, .. } => out.push_str(&format!(
            "Waiting for an answer to {track}.{question} (--answer {question}=yes, no or unclear).\n"
        )),
    }
    out
}
