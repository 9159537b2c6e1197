//! Graded items and tiers in a scored group: a graded item's grades (two or more,
//! each once, points not going down), read as a scale input whose every grade is a
//! factor of the group worked out from it; a tier's factors, which take its points.

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::syntax::ast;

impl Checker {
    /// Every graded item of every group, as the scale input conditions and
    /// observations read (`supervision is severe`, `given supervision = some`), in
    /// file order (numbered after the declared inputs, as `resolve` names them).
    pub(super) fn graded_inputs(&mut self, groups: &[&ast::CriteriaDecl]) -> Vec<Input> {
        let mut inputs = Vec::new();
        for (at, group) in groups.iter().enumerate() {
            for graded in group.graded_items() {
                self.grades_checked(graded);
                let scale: Vec<ScaleValue> = graded
                    .distinct_grades()
                    .map(|g| ScaleValue {
                        id: g.id.name.clone(),
                        title: self.plain(&g.text),
                    })
                    .collect();
                let range = match scale.len().checked_sub(1).map(u32::try_from) {
                    Some(Ok(last)) if last > 0 => Some((0, last)),
                    _ => None,
                };
                inputs.push(Input {
                    id: graded.id.name.clone(),
                    text: self.plain(&graded.title),
                    range,
                    scale,
                    graded: Some(CriteriaIdx(at)),
                });
            }
        }
        inputs
    }

    /// P0170 (fewer than two grades), P0171 (a grade named twice), P0335 (a grade
    /// worth fewer points than one below it).
    fn grades_checked(&mut self, graded: &ast::GradedDecl) {
        let item = &graded.id.name;
        if let [] | [_] = graded.grades.as_slice() {
            let label = match graded.grades.first() {
                Some(only) => format!(
                    "one grade, `{}`: staff would have nothing to choose",
                    only.id.name
                ),
                None => "no `grade` lines inside".to_string(),
            };
            self.report(
                Diagnostic::error(
                    Code::GradesTooFew,
                    format!("graded item `{item}` has fewer than two grades"),
                )
                .at(graded.id.span, label)
                .help(
                    "give it two or more grades, lowest first, e.g. `grade none \"No concern\" points 0` \
                         and `grade some \"Some concern\" points 2`; for something that is present or not, \
                         write a `factor` instead",
                ),
            );
        }
        for (at, grade) in graded.grades.iter().enumerate() {
            if let Some(first) = graded.grades.iter().take(at).find(|g| g.id.name == grade.id.name) {
                self.report(
                    Diagnostic::error(
                        Code::DuplicateGrade,
                        format!("graded item `{item}` has the grade `{}` twice", grade.id.name),
                    )
                    .at(grade.id.span, "named again here")
                    .also(first.id.span, "first here")
                    .help("each grade needs its own name; remove one or rename it"),
                );
            }
        }
        let mut highest: Option<(&ast::GradeDecl, u32)> = None;
        for grade in graded.distinct_grades() {
            let Some(points) = grade.points.value.value else {
                continue;
            };
            match highest {
                Some((below, most)) if points < most => self.report(
                    Diagnostic::warning(
                        Code::GradesDescending,
                        format!(
                            "grade `{}` of `{item}` is worth fewer points than `{}`, a lower grade",
                            grade.id.name, below.id.name
                        ),
                    )
                    .at(
                        grade.points.value.span,
                        format!("{points} points, fewer than {most}"),
                    )
                    .also(below.points.value.span, "the lower grade's points")
                    .help(
                        "grades go lowest first and a higher grade is worth at least as much: reorder the \
                         grades, or correct the points",
                    ),
                ),
                Some((_, most)) if points <= most => {}
                _ => highest = Some((grade, points)),
            }
        }
    }

    /// A group's factors, its tiers' and its graded items' grades, built in file
    /// order into `factors`; returns their indices.
    pub(super) fn group_factors(
        &mut self,
        decl: &ast::CriteriaDecl,
        idx: CriteriaIdx,
        scored_group: Option<&str>,
        factors: &mut Vec<Factor>,
    ) -> Vec<FactorIdx> {
        let mut own = Vec::new();
        let mut tiers = 0;
        for field in &decl.fields {
            match field {
                ast::CriteriaField::Factor(f) => {
                    own.push(FactorIdx(factors.len()));
                    factors.push(self.factor(f, idx, scored_group));
                }
                ast::CriteriaField::Tier(tier) => {
                    tiers += 1;
                    for factor in self.tier(tier, tiers, idx, scored_group) {
                        own.push(FactorIdx(factors.len()));
                        factors.push(factor);
                    }
                }
                ast::CriteriaField::Graded(graded) => {
                    for factor in self.grade_factors(graded, idx, scored_group) {
                        own.push(FactorIdx(factors.len()));
                        factors.push(factor);
                    }
                }
                _ => {}
            }
        }
        own
    }

