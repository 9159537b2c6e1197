//! The evaluator: given what staff observed, which criteria are met, which tracks
//! apply (in precedence order), which were superseded, and the steps to take.
//!
//! It reads only the validated [`Model`]. The generated Rust rule code must decide
//! exactly as [`assess`] does.

use crate::model::{
    Alone, Answer, CriteriaIdx, Factor, FactorIdx, Facts, InputIdx, LevelIdx, Model, QuestionIdx, Route,
    SignalIdx, Step, StepRef, Threshold, TrackIdx, Trigger,
};
use serde::Serialize;

/// A factor's answer: staff tick yes, possible, or leave it (no).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactorAnswer {
    #[default]
    No,
    Possible,
    Yes,
}

/// What staff observed: factors' answers, signals judged true, inputs' values,
/// and their answers to questions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Observations {
    factors: Vec<FactorAnswer>,
    signals: Vec<bool>,
    inputs: Vec<Option<u32>>,
    answers: Vec<Option<Answer>>,
}

impl Observations {
    /// Nothing observed.
    pub fn none(model: &Model) -> Self {
        Observations {
            factors: vec![FactorAnswer::No; model.factors.len()],
            signals: vec![false; model.signals.len()],
            inputs: vec![None; model.inputs.len()],
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

    /// The factor answered yes.
    pub fn with_factor(self, factor: FactorIdx) -> Self {
        self.with_factor_answer(factor, FactorAnswer::Yes)
    }

    pub fn with_factor_answer(mut self, factor: FactorIdx, answer: FactorAnswer) -> Self {
        if let Some(f) = self.factors.get_mut(factor.0) {
            *f = answer;
        }
        self
    }

    pub fn with_signal(mut self, signal: SignalIdx) -> Self {
        if let Some(s) = self.signals.get_mut(signal.0) {
            *s = true;
        }
        self
    }

    pub fn with_value(mut self, input: InputIdx, value: u32) -> Self {
        if let Some(v) = self.inputs.get_mut(input.0) {
            *v = Some(value);
        }
        self
    }

    /// The factor was answered yes.
    pub fn has_factor(&self, factor: FactorIdx) -> bool {
        self.factor_answer(factor) == FactorAnswer::Yes
    }

    /// The answer staff gave (a factor worked out from inputs is not read from here).
    pub fn factor_answer(&self, factor: FactorIdx) -> FactorAnswer {
        self.factors.get(factor.0).copied().unwrap_or_default()
    }

    pub fn has_signal(&self, signal: SignalIdx) -> bool {
        self.signals.get(signal.0).copied().unwrap_or(false)
    }

    pub fn value(&self, input: InputIdx) -> Option<u32> {
        self.inputs.get(input.0).copied().flatten()
    }

    /// Observations named by id: factors answered yes (`possible` lists those
    /// answered "possible"), signals, and inputs' values. `Err` lists each unknown
    /// id with a suggestion, and each value outside its input's range.
    pub fn from_ids<'a>(
        model: &Model,
        factors: impl IntoIterator<Item = &'a str>,
        signals: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, Vec<String>> {
        Self::from_named(model, factors, std::iter::empty(), signals, std::iter::empty())
    }

    /// [`Observations::from_ids`] with "possible" answers and inputs' values too.
    pub fn from_named<'a>(
        model: &Model,
        factors: impl IntoIterator<Item = &'a str>,
        possible: impl IntoIterator<Item = &'a str>,
        signals: impl IntoIterator<Item = &'a str>,
        values: impl IntoIterator<Item = (&'a str, u32)>,
    ) -> Result<Self, Vec<String>> {
        let mut observations = Observations::none(model);
        let mut problems = Vec::new();
        let known_factors = || model.factors.iter().map(|f| f.id.as_str());
        for (ids, answer) in [
            (factors.into_iter().collect::<Vec<_>>(), FactorAnswer::Yes),
            (possible.into_iter().collect(), FactorAnswer::Possible),
        ] {
            for id in ids {
                match model.factor_named(id) {
                    Some(i) if model.factor_by(i).is_some_and(|f| f.derived.is_some()) => {
                        problems.push(format!(
                        "factor `{id}` is worked out from the protocol's inputs; give their values instead"
                    ))
                    }
                    Some(i) => observations = observations.with_factor_answer(i, answer),
                    None => problems.push(unknown("factor", id, known_factors())),
                }
            }
        }
        for id in signals {
            match model.signal_named(id) {
                Some(i) => observations = observations.with_signal(i),
                None => problems.push(unknown("signal", id, model.signals.iter().map(|s| s.id.as_str()))),
            }
        }
        for (id, value) in values {
            match model.input_named(id) {
                Some(i) => match model.input_by(i).and_then(|x| x.range) {
                    Some((low, high)) if value < low || value > high => problems.push(format!(
                        "input `{id}` goes from {low} to {high}, so it cannot be {value}"
                    )),
                    _ => observations = observations.with_value(i, value),
                },
                None => problems.push(unknown("input", id, model.inputs.iter().map(|x| x.id.as_str()))),
            }
        }
        if problems.is_empty() {
            Ok(observations)
        } else {
            Err(problems)
        }
    }
}

fn unknown<'a>(kind: &str, id: &str, known: impl Iterator<Item = &'a str>) -> String {
    let known: Vec<&str> = known.collect();
    if known.is_empty() {
        return format!("this protocol has no {kind}s, so `{id}` cannot be one");
    }
    let hint = crate::suggest::hint(id, &known, "its", kind, "");
    format!("this protocol has no {kind} `{id}`; {hint}")
}

/// The result of assessing one student's observations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// Each criteria group's verdict, in file order.
    pub criteria: Vec<CriteriaVerdict>,
    /// Each input's value, in file order (`null` when not given).
    pub values: Vec<Option<u32>>,
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
    /// How many factors meet a count group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u32>,
    /// False when the group's `applies_when` does not hold for this student.
    pub applies: bool,
    /// Points (scored group) or factors counted (count group).
    pub total: u32,
    /// A scored group's level, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The factors of this group answered yes (or worked out true), in file order.
    pub matched: Vec<String>,
    /// The factors answered "possible".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub possible: Vec<String>,
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

/// Which tracks are triggered, applied and superseded, as indices: the decision
/// itself, without any text. [`assess`] dresses it up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub criteria_met: Vec<bool>,
    /// Each group's level (scored groups only; `None` outside `applies_when` or in a gap).
    pub levels: Vec<Option<LevelIdx>>,
    /// Each group's total: points (scored groups) or factors counted (count groups).
    pub totals: Vec<u32>,
    /// Whether each group's `applies_when` holds (true when it has none).
    pub applies: Vec<bool>,
    /// Applied tracks in precedence order.
    pub applied: Vec<TrackIdx>,
    /// Superseded tracks in precedence order, with the applied tracks superseding them.
    pub superseded: Vec<(TrackIdx, Vec<TrackIdx>)>,
}

