//! The decision, by index and without text: each criteria group's verdict (met,
//! level, total, whether it applies), then which tracks are triggered, applied
//! and superseded. The generated Rust rule code must decide exactly as
//! [`decide`] does.

use super::{FactorAnswer, Observations};
use crate::model::{
    Alone, Answer, Criteria, CriteriaIdx, Factor, FactorIdx, Facts, InputIdx, LevelIdx, Model, QuestionIdx,
    SignalIdx, Threshold, TrackIdx,
};

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

/// What triggers read while a decision is being made.
pub(super) struct Known<'a> {
    pub(super) observations: &'a Observations,
    pub(super) criteria_met: &'a [bool],
    pub(super) levels: &'a [Option<LevelIdx>],
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
    fn answer(&self, question: QuestionIdx) -> Option<Answer> {
        self.observations.answer(question)
    }
}

/// A factor's effective answer: "no" where its `only_when` does not hold (it is
/// not applicable and counts nothing), else [`given_answer`].
pub(super) fn answer_of(factor: &Factor, idx: FactorIdx, known: &Known<'_>) -> FactorAnswer {
    if applicable(factor, known) {
        given_answer(factor, idx, known)
    } else {
        FactorAnswer::No
    }
}

/// A factor's answer before its `only_when` is read: worked out from its `when` if
/// it has one, else as staff answered it.
pub(super) fn given_answer(factor: &Factor, idx: FactorIdx, known: &Known<'_>) -> FactorAnswer {
    match &factor.derived {
        Some(when) if when.holds(known) => FactorAnswer::Yes,
        Some(_) => FactorAnswer::No,
        None => known.observations.factor_answer(idx),
    }
}

/// Whether a factor applies: its `only_when` holds (always, without one).
pub(super) fn applicable(factor: &Factor, known: &Known<'_>) -> bool {
    factor.only_when.as_ref().is_none_or(|t| t.holds(known))
}

/// Whether an answer counts as present in its group: a yes, or a "possible" where
/// the group says `possible_counts_as yes`.
pub(super) fn counts_as_present(answer: FactorAnswer, group: &Criteria) -> bool {
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
/// factor that is enough `alone` counts; a factor whose `only_when` does not hold
/// counts nothing. A scored group's total falls into a level;
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
