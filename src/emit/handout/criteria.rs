//! A criteria group (or an outcome) as the handout's template data: its threshold
//! and how to answer in words, its factors, graded items and tiers, its levels and
//! the rules that move between them.

use super::context::when_words;
use super::markdown;
use crate::model::{self, Condition, Model, Threshold};
use minijinja::Value;
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct Criteria {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    /// A county's approved change to its base's group (`approval "…"`).
    pub approval: Option<String>,
    /// What the county changed in its base's group, in words.
    pub county_changes: Vec<String>,
    /// How many factors meet the group.
    pub threshold: u32,
    /// The threshold as a word: "one", "two", … (agreeing with the group's word for its items)
    pub threshold_words: String,
    /// After the threshold: "of the following factors are present" (the group's own
    /// word for its items when it gives one: "… indicators …").
    pub factors_are: String,
    /// A group of one factor: "the following factor is present".
    pub the_factor: String,
    /// "at least two of these factors are present"
    pub threshold_text: String,
    /// The threshold is said in the protocol's own words (`threshold_text`).
    pub own_wording: bool,
    pub factors: Vec<Factor>,
    /// A scored group's items as staff answer them, in order: plain factors, a
    /// tier's factors under its heading, a graded item's grades (see [`Item`]).
    pub items: Vec<Item>,
    /// The students the group counts for, in words (`applies_when`), after
    /// `applies_lead`.
    pub applies_when: Option<String>,
    /// "This applies only when", or "This applies unless" when `applies_when` says
    /// whom the group does not count for.
    pub applies_lead: String,
    /// The group has one factor ("the following factor is present").
    pub single_factor: bool,
    /// A "possible" answer counts like "yes".
    pub possible_counts_as_yes: bool,
    /// A scored group: how to answer and add up, as Markdown (empty for a count group).
    pub score_how_md: Value,
    /// A scored group: its levels lowest first (empty for a count group).
    pub levels: Vec<Level>,
    /// `floor` and `force` rules in words, e.g. "at least **Medium concern** when …".
    pub overrides: Vec<String>,
    /// Written as an `outcome`: `outcome_values` are shown in place of factors and levels.
    pub outcome: bool,
    /// An outcome's values, lowest first, each with the rule that sets it in words.
    pub outcome_values: Vec<OutcomeValue>,
    /// An outcome with an `otherwise` value (without one, it may have no value).
    pub has_otherwise: bool,
}

/// One value of an outcome and when it is the outcome: "when …", several rules
/// joined by "; ", or "otherwise (when no rule holds)".
#[derive(Serialize)]
pub(crate) struct OutcomeValue {
    pub id: String,
    pub title: String,
    pub rule: String,
}

#[derive(Serialize)]
pub(crate) struct Factor {
    pub id: String,
    pub text: String,
    /// Points and rules in words: "3 points (possible: 1)", "enough on its own",
    /// "ticked when Times missing is over 4".
    pub notes: Vec<String>,
}

/// A run of a scored group's items: factors to tick (a tier's under its heading),
/// or one graded item, whose grades staff circle one of.
#[derive(Serialize)]
pub(crate) struct Item {
    /// A tier's "Tier 1 indicators — 3 points each", a graded item's title; `None`
    /// for factors outside a tier.
    pub heading: Option<String>,
    /// The factors to tick (empty for a graded item).
    pub factors: Vec<Factor>,
    /// A graded item's grades, lowest first (empty for factors).
    pub grades: Vec<Grade>,
}

