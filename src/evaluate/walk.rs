//! The walk through the applied tracks' steps: skips, deadlines, answers and
//! the routes they take, `end`, and waiting on an unanswered question.

use super::decide::Known;
use super::{Decision, Observations};
use crate::model::{Answer, LevelIdx, Model, Route, StepRef, TrackIdx, Trigger};

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
    /// Passed over: its `skip_when` held, or its `only_when` did not.
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
/// In a track, each step in turn: passed over when its `skip_when` holds or its
/// `only_when` does not; else
/// taken (its deadline: the first conditional one whose `when` holds, else the
/// plain one). A question routes by its answer (an "unclear" one as its
/// `unclear_counts_as` says): `next`, `goto` a later step, `track OTHER` (the
/// rest of this track is left and OTHER's steps follow), or `end`. A step's
/// `end` and a route's `end` end the protocol: nothing more is walked, not even
/// the tracks still to come; an `end track` (a step's or a route's) ends only the
/// walk through the current track, and the next applied track follows. A
/// select-all question's answer is its group's verdict (yes when met). A question
/// with no usable answer stops the walk, which then waits for it. A track is walked at most once; a route to a track
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
                if step.passed_over(holds) {
                    path.push((at, Visit::Skipped));
                    i += 1;
                    continue;
                }
                let Some(question) = &step.question else {
                    let deadline = step.deadlines_when.iter().position(|d| holds(&d.when));
                    path.push((at, Visit::Done { deadline }));
                    if step.ends_track {
                        break 'track;
                    }
                    if step.end.is_some() {
                        return Walk {
                            path,
                            end: WalkEnd::Ended(at),
                        };
                    }
                    i += 1;
                    continue;
                };
                let answer = question
                    .worked_out(criteria_met)
                    .or_else(|| model.question_at(at).and_then(|q| observations.answer(q)));
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
                    Route::EndTrack(_) => break 'track,
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
