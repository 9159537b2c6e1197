//! What the screening page's template sees: the handout's context (the same
//! words for the same things) plus what a page that decides needs — how each
//! factor is answered, the inputs with their ranges, and the script.

use crate::emit::handout::context::{self, HandoutContext};
use crate::model::{self, Model};
use minijinja::Value;
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct ScreenContext {
    /// Everything the handout's templates see.
    #[serde(flatten)]
    pub handout: HandoutContext,
    /// Per criteria group, in the order of `criteria`: how its factors are answered.
    pub groups: Vec<Group>,
    /// The whole numbers staff enter.
    pub inputs: Vec<Input>,
    /// The rule module and the page's behaviour, as the text of one inline module script.
    pub script: Value,
    /// The page's Content-Security-Policy: nothing may load, connect or submit;
    /// only this script runs. Safe in a double-quoted attribute as it is (our
    /// words, quotes `'` and a base64 hash), so written without escapes.
    pub csp: Value,
}

#[derive(Serialize)]
pub(crate) struct Group {
    pub id: String,
    /// A scored group (a total and levels) rather than a count of factors.
    pub scored: bool,
    /// Per factor, in the order of the group's `factors` (a graded item's grades
    /// left out: they are picked from its list): `tick` (a checkbox), `possible`
    /// (no, yes or possible: a "possible" counts for something here) or
    /// `worked_out` (not ticked: it follows from the inputs).
    pub answers: Vec<&'static str>,
    /// The group's graded items, each a list staff pick one grade from.
    pub graded: Vec<Input>,
}

#[derive(Serialize)]
pub(crate) struct Input {
    pub id: String,
    pub text: String,
    pub min: u32,
    pub max: Option<u32>,
    /// The values it takes, in words: "from 5 to 22", or "a whole number".
    pub range: String,
    /// A scale's values staff pick from, lowest first (empty for a number).
    pub scale: Vec<ScaleChoice>,
}

/// One value of a scale in its list: the id the rule module takes, the title staff read.
#[derive(Serialize)]
pub(crate) struct ScaleChoice {
    pub id: String,
    pub title: String,
}

pub(crate) fn build(model: &Model, script: String, csp: String) -> ScreenContext {
    ScreenContext {
        handout: context::build(model),
        groups: model
            .criteria
            .iter()
            .map(|c| Group {
                id: c.id.clone(),
                scored: c.scoring.is_some(),
                answers: c
                    .factors
                    .iter()
                    .filter_map(|f| model.factor_by(*f))
                    .filter(|f| f.grade.is_none())
                    .map(|f| factor_answers(c, f))
                    .collect(),
                graded: model
                    .inputs
                    .iter()
                    .filter(|i| {
                        i.graded
                            .is_some_and(|g| model.criteria_by(g).is_some_and(|g| g.id == c.id))
                    })
                    .map(|i| input(model, i))
                    .collect(),
            })
            .collect(),
        inputs: model
            .inputs
            .iter()
            .filter(|i| i.graded.is_none())
            .map(|i| input(model, i))
            .collect(),
        script: Value::from_safe_string(script),
        csp: Value::from_safe_string(csp),
    }
}

/// An input as the page asks for it: a number in its range, or a scale's (or a
/// graded item's) list of values, a grade with its points.
fn input(model: &Model, i: &model::Input) -> Input {
    let labels = &model.labels;
    Input {
        id: i.id.clone(),
        text: i.text.clone(),
        min: i.range.map_or(0, |(lo, _)| lo),
        max: i.range.map(|(_, hi)| hi),
        range: match i.range {
            Some((lo, hi)) => format!(
                "{} {lo} {} {hi}",
                labels.get("screen_range_from"),
                labels.get("to")
            ),
            None => labels.get("screen_whole_number").to_string(),
        },
        scale: (0u32..)
            .zip(&i.scale)
            .map(|(position, v)| ScaleChoice {
                id: v.id.clone(),
                title: match grade_points(model, i, position) {
                    Some(points) => format!("{} ({})", v.title, labels.points(points)),
                    None => v.title.clone(),
                },
            })
            .collect(),
    }
}

/// The points of grade `position` of a graded item (`None` for a plain input).
fn grade_points(model: &Model, input: &model::Input, position: u32) -> Option<u32> {
    let group = model.criteria_by(input.graded?)?;
    group
        .factors
        .iter()
        .filter_map(|f| model.factor_by(*f))
        .find(|f| {
            f.grade.is_some_and(|g| {
                g.position == position && model.input_by(g.input).is_some_and(|x| x.id == input.id)
            })
        })
        .map(|f| f.points)
}

/// How staff answer a factor on the page.
fn factor_answers(group: &model::Criteria, factor: &model::Factor) -> &'static str {
    if factor.derived.is_some() {
        "worked_out"
    } else if group.possible_counts(factor) {
        "possible"
    } else {
        "tick"
    }
}
