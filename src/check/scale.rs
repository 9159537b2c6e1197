//! Scales (`input ID "…" scale low "Low", high "High"`): their values (two or
//! more, each name once), and a value named where an input is compared or given
//! (a scale by one of its values' names, a number input by a number).

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{InputIdx, ScaleValue};
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::{self, Ident, InputValue, Spanned};

impl Checker {
    /// A scale's values, lowest first; reports a scale of one value and a name
    /// given twice.
    pub(super) fn scale(&mut self, decl: &ast::InputDecl, scale: &[ast::ScaleValueDecl]) -> Vec<ScaleValue> {
        if let [only] = scale {
            self.report(
                Diagnostic::error(
                    Code::ScaleTooShort,
                    format!("scale `{}` has only one value, `{}`", decl.id.name, only.id.name),
                )
                .at(only.id.span.to(only.title.span), "one value: staff would have nothing to choose")
                .help(format!(
                    "give the scale two or more values, lowest first, e.g. `scale low \"Low\", high \"High\"`; \
                     or, for a fact that holds or not, declare a `signal {}` instead",
                    decl.id.name
                )),
            );
        }
        let mut values: Vec<ScaleValue> = Vec::new();
        for (at, value) in scale.iter().enumerate() {
            let earlier = scale.iter().take(at).find(|v| v.id.name == value.id.name);
            if let Some(first) = earlier {
                self.report(
                    Diagnostic::error(
                        Code::DuplicateScaleValue,
                        format!("scale `{}` has the value `{}` twice", decl.id.name, value.id.name),
                    )
                    .at(value.id.span, "named again here")
                    .also(first.id.span, "first here")
                    .help("each value of a scale needs its own name; remove one or rename it"),
                );
                continue;
            }
            values.push(ScaleValue {
                id: value.id.name.clone(),
                title: self.plain(&value.title),
            });
        }
        values
    }

    /// The value `value` gives input `input` (declared at `declared`), as the
    /// number triggers compare: a scale's value by position. Reports a number
    /// given to a scale, a name given to a number input, and a name the scale
    /// does not have. `None` when reported (or already reported, too large).
    pub(super) fn input_value(
        &mut self,
        input: &Ident,
        idx: InputIdx,
        value: &Spanned<InputValue>,
        declared: Span,
    ) -> Option<u32> {
        let declaration = self.inputs.get(idx.0)?;
        let names: Vec<String> = declaration.scale.iter().map(|v| v.id.clone()).collect();
        let position = match &value.value {
            InputValue::Name(name) => declaration.scale_position(name),
            InputValue::Number(_) => None,
        };
        let example = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        match (&value.value, names.is_empty()) {
            (InputValue::Number(n), true) => *n,
            (InputValue::Name(_), false) if position.is_some() => position,
            (InputValue::Number(n), false) => {
                let written = n.map_or_else(String::new, |n| format!(" {n}"));
                self.report(
                    Diagnostic::error(
                        Code::ScaleMismatch,
                        format!(
                            "`{}` is a scale, so it takes one of its values' names, not the number{written}",
                            input.name
                        ),
                    )
                    .at(value.span, "a number given to a scale")
                    .also(declared, format!("`{}` declared here", input.name))
                    .help(format!(
                        "name a value of `{}`, lowest first: {example}",
                        input.name
                    )),
                );
                None
            }
            (InputValue::Name(name), true) => {
                self.report(
                    Diagnostic::error(
                        Code::ScaleMismatch,
                        format!("`{}` is a number, so it takes a number, not the name `{name}`", input.name),
                    )
                    .at(value.span, "a name given to a number input")
                    .also(declared, format!("`{}` declared here", input.name))
                    .help(format!(
                        "write a whole number (e.g. `{} = 12`), or give `{}` named values: `input {} \"…\" scale low \"Low\", high \"High\"`",
                        input.name, input.name, input.name
                    )),
                );
                None
            }
            (InputValue::Name(name), false) => {
                let known: Vec<&str> = names.iter().map(String::as_str).collect();
                // A graded item's values are its grades.
                let (code, kind, what) = match declaration.graded {
                    Some(_) => (Code::UnknownGrade, "graded item", "grade"),
                    None => (Code::UnknownScaleValue, "scale", "value"),
                };
                let help = suggest::hint(name, &known, "its", what, "");
                self.report(
                    Diagnostic::error(code, format!("{kind} `{}` has no {what} `{name}`", input.name))
                        .at(value.span, format!("no such {what}"))
                        .also(declared, format!("`{}` declared here", input.name))
                        .help(help),
                );
                None
            }
        }
    }
}
