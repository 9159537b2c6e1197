//! `change` declarations: a county's replacements, insertions and removals of
//! the steps of a track, and its changes to a criteria group.

use super::{children, Converter, Result};
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
        let approval = target
            .clone()
            .into_inner()
            .filter(|p| p.as_rule() == Rule::approval_field)
            .last()
            .map(|p| self.text_field(p))
            .transpose()?;
        Ok(ChangeDecl {
            keyword,
            target: self.change_target(target)?,
            approval,
        })
    }

    fn change_target(&mut self, pair: Pair<'_, Rule>) -> Result<ChangeTarget> {
        let outer = pair.clone();
        let rule = pair.as_rule();
        let mut it = children(pair);
        let id = self.next_ident(&outer, &mut it)?;
        match rule {
            Rule::change_track => {
                let mut changes = Vec::new();
                let mut when = None;
                for change in it {
                    match change.as_rule() {
                        Rule::approval_field => {}
                        Rule::when_field => when = self.expr_field(change).ok(),
                        _ => {
                            if let Ok(c) = self.step_change(change) {
                                changes.push(c);
                            }
                        }
                    }
                }
                Ok(ChangeTarget::Track { id, when, changes })
            }
            Rule::change_criteria => {
                let fields = it
                    .filter(|f| f.as_rule() != Rule::approval_field)
                    .filter_map(|f| self.criteria_field(f).ok())
                    .collect();
                Ok(ChangeTarget::Criteria { id, fields })
            }
            _ => {
                self.bug(&outer);
                Err(())
            }
        }
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
