//! A variant's `change criteria`: a base group's threshold (or only its wording),
//! source and factors changed, each a departure from the base that is warned about
//! (P0302) unless approved, and recorded as a [`CountyChange`] for the handout.

use super::{no_such_part, replace_fields, Merger};
use crate::syntax::ast::*;

impl Merger {
    pub(super) fn criteria_change(&mut self, i: usize, id: &Ident, field: CriteriaField) {
        let Some(Declaration::Criteria(criteria)) = self.declarations.get_mut(i) else {
            return;
        };
        let departs = departs_from(criteria);
        // What the departure is: the key of a field changed once only, the warning's
        // message, and where it points.
        let (key, message, span, label) = match &field {
            CriteriaField::MetWhen(m) if same_rule(criteria, &m.value.rule) => (
                Some(format!("threshold {}", id.name)),
                format!(
                    "this words the threshold of `{}` in the county's own way (the rule stays as \
                     it is), departing from {departs}",
                    id.name
                ),
                m.keyword,
                "a county's wording",
            ),
            CriteriaField::MetWhen(m) => (
                Some(format!("threshold {}", id.name)),
                format!(
                    "this changes the threshold of `{}`, departing from {departs}",
                    id.name
                ),
                m.keyword,
                "a county threshold",
            ),
            CriteriaField::Factor(f) if base_factor(criteria, &f.id.name).is_some() => (
                Some(format!("factor {}.{}", id.name, f.id.name)),
                format!(
                    "this rewords the factor `{}` of `{}`, departing from {departs}",
                    f.id.name, id.name
                ),
                f.id.span,
                "a county's wording",
            ),
            CriteriaField::Factor(f) => (
                None,
                format!("this adds a factor to `{}`, departing from {departs}", id.name),
                f.id.span,
                "a county factor",
            ),
            // Not in the grammar of `change criteria`; a scoring rule would be added as written.
            CriteriaField::AppliesWhen(Field { keyword, .. })
            | CriteriaField::PossibleCountsAs(Field { keyword, .. })
            | CriteriaField::AllowGaps(Field { keyword, .. })
            | CriteriaField::Override(Field { keyword, .. })
            | CriteriaField::Graded(GradedDecl { keyword, .. })
            | CriteriaField::Tier(TierDecl { keyword, .. })
            | CriteriaField::Otherwise(Field { keyword, .. })
            | CriteriaField::HighestWins(Field { keyword, .. })
            | CriteriaField::Level(LevelDecl { keyword, .. }) => (
                None,
                format!(
                    "this changes how `{}` is scored, departing from {departs}",
                    id.name
                ),
                *keyword,
                "a county rule",
            ),
            CriteriaField::ItemsCalled(f) => (
                Some(format!("items_called {}", id.name)),
                format!(
                    "this changes what `{}` calls its items, departing from {departs}",
                    id.name
                ),
                f.keyword,
                "a county's word",
            ),
            CriteriaField::Source(s) => (
                Some(format!("source {}", id.name)),
                format!("this changes who set the criteria `{}`", id.name),
                s.keyword,
                "a county source",
            ),
        };
        if let Some(key) = key {
            if !self.first_change(key, &format!("the criteria group `{}`", id.name), span) {
                return;
            }
        }
        self.departs(message, span, label);
        // The base's translation of its own wording says the base's rule, and of its
        // word for its items the base's word.
        match &field {
            CriteriaField::MetWhen(_) => {
                self.drop_base_translations(&TranslationKind::CriteriaThreshold.key(&id.name), span)
            }
            CriteriaField::ItemsCalled(_) => {
                self.drop_base_translations(&TranslationKind::ItemsCalled.key(&id.name), span)
            }
            _ => {}
        }
        if let Some(Declaration::Criteria(criteria)) = self.declarations.get_mut(i) {
            if let Some(change) = county_change(criteria, &field) {
                criteria.county_changes.push(change);
            }
            match field {
                CriteriaField::Factor(f) => match base_factor_mut(&mut criteria.fields, &f.id.name) {
                    // A base factor given again with its text: the county's wording and
                    // options, where the base has it (in a tier, it stays in the tier).
                    Some(slot) => *slot = f,
                    None => criteria.fields.push(CriteriaField::Factor(f)),
                },
                field => replace_fields(&mut criteria.fields, vec![field]),
            }
        }
    }