/// One grade of a graded item: its name, what it means, its points and rules.
#[derive(Serialize)]
pub(crate) struct Grade {
    pub id: String,
    pub text: String,
    /// "2 points", with "on its own: at least High concern" when it says so.
    pub notes: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct Level {
    pub id: String,
    pub title: String,
    /// "3 to 5 points"
    pub range: String,
}

pub(super) fn criteria(model: &Model, c: &model::Criteria) -> Criteria {
    let labels = &model.labels;
    let n = match c.threshold {
        Threshold::AtLeast(n) => n,
        Threshold::AtLeastLevel(_) => 0,
    };
    let level_title = |l: model::LevelIdx| c.level_title(l).to_string();
    let noun = c.items_called.as_ref();
    let only_grades = c
        .factors
        .iter()
        .all(|f| model.factor_by(*f).is_some_and(|f| f.grade.is_some()));
    let applies = c.applies_when.as_ref().map(|t| when_words(model, t));
    let factor_of = |f: &model::Factor| {
        let mut notes = Vec::new();
        if c.scoring.is_some() {
            let mut points = labels.points(f.points);
            if let Some(p) = f.possible {
                points.push_str(&format!(" ({}: {p})", labels.get("possible")));
            }
            notes.push(points);
        }
        match f.alone {
            Some(model::Alone::Meets) => notes.push(labels.get("enough_alone").to_string()),
            Some(model::Alone::AtLeast(l)) => notes.push(format!(
                "{}: {} {}",
                labels.get("on_its_own"),
                labels.get("at_least"),
                level_title(l)
            )),
            None => {}
        }
        if let (Some(when), None) = (&f.derived, f.grade) {
            notes.push(when_words(model, when).after(model, "ticked_when", "ticked_unless"));
        }
        if let Some(when) = &f.only_when {
            notes.push(when_words(model, when).after(model, "counts_only_when", "counts_unless"));
        }
        Factor {
            id: f.id.clone(),
            text: f.text.clone(),
            notes,
        }
    };
    let own: Vec<&model::Factor> = c.factors.iter().filter_map(|f| model.factor_by(*f)).collect();
    let items = scored_items(model, &own, noun, &factor_of);
    let factors = own
        .iter()
        .filter(|f| f.grade.is_none())
        .map(|f| factor_of(f))
        .collect();
    Criteria {
        id: c.id.clone(),
        title: c.title.clone(),
        source: c.source.clone(),
        approval: c.approval.clone(),
        county_changes: c
            .county_changes
            .iter()
            .map(|change| change.words(labels, noun))
            .collect(),
        threshold: n,
        threshold_words: labels.number_of(n, noun),
        factors_are: labels.about_items(if n == 1 { "factors_one" } else { "factors_many" }, noun),
        the_factor: labels.about_items("the_factor", noun),
        threshold_text: c.threshold_sentence(labels, false),
        own_wording: c.threshold_wording.is_some(),
        factors,
        items,
        applies_when: applies.as_ref().map(|w| w.text.clone()),
        applies_lead: labels
            .get(match applies {
                Some(Condition { negated: true, .. }) => "applies_unless",
                _ => "applies_only_when",
            })
            .to_string(),
        single_factor: c.factors.len() == 1,
        possible_counts_as_yes: c.possible_counts_as_yes,
        score_how_md: Value::from_safe_string(match (&c.scoring, c.possible_counts_as_yes) {
            // An outcome has nothing to answer (and, having no factors, would pass as all graded).
            (None, _) => String::new(),
            _ if c.outcome => String::new(),
            // Every item graded: nothing is answered yes, possible or no.
            (Some(_), _) if only_grades => {
                markdown::emphasised(&labels.about_items("score_how_grades", noun))
            }
            (Some(_), true) => markdown::emphasised(&labels.about_items("score_how_possible_as_yes", noun)),
            (Some(_), false) => markdown::emphasised(&labels.about_items("score_how", noun)),
        }),
        levels: c
            .scoring
            .iter()
            .flat_map(|s| &s.levels)
            .map(|l| Level {
                id: l.id.clone(),
                title: l.title.clone(),
                range: l.range_words(labels),
            })
            .collect(),
        overrides: c
            .scoring
            .iter()
            .flat_map(|s| &s.overrides)
            .map(|o| {
                format!(
                    "{} {}",
                    if o.force {
                        level_title(o.level)
                    } else {
                        format!("{} {}", labels.get("at_least"), level_title(o.level))
                    },
                    when_words(model, &o.when).after(model, "case_when", "unless")
                )
            })
            .collect(),
        outcome: c.outcome,
        outcome_values: model
            .outcome_values(c)
            .into_iter()
            .map(|v| OutcomeValue {
                id: v.id,
                title: v.title,
                rule: v.rule,
            })
            .collect(),
        has_otherwise: c.otherwise().is_some(),
    }
}

/// A scored group's factors in runs as staff answer them (see [`Item`]): each
/// graded item's grades together, each tier's factors together, and the plain
/// factors between them.
fn scored_items(
    model: &Model,
    factors: &[&model::Factor],
    noun: Option<&model::Noun>,
    factor_of: &dyn Fn(&model::Factor) -> Factor,
) -> Vec<Item> {
    let labels = &model.labels;
    let mut items: Vec<Item> = Vec::new();
    let mut last_key = None;
    for f in factors {
        let key = f.run();
        let context = factor_of(f);
        let grade_name = f
            .grade
            .and_then(|g| model.input_by(g.input)?.scale_value(g.position))
            .map(|v| v.id.clone());
        match items.last_mut() {
            Some(item) if last_key == Some(key) => match grade_name {
                Some(id) => item.grades.push(grade_of(id, context)),
                None => item.factors.push(context),
            },
            _ => {
                let heading = match (f.grade, &f.tier) {
                    (Some(g), _) => model.input_by(g.input).map(|i| i.text.clone()),
                    (None, Some(tier)) => Some(format!(
                        "{} — {} {}",
                        tier.title,
                        labels.points(f.points),
                        labels.get("each_factor")
                    )),
                    // Plain factors after a tier or a graded item.
                    (None, None) if !items.is_empty() => Some(labels.about_items("other_items", noun)),
                    (None, None) => None,
                };
                let (factors, grades) = match grade_name {
                    Some(id) => (Vec::new(), vec![grade_of(id, context)]),
                    None => (vec![context], Vec::new()),
                };
                items.push(Item {
                    heading,
                    factors,
                    grades,
                });
            }
        }
        last_key = Some(key);
    }
    items
}

/// A grade's row: its name, and its factor's text and notes.
fn grade_of(id: String, factor: Factor) -> Grade {
    Grade {
        id,
        text: factor.text,
        notes: factor.notes,
    }
}
