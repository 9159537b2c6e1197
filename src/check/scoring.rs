//! Inputs with values, scored criteria groups and their levels, and the order in
//! which criteria groups are worked out.
//!
//! A group with `level`s is scored: its factors carry points, its levels are ordered
//! tiers whose ranges must neither overlap nor (unless `allow_gaps`) leave totals
//! without a level, and `floor`/`force` rules move a student between them. Rules that
//! read other groups (`applies_when`, `floor`, `force`, a factor's `when`) make a
//! group depend on those; the groups are worked out in an order where each comes
//! after what it reads, and a circle is an error.

use super::precedence::topological_order;
use super::{logic, Checker};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::resolve::Kind;
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::{self, keyword, Field, Ident};

/// What a group's fields say about scoring, checked.
pub(super) struct GroupScoring {
    pub scoring: Option<Scoring>,
    pub applies_when: Option<Trigger>,
    pub possible_counts_as_yes: bool,
}

impl Checker {
    pub(super) fn input(&mut self, decl: &ast::InputDecl) -> Input {
        let range = decl.range.as_ref().and_then(|r| match r.value {
            (Some(from), Some(to)) if from > to => {
                self.report(
                    Diagnostic::error(
                        Code::BadRange,
                        format!("input `{}` runs from {from} down to {to}", decl.id.name),
                    )
                    .at(r.span, "the range ends before it starts")
                    .help(format!("write the smaller number first: `from {to} to {from}`")),
                );
                None
            }
            (Some(from), Some(to)) => Some((from, to)),
            // A number too large to read: already reported.
            _ => None,
        });
        let scale = decl
            .scale
            .as_ref()
            .map(|s| self.scale(decl, &s.value))
            .unwrap_or_default();
        // A scale's values are its positions. One of a single value is reported
        // (P0150) and left without a range, so its comparisons report nothing more.
        let range = match scale.len().checked_sub(1).map(u32::try_from) {
            Some(Ok(last)) if last > 0 => Some((0, last)),
            _ => range,
        };
        Input {
            id: decl.id.name.clone(),
            text: self.plain(&decl.text),
            range,
            scale,
            graded: None,
        }
    }

    /// Remembers each scored group's level names, so triggers anywhere can test them.
    pub(super) fn collect_levels(&mut self, decls: &[&ast::CriteriaDecl]) {
        for decl in decls {
            let levels: Vec<(String, Span)> = decl
                .fields
                .iter()
                .filter_map(ast::CriteriaField::as_level)
                .map(|l| (l.id.name.clone(), l.id.span))
                .collect();
            if !levels.is_empty() {
                self.levels.insert(decl.id.name.clone(), levels);
            }
        }
    }

    /// The level named `level` of the group named `group`; reports a group without
    /// levels or an unknown level.
    pub(super) fn level_named(&mut self, group: &str, level: &Ident) -> Option<LevelIdx> {
        let Some(levels) = self.levels.get(group) else {
            let english = Labels::english();
            if let Some(n) = (0..=20).find(|&n| english.number(n) == level.name) {
                self.report(
                    Diagnostic::error(
                        Code::ScoringMisuse,
                        format!("`{}` is a word, not a number", level.name),
                    )
                    .at(level.span, "a threshold counts factors with digits")
                    .help(format!("write the number in digits: `at_least {n}`")),
                );
                return None;
            }
            self.report(
                Diagnostic::error(
                    Code::ScoringMisuse,
                    format!("criteria group `{group}` has no levels, so it has no `{}`", level.name),
                )
                .at(level.span, "a level of a group that is not scored")
                .help(format!(
                    "give `{group}` `level` lines (e.g. `level {} \"…\" from 3 to 5`), or test whether it is met: `{group}`",
                    level.name
                )),
            );
            return None;
        };
        if let Some(i) = levels.iter().position(|(name, _)| *name == level.name) {
            return Some(LevelIdx(i));
        }
        let names: Vec<&str> = levels.iter().map(|(n, _)| n.as_str()).collect();
        if self.outcomes.contains(group) {
            let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            self.unknown_outcome_value(group, level, &names);
            return None;
        }
        let help = suggest::hint(&level.name, &names, "its", "level", "it has no levels");
        self.report(
            Diagnostic::error(
                Code::UnknownName,
                format!("criteria group `{group}` has no level `{}`", level.name),
            )
            .at(level.span, "no such level")
            .help(help),
        );
        None
    }