    /// A base factor with new options (`factor ID alone`), or removed (`remove factor ID`).
    pub(super) fn factor_change(&mut self, i: usize, group: &Ident, change: FactorChange) {
        let (keyword, id) = match &change {
            FactorChange::Options { keyword, id, .. } | FactorChange::Remove { keyword, id } => {
                (*keyword, id.clone())
            }
        };
        let Some(Declaration::Criteria(criteria)) = self.declarations.get_mut(i) else {
            return;
        };
        let departs = departs_from(criteria);
        if base_factor(criteria, &id.name).is_none() {
            let factors: Vec<String> = criteria.all_factors().map(|f| f.id.name.clone()).collect();
            let owner = format!("criteria group `{}`", group.name);
            self.report(no_such_part(&owner, "factor", &id, &factors));
            return;
        }
        if !self.first_change(
            format!("factor {}.{}", group.name, id.name),
            &format!("factor `{}`", id.name),
            keyword,
        ) {
            return;
        }
        let (message, label) = match &change {
            FactorChange::Remove { .. } => (
                format!(
                    "this removes the factor `{}` from `{}`, departing from {departs}",
                    id.name, group.name
                ),
                "a county removes a factor",
            ),
            FactorChange::Options { options, .. }
                if options.iter().any(|o| matches!(o, FactorOption::Alone(_))) =>
            {
                (
                    format!(
                        "this makes the factor `{}` enough on its own, departing from {departs}",
                        id.name
                    ),
                    "a county rule for this factor",
                )
            }
            FactorChange::Options { .. } => (
                format!(
                    "this changes how the factor `{}` counts, departing from {departs}",
                    id.name
                ),
                "a county rule for this factor",
            ),
        };
        self.departs(message, keyword, label);
        let Some(Declaration::Criteria(criteria)) = self.declarations.get_mut(i) else {
            return;
        };
        if let Some(factor) = base_factor(criteria, &id.name) {
            let text = factor.text.clone();
            criteria.county_changes.push(match &change {
                FactorChange::Remove { .. } => CountyChange::FactorRemoved(text),
                FactorChange::Options { options, .. }
                    if options.iter().any(|o| matches!(o, FactorOption::Alone(_))) =>
                {
                    CountyChange::FactorAlone(text)
                }
                FactorChange::Options { .. } => CountyChange::FactorCounts(text),
            });
        }
        match change {
            FactorChange::Remove { .. } => {
                criteria
                    .fields
                    .retain(|f| !matches!(f, CriteriaField::Factor(f) if f.id.name == id.name));
                for field in &mut criteria.fields {
                    if let CriteriaField::Tier(tier) = field {
                        tier.factors.retain(|f| f.id.name != id.name);
                    }
                }
            }
            FactorChange::Options { options, .. } => {
                if let Some(factor) = base_factor_mut(&mut criteria.fields, &id.name) {
                    // An option replaces the base's of the same kind; the others stay.
                    factor.options.retain(|o| {
                        !options
                            .iter()
                            .any(|n| std::mem::discriminant(n) == std::mem::discriminant(o))
                    });
                    factor.options.extend(options);
                }
            }
        }
    }
}

/// A base group's factor `id`, on its own or in a tier.
fn base_factor<'a>(criteria: &'a CriteriaDecl, id: &str) -> Option<&'a FactorDecl> {
    criteria.all_factors().find(|f| f.id.name == id)
}

/// [`base_factor`], to change.
fn base_factor_mut<'a>(fields: &'a mut [CriteriaField], id: &str) -> Option<&'a mut FactorDecl> {
    fields.iter_mut().find_map(|field| match field {
        CriteriaField::Factor(f) if f.id.name == id => Some(f),
        CriteriaField::Tier(tier) => tier.factors.iter_mut().find(|f| f.id.name == id),
        _ => None,
    })
}

/// What a change to a base group departs from, in words: "the criteria set by the
/// California Department of Social Services", or "the base's criteria".
/// What `field` changes in a base group, as the outputs say it; `None` for its
/// source, which is printed as it is.
fn county_change(criteria: &CriteriaDecl, field: &CriteriaField) -> Option<CountyChange> {
    match field {
        CriteriaField::MetWhen(m) if same_rule(criteria, &m.value.rule) => {
            Some(CountyChange::ThresholdWorded)
        }
        CriteriaField::MetWhen(m) => {
            let base = criteria.fields.iter().find_map(CriteriaField::as_met_when)?;
            Some(CountyChange::Threshold {
                base: base.value.rule.clone(),
                county: m.value.rule.clone(),
            })
        }
        CriteriaField::Factor(f) if base_factor(criteria, &f.id.name).is_some() => {
            Some(CountyChange::FactorReworded(f.text.clone()))
        }
        CriteriaField::Factor(f) => Some(CountyChange::FactorAdded(f.text.clone())),
        _ => None,
    }
}

/// Whether a group's own `met_when` already has `rule` (the same number or level).
fn same_rule(criteria: &CriteriaDecl, rule: &Threshold) -> bool {
    let base = criteria.fields.iter().find_map(CriteriaField::as_met_when);
    match (base.map(|m| &m.value.rule), rule) {
        (Some(Threshold::AtLeast(a)), Threshold::AtLeast(b)) => a.value == b.value,
        (Some(Threshold::AtLeastLevel(a)), Threshold::AtLeastLevel(b)) => a.name == b.name,
        _ => false,
    }
}

fn departs_from(criteria: &CriteriaDecl) -> String {
    criteria
        .fields
        .iter()
        .find_map(CriteriaField::as_source)
        .map(|s| s.value.template())
        .map_or_else(
            || "the base's criteria".to_string(),
            |s| format!("the criteria set by the {s}"),
        )
}
