//! A question's answers as written: where each leads (`Route`) and the named
//! choices of a question answered by picking one (`ChoiceDecl`).

use super::{Ident, Text};

/// Where an answer to a question leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `goto STEP`: a later step or question of the same track.
    Goto(Ident),
    /// `track OTHER`: on with another track's steps.
    Track(Ident),
    /// `end "outcome"`: the protocol ends.
    End(Text),
    /// `end track "outcome"`: the walk through this track ends; the next applied track follows.
    EndTrack(Text),
    /// `next`: on with the step that follows.
    Next,
}

/// `choice transient "Transient: no lasting intent" goto resolve`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceDecl {
    pub id: Ident,
    pub title: Text,
    pub route: Route,
}