    /// `age < 13`, `safety >= high`: the input, and whether its range (or scale)
    /// already decides the comparison.
    pub(super) fn compare(
        &mut self,
        input: &Ident,
        op: &ast::Spanned<CompareOp>,
        value: &ast::Spanned<ast::InputValue>,
    ) -> Option<Trigger> {
        let symbol = match self.names.lookup(input, &[Kind::Input], "a comparison takes") {
            Ok(symbol) => symbol,
            Err(d) => {
                self.report(d.help(format!(
                    "compare an `input` with a number, e.g. `age {} 13`; declare one with `input age \"Student's age\"`",
                    op.value.symbol()
                )));
                return None;
            }
        };
        self.used.insert(input.name.clone());
        let idx = InputIdx(symbol.index);
        let n = self.input_value(input, idx, value, symbol.span)?;
        // An input without a range takes any whole number protocolc can count to.
        let range = self.inputs.get(idx.0).map(|i| i.range.unwrap_or((0, u32::MAX)));
        if let Some((low, high)) = range {
            let (always, never) = match op.value {
                CompareOp::Less => (high < n, low >= n),
                CompareOp::LessOrEqual => (high <= n, low > n),
                CompareOp::Greater => (low > n, high <= n),
                CompareOp::GreaterOrEqual => (low >= n, high < n),
                CompareOp::Equal => (low == n && high == n, n < low || n > high),
            };
            if always || never {
                let declared = self.inputs.get(idx.0);
                let written = |v: u32| declared.map_or_else(|| v.to_string(), |i| i.value_written(v));
                let is_scale = declared.is_some_and(|i| !i.scale.is_empty());
                let shown = format!("{} {} {}", input.name, op.value.symbol(), written(n));
                self.report(
                    Diagnostic::error(
                        Code::ComparisonOutOfRange,
                        format!(
                            "`{shown}` is {} true: `{}` goes from {} to {}",
                            if always { "always" } else { "never" },
                            input.name,
                            written(low),
                            written(high)
                        ),
                    )
                    .at(input.span.to(value.span), if is_scale { "decided by the scale's values" } else { "decided by the input's range" })
                    .also(symbol.span, format!("`{}` declared here", input.name))
                    .help(if is_scale {
                        "no value lies beyond the scale's ends: compare with a value between them, or remove the test"
                    } else {
                        "compare with a number inside the input's range, or widen the range"
                    }),
                );
                return None;
            }
        }
        Some(Trigger::Compare {
            input: idx,
            op: op.value,
            value: n,
        })
    }

    /// `screening is high`: the group must be scored and have the level.
    pub(super) fn level_test(&mut self, group: &Ident, at_least: bool, level: &Ident) -> Option<Trigger> {
        let symbol = match self.names.lookup(group, &[Kind::Criteria], "a level test takes") {
            Ok(symbol) => symbol,
            Err(d) => {
                self.report(d);
                return None;
            }
        };
        self.used.insert(group.name.clone());
        let criteria = CriteriaIdx(symbol.index);
        // `response is set`: the outcome has a value (it is met), unless `set` is one of its values.
        let is_set = !at_least
            && level.name == keyword::SET
            && self.outcomes.contains(&group.name)
            && self
                .levels
                .get(&group.name)
                .is_some_and(|values| values.iter().all(|(n, _)| n != keyword::SET));
        if is_set {
            return Some(Trigger::Criteria(criteria));
        }
        let level = self.level_named(&group.name, level)?;
        Some(Trigger::Level {
            criteria: CriteriaIdx(symbol.index),
            at_least,
            level,
        })
    }

