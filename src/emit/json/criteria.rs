//! Criteria groups → JSON: the threshold, factors, and a scored group's levels and
//! overrides.

use super::convert::trigger;
use super::document::{Criteria, CriteriaThreshold, Factor, FactorGrade, ItemsCalled, Level, Override};
use super::schema::{OVERRIDE_FLOOR, OVERRIDE_FORCE};
use crate::model::{self, Model, Threshold};

/// A criteria group, with ids in place of indexes.
pub(super) fn criteria(model: &Model, c: &model::Criteria) -> Criteria {
    let level_id = |l: model::LevelIdx| c.level_by(l).map(|l| l.id.clone()).unwrap_or_default();
    let scored = c.scoring.is_some();
    Criteria {
        outcome: c.outcome,
        id: c.id.clone(),
        title: c.title.clone(),
        source: c.source.clone(),
        approval: c.approval.clone(),
        threshold: match c.threshold {
            Threshold::AtLeast(count) => CriteriaThreshold::AtLeast {
                count,
                text: c.threshold_plain(),
            },
            Threshold::AtLeastLevel(level) => CriteriaThreshold::AtLeastLevel {
                level: level_id(level),
                text: c.threshold_plain(),
            },
        },
        factors: c
            .factors
            .iter()
            .filter_map(|f| model.factor_by(*f))
            .map(|f| Factor {
                id: f.id.clone(),
                text: f.text.clone(),
                points: scored.then_some(f.points),
                possible: f.possible,
                alone_meets: f.alone == Some(model::Alone::Meets),
                alone_level: match f.alone {
                    Some(model::Alone::AtLeast(l)) => Some(level_id(l)),
                    _ => None,
                },
                derived: f.derived.as_ref().map(|t| trigger(model, t)),
                only_when: f.only_when.as_ref().map(|t| trigger(model, t)),
                grade: f.grade.and_then(|g| {
                    let input = model.input_by(g.input)?;
                    Some(FactorGrade {
                        input: input.id.clone(),
                        value: input.scale_value(g.position)?.id.clone(),
                    })
                }),
                tier: f.tier.as_ref().map(|t| t.title.clone()),
            })
            .collect(),
        applies_when: c.applies_when.as_ref().map(|t| trigger(model, t)),
        possible_counts_as_yes: c.possible_counts_as_yes,
        levels: c
            .scoring
            .iter()
            .flat_map(|s| &s.levels)
            .map(|l| Level {
                id: l.id.clone(),
                title: l.title.clone(),
                from: l.range.map(|r| r.from),
                to: l.range.and_then(|r| r.to),
            })
            .collect(),
        allow_gaps: c.scoring.as_ref().is_some_and(|s| s.allow_gaps),
        items_called: c.items_called.as_ref().map(|n| ItemsCalled {
            one: n.one.clone(),
            many: n.many.clone(),
            feminine: n.feminine,
        }),
        overrides: c
            .scoring
            .iter()
            .flat_map(|s| &s.overrides)
            .map(|o| Override {
                kind: if o.force { OVERRIDE_FORCE } else { OVERRIDE_FLOOR }.to_string(),
                level: level_id(o.level),
                when: trigger(model, &o.when),
                when_text: o.when.source_text(model),
            })
            .collect(),
    }
}
