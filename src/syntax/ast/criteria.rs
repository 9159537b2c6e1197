//! The syntax tree of the triggers' inputs: signals, inputs, and criteria groups
//! with their fields (source, threshold, factors and their options, levels and
//! their ranges, `floor` and `force` rules).

use super::{keyword, CountyChange, Expr, Field, Ident, ScaleValueDecl, Spanned, Text};
use crate::source::Span;

/// `signal ID "text"`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignalDecl {
    pub id: Ident,
    pub text: Text,
}

/// `input ID "text" from A to B`: a whole number staff enter; or
/// `input ID "text" scale low "Low", high "High"`: one of named values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputDecl {
    pub keyword: Span,
    pub id: Ident,
    pub text: Text,
    /// `from A to B`, when given (`None` values could not be read: already reported).
    pub range: Option<Spanned<(Option<u32>, Option<u32>)>>,
    /// `scale …`: its values lowest first, when given (the span covers the whole list).
    pub scale: Option<Spanned<Vec<ScaleValueDecl>>>,
}

/// `criteria ID "title" { source … met_when … factor … }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CriteriaDecl {
    pub keyword: Span,
    pub id: Ident,
    pub title: Text,
    pub fields: Vec<CriteriaField>,
    /// Set when a variant's `change criteria` with `approval "…"` changed it.
    pub approval: Option<Text>,
    /// What a variant changed in it (empty in a protocol's own groups).
    pub county_changes: Vec<CountyChange>,
    /// Written as `outcome ID "title" { value … set … otherwise … }`: its `level`
    /// fields are the outcome's values, its `force` rules its `set` rules.
    pub outcome: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CriteriaField {
    Source(Field<Text>),
    MetWhen(Field<MetWhen>),
    Factor(FactorDecl),
    /// `graded ID "title" { grade … }`: an item staff rate on a scale of grades.
    Graded(GradedDecl),
    /// `tier "title" points N { factor … }`: factors sharing one points value.
    Tier(TierDecl),
    /// `applies_when TRIGGER` (`None`: could not be read, already reported).
    AppliesWhen(Field<Option<Expr>>),
    /// `possible_counts_as yes|no`
    PossibleCountsAs(Field<Spanned<bool>>),
    /// `level ID "title" from A [to B]`
    Level(LevelDecl),
    /// `allow_gaps`
    AllowGaps(Field<()>),
    /// `floor LEVEL when TRIGGER` / `force LEVEL when TRIGGER` (an outcome's `set VALUE when TRIGGER`)
    Override(Field<OverrideDecl>),
    /// An outcome's `otherwise VALUE`: its value when no `set` holds.
    Otherwise(Field<Ident>),
    /// An outcome's `highest_wins`: where `set` rules hold at once, the highest value wins, as said.
    HighestWins(Field<()>),
    /// `items_called "indicator" "indicators" [feminine]`
    ItemsCalled(Field<ItemNounDecl>),
}

/// What a group's items are called, as written: one, several, and the
/// noun's gender when the line says it (`feminine` → `Some(true)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemNounDecl {
    pub one: Text,
    pub many: Text,
    pub feminine: Option<Spanned<bool>>,
}

field_accessors!(CriteriaField {
    as_source: Source(Field<Text>),
    as_met_when: MetWhen(Field<MetWhen>),
    as_factor: Factor(FactorDecl),
    as_graded: Graded(GradedDecl),
    as_tier: Tier(TierDecl),
    as_applies_when: AppliesWhen(Field<Option<Expr>>),
    as_possible_counts_as: PossibleCountsAs(Field<Spanned<bool>>),
    as_level: Level(LevelDecl),
    as_allow_gaps: AllowGaps(Field<()>),
    as_override: Override(Field<OverrideDecl>),
    as_otherwise: Otherwise(Field<Ident>),
    as_highest_wins: HighestWins(Field<()>),
    as_items_called: ItemsCalled(Field<ItemNounDecl>),
});

/// `met_when at_least 2 ["wording"]`: the rule, and the protocol's own words for it
/// when it gives them ("two or more of these indicators are present").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetWhen {
    pub rule: Threshold,
    pub wording: Option<Text>,
}

/// How a criteria group is met.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Threshold {
    /// `at_least 2`: factors present. `None` when the number could not be read (already reported).
    AtLeast(Spanned<Option<u32>>),
    /// `at_least medium`: a scored group's level.
    AtLeastLevel(Ident),
}