    /// A trigger field (`applies_when`, `when`), already reported when unreadable.
    fn trigger_of(&mut self, expr: &Option<ast::Expr>) -> Option<Trigger> {
        expr.as_ref().and_then(|e| self.trigger(e))
    }

    /// The factor's options: points, possible, alone, derived, `only_when`.
    pub(super) fn factor(
        &mut self,
        decl: &ast::FactorDecl,
        criteria: CriteriaIdx,
        scored_group: Option<&str>,
    ) -> Factor {
        use ast::FactorOption as O;
        let owner = format!("factor `{}`", decl.id.name);
        let fields = || decl.options.iter();
        let points = self.single(fields().filter_map(O::as_points), keyword::POINTS, &owner);
        let possible = self.single(fields().filter_map(O::as_possible), keyword::POSSIBLE, &owner);
        for (field, word) in [(points, keyword::POINTS), (possible, keyword::POSSIBLE)] {
            if let (Some(field), None) = (field, scored_group) {
                self.not_scored(field.keyword, word, "points count only in a scored group");
            }
        }
        let alone = self
            .single(fields().filter_map(O::as_alone), keyword::ALONE, &owner)
            .and_then(|field| match (&field.value, scored_group) {
                (None, None) => Some(Alone::Meets),
                (Some(level), Some(group)) => self.level_named(group, level).map(Alone::AtLeast),
                (Some(level), None) => {
                    self.not_scored(level.span, "alone LEVEL", "a level in a group that is not scored");
                    None
                }
                (None, Some(group)) => {
                    let example = self
                        .levels
                        .get(group)
                        .and_then(|l| l.last())
                        .map_or("high", |(n, _)| n.as_str());
                    self.report(
                        Diagnostic::error(
                            Code::ScoringMisuse,
                            format!("{owner} is in a scored group: `alone` needs a level"),
                        )
                        .at(field.keyword, "which level does it alone rate the student?")
                        .help(format!("name the level, e.g. `alone {example}`")),
                    );
                    None
                }
            });
        if let Some(when) = fields().find_map(O::as_derived) {
            let givens = when.value.as_ref().map(ast::Expr::givens).unwrap_or_default();
            self.derived_factors.insert(decl.id.name.clone(), givens);
        }
        let derived = self
            .single(fields().filter_map(O::as_derived), keyword::WHEN, &owner)
            .and_then(|f| f.value.as_ref())
            .and_then(|e| self.trigger(e));
        let only_when = self
            .single(fields().filter_map(O::as_only_when), keyword::ONLY_WHEN, &owner)
            .and_then(|f| {
                let expr = f.value.as_ref()?;
                self.factor_only_when
                    .insert(decl.id.name.clone(), f.keyword.to(expr.span()));
                Some(expr)
            })
            .and_then(|e| self.trigger(e));
        Factor {
            id: decl.id.name.clone(),
            text: self.plain(&decl.text),
            criteria,
            points: points.and_then(|p| p.value.value).unwrap_or(1),
            possible: possible.and_then(|p| p.value.value),
            alone,
            derived,
            only_when,
            grade: None,
            tier: None,
        }
    }

    fn not_scored(&mut self, span: Span, keyword: &str, label: &str) {
        self.report(
            Diagnostic::error(
                Code::ScoringMisuse,
                format!("`{keyword}` belongs in a scored group, and this group has no levels"),
            )
            .at(span, label)
            .help("give the group `level` lines to score it (e.g. `level low \"Low concern\" from 0 to 2`), or delete this"),
        );
    }

