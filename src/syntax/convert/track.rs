//! `track` declarations and their steps and questions (also the steps of a
//! `change track` block): fields, routes and deadlines.

use super::{children, Converter, Result};
use crate::syntax::ast::*;
use crate::syntax::parser::Rule;
use pest::iterators::Pair;

impl Converter<'_> {
    /// `track ID "title" { … }`
    pub(super) fn track_decl(&mut self, pair: Pair<'_, Rule>) -> Result<TrackDecl> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        let title = self.next_text(&outer, &mut it)?;
        let fields = it.filter_map(|f| self.track_field(f).ok()).collect();
        Ok(TrackDecl {
            keyword,
            id,
            title,
            fields,
            approval: None,
            county_changes: Vec::new(),
        })
    }

    fn track_field(&mut self, pair: Pair<'_, Rule>) -> Result<TrackField> {
        Ok(match pair.as_rule() {
            Rule::when_field => TrackField::When(self.expr_field(pair)?),
            Rule::supersedes_field => TrackField::Supersedes(self.ident_list_field(pair)),
            Rule::precedes_field => TrackField::Precedes(self.ident_list_field(pair)),
            Rule::rule_field => TrackField::Rule(self.text_field(pair)?),
            Rule::step_decl | Rule::question_decl => TrackField::Step(self.step(pair)?),
            _ => {
                self.bug(&pair);
                return Err(());
            }
        })
    }

    /// `step ID "text" { … }` or `question ID "text" { … }`.
    fn step(&mut self, pair: Pair<'_, Rule>) -> Result<StepDecl> {
        let keyword = self.keyword_span(&pair);
        let kind = if pair.as_rule() == Rule::question_decl {
            StepKind::Question
        } else {
            StepKind::Step
        };
        let outer = pair.clone();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        let text = self.next_text(&outer, &mut it)?;
        let fields = self.step_fields(it);
        Ok(StepDecl {
            keyword,
            kind,
            id,
            text,
            fields,
        })
    }

    /// `handoff "path.protocol"`, or `handoff "Title" url "https://…"`.
    fn handoff_field(&mut self, pair: Pair<'_, Rule>) -> Result<StepField> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        let target = self.next_text(&outer, &mut it)?;
        let Some(url) = it.next() else {
            return Ok(StepField::Handoff(Field {
                keyword,
                value: target,
            }));
        };
        let url_clause = url.clone();
        let url = self.next_text(&url_clause, &mut children(url))?;
        Ok(StepField::HandoffDocument(Field {
            keyword,
            value: HandoffDocument { title: target, url },
        }))
    }

    /// A question's `yes ROUTE` / `no ROUTE`.
    fn route_field(&mut self, pair: Pair<'_, Rule>) -> Result<Field<Route>> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let route = self.next(&outer, &mut children(pair))?;
        let value = self.route(route)?;
        Ok(Field { keyword, value })
    }

    /// A question's `choice ID "title" ROUTE`.
    fn choice_field(&mut self, pair: Pair<'_, Rule>) -> Result<Field<ChoiceDecl>> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        let title = self.next_text(&outer, &mut it)?;
        let route = self.next(&outer, &mut it)?;
        let route = self.route(route)?;
        Ok(Field {
            keyword,
            value: ChoiceDecl { id, title, route },
        })
    }

    /// `goto STEP`, `track OTHER`, `end [track] "outcome"` or `next`.
    fn route(&mut self, route: Pair<'_, Rule>) -> Result<Route> {
        let outer = route.clone();
        let way = self.next(&outer, &mut children(route))?;
        let value = match way.as_rule() {
            Rule::next_route => Route::Next,
            rule => {
                let outer = way.clone();
                let mut it = children(way).peekable();
                match rule {
                    Rule::goto_route => Route::Goto(self.next_ident(&outer, &mut it)?),
                    Rule::track_route => Route::Track(self.next_ident(&outer, &mut it)?),
                    Rule::end_route => {
                        let track = it.peek().is_some_and(|p| p.as_rule() == Rule::end_scope);
                        if track {
                            it.next();
                            Route::EndTrack(self.next_text(&outer, &mut it)?)
                        } else {
                            Route::End(self.next_text(&outer, &mut it)?)
                        }
                    }
                    _ => {
                        self.bug(&outer);
                        return Err(());
                    }
                }
            }
        };
        Ok(value)
    }

    /// `deadline "text" [when TRIGGER]`, `deadline within 36 hours [from "…"] [when …]`,
    /// `deadline immediately [when …]`
    fn deadline_field(&mut self, pair: Pair<'_, Rule>) -> Result<Field<DeadlineDecl>> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        let first = self.next(&outer, &mut it)?;
        let time = match first.as_rule() {
            Rule::string => DeadlineTime::Words(self.text(first)),
            Rule::deadline_moment => DeadlineTime::Moment(self.next_ident(&outer, &mut children(first))?),
            Rule::within_time => {
                let within = first.clone();
                let mut parts = children(first);
                let amount = self.amount(&within, &mut parts)?;
                let from = parts.next().map(|p| self.text(p));
                DeadlineTime::Within { amount, from }
            }
            _ => {
                self.bug(&first);
                return Err(());
            }
        };
        let when = match it.next() {
            Some(expr) => Some(self.expr(expr, 0)?),
            None => None,
        };
        Ok(Field {
            keyword,
            value: DeadlineDecl { time, when },
        })
    }

    /// The `amount` next in `it`: `36 hours`.
    fn amount<'i>(
        &mut self,
        outer: &Pair<'i, Rule>,
        it: &mut impl Iterator<Item = Pair<'i, Rule>>,
    ) -> Result<Amount> {
        let pair = self.next(outer, it)?;
        let mut parts = children(pair.clone());
        let number = self.next(&pair, &mut parts)?;
        let amount = self.number(&number);
        let unit = self.next(&pair, &mut parts)?;
        let unit = self.next_ident(&pair, &mut children(unit))?;
        Ok(Amount { amount, unit })
    }

    /// `lasts until "…"`, `lasts at_least 90 days`
    fn lasts_field(&mut self, pair: Pair<'_, Rule>) -> Result<Field<Lasting>> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let kind = self.next(&outer, &mut children(pair))?;
        let inner = kind.clone();
        let value = match kind.as_rule() {
            Rule::lasts_until => Lasting::Until(self.next_text(&inner, &mut children(kind))?),
            _ => Lasting::AtLeast(self.amount(&inner, &mut children(kind))?),
        };
        Ok(Field { keyword, value })
    }

    /// The fields of a step, also of one inserted by `insert step ID before X "text" { … }`.
    pub(super) fn step_fields<'i>(&mut self, pairs: impl Iterator<Item = Pair<'i, Rule>>) -> Vec<StepField> {
        let mut fields = Vec::new();
        for f in pairs {
            let field = match f.as_rule() {
                Rule::condition_field => self.text_field(f).map(StepField::Condition),
                Rule::required_field => self.text_field(f).map(StepField::Required),
                Rule::role_field => {
                    let keyword = self.keyword_span(&f);
                    let mut texts = children(f).map(|p| self.text(p));
                    match texts.next() {
                        Some(role) => Ok(StepField::Role(Field {
                            keyword,
                            value: RoleDecl {
                                role,
                                or: texts.collect(),
                            },
                        })),
                        None => Err(()),
                    }
                }
                Rule::step_label_field => self.text_field(f).map(StepField::Label),
                Rule::checklist_field => {
                    let keyword = self.keyword_span(&f);
                    let value = children(f).map(|p| self.text(p)).collect();
                    Ok(StepField::Checklist(Field { keyword, value }))
                }
                Rule::deadline_field => self.deadline_field(f).map(StepField::Deadline),
                Rule::lasts_field => self.lasts_field(f).map(StepField::Lasts),
                Rule::skip_when_field | Rule::only_when_field => {
                    let keyword = self.keyword_span(&f);
                    let outer = f.clone();
                    let skip = f.as_rule() == Rule::skip_when_field;
                    self.next(&outer, &mut children(f)).map(|expr| {
                        let field = Field {
                            keyword,
                            value: self.expr(expr, 0).ok(),
                        };
                        if skip {
                            StepField::SkipWhen(field)
                        } else {
                            StepField::OnlyWhen(field)
                        }
                    })
                }
                Rule::after_field => self.ident_field(f).map(StepField::After),
                Rule::end_field => {
                    let keyword = self.keyword_span(&f);
                    let outer = f.clone();
                    let mut it = children(f).peekable();
                    let track = it.peek().is_some_and(|p| p.as_rule() == Rule::end_scope);
                    if track {
                        it.next();
                    }
                    self.next_text(&outer, &mut it).map(|value| {
                        let field = Field { keyword, value };
                        if track {
                            StepField::EndTrack(field)
                        } else {
                            StepField::End(field)
                        }
                    })
                }
                Rule::handoff_field => self.handoff_field(f),
                Rule::yes_field => self.route_field(f).map(StepField::Yes),
                Rule::no_field => self.route_field(f).map(StepField::No),
                Rule::unclear_field => self.ident_field(f).map(StepField::UnclearCountsAs),
                Rule::choice_field => self.choice_field(f).map(StepField::Choice),
                Rule::select_all_field => self.ident_field(f).map(StepField::SelectAll),
                Rule::optional_field => Ok(StepField::Optional(Field {
                    keyword: self.keyword_span(&f),
                    value: (),
                })),
                Rule::backup_field => {
                    let keyword = self.keyword_span(&f);
                    let value = children(f).map(|p| self.text(p)).collect();
                    Ok(StepField::Backup(Field { keyword, value }))
                }
                Rule::form_field => {
                    let keyword = self.keyword_span(&f);
                    let mut texts: Vec<Text> = children(f).map(|p| self.text(p)).collect();
                    let code = if texts.len() > 1 { texts.pop() } else { None };
                    match texts.pop() {
                        Some(name) => Ok(StepField::Form(Field {
                            keyword,
                            value: FormRef { name, code },
                        })),
                        None => Err(()),
                    }
                }
                Rule::contact_ref => self.ident_field(f).map(StepField::Contact),
                _ => {
                    self.bug(&f);
                    Err(())
                }
            };
            fields.extend(field);
        }
        fields
    }
}
