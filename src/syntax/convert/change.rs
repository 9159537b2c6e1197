//! `change` declarations: a county's replacements, insertions and removals of
//! the steps of a track, and its changes to a criteria group.

use super::{children, Converter, Result};
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::ast::*;
use crate::syntax::parser::Rule;
use pest::iterators::Pair;

impl Converter<'_> {
    /// `change track ID { … }` or `change criteria ID { … }`
    pub(super) fn change_decl(&mut self, pair: Pair<'_, Rule>) -> Result<ChangeDecl> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let mut it = children(pair);
        let target = self.next(&outer, &mut it)?;
        let (target, approval) = self.change_target(target)?;
        Ok(ChangeDecl {
            keyword,
            target,
            approval,
        })
    }

    /// What a `change` block changes, and its `approval "…"` line (a second one is reported).
    fn change_target(&mut self, pair: Pair<'_, Rule>) -> Result<(ChangeTarget, Option<Field<Text>>)> {
        let outer = pair.clone();
        let rule = pair.as_rule();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        let (approvals, lines): (Vec<_>, Vec<_>) = it.partition(|p| p.as_rule() == Rule::approval_field);
        let approvals: Vec<Field<Text>> = approvals
            .into_iter()
            .filter_map(|p| self.text_field(p).ok())
            .collect();
        let mut approvals = approvals.into_iter();
        let approval = approvals.next();
        if let Some(first) = &approval {
            for extra in approvals {
                self.diagnostics.push(
                    Diagnostic::error(Code::DuplicateField, "this change block has `approval` twice")
                        .at(extra.keyword, "a second `approval`")
                        .also(first.keyword, "first given here")
                        .help("keep one `approval` line, saying who approved the change and when, and delete the other"),
                );
            }
        }
        let target = match rule {
            Rule::change_track => {
                let mut changes = Vec::new();
                let mut when = None;
                for change in lines {
                    match change.as_rule() {
                        Rule::when_field => when = self.expr_field(change).ok(),
                        _ => {
                            if let Ok(c) = self.step_change(change) {
                                changes.push(c);
                            }
                        }
                    }
                }
                ChangeTarget::Track { id, when, changes }
            }
            Rule::change_criteria => {
                let (factor_lines, lines): (Vec<_>, Vec<_>) = lines
                    .into_iter()
                    .partition(|p| matches!(p.as_rule(), Rule::factor_change | Rule::remove_factor));
                let fields = lines
                    .into_iter()
                    .filter_map(|f| self.criteria_field(f).ok())
                    .collect();
                let factors = factor_lines
                    .into_iter()
                    .filter_map(|f| self.factor_change(f).ok())
                    .collect();
                ChangeTarget::Criteria { id, fields, factors }
            }
            _ => {
                self.bug(&outer);
                return Err(());
            }
        };
        Ok((target, approval))
    }

    /// `factor ID OPTIONS…` or `remove factor ID` in a `change criteria` block.
    fn factor_change(&mut self, pair: Pair<'_, Rule>) -> Result<FactorChange> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let rule = pair.as_rule();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        Ok(match rule {
            Rule::remove_factor => FactorChange::Remove { keyword, id },
            _ => FactorChange::Options {
                keyword,
                id,
                options: it.filter_map(|o| self.factor_option(o).ok()).collect(),
            },
        })
    }

    fn step_change(&mut self, pair: Pair<'_, Rule>) -> Result<StepChange> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let rule = pair.as_rule();
        let mut it = children(pair).peekable();
        let id = self.next_ident(&outer, &mut it)?;
        match rule {
            Rule::replace_step => {
                let text = match it.peek().map(Pair::as_rule) {
                    Some(Rule::string) => it.next().map(|p| self.text(p)),
                    _ => None,
                };
                let fields = self.step_fields(it);
                Ok(StepChange::Replace {
                    keyword,
                    id,
                    text,
                    fields,
                })
            }
            Rule::insert_step => {
                let position = self.next(&outer, &mut it)?;
                let before = position.as_str().trim() == "before";
                let anchor = self.next_ident(&outer, &mut it)?;
                let text = self.next_text(&outer, &mut it)?;
                let fields = self.step_fields(it);
                Ok(StepChange::Insert {
                    keyword,
                    step: StepDecl {
                        keyword,
                        kind: StepKind::Step,
                        id,
                        text,
                        fields,
                    },
                    before,
                    anchor,
                })
            }
            Rule::remove_step => Ok(StepChange::Remove { keyword, id }),
            _ => {
                self.bug(&outer);
                Err(())
            }
        }
    }
}
