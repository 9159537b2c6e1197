//! A criteria group: its `source`, its factors (built in `scoring.rs`) and its
//! `met_when` threshold, which must be reachable.

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::english::plural;
use crate::model::*;
use crate::syntax::ast::{self, keyword, Field};

impl Checker {
    pub(super) fn criteria(
        &mut self,
        decl: &ast::CriteriaDecl,
        idx: CriteriaIdx,
        factors: &mut Vec<Factor>,
    ) -> Criteria {
        use ast::CriteriaField as F;
        let owner = format!("criteria group `{}`", decl.id.name);
        let sources: Vec<&Field<ast::Text>> = decl.fields.iter().filter_map(F::as_source).collect();
        let thresholds: Vec<&Field<ast::Threshold>> = decl.fields.iter().filter_map(F::as_met_when).collect();
        let source = self
            .single(sources, keyword::SOURCE, &owner)
            .map(|f| self.plain(&f.value));
        let scored_group = self
            .levels
            .contains_key(&decl.id.name)
            .then(|| decl.id.name.clone());
        let mut own = Vec::new();
        for field in &decl.fields {
            if let F::Factor(f) = field {
                own.push(FactorIdx(factors.len()));
                let factor = self.factor(f, idx, scored_group.as_deref());
                factors.push(factor);
            }
        }
        if own.is_empty() {
            self.report(
                Diagnostic::error(Code::EmptyCriteria, format!("{owner} has no factors"))
                    .at(decl.id.span, "no `factor` lines inside")
                    .help("add the factors it counts, e.g. `factor missing_school \"Frequently missing from school\"`"),
            );
        }
        let own_factors: Vec<&Factor> = own.iter().filter_map(|f| factors.get(f.0)).collect();
        let scoring = self.group_scoring(decl, &own_factors);
        let example = if scored_group.is_some() {
            "at_least medium"
        } else {
            "at_least 1"
        };
        let threshold = match self.required(thresholds, keyword::MET_WHEN, &owner, decl.id.span, example) {
            Some(field) => match (&field.value, &scored_group) {
                (threshold, Some(group)) => self.scored_threshold(group, threshold),
                (ast::Threshold::AtLeastLevel(level), None) => {
                    self.level_named(&decl.id.name, level);
                    None
                }
                // Too large to read: already reported by the syntax stage.
                (ast::Threshold::AtLeast(ast::Spanned { value: None, .. }), None) => None,
                (
                    ast::Threshold::AtLeast(ast::Spanned {
                        value: Some(value),
                        span,
                    }),
                    None,
                ) => {
                    let n = ast::Spanned {
                        value: *value,
                        span: *span,
                    };
                    if n.value == 0 {
                        self.report(
                            Diagnostic::error(
                                Code::ZeroThreshold,
                                format!("{owner} would be met with no factors at all"),
                            )
                            .at(n.span, "at least 0 is always true")
                            .help("a threshold counts factors present; use at least 1"),
                        );
                    } else if !own.is_empty() && n.value as usize > own.len() {
                        self.report(
                            Diagnostic::error(
                                Code::ThresholdTooHigh,
                                format!(
                                    "{owner} needs {} but has only {}",
                                    plural(n.value as usize, "factor"),
                                    own.len()
                                ),
                            )
                            .at(
                                n.span,
                                format!("can never be reached with {}", plural(own.len(), "factor")),
                            )
                            .also(decl.id.span, "criteria group declared here")
                            .help(format!(
                                "lower the threshold to at most {}, or add the missing factors",
                                own.len()
                            )),
                        );
                    }
                    Some(Threshold::AtLeast(n.value))
                }
            },
            None => None,
        };
        Criteria {
            id: decl.id.name.clone(),
            title: self.plain(&decl.title),
            source,
            approval: decl.approval.as_ref().map(|a| self.plain(a)),
            threshold: threshold.unwrap_or(Threshold::AtLeast(1)),
            factors: own,
            applies_when: scoring.applies_when,
            possible_counts_as_yes: scoring.possible_counts_as_yes,
            scoring: scoring.scoring,
        }
    }
}
