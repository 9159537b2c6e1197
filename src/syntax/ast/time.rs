//! The syntax tree of time on a step: a deadline (an amount and a unit measured from
//! a named event, a moment, or the source's own words) and how long a step lasts.

use super::{Expr, Ident, Spanned, Text};

/// `deadline TIME [when TRIGGER]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadlineDecl {
    pub time: DeadlineTime,
    pub when: Option<Expr>,
}

/// What a deadline says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeadlineTime {
    /// `deadline "within 36 hours"`: the source's own words.
    Words(Text),
    /// `deadline within 36 hours [from "the phone referral"]`
    Within { amount: Amount, from: Option<Text> },
    /// `deadline immediately`, `deadline end_of_day`: a word, checked later.
    Moment(Ident),
}

impl DeadlineTime {
    /// The text a translation may give in its language: the words, or the event.
    pub fn text(&self) -> Option<&Text> {
        match self {
            DeadlineTime::Words(t) => Some(t),
            DeadlineTime::Within { from, .. } => from.as_ref(),
            DeadlineTime::Moment(_) => None,
        }
    }
}

/// `36 hours`, `1 working_day`: a whole number (`None`: too large, already reported)
/// and its unit as written (checked later).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Amount {
    pub amount: Spanned<Option<u32>>,
    pub unit: Ident,
}

/// `lasts until "…"` or `lasts at_least 90 days`: how long a step goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lasting {
    /// `until "the assessment is complete"`
    Until(Text),
    /// `at_least 90 days`
    AtLeast(Amount),
}
