//! `scenario` blocks: examples the protocol must decide as stated (what staff
//! observed and answered, and what is expected), which `protocolc test` runs.

use super::{Answer, CriteriaIdx, FactorIdx, InputIdx, LevelIdx, Located, QuestionIdx, SignalIdx, TrackIdx};

/// `scenario ID "title" { given … expect … }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    /// Factors answered yes.
    pub factors: Vec<FactorIdx>,
    /// Factors answered "possible".
    pub possible: Vec<FactorIdx>,
    pub signals: Vec<SignalIdx>,
    /// Inputs' values.
    pub values: Vec<(InputIdx, u32)>,
    /// How staff answered questions (`answer plan yes`).
    pub answers: Vec<(QuestionIdx, Answer)>,
    /// What it expects, each with where it was written.
    pub expectations: Vec<(Expectation, Located)>,
    /// The scenario's name, where it was written.
    pub at: Located,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expectation {
    /// No track applies.
    Nothing,
    /// Exactly these tracks apply.
    Tracks(Vec<TrackIdx>),
    /// None of these tracks applies.
    NotTracks(Vec<TrackIdx>),
    /// These criteria groups are met.
    Met(Vec<CriteriaIdx>),
    /// These criteria groups are not met.
    NotMet(Vec<CriteriaIdx>),
    /// A scored group is at this level.
    Level(CriteriaIdx, LevelIdx),
    /// Steps or questions with these ids are on the path taken.
    Steps(Vec<String>),
    /// No step or question with these ids is on the path taken.
    NotSteps(Vec<String>),
    /// The protocol ended at an `end`.
    End,
}
