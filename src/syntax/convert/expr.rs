//! Triggers: `when`, `applies_when`, `skip_when` and the like, with their
//! comparisons and level tests, and the limit on how deeply they nest.

use super::{children, Converter, Result};
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::ast::*;
use crate::syntax::parser::Rule;
use pest::iterators::Pair;

/// How deeply trigger expressions may nest; deeper ones are reported, not followed.
pub const MAX_EXPR_DEPTH: usize = 64;

impl Converter<'_> {
    /// A field whose value is a trigger, e.g. `applies_when age >= 12`.
    pub(super) fn expr_field(&mut self, pair: Pair<'_, Rule>) -> Result<Field<Option<Expr>>> {
        let keyword = self.keyword_span(&pair);
        let outer = pair.clone();
        let expr = self.next(&outer, &mut children(pair))?;
        Ok(Field {
            keyword,
            value: self.expr(expr, 0).ok(),
        })
    }

    /// A trigger expression. `depth` counts the `not`s and parenthesised groups
    /// around it; past [`MAX_EXPR_DEPTH`] the trigger is reported, not followed.
    pub(super) fn expr(&mut self, pair: Pair<'_, Rule>, depth: usize) -> Result<Expr> {
        self.nested_expr(pair, depth, true)
    }

    /// [`Self::expr`]; `root` is set for the whole `when` expression, which is not
    /// a level of nesting itself.
    fn nested_expr(&mut self, pair: Pair<'_, Rule>, depth: usize, root: bool) -> Result<Expr> {
        let rule = pair.as_rule();
        let nests = matches!(rule, Rule::not_expr) || (rule == Rule::expr && !root);
        let depth = depth + usize::from(nests);
        if depth > MAX_EXPR_DEPTH {
            let span = self.span(&pair);
            self.diagnostics.push(
                Diagnostic::error(Code::TooDeep, "this trigger is nested too deeply")
                    .at(
                        span,
                        format!("more than {MAX_EXPR_DEPTH} levels of `not` or parentheses"),
                    )
                    .help("write the trigger more simply, e.g. with fewer parentheses"),
            );
            return Err(());
        }
        if matches!(rule, Rule::comparison | Rule::level_test) {
            return self.test_expr(pair);
        }
        let outer = pair.clone();
        let mut parts: Vec<Expr> = Vec::new();
        for child in children(pair) {
            parts.push(self.nested_expr(child, depth, false)?);
        }
        // The span of what was written, from the first part to the last (pest's
        // span of a repetition can include the line break after it).
        let span = match (parts.first(), parts.last()) {
            (Some(first), Some(last)) if rule != Rule::not_expr => first.span().to(last.span()),
            _ => self.span(&outer),
        };
        match rule {
            Rule::reference => parts.pop().ok_or(()),
            Rule::ident => Ok(Expr::Ref(self.ident(outer))),
            Rule::not_expr => match parts.pop() {
                Some(inner) => Ok(Expr::Not(Box::new(inner), span)),
                None => {
                    self.bug(&outer);
                    Err(())
                }
            },
            Rule::expr | Rule::and_expr => {
                if parts.len() == 1 {
                    parts.pop().ok_or(())
                } else if rule == Rule::expr {
                    Ok(Expr::Or(parts, span))
                } else {
                    Ok(Expr::And(parts, span))
                }
            }
            _ => {
                self.bug(&outer);
                Err(())
            }
        }
    }

    /// `age < 13` or `screening is high`: leaves with parts that are not triggers.
    fn test_expr(&mut self, outer: Pair<'_, Rule>) -> Result<Expr> {
        match outer.as_rule() {
            Rule::comparison => {
                let mut it = outer.clone().into_inner();
                let input = it
                    .next()
                    .and_then(|r| r.into_inner().next())
                    .map(|i| self.ident(i));
                let op = it.next();
                let number = it.next();
                match (input, op, number) {
                    (Some(input), Some(op), Some(number)) => {
                        let value = match op.as_str() {
                            "<" => CompareOp::Less,
                            "<=" => CompareOp::LessOrEqual,
                            ">" => CompareOp::Greater,
                            ">=" => CompareOp::GreaterOrEqual,
                            _ => CompareOp::Equal,
                        };
                        Ok(Expr::Compare {
                            input,
                            op: Spanned {
                                value,
                                span: self.span(&op),
                            },
                            value: self.input_value(&number),
                        })
                    }
                    _ => {
                        self.bug(&outer);
                        Err(())
                    }
                }
            }
            Rule::level_test => {
                let mut it = outer.clone().into_inner();
                let group = it
                    .next()
                    .and_then(|r| r.into_inner().next())
                    .map(|i| self.ident(i));
                let word = it.next();
                let level = it.next().map(|l| self.ident(l));
                match (group, word, level) {
                    (Some(group), Some(word), Some(level)) => Ok(Expr::Level {
                        group,
                        at_least: word.as_rule() == Rule::kw_at_least,
                        level,
                    }),
                    _ => {
                        self.bug(&outer);
                        Err(())
                    }
                }
            }
            _ => {
                self.bug(&outer);
                Err(())
            }
        }
    }
}