impl Decision {
    /// The walk through the applied tracks' steps with the answers in `observations`
    /// (those the decision was made from). Separate from [`decide`], so deciding which
    /// tracks apply does not pay for walking their steps.
    pub fn walk(&self, model: &Model, observations: &Observations) -> Walk {
        walk(
            model,
            observations,
            &self.criteria_met,
            &self.levels,
            &self.applied,
        )
    }
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
pub fn walk(
    model: &Model,
    observations: &Observations,
    criteria_met: &[bool],
    levels: &[Option<LevelIdx>],
    applied: &[TrackIdx],
) -> Walk {
    let known = Known {
        observations,
        criteria_met,
        levels,
    };
    let holds = |t: &Trigger| t.holds(&known);
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

/// What triggers read while a decision is being made.
struct Known<'a> {
    observations: &'a Observations,
    criteria_met: &'a [bool],
    levels: &'a [Option<LevelIdx>],
}

impl Facts for Known<'_> {
    fn criteria_met(&self, criteria: CriteriaIdx) -> bool {
        self.criteria_met.get(criteria.0).copied().unwrap_or(false)
    }
    fn signal(&self, signal: SignalIdx) -> bool {
        self.observations.has_signal(signal)
    }
    fn input(&self, input: InputIdx) -> Option<u32> {
        self.observations.value(input)
    }
    fn level(&self, criteria: CriteriaIdx) -> Option<LevelIdx> {
        self.levels.get(criteria.0).copied().flatten()
    }
}

