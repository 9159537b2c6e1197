//! An outcome (`outcome ID "title" { value … set … otherwise … }`): its values
//! (two or more, each once), its `set` rules and `otherwise`, each naming one of
//! its values; a rule that can never hold, a value nothing sets, and an outcome
//! set from a condition that reads it.
//!
//! An outcome is held in the model as a criteria group without factors, marked
//! `outcome`: its values are the group's levels (lowest first), its `set` rules
//! `force` rules (so the highest value set wins, as the highest force does), its
//! `otherwise` value the level whose range is the total of no factors (0 to 0),
//! and it is met when it has a value. Every stage that decides a scored group's
//! level (the evaluator, trigger reasoning, generated code, the JSON) decides an
//! outcome with no code of its own.

use super::{logic, Checker};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::suggest;
use crate::syntax::ast::{self, keyword, Ident};

impl Checker {
    /// The outcome as a criteria group (see the module's comment).
    pub(super) fn outcome(&mut self, decl: &ast::CriteriaDecl, idx: CriteriaIdx) -> Criteria {
        use ast::CriteriaField as F;
        let name = &decl.id.name;
        self.outcomes.insert(name.clone());
        // Only a variant's `change criteria` can put a group's fields into an outcome.
        for field in &decl.fields {
            let (span, what) = match field {
                F::Source(f) => (f.keyword, "a source"),
                F::MetWhen(f) => (f.keyword, "a threshold"),
                F::Factor(f) => (f.id.span, "factors"),
                F::AppliesWhen(f) => (f.keyword, "an `applies_when`"),
                F::PossibleCountsAs(f) => (f.keyword, "a `possible_counts_as`"),
                F::AllowGaps(f) => (f.keyword, "gaps"),
                F::Graded(g) => (g.keyword, "graded items"),
                F::Tier(t) => (t.keyword, "tiers"),
                F::ItemsCalled(f) => (f.keyword, "an `items_called`"),
                F::Override(f) if !f.value.force => (f.keyword, "a floor"),
                F::Level(_) | F::Override(_) | F::Otherwise(_) | F::HighestWins(_) => continue,
            };
            self.report(
                Diagnostic::error(
                    Code::UnknownOverride,
                    format!("outcome `{name}` has no {} to change", what.trim_start_matches("a ").trim_start_matches("an ")),
                )
                .at(span, format!("{what} in an outcome"))
                .help("an outcome has only its values, its `set` rules and its `otherwise`; a county that decides differently declares its own outcome under another name"),
            );
        }
        let value_decls: Vec<&ast::LevelDecl> = decl.fields.iter().filter_map(F::as_level).collect();
        let mut seen: Vec<&Ident> = Vec::new();
        for value in &value_decls {
            if let Some(first) = seen.iter().find(|v| v.name == value.id.name) {
                self.report(
                    Diagnostic::error(
                        Code::DuplicateOutcomeValue,
                        format!("outcome `{name}` has the value `{}` twice", value.id.name),
                    )
                    .at(value.id.span, "named again here")
                    .also(first.span, "first named here")
                    .help("give each value its own name, or remove the second one"),
                );
            } else {
                seen.push(&value.id);
            }
        }
        if seen.len() < 2 {
            self.report(
                Diagnostic::error(
                    Code::OutcomeTooShort,
                    format!(
                        "outcome `{name}` has {}: an outcome picks one of two or more",
                        crate::english::plural(seen.len(), "value")
                    ),
                )
                .at(decl.id.span, "too few `value` lines")
                .help(
                    "give it its values lowest first, e.g. `value routine \"Routine\"` and `value urgent \"Urgent\"`; a condition that is only true or false is a `signal`, or a track's `when`",
                ),
            );
        }
        let otherwise_fields: Vec<&ast::Field<Ident>> =
            decl.fields.iter().filter_map(F::as_otherwise).collect();
        let owner = format!("outcome `{name}`");
        let otherwise = self
            .single(otherwise_fields, keyword::OTHERWISE, &owner)
            .and_then(|f| self.level_named(name, &f.value));
        let levels: Vec<Level> = seen
            .iter()
            .filter_map(|id| value_decls.iter().find(|v| v.id.name == id.name))
            .enumerate()
            .map(|(n, v)| Level {
                id: v.id.name.clone(),
                title: self.plain(&v.title),
                range: (otherwise == Some(LevelIdx(n))).then_some(LevelRange { from: 0, to: Some(0) }),
            })
            .collect();
        let mut rules = Vec::new();
        for f in decl.fields.iter().filter_map(F::as_override) {
            let value = self.level_named(name, &f.value.level);
            let when = f.value.when.as_ref().and_then(|e| self.trigger(e));
            if let Some(when) = &when {
                let mut leaves = Vec::new();
                when.leaves(&mut leaves);
                if leaves
                    .iter()
                    .any(|l| matches!(l, Leaf::Criteria(c) | Leaf::Level { criteria: c, .. } if *c == idx))
                {
                    let span = f.value.when.as_ref().map_or(f.keyword, ast::Expr::span);
                    self.report(
                        Diagnostic::error(
                            Code::OutcomeReadsItself,
                            format!("outcome `{name}` is set by a condition that reads `{name}` itself"),
                        )
                        .at(span, "reads the outcome this rule sets")
                        .help("set the outcome from what staff observe and answer (signals, inputs, groups, questions, other outcomes), not from its own value"),
                    );
                    continue;
                }
            }
            if let (Some(level), Some(when)) = (value, when) {
                rules.push(Override {
                    force: true,
                    level,
                    when,
                });
            }
        }
        // A value named by a `set` line or `otherwise` (as written, so a rule already
        // reported for another reason does not also make its value look unset).
        let named: Vec<&str> = decl
            .fields
            .iter()
            .filter_map(|f| match f {
                F::Override(rule) => Some(rule.value.level.name.as_str()),
                F::Otherwise(value) => Some(value.value.name.as_str()),
                _ => None,
            })
            .collect();
        for level in &levels {
            if named.contains(&level.id.as_str()) {
                continue;
            }
            let Some(decl) = value_decls.iter().find(|d| d.id.name == level.id) else {
                continue;
            };
            self.report(
                Diagnostic::warning(
                    Code::OutcomeValueNeverSet,
                    format!("no rule sets `{name}` to `{}`", level.id),
                )
                .at(decl.id.span, "never the outcome")
                .help(format!(
                    "add a rule that sets it (`set {} when …`), or remove the value",
                    level.id
                )),
            );
        }
        Criteria {
            id: name.clone(),
            title: self.plain(&decl.title),
            source: None,
            approval: None,
            county_changes: Vec::new(),
            threshold: Threshold::AtLeastLevel(LevelIdx(0)),
            threshold_wording: None,
            factors: Vec::new(),
            applies_when: None,
            possible_counts_as_yes: false,
            scoring: Some(Scoring {
                levels,
                allow_gaps: true,
                overrides: rules,
            }),
            outcome: true,
            items_called: None,
        }
    }