    /// The group's scoring fields: `applies_when`, `possible_counts_as`, levels,
    /// `allow_gaps`, `floor` and `force`. `own` are its factors (already built).
    pub(super) fn group_scoring(&mut self, decl: &ast::CriteriaDecl, own: &[&Factor]) -> GroupScoring {
        use ast::CriteriaField as F;
        let owner = format!("criteria group `{}`", decl.id.name);
        let fields = || decl.fields.iter();
        let applies_when = self
            .single(
                fields().filter_map(F::as_applies_when),
                keyword::APPLIES_WHEN,
                &owner,
            )
            .and_then(|f| self.trigger_of(&f.value));
        let possible_counts_as_yes = self
            .single(
                fields().filter_map(F::as_possible_counts_as),
                keyword::POSSIBLE_COUNTS_AS,
                &owner,
            )
            .is_some_and(|f| f.value.value);
        let allow_gaps = self.single(fields().filter_map(F::as_allow_gaps), keyword::ALLOW_GAPS, &owner);
        let level_decls: Vec<&ast::LevelDecl> = fields().filter_map(F::as_level).collect();
        let overrides: Vec<&Field<ast::OverrideDecl>> = fields().filter_map(F::as_override).collect();
        if level_decls.is_empty() {
            if let Some(f) = allow_gaps {
                self.not_scored(
                    f.keyword,
                    keyword::ALLOW_GAPS,
                    "gaps between levels, in a group without levels",
                );
            }
            for f in &overrides {
                self.not_scored(
                    f.keyword,
                    f.value.keyword(),
                    "a level rule in a group without levels",
                );
            }
            return GroupScoring {
                scoring: None,
                applies_when,
                possible_counts_as_yes,
            };
        }
        // The most points a student can score: each factor's larger answer.
        let most: u64 = own
            .iter()
            .map(|f| u64::from(f.points.max(f.possible_points(possible_counts_as_yes))))
            .sum();
        let levels = self.levels_of(&owner, &level_decls, allow_gaps.is_some(), most);
        let mut rules = Vec::new();
        for f in overrides {
            let level = self.level_named(&decl.id.name, &f.value.level);
            let when = self.trigger_of(&f.value.when);
            if let (Some(level), Some(when)) = (level, when) {
                rules.push(Override {
                    force: f.value.force,
                    level,
                    when,
                });
            }
        }
        self.levels_set_by_rules(&level_decls, &levels, &rules, own);
        GroupScoring {
            scoring: Some(Scoring {
                levels,
                allow_gaps: allow_gaps.is_some(),
                overrides: rules,
            }),
            applies_when,
            possible_counts_as_yes,
        }
    }

