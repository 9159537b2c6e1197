//! The evaluator: given what staff observed, which criteria are met, which tracks
//! apply (in precedence order), which were superseded, and the steps to take.
//!
//! It reads only the validated [`Model`](crate::model::Model). The generated Rust
//! rule code must decide exactly as [`assess`] does. By stage: `observations`
//! (what was observed), `decide` (verdicts and tracks, by index), `walk` (the
//! path through the steps), `assess` (all of it in words and ids) and `explain`
//! (an assessment as text).

mod assess;
mod decide;
mod explain;
mod observations;
mod walk;

pub use assess::{
    assess, AppliedStep, AppliedTrack, Assessment, CriteriaVerdict, PathEntry, SupersededTrack, WalkEndText,
};
pub use decide::{decide, supersedes, Decision};
pub use explain::explain;
pub use observations::{FactorAnswer, Observations};
pub use walk::{walk, Visit, Walk, WalkEnd};