/// A factor's effective answer: worked out from its `when` if it has one.
fn answer_of(factor: &Factor, idx: FactorIdx, known: &Known<'_>) -> FactorAnswer {
    match &factor.derived {
        Some(when) if when.holds(known) => FactorAnswer::Yes,
        Some(_) => FactorAnswer::No,
        None => known.observations.factor_answer(idx),
    }
}

/// Whether an answer counts as present in its group: a yes, or a "possible" where
/// the group says `possible_counts_as yes`.
fn counts_as_present(answer: FactorAnswer, group: &crate::model::Criteria) -> bool {
    answer == FactorAnswer::Yes || (answer == FactorAnswer::Possible && group.possible_counts_as_yes)
}

/// One group's verdict: met, level, total.
struct GroupVerdict {
    met: bool,
    level: Option<LevelIdx>,
    total: u32,
    applies: bool,
}

fn group_verdict(model: &Model, c: CriteriaIdx, known: &Known<'_>) -> GroupVerdict {
    let Some(group) = model.criteria_by(c) else {
        return GroupVerdict {
            met: false,
            level: None,
            total: 0,
            applies: false,
        };
    };
    let applies = group.applies_when.as_ref().is_none_or(|t| t.holds(known));
    let mut total: u32 = 0;
    let mut alone: Option<Alone> = None;
    for &f in &group.factors {
        let Some(factor) = model.factor_by(f) else {
            continue;
        };
        let answer = answer_of(factor, f, known);
        let counts = counts_as_present(answer, group);
        let points = match (answer, &group.scoring) {
            (FactorAnswer::No, _) => 0,
            (_, None) => u32::from(counts),
            (FactorAnswer::Yes, Some(_)) => factor.points,
            (FactorAnswer::Possible, Some(_)) => factor.possible_points(group.possible_counts_as_yes),
        };
        total = total.saturating_add(points);
        if counts {
            alone = match (alone, factor.alone) {
                (Some(Alone::AtLeast(a)), Some(Alone::AtLeast(b))) => Some(Alone::AtLeast(a.max(b))),
                (None, this) | (this, None) => this,
                (kept, _) => kept,
            };
        }
    }
    if !applies {
        return GroupVerdict {
            met: false,
            level: None,
            total,
            applies,
        };
    }
    match (&group.scoring, group.threshold) {
        (Some(scoring), threshold) => {
            let mut level = group.level_of_total(total);
            if let Some(Alone::AtLeast(l)) = alone {
                level = level.max(Some(l));
            }
            let mut forced: Option<LevelIdx> = None;
            for rule in &scoring.overrides {
                if rule.when.holds(known) {
                    if rule.force {
                        forced = forced.max(Some(rule.level));
                    } else {
                        level = level.max(Some(rule.level));
                    }
                }
            }
            let level = forced.or(level);
            let met = match threshold {
                Threshold::AtLeastLevel(needed) => level.is_some_and(|l| l >= needed),
                Threshold::AtLeast(n) => total >= n,
            };
            GroupVerdict {
                met,
                level,
                total,
                applies,
            }
        }
        (None, threshold) => {
            let met = match threshold {
                Threshold::AtLeast(n) => total >= n || alone == Some(Alone::Meets),
                Threshold::AtLeastLevel(_) => false,
            };
            GroupVerdict {
                met,
                level: None,
                total,
                applies,
            }
        }
    }
}

