//! The syntax tree of a variant's `change` blocks: what a county changes in a base
//! track (its `when`, steps replaced, inserted or removed) or criteria group (its
//! threshold, source and factors), and the approval it records.

use super::{CriteriaField, Expr, FactorOption, Field, Ident, StepDecl, StepField, Text, Threshold};
use crate::source::Span;

/// `change track …` or `change criteria …` in a variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeDecl {
    pub keyword: Span,
    pub target: ChangeTarget,
    /// `approval "…"`: who approved the county's departure from the base, and when.
    pub approval: Option<Field<Text>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeTarget {
    Track {
        id: Ident,
        /// A new `when` for the track (`None` inside: could not be read, reported).
        when: Option<Field<Option<Expr>>>,
        changes: Vec<StepChange>,
    },
    /// New `met_when` or `source`, added or reworded factors, and changes to the
    /// base's factors (new options, removed).
    Criteria {
        id: Ident,
        fields: Vec<CriteriaField>,
        factors: Vec<FactorChange>,
    },
}

/// A change to one of a base group's factors, its wording kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FactorChange {
    /// `factor ID alone`, `factor ID points 4`: new options replace the base's of the same kind.
    Options {
        keyword: Span,
        id: Ident,
        options: Vec<FactorOption>,
    },
    /// `remove factor ID`
    Remove { keyword: Span, id: Ident },
}

/// One change to a base track's steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepChange {
    /// `replace step ID "text" { … }`: new text and/or fields for a step.
    Replace {
        keyword: Span,
        id: Ident,
        text: Option<Text>,
        fields: Vec<StepField>,
    },
    /// `insert step ID before|after ANCHOR "text" { … }`
    Insert {
        keyword: Span,
        step: StepDecl,
        before: bool,
        anchor: Ident,
    },
    /// `remove step ID`
    Remove { keyword: Span, id: Ident },
}

/// What a county changed in a base criteria group or track, recorded as its variant
/// is applied, so the outputs can say it ("at least three factors instead of two").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CountyChange {
    /// A new rule: the base's and the county's.
    Threshold { base: Threshold, county: Threshold },
    /// The base's rule in the county's own words.
    ThresholdWorded,
    /// A factor the base does not have (its text).
    FactorAdded(Text),
    /// A base factor in new words (the county's text).
    FactorReworded(Text),
    /// A base factor made enough on its own (its text).
    FactorAlone(Text),
    /// A base factor's points changed (its text).
    FactorCounts(Text),
    /// A base factor left out (the base's text).
    FactorRemoved(Text),
    /// A track's `when` replaced.
    When,
    /// A step the base does not have (its text).
    StepAdded(Text),
    /// A base step in new words or with new fields (its text as it now reads).
    StepChanged(Text),
    /// A base step left out (the base's text).
    StepRemoved(Text),
}
