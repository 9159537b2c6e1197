//! What staff observe and how it is judged: signals, inputs, factors, and the
//! criteria groups they count in (thresholds; a scored group's points, levels
//! and `floor`/`force` overrides).

use super::{CriteriaIdx, FactorIdx, InputIdx, Labels, LevelIdx, Noun, Trigger};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signal {
    pub id: String,
    pub text: String,
}

/// `input ID "text" from A to B`: a whole number staff enter; or `input ID "text"
/// scale low "Low", high "High"`: one of named values staff pick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub id: String,
    pub text: String,
    /// The values it may take, both ends included, when declared. A scale's
    /// values are its positions, `0` to one less than their number.
    pub range: Option<(u32, u32)>,
    /// A scale's values, lowest first (empty for a number). Everything that
    /// decides (triggers, the evaluator, generated code) reads a scale's value as
    /// its position here; everything that shows one shows its name or title.
    pub scale: Vec<ScaleValue>,
    /// Set for a graded item (`graded ID "…" { grade … }`): the scored group it is
    /// rated in. Its scale is its grades; each grade is also a factor of the group
    /// (see [`Factor::grade`]) that holds when it is the grade picked.
    pub graded: Option<CriteriaIdx>,
}

/// One value of a scale: `high "High"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScaleValue {
    pub id: String,
    pub title: String,
}

/// An input's value: a whole number, or the id of a scale's value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum InputValue {
    Number(u32),
    Scale(String),
}

impl InputValue {
    /// The value `value` of `input` (a scale's by its value's id).
    pub fn of(input: &Input, value: u32) -> Self {
        match input.scale_value(value) {
            Some(v) => InputValue::Scale(v.id.clone()),
            None => InputValue::Number(value),
        }
    }
}

impl Input {
    /// The value at `position` of a scale, `None` for a number or past the end.
    pub fn scale_value(&self, position: u32) -> Option<&ScaleValue> {
        self.scale.get(usize::try_from(position).ok()?)
    }

    /// The position of the scale value named `id`.
    pub fn scale_position(&self, id: &str) -> Option<u32> {
        let at = self.scale.iter().position(|v| v.id == id)?;
        u32::try_from(at).ok()
    }

    /// A value as protocol text writes it: a scale's value by name, else the number.
    pub fn value_written(&self, value: u32) -> String {
        self.scale_value(value)
            .map_or_else(|| value.to_string(), |v| v.id.clone())
    }

    /// A value as written by a person (`12`, `high`), read: a scale's by its
    /// value's name, a number's as a whole number inside the range. `Err` says why not.
    pub fn read_value(&self, written: &str) -> Result<u32, String> {
        let id = &self.id;
        let value = if self.scale.is_empty() {
            written
                .parse::<u32>()
                .map_err(|_| format!("input `{id}`: `{written}` is not a whole number"))?
        } else {
            self.scale_position(written).ok_or_else(|| {
                let names: Vec<&str> = self.scale.iter().map(|v| v.id.as_str()).collect();
                let hint = crate::suggest::hint(written, &names, "its", "value", "");
                format!("scale `{id}` has no value `{written}`; {hint}")
            })?
        };
        match self.range {
            Some((low, high)) if value < low || value > high => Err(format!(
                "input `{id}` goes from {} to {}, so it cannot be {written}",
                self.value_written(low),
                self.value_written(high)
            )),
            _ => Ok(value),
        }
    }

