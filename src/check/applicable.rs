//! A factor's `only_when` read against its group's `applies_when`: one that can
//! never hold where the group applies is an error (the factor could never count,
//! P0190); one that holds wherever the group applies changes nothing (P0350).

use super::logic::{self, Sat};
use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Criteria, Factor, Trigger};

impl Checker {
    /// Each factor with `only_when`, checked against what can happen in its group.
    pub(super) fn factors_can_apply(&mut self, criteria: &[Criteria], factors: &[Factor]) {
        for factor in factors {
            let Some(only_when) = &factor.only_when else {
                continue;
            };
            let Some(&span) = self.factor_only_when.get(&factor.id) else {
                continue;
            };
            let group = criteria.get(factor.criteria.0);
            let applies_when = group.and_then(|g| g.applies_when.as_ref());
            let group_id = group.map_or("?", |g| g.id.as_str());
            let together: Vec<&Trigger> = applies_when.into_iter().chain([only_when]).collect();
            if logic::satisfiable(&together, &self.domains) == Sat::No {
                let (message, help) = match applies_when {
                    Some(_) => (
                        format!(
                            "the factor `{}` can never count: its `only_when` never holds where `{group_id}` applies",
                            factor.id
                        ),
                        "the factor's `only_when` contradicts the group's `applies_when`: correct one of them, or remove the factor",
                    ),
                    None => (
                        format!("the factor `{}` can never count: its `only_when` never holds", factor.id),
                        "the condition contradicts itself: correct it, or remove the `only_when`",
                    ),
                };
                self.report(
                    Diagnostic::error(Code::FactorNeverApplies, message)
                        .at(span, "no answers make this true")
                        .help(help),
                );
                continue;
            }
            let not = Trigger::Not(Box::new(only_when.clone()));
            let outside: Vec<&Trigger> = applies_when.into_iter().chain([&not]).collect();
            if logic::satisfiable(&outside, &self.domains) == Sat::No {
                let (message, help) = match applies_when {
                    Some(_) => (
                        format!(
                            "the factor `{}`'s `only_when` holds wherever `{group_id}` applies, so it changes nothing",
                            factor.id
                        ),
                        "the group's `applies_when` already limits every factor: remove the `only_when`",
                    ),
                    None => (
                        format!(
                            "the factor `{}`'s `only_when` always holds, so it changes nothing",
                            factor.id
                        ),
                        "remove the `only_when`, or correct it to say whom the factor counts for",
                    ),
                };
                self.report(
                    Diagnostic::warning(Code::FactorAlwaysApplies, message)
                        .at(span, "always true here")
                        .help(help),
                );
            }
        }
    }
}
