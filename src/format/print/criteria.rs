//! Printing a criteria group's fields (or an outcome's), its factors with their options,
//! and its graded items as a table of grades.

use super::{number, Lines, Printer};
use crate::format::expression::expression;
use crate::format::literal::{is_block, literal};
use crate::syntax::ast::*;

impl Printer<'_> {
    /// A criteria group's fields, or an outcome's (`value`, `set`, `otherwise`).
    pub(super) fn criteria_fields(&mut self, fields: &[CriteriaField], outcome: bool) {
        // `source` and `met_when` share a column; the other fields follow as written.
        let width_of = |f: &CriteriaField| match f {
            CriteriaField::Source(_) => Some(keyword::SOURCE.len()),
            CriteriaField::MetWhen(_) => Some(keyword::MET_WHEN.len()),
            _ => None,
        };
        let width = fields.iter().filter_map(width_of).max().unwrap_or(0);
        let levels = fields.iter().filter_map(CriteriaField::as_level);
        let id_width = levels.clone().map(|l| l.id.name.len()).max().unwrap_or(0);
        // The titles before a range line up; a level without one ends with its title.
        let title_width = levels
            .filter(|l| l.range.is_some())
            .map(|l| match self.literal(&l.title, 2).as_slice() {
                [one] if !is_block(one) => one.chars().count(),
                _ => 0,
            })
            .max()
            .unwrap_or(0);
        for field in fields {
            match field {
                CriteriaField::Source(f) => {
                    let lines = self.literal(&f.value, 2);
                    let keyword = if lines.first().is_some_and(|l| is_block(l)) {
                        keyword::SOURCE.to_string()
                    } else {
                        format!("{:<width$}", keyword::SOURCE)
                    };
                    let mut l = Lines::new(2, &keyword);
                    l.literal(lines);
                    self.push(f.keyword.start, l, 2, false);
                }
                CriteriaField::MetWhen(f) => {
                    let mut l = Lines::new(2, &format!("{:<width$}", keyword::MET_WHEN));
                    l.word("at_least");
                    match &f.value.rule {
                        Threshold::AtLeast(n) => l.word(&number(n.value)),
                        Threshold::AtLeastLevel(level) => l.word(&level.name),
                    }
                    if let Some(wording) = &f.value.wording {
                        l.literal(self.literal(wording, 2));
                    }
                    self.push(f.keyword.start, l, 2, false);
                }
                CriteriaField::Factor(factor) => self.factor(factor, 2),
                CriteriaField::Graded(graded) => self.graded(graded),
                CriteriaField::Tier(tier) => {
                    let mut l = Lines::new(2, keyword::TIER);
                    l.literal(self.literal(&tier.title, 2));
                    l.word(&format!(
                        "{} {}",
                        keyword::POINTS,
                        number(tier.points.value.value)
                    ));
                    l.word("{");
                    self.push(tier.keyword.start, l, 2, true);
                    for factor in &tier.factors {
                        self.factor(factor, 4);
                    }
                    self.close(tier.points.value.span.end, 2);
                }
                CriteriaField::AppliesWhen(f) => self.trigger_field(f, keyword::APPLIES_WHEN),
                CriteriaField::ItemsCalled(f) => {
                    let mut l = Lines::new(2, keyword::ITEMS_CALLED);
                    l.literal(self.literal(&f.value.one, 2));
                    l.literal(self.literal(&f.value.many, 2));
                    if let Some(gender) = &f.value.feminine {
                        l.word(keyword::gender(gender.value));
                    }
                    self.push(f.keyword.start, l, 2, false);
                }
                CriteriaField::PossibleCountsAs(f) => {
                    let mut l = Lines::new(2, keyword::POSSIBLE_COUNTS_AS);
                    l.word(if f.value.value { "yes" } else { "no" });
                    self.push(f.keyword.start, l, 2, false);
                }
                CriteriaField::Level(level) => {
                    // Levels read as a table: names and titles in columns.
                    let mut l = Lines::new(2, if outcome { keyword::VALUE } else { keyword::LEVEL });
                    l.word(&format!("{:<id_width$}", level.id.name));
                    let title = self.literal(&level.title, 2);
                    match title.as_slice() {
                        [one] if !is_block(one) && level.range.is_some() => {
                            l.word(&format!("{one:<title_width$}"))
                        }
                        _ => l.literal(title),
                    }
                    if let Some(range) = &level.range {
                        l.word(&format!("from {}", number(range.from.value)));
                        if let Some(to) = &range.to {
                            l.word(&format!("to {}", number(to.value)));
                        }
                    }
                    self.push(level.keyword.start, l, 2, false);
                }
                CriteriaField::AllowGaps(f) => {
                    self.push(f.keyword.start, Lines::new(2, keyword::ALLOW_GAPS), 2, false)
                }
                CriteriaField::HighestWins(f) => {
                    self.push(f.keyword.start, Lines::new(2, keyword::HIGHEST_WINS), 2, false)
                }
                CriteriaField::Override(f) => {
                    let mut l = Lines::new(2, if outcome { keyword::SET } else { f.value.keyword() });
                    l.word(&f.value.level.name);
                    l.word("when");
                    if let Some(expr) = &f.value.when {
                        l.word(&expression(expr));
                    }
                    self.push(f.keyword.start, l, 2, false);
                }
                CriteriaField::Otherwise(f) => {
                    let mut l = Lines::new(2, keyword::OTHERWISE);
                    l.word(&f.value.name);
                    self.push(f.keyword.start, l, 2, false);
                }
            }
        }
    }

    /// `factor ID "text" OPTIONS` at `indent`.
    fn factor(&mut self, factor: &FactorDecl, indent: usize) {
        let start = self.keyword_before(&factor.id);
        let mut l = Lines::new(indent, keyword::FACTOR);
        l.word(&factor.id.name);
        l.literal(self.literal(&factor.text, indent));
        factor_options(&mut l, &factor.options);
        self.push(start, l, indent, false);
    }

    /// `graded ID "title" { grade … }`, its grades read as a table: names, texts
    /// and points in columns.
    fn graded(&mut self, graded: &GradedDecl) {
        let mut l = Lines::new(2, keyword::GRADED);
        l.word(&graded.id.name);
        l.literal(self.literal(&graded.title, 2));
        l.word("{");
        self.push(graded.keyword.start, l, 2, true);
        let id_width = graded.grades.iter().map(|g| g.id.name.len()).max().unwrap_or(0);
        let source = self.source;
        let one_line = |g: &GradeDecl| match literal(&g.text, source, 4).as_slice() {
            [one] if !is_block(one) => Some(one.clone()),
            _ => None,
        };
        let text_width = graded
            .grades
            .iter()
            .filter_map(|g| one_line(g).map(|t| t.chars().count()))
            .max()
            .unwrap_or(0);
        for grade in &graded.grades {
            let mut l = Lines::new(4, keyword::GRADE);
            l.word(&format!("{:<id_width$}", grade.id.name));
            match one_line(grade) {
                Some(text) => l.word(&format!("{text:<text_width$}")),
                None => l.literal(self.literal(&grade.text, 4)),
            }
            l.word(&format!(
                "{} {}",
                keyword::POINTS,
                number(grade.points.value.value)
            ));
            if let Some(alone) = &grade.alone {
                factor_options(&mut l, &[FactorOption::Alone(alone.clone())]);
            }
            let start = self.keyword_before(&grade.id);
            self.push(start, l, 4, false);
        }
        self.close(graded.title.span.end, 2);
    }
}

/// A factor's options after its name (and text): `points 3 possible 1 alone high`,
/// `when …`, `only_when …`.
pub(super) fn factor_options(l: &mut Lines, options: &[FactorOption]) {
    for option in options {
        match option {
            FactorOption::Points(f) => l.word(&format!("{} {}", keyword::POINTS, number(f.value.value))),
            FactorOption::Possible(f) => l.word(&format!("{} {}", keyword::POSSIBLE, number(f.value.value))),
            FactorOption::Alone(f) => match &f.value {
                Some(level) => l.word(&format!("{} {}", keyword::ALONE, level.name)),
                None => l.word(keyword::ALONE),
            },
            FactorOption::Derived(f) | FactorOption::OnlyWhen(f) => {
                let word = match option {
                    FactorOption::Derived(_) => keyword::WHEN,
                    _ => keyword::ONLY_WHEN,
                };
                l.word(word);
                if let Some(expr) = &f.value {
                    l.word(&expression(expr));
                }
            }
        }
    }
}
