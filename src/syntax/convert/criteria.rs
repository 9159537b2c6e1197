//! `signal`, `input` and `criteria` declarations: what is observed, what is
//! entered as a number, and the groups of factors that decide a track.

use super::{children, Converter, Result};
use crate::syntax::ast::*;
use crate::syntax::parser::Rule;
use pest::iterators::Pair;

impl Converter<'_> {
    /// `signal ID "text"`
    pub(super) fn signal_decl(&mut self, pair: Pair<'_, Rule>) -> Result<SignalDecl> {
        let outer = pair.clone();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        let text = self.next_text(&outer, &mut it)?;
        Ok(SignalDecl { id, text })
    }

    /// `input ID "text" [range | scale]`
    pub(super) fn input_decl(&mut self, pair: Pair<'_, Rule>) -> Result<InputDecl> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        let text = self.next_text(&outer, &mut it)?;
        let mut range = None;
        let mut scale = None;
        match it.next() {
            Some(list) if list.as_rule() == Rule::value_scale => {
                let mut span = self.keyword_span(&list);
                let mut values = Vec::new();
                for value in children(list) {
                    let outer = value.clone();
                    let mut parts = children(value);
                    let id = self.next_ident(&outer, &mut parts)?;
                    let title = self.next_text(&outer, &mut parts)?;
                    span = span.to(title.span);
                    values.push(ScaleValueDecl { id, title });
                }
                scale = Some(Spanned { value: values, span });
            }
            Some(bounds) => {
                let span = self.span(&bounds);
                let numbers: Vec<Spanned<Option<u32>>> = children(bounds).map(|n| self.number(&n)).collect();
                let mut numbers = numbers.into_iter().map(|b| b.value);
                range = Some(Spanned {
                    value: (numbers.next().flatten(), numbers.next().flatten()),
                    span,
                });
            }
            None => {}
        }
        Ok(InputDecl {
            keyword,
            id,
            text,
            range,
            scale,
        })
    }

    /// `criteria ID "title" { … }`
    pub(super) fn criteria_decl(&mut self, pair: Pair<'_, Rule>) -> Result<CriteriaDecl> {
        self.group_decl(pair, false)
    }

    /// `outcome ID "title" { value … set … otherwise … }`: held as a criteria group
    /// without factors whose levels are the values and whose `force` rules are the `set`s.
    pub(super) fn outcome_decl(&mut self, pair: Pair<'_, Rule>) -> Result<CriteriaDecl> {
        self.group_decl(pair, true)
    }

    /// A criteria group or (`outcome`) an outcome: its name, title and fields.
    fn group_decl(&mut self, pair: Pair<'_, Rule>, outcome: bool) -> Result<CriteriaDecl> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        let title = self.next_text(&outer, &mut it)?;
        let fields = it
            .filter_map(|f| {
                if outcome {
                    self.outcome_field(f).ok()
                } else {
                    self.criteria_field(f).ok()
                }
            })
            .collect();
        Ok(CriteriaDecl {
            keyword,
            id,
            title,
            fields,
            approval: None,
            county_changes: Vec::new(),
            outcome,
        })
    }

    fn outcome_field(&mut self, pair: Pair<'_, Rule>) -> Result<CriteriaField> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let rule = pair.as_rule();
        let mut parts = children(pair);
        Ok(match rule {
            Rule::outcome_value => {
                let id = self.next_ident(&outer, &mut parts)?;
                let title = self.next_text(&outer, &mut parts)?;
                CriteriaField::Level(LevelDecl {
                    keyword,
                    id,
                    title,
                    range: None,
                })
            }
            Rule::set_field => {
                let level = self.next_ident(&outer, &mut parts)?;
                let expr = self.next(&outer, &mut parts)?;
                let when = self.expr(expr, 0).ok();
                CriteriaField::Override(Field {
                    keyword,
                    value: OverrideDecl {
                        force: true,
                        level,
                        when,
                    },
                })
            }
            Rule::otherwise_field => CriteriaField::Otherwise(Field {
                keyword,
                value: self.next_ident(&outer, &mut parts)?,
            }),
            Rule::highest_wins_field => CriteriaField::HighestWins(Field { keyword, value: () }),
            _ => {
                self.bug(&outer);
                return Err(());
            }
        })
    }

    pub(super) fn criteria_field(&mut self, pair: Pair<'_, Rule>) -> Result<CriteriaField> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        Ok(match pair.as_rule() {
            Rule::source_field => CriteriaField::Source(self.text_field(pair)?),
            Rule::met_when_field => {
                let mut parts = children(pair);
                let rule = self.next(&outer, &mut parts)?;
                let threshold = match rule.as_rule() {
                    Rule::at_least => {
                        let rule_outer = rule.clone();
                        let number = self.next(&rule_outer, &mut children(rule))?;
                        Threshold::AtLeast(self.number(&number))
                    }
                    Rule::at_least_level => {
                        let rule_outer = rule.clone();
                        Threshold::AtLeastLevel(self.next_ident(&rule_outer, &mut children(rule))?)
                    }
                    _ => {
                        self.bug(&rule);
                        return Err(());
                    }
                };
                let wording = parts.next().map(|text| self.text(text));
                CriteriaField::MetWhen(Field {
                    keyword,
                    value: MetWhen {
                        rule: threshold,
                        wording,
                    },
                })
            }
            Rule::factor_decl => CriteriaField::Factor(self.factor_decl(pair)?),
            Rule::graded_decl => {
                let mut it = children(pair);
                let id = self.next_ident(&outer, &mut it)?;
                let title = self.next_text(&outer, &mut it)?;
                let grades = it.filter_map(|g| self.grade_decl(g).ok()).collect();
                CriteriaField::Graded(GradedDecl {
                    keyword,
                    id,
                    title,
                    grades,
                })
            }
            Rule::tier_decl => {
                let mut it = children(pair);
                let title = self.next_text(&outer, &mut it)?;
                let points = self.points_field(&outer, &mut it)?;
                let factors = it.filter_map(|f| self.factor_decl(f).ok()).collect();
                CriteriaField::Tier(TierDecl {
                    keyword,
                    title,
                    points,
                    factors,
                })
            }
            Rule::applies_when_field => CriteriaField::AppliesWhen(self.expr_field(pair)?),
            Rule::possible_counts_as_field => {
                let answer = pair.into_inner().nth(1);
                let yes = answer.as_ref().map(|a| a.as_rule()) == Some(Rule::kw_yes);
                let span = answer.map_or(keyword, |a| self.span(&a));
                CriteriaField::PossibleCountsAs(Field {
                    keyword,
                    value: Spanned { value: yes, span },
                })
            }
            Rule::items_called_field => {
                let mut it = children(pair);
                let one = self.next_text(&outer, &mut it)?;
                let many = self.next_text(&outer, &mut it)?;
                let feminine = it.next().map(|gender| Spanned {
                    value: gender.clone().into_inner().next().map(|g| g.as_rule()) == Some(Rule::kw_feminine),
                    span: self.span(&gender),
                });
                CriteriaField::ItemsCalled(Field {
                    keyword,
                    value: ItemNounDecl { one, many, feminine },
                })
            }
            Rule::level_decl => {
                let mut it = children(pair);
                let id = self.next_ident(&outer, &mut it)?;
                let title = self.next_text(&outer, &mut it)?;
                let range = match it.next() {
                    Some(range) => {
                        let mut numbers = children(range.clone());
                        let from = self.next(&range, &mut numbers)?;
                        let from = self.number(&from);
                        let to = numbers.next().map(|n| self.number(&n));
                        Some(LevelRangeDecl { from, to })
                    }
                    None => None,
                };
                CriteriaField::Level(LevelDecl {
                    keyword,
                    id,
                    title,
                    range,
                })
            }
            Rule::allow_gaps_field => CriteriaField::AllowGaps(Field { keyword, value: () }),
            Rule::floor_field | Rule::force_field => {
                let force = pair.as_rule() == Rule::force_field;
                let mut it = children(pair);
                let level = self.next_ident(&outer, &mut it)?;
                let expr = self.next(&outer, &mut it)?;
                CriteriaField::Override(Field {
                    keyword,
                    value: OverrideDecl {
                        force,
                        level,
                        when: self.expr(expr, 0).ok(),
                    },
                })
            }
            _ => {
                self.bug(&pair);
                return Err(());
            }
        })
    }

    /// `factor ID "text" OPTION…`
    fn factor_decl(&mut self, pair: Pair<'_, Rule>) -> Result<FactorDecl> {
        let outer = pair.clone();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        let text = self.next_text(&outer, &mut it)?;
        let options = it.filter_map(|o| self.factor_option(o).ok()).collect();
        Ok(FactorDecl { id, text, options })
    }

    /// `grade ID "text" points N [alone LEVEL]`
    fn grade_decl(&mut self, pair: Pair<'_, Rule>) -> Result<GradeDecl> {
        let outer = pair.clone();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        let text = self.next_text(&outer, &mut it)?;
        let points = self.points_field(&outer, &mut it)?;
        let alone = match it.next().map(|o| self.factor_option(o)) {
            Some(Ok(FactorOption::Alone(field))) => Some(field),
            _ => None,
        };
        Ok(GradeDecl {
            id,
            text,
            points,
            alone,
        })
    }

    /// The `points N` of a grade or a tier, next in `it`.
    fn points_field<'i>(
        &mut self,
        outer: &Pair<'i, Rule>,
        it: &mut impl Iterator<Item = Pair<'i, Rule>>,
    ) -> Result<Field<Spanned<Option<u32>>>> {
        let option = self.next(outer, it)?;
        match self.factor_option(option)? {
            FactorOption::Points(field) => Ok(field),
            _ => Err(()),
        }
    }

    pub(super) fn factor_option(&mut self, pair: Pair<'_, Rule>) -> Result<FactorOption> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        Ok(match pair.as_rule() {
            Rule::points_option | Rule::possible_option => {
                let points = pair.as_rule() == Rule::points_option;
                let number = self.next(&outer, &mut children(pair))?;
                let value = self.number(&number);
                let field = Field { keyword, value };
                if points {
                    FactorOption::Points(field)
                } else {
                    FactorOption::Possible(field)
                }
            }
            Rule::alone_option => {
                let level = children(pair)
                    .next()
                    .and_then(|l| l.into_inner().next())
                    .map(|l| self.ident(l));
                FactorOption::Alone(Field {
                    keyword,
                    value: level,
                })
            }
            Rule::derived_option => FactorOption::Derived(self.expr_field(pair)?),
            Rule::factor_only_when => FactorOption::OnlyWhen(self.expr_field(pair)?),
            _ => {
                self.bug(&pair);
                return Err(());
            }
        })
    }
}
