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
            let id = &factor.id;
            // Whether `trigger` can hold where the group applies.
            let can_hold = |trigger: &Trigger| {
                let together: Vec<&Trigger> = applies_when.into_iter().chain([trigger]).collect();
                logic::satisfiable(&together, &self.domains) != Sat::No
            };
            let in_group = applies_when.is_some();
            // (error?, message, label, help), the message and help as they read with or
            // without the group's `applies_when`.
            let (error, message, label, help) = if !can_hold(only_when) {
                (
                    true,
                    if in_group {
                        format!("the factor `{id}` can never count: its `only_when` never holds where `{group_id}` applies")
                    } else {
                        format!("the factor `{id}` can never count: its `only_when` never holds")
                    },
                    "no answers make this true",
                    if in_group {
                        "the factor's `only_when` contradicts the group's `applies_when`: correct one of them, or remove the factor"
                    } else {
                        "the condition contradicts itself: correct it, or remove the `only_when`"
                    },
                )
            } else if !can_hold(&Trigger::Not(Box::new(only_when.clone()))) {
                (
                    false,
                    if in_group {
                        format!("the factor `{id}`'s `only_when` holds wherever `{group_id}` applies, so it changes nothing")
                    } else {
                        format!("the factor `{id}`'s `only_when` always holds, so it changes nothing")
                    },
                    "always true here",
                    if in_group {
                        "the group's `applies_when` already limits every factor: remove the `only_when`"
                    } else {
                        "remove the `only_when`, or correct it to say whom the factor counts for"
                    },
                )
            } else {
                continue;
            };
            let diagnostic = if error {
                Diagnostic::error(Code::FactorNeverApplies, message)
            } else {
                Diagnostic::warning(Code::FactorAlwaysApplies, message)
            };
            self.report(diagnostic.at(span, label).help(help));
        }
    }
}