/// `level ID "title" from A to B` in a scored group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelDecl {
    pub keyword: Span,
    pub id: Ident,
    pub title: Text,
    /// `None` for a level only a rule sets (`level imminent "Imminent risk"`).
    pub range: Option<LevelRangeDecl>,
}

/// `from A to B` (or `from A`) after a level's title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelRangeDecl {
    pub from: Spanned<Option<u32>>,
    /// `None` for an open-ended top level.
    pub to: Option<Spanned<Option<u32>>>,
}

impl LevelRangeDecl {
    /// From `from` to the end of `to`.
    pub fn span(&self) -> Span {
        self.from
            .span
            .to(self.to.as_ref().map_or(self.from.span, |t| t.span))
    }
}

/// `floor medium when age < 13` or `force high when disclosure`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverrideDecl {
    /// `true` for `force`, `false` for `floor`.
    pub force: bool,
    pub level: Ident,
    /// `None`: could not be read, already reported.
    pub when: Option<Expr>,
}

impl OverrideDecl {
    /// `force` or `floor`.
    pub fn keyword(&self) -> &'static str {
        if self.force {
            keyword::FORCE
        } else {
            keyword::FLOOR
        }
    }
}

/// `factor ID "text" [points N] [possible N] [alone [LEVEL]] [when TRIGGER] [only_when TRIGGER]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FactorDecl {
    pub id: Ident,
    pub text: Text,
    pub options: Vec<FactorOption>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FactorOption {
    /// `points 3`: what a yes adds in a scored group.
    Points(Field<Spanned<Option<u32>>>),
    /// `possible 1`: what a "possible" answer adds.
    Possible(Field<Spanned<Option<u32>>>),
    /// `alone` or `alone high`.
    Alone(Field<Option<Ident>>),
    /// `when TRIGGER`: worked out from inputs, not ticked (`None`: already reported).
    Derived(Field<Option<Expr>>),
    /// `only_when TRIGGER`: it counts only where this holds (`None`: already reported).
    OnlyWhen(Field<Option<Expr>>),
}

field_accessors!(FactorOption {
    as_points: Points(Field<Spanned<Option<u32>>>),
    as_possible: Possible(Field<Spanned<Option<u32>>>),
    as_alone: Alone(Field<Option<Ident>>),
    as_derived: Derived(Field<Option<Expr>>),
    as_only_when: OnlyWhen(Field<Option<Expr>>),
});

/// `graded ID "title" { grade ID "text" points N [alone LEVEL] … }`: an item of a
/// scored group answered by picking one grade, lowest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GradedDecl {
    pub keyword: Span,
    pub id: Ident,
    pub title: Text,
    pub grades: Vec<GradeDecl>,
}

/// `grade some "Sometimes left alone overnight" points 2 [alone high]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GradeDecl {
    pub id: Ident,
    pub text: Text,
    pub points: Field<Spanned<Option<u32>>>,
    /// `alone LEVEL` (a level is required in a scored group; `None` inside: reported).
    pub alone: Option<Field<Option<Ident>>>,
}

/// `tier "Tier 1 indicators" points 3 { factor … }`: a yes to any of its factors
/// adds the tier's points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TierDecl {
    pub keyword: Span,
    pub title: Text,
    pub points: Field<Spanned<Option<u32>>>,
    pub factors: Vec<FactorDecl>,
}

impl CriteriaDecl {
    /// Every factor the group declares, its tiers' included, in file order.
    pub fn all_factors(&self) -> impl Iterator<Item = &FactorDecl> {
        self.fields.iter().flat_map(|field| match field {
            CriteriaField::Factor(f) => std::slice::from_ref(f),
            CriteriaField::Tier(t) => t.factors.as_slice(),
            _ => &[],
        })
    }

    /// The group's graded items, in file order.
    pub fn graded_items(&self) -> impl Iterator<Item = &GradedDecl> {
        self.fields.iter().filter_map(CriteriaField::as_graded)
    }
}

impl GradedDecl {
    /// Its grades, lowest first, each name once (a grade named again is reported and left out).
    pub fn distinct_grades(&self) -> impl Iterator<Item = &GradeDecl> {
        self.grades.iter().enumerate().filter_map(|(at, grade)| {
            let earlier = self.grades.iter().take(at).any(|g| g.id.name == grade.id.name);
            (!earlier).then_some(grade)
        })
    }
}