    /// Each outcome's `set` rules checked against what can happen: a rule that can
    /// never hold is an error (its value would never be set by it); two rules of
    /// different values that can hold at once are a warning (P0355) unless the
    /// outcome says `highest_wins`.
    pub(super) fn outcome_rules_hold(&mut self, decls: &[&ast::CriteriaDecl], criteria: &[Criteria]) {
        for (decl, group) in decls.iter().zip(criteria) {
            if !group.outcome {
                continue;
            }
            let Some(scoring) = &group.scoring else {
                continue;
            };
            let written: Vec<&ast::Field<ast::OverrideDecl>> = decl
                .fields
                .iter()
                .filter_map(ast::CriteriaField::as_override)
                .collect();
            for rule in &scoring.overrides {
                if logic::satisfiable(&[&rule.when], &self.domains) != logic::Sat::No {
                    continue;
                }
                let value = group.level_by(rule.level).map_or("?", |l| l.id.as_str());
                let span = written
                    .iter()
                    .find(|f| f.value.level.name == value)
                    .and_then(|f| f.value.when.as_ref().map(ast::Expr::span));
                let Some(span) = span else {
                    continue;
                };
                self.report(
                    Diagnostic::error(
                        Code::SetNeverHolds,
                        format!("the rule setting `{}` to `{value}` can never hold", group.id),
                    )
                    .at(span, "no answers make this true")
                    .help("the condition contradicts itself (two values of one outcome, level or scale, or two answers to one question, at once): correct it, or remove the rule"),
                );
            }
            let said = decl.fields.iter().any(|f| f.as_highest_wins().is_some());
            // Rules reported for another reason are not in the model: pair them only when all are.
            if !said && written.len() == scoring.overrides.len() {
                self.rules_overlap(group, &written, &scoring.overrides);
            }
        }
    }

    /// P0355: the first two `set` rules of different values that can hold at once,
    /// and how many such pairs there are.
    fn rules_overlap(
        &mut self,
        group: &Criteria,
        written: &[&ast::Field<ast::OverrideDecl>],
        rules: &[Override],
    ) {
        let mut pairs = Vec::new();
        for (j, b) in rules.iter().enumerate() {
            for (i, a) in rules.iter().enumerate().take(j) {
                if a.level != b.level
                    && logic::satisfiable(&[&a.when, &b.when], &self.domains) == logic::Sat::Yes
                {
                    pairs.push((i, j));
                }
            }
        }
        let Some(&(i, j)) = pairs.first() else {
            return;
        };
        let (Some(first), Some(second), Some(a), Some(b)) =
            (written.get(i), written.get(j), rules.get(i), rules.get(j))
        else {
            return;
        };
        let span =
            |f: &ast::Field<ast::OverrideDecl>| f.value.when.as_ref().map_or(f.keyword, ast::Expr::span);
        let value = |rule: &Override| group.level_by(rule.level).map_or("?", |l| l.id.as_str());
        let higher = if a.level > b.level { value(a) } else { value(b) };
        let more = match pairs.len() - 1 {
            0 => String::new(),
            n => format!(
                " (and {} of its rules can too)",
                crate::english::plural(n, "other pair")
            ),
        };
        self.report(
            Diagnostic::warning(
                Code::SetRulesOverlap,
                format!(
                    "outcome `{}` can be set to `{}` and to `{}` at once{more}",
                    group.id,
                    value(a),
                    value(b)
                ),
            )
            .at(span(second), format!("can hold together with the rule setting `{}`", value(a)))
            .also(span(first), "this rule")
            .help(format!(
                "when both hold, the higher value (`{higher}`) wins; if the source says so, write `highest_wins` in the outcome, or make the rules exclude each other (`… and not …`)"
            )),
        );
    }

    /// The help for an outcome value that is not one of its values.
    pub(super) fn unknown_outcome_value(&mut self, outcome: &str, value: &Ident, values: &[&str]) {
        let help = suggest::hint(&value.name, values, "its", "value", "it has no values");
        self.report(
            Diagnostic::error(
                Code::UnknownOutcomeValue,
                format!("outcome `{outcome}` has no value `{}`", value.name),
            )
            .at(value.span, "no such value")
            .help(help),
        );
    }
}
