//! A trigger written back as protocol text, with only the parentheses its
//! structure needs, so that it parses back to the same tree.

use super::print::input_value;
use crate::syntax::ast::Expr;

/// A trigger with the parentheses its structure needs: `not` binds tightest, then
/// `and`, then `or`; a group inside a group of the same kind keeps its parentheses,
/// so the trigger reads back as the same tree.
pub(super) fn expression(expr: &Expr) -> String {
    match expr {
        Expr::Ref(id) => id.name.clone(),
        Expr::Compare { input, op, value } => {
            format!(
                "{} {} {}",
                input.name,
                op.value.symbol(),
                input_value(&value.value)
            )
        }
        Expr::Level {
            group,
            at_least,
            level,
        } => format!(
            "{} {} {}",
            group.name,
            if *at_least { "at_least" } else { "is" },
            level.name
        ),
        Expr::Not(inner, _) => format!(
            "not {}",
            operand(inner, |e| matches!(e, Expr::And(..) | Expr::Or(..)))
        ),
        Expr::And(items, _) => items
            .iter()
            .map(|e| operand(e, |e| matches!(e, Expr::And(..) | Expr::Or(..))))
            .collect::<Vec<_>>()
            .join(" and "),
        Expr::Or(items, _) => items
            .iter()
            .map(|e| operand(e, |e| matches!(e, Expr::Or(..))))
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

fn operand(expr: &Expr, needs_parentheses: impl Fn(&Expr) -> bool) -> String {
    if needs_parentheses(expr) {
        format!("({})", expression(expr))
    } else {
        expression(expr)
    }
}