/// Decides which tracks apply.
///
/// Criteria groups are worked out in [`Model::criteria_order`] (each after the
/// groups its rules read). A count group is met when it applies and at least its
/// threshold of factors count (a yes, or a "possible" where it counts as yes), or a
/// factor that is enough `alone` counts. A scored group's total falls into a level;
/// `alone` factors and `floor` rules raise it, and the highest `force` rule that
/// holds sets it. A track is triggered when its `when` holds. Going down the
/// precedence order, a triggered track is superseded when a higher triggered track
/// supersedes it (directly, or through a chain of `supersedes`); otherwise it applies.
pub fn decide(model: &Model, observations: &Observations) -> Decision {
    let n = model.criteria.len();
    let mut criteria_met = vec![false; n];
    let mut levels: Vec<Option<LevelIdx>> = vec![None; n];
    let mut totals = vec![0u32; n];
    let mut applies = vec![true; n];
    for &c in &model.criteria_order {
        let verdict = group_verdict(
            model,
            c,
            &Known {
                observations,
                criteria_met: &criteria_met,
                levels: &levels,
            },
        );
        if let Some(m) = criteria_met.get_mut(c.0) {
            *m = verdict.met;
        }
        if let Some(l) = levels.get_mut(c.0) {
            *l = verdict.level;
        }
        if let Some(t) = totals.get_mut(c.0) {
            *t = verdict.total;
        }
        if let Some(a) = applies.get_mut(c.0) {
            *a = verdict.applies;
        }
    }
    let known = Known {
        observations,
        criteria_met: &criteria_met,
        levels: &levels,
    };
    let triggered: Vec<bool> = model.tracks.iter().map(|t| t.trigger.holds(&known)).collect();
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
    Decision {
        criteria_met,
        levels,
        totals,
        applies,
        applied,
        superseded,
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
        values: observations.inputs.clone(),
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

/// One group's verdict in words.
fn verdict(
    model: &Model,
    observations: &Observations,
    decision: &Decision,
    idx: CriteriaIdx,
    group: &crate::model::Criteria,
) -> CriteriaVerdict {
    let known = Known {
        observations,
        criteria_met: &decision.criteria_met,
        levels: &decision.levels,
    };
    let mut matched = Vec::new();
    let mut possible = Vec::new();
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
            because.push(format!(
                "{} {word}{worked_out}: {points} {}",
                factor.id,
                crate::model::points_noun(points)
            ));
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
    if let (Some(scoring), true) = (&group.scoring, applies) {
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
        total,
        level: level.and_then(|l| group.level_by(l)).map(|l| l.id.clone()),
        matched,
        possible,
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

/// The assessment as a person reads it: verdicts with reasons, then what to do.
pub fn explain(model: &Model, assessment: &Assessment) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}\n\n", model.metadata.title));
    for (verdict, criteria) in assessment.criteria.iter().zip(&model.criteria) {
        let needed = criteria.threshold.plain_words(criteria);
        let status = if verdict.met { "[met]    " } else { "[not met]" };
        let result = match (&criteria.scoring, &verdict.level) {
            (Some(_), Some(level)) => {
                let title = criteria
                    .scoring
                    .iter()
                    .flat_map(|s| &s.levels)
                    .find(|l| l.id == *level)
                    .map_or(level.as_str(), |l| l.title.as_str());
                format!("total {}, level {title}", verdict.total)
            }
            (Some(_), None) => format!("total {}, no level", verdict.total),
            (None, _) => {
                let mut named = verdict.matched.clone();
                named.extend(verdict.possible.iter().map(|p| format!("{p} (possible)")));
                if named.is_empty() {
                    format!("{} present", verdict.matched.len())
                } else {
                    format!("{} present ({})", verdict.matched.len(), named.join(", "))
                }
            }
        };
        out.push_str(&format!(
            "{status} {} — {}: met when {needed}; {result}\n",
            criteria.id, criteria.title
        ));
        for why in &verdict.because {
            out.push_str(&format!("            {why}\n"));
        }
    }
    let values: Vec<String> = model
        .inputs
        .iter()
        .filter_map(|i| {
            let idx = model.input_named(&i.id)?;
            assessment
                .values
                .get(idx.0)
                .copied()
                .flatten()
                .map(|v| format!("{} = {v}", i.id))
        })
        .collect();
    if !values.is_empty() {
        out.push_str(&format!("Values: {}\n", values.join(", ")));
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