    /// A tier's factors, each worth the tier's points (P0173 outside a scored
    /// group, P0174 with no factors, P0175 a factor with its own points).
    fn tier(
        &mut self,
        tier: &ast::TierDecl,
        position: u32,
        idx: CriteriaIdx,
        scored_group: Option<&str>,
    ) -> Vec<Factor> {
        let title = self.plain(&tier.title);
        if scored_group.is_none() {
            self.unscored(tier.keyword, "tier", "its points count only in a scored group");
        }
        if tier.factors.is_empty() {
            self.report(
                Diagnostic::error(Code::EmptyTier, format!("tier “{title}” has no factors"))
                    .at(tier.keyword.to(tier.title.span), "no `factor` lines inside")
                    .help("add the factors that share its points, e.g. `factor exchange \"Exchanges sex for money or goods\"`, or delete the tier"),
            );
        }
        let points = tier.points.value.value.unwrap_or(1);
        let mut built = Vec::new();
        for decl in &tier.factors {
            if let Some(own) = decl.options.iter().find_map(ast::FactorOption::as_points) {
                self.report(
                    Diagnostic::error(
                        Code::PointsInTier,
                        format!("factor `{}` is in tier “{title}” and gives its own points", decl.id.name),
                    )
                    .at(own.keyword, "its own points")
                    .also(
                        tier.points.keyword,
                        format!("the tier gives each of its factors {}", crate::english::plural(points as usize, "point")),
                    )
                    .help("a tier's factors share its points: delete this `points`, or move the factor out of the tier"),
                );
            }
            let mut factor = self.factor(decl, idx, scored_group);
            factor.points = points;
            factor.tier = Some(TierOf {
                position,
                title: title.clone(),
            });
            built.push(factor);
        }
        built
    }

    /// A graded item's grades as factors of its group, each holding when the item
    /// is at that grade (P0173 outside a scored group).
    fn grade_factors(
        &mut self,
        graded: &ast::GradedDecl,
        idx: CriteriaIdx,
        scored_group: Option<&str>,
    ) -> Vec<Factor> {
        let Some(group) = scored_group else {
            self.unscored(
                graded.keyword,
                "graded item",
                "its grades' points count only in a scored group",
            );
            return Vec::new();
        };
        let Some(input) = self
            .inputs
            .iter()
            .position(|i| i.graded == Some(idx) && i.id == graded.id.name)
            .map(InputIdx)
        else {
            return Vec::new();
        };
        let mut built = Vec::new();
        for (position, grade) in (0u32..).zip(graded.distinct_grades()) {
            let alone = grade.alone.as_ref().and_then(|field| match &field.value {
                Some(level) => self.level_named(group, level).map(Alone::AtLeast),
                None => {
                    self.report(
                        Diagnostic::error(
                            Code::ScoringMisuse,
                            format!(
                                "grade `{}` of `{}`: `alone` needs a level",
                                grade.id.name, graded.id.name
                            ),
                        )
                        .at(
                            field.keyword,
                            "which level does this grade alone rate the student?",
                        )
                        .help("name the level, e.g. `alone high`"),
                    );
                    None
                }
            });
            let id = crate::resolve::grade_factor(graded, grade).name;
            let given = format!("{} = {}", graded.id.name, grade.id.name);
            self.derived_factors.insert(id.clone(), vec![given]);
            built.push(Factor {
                id,
                text: self.plain(&grade.text),
                criteria: idx,
                points: grade.points.value.value.unwrap_or(0),
                possible: None,
                alone,
                derived: Some(Trigger::Compare {
                    input,
                    op: CompareOp::Equal,
                    value: position,
                }),
                only_when: None,
                grade: Some(GradeOf { input, position }),
                tier: None,
            });
        }
        built
    }

    /// P0173: a graded item or a tier in a group without levels.
    fn unscored(&mut self, span: crate::source::Span, what: &str, label: &str) {
        self.report(
            Diagnostic::error(
                Code::GradedNotScored,
                format!("a {what} belongs in a scored group, and this group has no levels"),
            )
            .at(span, label)
            .help("give the group `level` lines to score it (e.g. `level low \"Low concern\" from 0 to 2`), or write plain `factor` lines"),
        );
    }
}

/// Graded items as the translation checks read inputs: each an input whose scale
/// values are its grades (each name once), in the order the model numbers them
/// (after the declared inputs), so `input ITEM "…"` and `value ITEM.GRADE "…"`
/// translate its title and its grades' descriptions.
pub(super) fn graded_input_decls(groups: &[&ast::CriteriaDecl]) -> Vec<ast::InputDecl> {
    groups
        .iter()
        .flat_map(|group| group.graded_items())
        .map(|graded| ast::InputDecl {
            keyword: graded.keyword,
            id: graded.id.clone(),
            text: graded.title.clone(),
            range: None,
            scale: Some(ast::Spanned {
                value: graded
                    .distinct_grades()
                    .map(|g| ast::ScaleValueDecl {
                        id: g.id.clone(),
                        title: g.text.clone(),
                    })
                    .collect(),
                span: graded.id.span,
            }),
        })
        .collect()
}

/// Every factor of every group as the model numbers them: plain factors and a
/// tier's as written; a grade's under a name no translation line can write
/// (`supervision.some`), since its description is translated as the item's value.
pub(super) fn factor_decls_in_model_order(groups: &[&ast::CriteriaDecl]) -> Vec<ast::FactorDecl> {
    let mut out = Vec::new();
    for field in groups.iter().flat_map(|g| g.fields.iter()) {
        match field {
            ast::CriteriaField::Factor(f) => out.push(f.clone()),
            ast::CriteriaField::Tier(t) => out.extend(t.factors.iter().cloned()),
            ast::CriteriaField::Graded(graded) => {
                out.extend(graded.distinct_grades().map(|g| ast::FactorDecl {
                    id: ast::Ident {
                        name: format!("{}.{}", graded.id.name, g.id.name),
                        span: g.id.span,
                    },
                    text: g.text.clone(),
                    options: Vec::new(),
                }))
            }
            _ => {}
        }
    }
    out
}