    /// The levels, checked: ranges in order, no overlap, and no gap unless allowed.
    /// A level without a range (only a rule sets it) keeps its place in the order and
    /// is passed over by these checks.
    fn levels_of(
        &mut self,
        owner: &str,
        decls: &[&ast::LevelDecl],
        allow_gaps: bool,
        most: u64,
    ) -> Vec<Level> {
        let mut levels: Vec<Level> = Vec::new();
        // The levels with a range, with their declared range.
        let mut ranged: Vec<(LevelRange, &str, &ast::LevelRangeDecl)> = Vec::new();
        for decl in decls {
            let range = match &decl.range {
                None => None,
                Some(r) => match self.level_range(decl, r) {
                    Some(range) => {
                        ranged.push((range, &decl.id.name, r));
                        Some(range)
                    }
                    None => continue,
                },
            };
            levels.push(Level {
                id: decl.id.name.clone(),
                title: self.plain(&decl.title),
                range,
            });
        }
        let gap = |checker: &mut Checker, span: Span, from: u64, to: Option<u64>| {
            if allow_gaps {
                return;
            }
            let totals = match to {
                Some(to) if to == from => format!("a total of {from}"),
                Some(to) => format!("totals from {from} to {to}"),
                None => format!("totals of {from} or more"),
            };
            checker.report(
                Diagnostic::error(Code::LevelsGap, format!("in {owner}, {totals} get no level"))
                    .at(span, "the gap is next to this range")
                    .help("make the ranges meet (each level starts one above where the one before ends), or add `allow_gaps` if students with such totals have no level on purpose"),
            );
        };
        let mut previous: Option<&(LevelRange, &str, &ast::LevelRangeDecl)> = None;
        for this in &ranged {
            let (level, id, decl) = this;
            match previous {
                None if level.from > 0 => gap(self, decl.span(), 0, Some(u64::from(level.from) - 1)),
                None => {}
                Some((before, before_id, before_decl)) => match before.to {
                    Some(end) if level.from > end => {
                        if level.from > end + 1 {
                            gap(self, decl.span(), u64::from(end) + 1, Some(u64::from(level.from) - 1));
                        }
                    }
                    _ => self.report(
                        Diagnostic::error(
                            Code::LevelsOverlap,
                            format!("in {owner}, levels `{before_id}` and `{id}` overlap"),
                        )
                        .at(decl.span(), format!("starts at {}", level.from))
                        .also(
                            before_decl.span(),
                            match before.to {
                                Some(end) => format!("`{before_id}` runs to {end}"),
                                None => format!("`{before_id}` has no end"),
                            },
                        )
                        .help("write levels lowest first, each starting one above where the one before ends; only the highest may leave out `to`"),
                    ),
                },
            }
            previous = Some(this);
        }
        if let Some((last, _, decl)) = previous {
            if let Some(end) = last.to.filter(|&end| u64::from(end) < most) {
                gap(self, decl.span(), u64::from(end) + 1, Some(most));
            }
        }
        levels
    }

    /// Each level without a range must be set by a `force`, a `floor` or a factor's
    /// `alone`: no total rates a student at it.
    fn levels_set_by_rules(
        &mut self,
        decls: &[&ast::LevelDecl],
        levels: &[Level],
        rules: &[Override],
        own: &[&Factor],
    ) {
        for (n, level) in levels.iter().enumerate() {
            let idx = LevelIdx(n);
            let set_by_rule = rules.iter().any(|r| r.level == idx)
                || own.iter().any(|f| f.alone == Some(Alone::AtLeast(idx)));
            if level.range.is_some() || set_by_rule {
                continue;
            }
            let Some(decl) = decls.iter().find(|d| d.id.name == level.id) else {
                continue;
            };
            self.report(
                Diagnostic::error(
                    Code::LevelNeverSet,
                    format!("level `{}` has no range of points, and no rule sets it", level.id),
                )
                .at(decl.id.span, "no total reaches this level")
                .help(format!(
                    "give it the totals that reach it (`level {} \"…\" from N`), or a rule that sets it: `force {} when …`, `floor {} when …`, or a factor's `alone {}`",
                    level.id, level.id, level.id, level.id
                )),
            );
        }
    }

    /// A level's range, checked to run upwards; `None` when it cannot be read.
    fn level_range(&mut self, decl: &ast::LevelDecl, range: &ast::LevelRangeDecl) -> Option<LevelRange> {
        // A number too large to read is already reported.
        let from = range.from.value?;
        let to = match range.to.as_ref().map(|t| t.value) {
            Some(Some(to)) => Some(to),
            Some(None) => return None,
            None => None,
        };
        if let Some(to) = to.filter(|&to| to < from) {
            self.report(
                Diagnostic::error(
                    Code::BadRange,
                    format!("level `{}` runs from {from} down to {to}", decl.id.name),
                )
                .at(range.span(), "the range ends before it starts")
                .help(format!("write the smaller number first: `from {to} to {from}`")),
            );
            return None;
        }
        Some(LevelRange { from, to })
    }

