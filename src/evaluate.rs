//! The evaluator: given what staff observed, which criteria are met, which tracks
//! apply (in precedence order), which were superseded, and the steps to take.
//!
//! It reads only the validated [`Model`]. The generated Rust rule code must decide
//! exactly as [`assess`] does.

use crate::model::{CriteriaIdx, FactorIdx, Model, SignalIdx, Step, Threshold, TrackIdx};
use serde::Serialize;

/// What staff observed: factors present and signals judged true.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Observations {
    factors: Vec<bool>,
    signals: Vec<bool>,
}

impl Observations {
    /// Nothing observed.
    pub fn none(model: &Model) -> Self {
        Observations {
            factors: vec![false; model.factors.len()],
            signals: vec![false; model.signals.len()],
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
    Decision {
        criteria_met,
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
    Assessment {
        criteria,
        signals,
        tracks,
        superseded,
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
    out
}