    /// A value as a reader sees it: a scale's value by title, else the number.
    pub fn value_title(&self, value: u32) -> String {
        self.scale_value(value)
            .map_or_else(|| value.to_string(), |v| v.title.clone())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Criteria {
    pub id: String,
    pub title: String,
    /// Who set the criteria, e.g. "California Department of Social Services".
    pub source: Option<String>,
    /// Who approved a county's change to its base's group, and when (`approval "…"`).
    pub approval: Option<String>,
    /// What a county's variant changed in its base's group, in order.
    pub county_changes: Vec<super::CountyChange>,
    pub threshold: Threshold,
    /// The protocol's own words for the threshold (`met_when at_least 2 "…"`), said
    /// instead of protocolc's in every output.
    pub threshold_wording: Option<String>,
    /// This group's factors, in file order.
    pub factors: Vec<FactorIdx>,
    /// The students it counts for (`applies_when`); for the others it is not met.
    pub applies_when: Option<Trigger>,
    /// A "possible" answer counts like "yes".
    pub possible_counts_as_yes: bool,
    /// Set for a scored group (one with levels).
    pub scoring: Option<Scoring>,
    /// Written as an `outcome`: no factors; its levels are the outcome's values, its
    /// `force` rules its `set` rules, the level whose range is 0 to 0 (the total of no
    /// factors) its `otherwise` value; met when it has a value.
    pub outcome: bool,
    /// What the source calls the group's items (`items_called "indicator" "indicators"`),
    /// said instead of "factor" wherever the outputs name them.
    pub items_called: Option<Noun>,
}

/// A scored group's levels and the rules that move a student between them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scoring {
    /// Lowest first; ranges do not overlap.
    pub levels: Vec<Level>,
    /// Totals between two ranges get no level (`allow_gaps`).
    pub allow_gaps: bool,
    /// `floor` and `force` rules, in file order.
    pub overrides: Vec<Override>,
}

/// `level ID "title" from A to B`, or `level ID "title"` (set only by a rule).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    pub id: String,
    pub title: String,
    /// The totals that rate a student at this level; `None` for a level only a
    /// `force`, `floor` or factor's `alone` sets.
    pub range: Option<LevelRange>,
}

/// The totals of a level: `from A to B`, or `from A` for an open-ended top level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LevelRange {
    pub from: u32,
    /// `None`: open-ended.
    pub to: Option<u32>,
}

impl Level {
    /// Whether a total rates a student at this level (never, for a level without a range).
    pub fn contains(&self, total: u32) -> bool {
        self.range
            .is_some_and(|r| total >= r.from && r.to.is_none_or(|to| total <= to))
    }

    /// "3 to 5 points", "6 points or more", in the language of `labels`; for a level
    /// without a range, that only a rule sets it.
    pub fn range_words(&self, labels: &Labels) -> String {
        match self.range {
            Some(LevelRange { from, to: Some(to) }) if to == from => labels.points(to),
            Some(LevelRange { from, to: Some(to) }) => {
                format!("{from} {} {}", labels.get("to"), labels.points(to))
            }
            Some(LevelRange { from, to: None }) => {
                format!("{} {}", labels.points(from), labels.get("or_more"))
            }
            None => labels.get("level_by_rule").to_string(),
        }
    }
}

/// "point" or "points".
pub fn points_noun(n: u32) -> &'static str {
    if n == 1 {
        "point"
    } else {
        "points"
    }
}

/// `floor LEVEL when …` or `force LEVEL when …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Override {
    /// `force` sets the level; `floor` only raises it.
    pub force: bool,
    pub level: LevelIdx,
    pub when: Trigger,
}

/// When a criteria group is met.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Threshold {
    /// Met when at least this many of its factors are present (1 ≤ n ≤ factors).
    AtLeast(u32),
    /// A scored group, met when its level is this one or higher.
    AtLeastLevel(LevelIdx),
}

impl Threshold {
    /// The threshold in the language of `labels`.
    pub fn words(self, criteria: &Criteria, labels: &Labels) -> String {
        match self {
            Threshold::AtLeast(n) => {
                labels.threshold(n, criteria.factors.len(), true, criteria.items_called.as_ref())
            }
            Threshold::AtLeastLevel(level) => {
                let title = criteria.level_title(level);
                if criteria.is_highest(level) {
                    format!("{} {title}", labels.get("level_is"))
                } else {
                    format!("{} {title} {}", labels.get("level_is"), labels.get("or_higher"))
                }
            }
        }
    }
}

impl Criteria {
    /// The threshold as every output says it: the protocol's own wording when it
    /// gives one, else "at least two of these factors are present" (`these`, as the
    /// flowchart says it) or "… of the following factors …", in the language of `labels`.
    pub fn threshold_sentence(&self, labels: &Labels, these: bool) -> String {
        match (&self.threshold_wording, self.threshold) {
            (Some(own), _) => own.clone(),
            (None, Threshold::AtLeast(n)) => {
                labels.threshold(n, self.factors.len(), these, self.items_called.as_ref())
            }
            (None, threshold) => threshold.words(self, labels),
        }
    }