    /// The threshold of a scored group (`at_least LEVEL`) or of a count group.
    pub(super) fn scored_threshold(&mut self, group: &str, threshold: &ast::Threshold) -> Option<Threshold> {
        match threshold {
            ast::Threshold::AtLeastLevel(level) => {
                self.level_named(group, level).map(Threshold::AtLeastLevel)
            }
            ast::Threshold::AtLeast(n) => {
                let example = self
                    .levels
                    .get(group)
                    .and_then(|l| l.get(1).or(l.first()))
                    .map_or("medium", |(n, _)| n.as_str());
                self.report(
                    Diagnostic::error(
                        Code::ScoringMisuse,
                        format!("criteria group `{group}` is scored: it is met by its level, not a count of factors"),
                    )
                    .at(n.span, "a count of factors")
                    .help(format!("name the lowest level that meets it, e.g. `met_when at_least {example}`")),
                );
                None
            }
        }
    }

    /// The order criteria groups are worked out in: each after the groups its rules
    /// read. `None` (reported) when they read each other in a circle.
    pub(super) fn criteria_order(
        &mut self,
        decls: &[&ast::CriteriaDecl],
        criteria: &[Criteria],
        factors: &[Factor],
    ) -> Option<Vec<CriteriaIdx>> {
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); criteria.len()];
        for (i, group) in criteria.iter().enumerate() {
            let mut leaves = Vec::new();
            let triggers = group
                .applies_when
                .iter()
                .chain(
                    group
                        .scoring
                        .iter()
                        .flat_map(|s| s.overrides.iter().map(|o| &o.when)),
                )
                .chain(
                    group
                        .factors
                        .iter()
                        .filter_map(|f| factors.get(f.0))
                        .flat_map(|f| f.derived.iter().chain(&f.only_when)),
                );
            for t in triggers {
                t.leaves(&mut leaves);
            }
            for leaf in leaves {
                let read = match leaf {
                    Leaf::Criteria(c) | Leaf::Level { criteria: c, .. } => c.0,
                    _ => continue,
                };
                if let Some(e) = edges.get_mut(read) {
                    if !e.contains(&i) {
                        e.push(i);
                    }
                }
            }
        }
        match topological_order(&edges) {
            Ok(order) => Some(order.into_iter().map(CriteriaIdx).collect()),
            Err(cycle) => {
                let name = |i: usize| criteria.get(i).map_or("?", |c| c.id.as_str());
                let span = |i: usize| decls.get(i).map(|d| d.id.span).unwrap_or_default();
                let first = cycle.first().copied().unwrap_or(0);
                let mut circle: Vec<String> = cycle.iter().map(|&i| format!("`{}`", name(i))).collect();
                circle.push(format!("`{}`", name(first)));
                let mut d = Diagnostic::error(
                    Code::CriteriaCycle,
                    format!(
                        "criteria groups read each other in a circle: {}",
                        circle.join(" → ")
                    ),
                )
                .at(span(first), "its rules read the next group in the circle");
                for &i in cycle.iter().skip(1) {
                    d = d.also(span(i), "part of the circle");
                }
                self.report(d.help("a group's `applies_when`, `floor`, `force` and factors' `when` and `only_when` may read other groups, but not the group itself or one that reads it back"));
                None
            }
        }
    }

    /// The values inputs and scored groups can take, for trigger reasoning.
    pub(super) fn domains(&self, inputs: &[Input], criteria: &[Criteria]) -> logic::Domains {
        let mut domains = logic::Domains::default();
        for (i, input) in inputs.iter().enumerate() {
            if let Some(range) = input.range {
                domains.inputs.insert(InputIdx(i), range);
            }
        }
        for (i, group) in criteria.iter().enumerate() {
            if let (Some(scoring), Threshold::AtLeastLevel(met)) = (&group.scoring, group.threshold) {
                domains.scored.insert(CriteriaIdx(i), (scoring.levels.len(), met));
            }
            if let Some(applies) = &group.applies_when {
                domains.applies.insert(CriteriaIdx(i), applies.clone());
            }
        }
        domains
    }
}