    /// The threshold in English, as the evaluator, the JSON and the diff say it.
    pub fn threshold_plain(&self) -> String {
        self.threshold_sentence(&Labels::english(), true)
    }

    /// Whether a "possible" answer to `factor` counts for anything in this group:
    /// the group counts it as yes, or it is scored and adds points.
    pub fn possible_counts(&self, factor: &Factor) -> bool {
        self.possible_counts_as_yes
            || (self.scoring.is_some() && factor.possible_points(self.possible_counts_as_yes) > 0)
    }

    pub fn level_by(&self, i: LevelIdx) -> Option<&Level> {
        self.scoring.as_ref().and_then(|s| s.levels.get(i.0))
    }

    /// A level's title, e.g. "Medium concern".
    pub fn level_title(&self, i: LevelIdx) -> &str {
        self.level_by(i).map_or("?", |l| l.title.as_str())
    }

    /// Whether `level` is the group's highest (nothing is "higher" than it).
    pub fn is_highest(&self, level: LevelIdx) -> bool {
        self.scoring
            .as_ref()
            .is_some_and(|s| s.levels.len() == level.0 + 1)
    }

    /// An outcome's `otherwise` value: the level the total of no factors reaches.
    pub fn otherwise(&self) -> Option<LevelIdx> {
        if self.outcome {
            self.level_of_total(0)
        } else {
            None
        }
    }

    /// The level whose range holds `total`, if any.
    pub fn level_of_total(&self, total: u32) -> Option<LevelIdx> {
        self.scoring
            .as_ref()
            .and_then(|s| s.levels.iter().position(|l| l.contains(total)))
            .map(LevelIdx)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Factor {
    pub id: String,
    pub text: String,
    pub criteria: CriteriaIdx,
    /// What a yes adds in a scored group (1 unless given).
    pub points: u32,
    /// What a "possible" answer adds, when given (`possible N`).
    pub possible: Option<u32>,
    /// On its own, it meets its group (count groups) or rates at least this level.
    pub alone: Option<Alone>,
    /// Worked out from inputs (`when …`), not ticked by staff. A grade's factor
    /// holds when its graded item is at that grade.
    pub derived: Option<Trigger>,
    /// `only_when …`: it applies only where this holds; elsewhere it counts nothing
    /// (no count, no points, no `alone`), whatever was answered or worked out.
    pub only_when: Option<Trigger>,
    /// Set when the factor is one grade of a graded item.
    pub grade: Option<GradeOf>,
    /// The tier it is in (`tier "…" points N { … }`), if any.
    pub tier: Option<TierOf>,
}

/// A tier of a scored group, as its factors know it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TierOf {
    /// Its place among its group's tiers, from 1 (`tier GROUP.N` in a translation).
    pub position: u32,
    pub title: String,
}

/// Which grade of which graded item a factor stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GradeOf {
    /// The graded item, read as a scale input.
    pub input: InputIdx,
    /// The grade's position on it, lowest first.
    pub position: u32,
}

impl Factor {
    /// The run of its group's items it is listed in: a graded item's grades are one
    /// run, a tier's factors another, the plain factors between them another.
    pub fn run(&self) -> (Option<InputIdx>, Option<u32>) {
        (
            self.grade.map(|g| g.input),
            self.tier.as_ref().map(|t| t.position),
        )
    }

    /// A grade's factor as the assessment says it: "supervision: Sometimes left
    /// alone overnight" (the item's id, the grade's description); `None` for others.
    pub fn grade_words(&self, model: &super::Model) -> Option<String> {
        let input = model.input_by(self.grade?.input)?;
        Some(format!("{}: {}", input.id, self.text))
    }

    /// What a "possible" answer adds in a scored group: its own `possible N`, else
    /// its full points where the group says `possible_counts_as yes`, else nothing.
    pub fn possible_points(&self, possible_counts_as_yes: bool) -> u32 {
        self.possible
            .unwrap_or(if possible_counts_as_yes { self.points } else { 0 })
    }
}

/// What a factor does on its own (`alone`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alone {
    /// It meets its count group by itself.
    Meets,
    /// It rates the student at least this level of its scored group.
    AtLeast(LevelIdx),
}
