//! Questions answered by picking one of several named choices (`choice ID "title"
//! ROUTE`): the choices checked (two or more, names unique, never beside `yes`/`no`),
//! and a choice named where an answer is read (`threat_type is substantive` in a
//! condition, `answer threat_type substantive` in a scenario), with "did you mean".

use super::branching::TrackScope;
use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Answer, Choice, Question};
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::{self, Field, Ident};
use std::collections::BTreeMap;

impl Checker {
    /// A question's choices, with their routes; `yes_no` are the keywords of any
    /// `yes`, `no` or `unclear_counts_as` written beside them (refused).
    pub(super) fn choices(
        &mut self,
        owner: &str,
        fields: &[&Field<ast::ChoiceDecl>],
        yes_no: &[Span],
        at: usize,
        scope: &TrackScope<'_>,
    ) -> Option<Question> {
        let mut ok = true;
        for &keyword in yes_no {
            self.report(
                Diagnostic::error(
                    Code::ChoicesWithYesNo,
                    format!("{owner} has choices and a yes/no answer"),
                )
                .at(keyword, "a yes/no answer beside choices")
                .help("a question is answered yes or no, or by picking one of its choices: make `yes` and `no` two choices (`choice yes \"Yes\" goto …`), or ask a second question"),
            );
            ok = false;
        }
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        let mut choices = Vec::new();
        for field in fields {
            let decl = &field.value;
            if let Some(first) = seen.get(decl.id.name.as_str()) {
                self.report(
                    Diagnostic::error(
                        Code::DuplicateChoice,
                        format!("{owner} has two choices named `{}`", decl.id.name),
                    )
                    .at(decl.id.span, "a second choice with this name")
                    .also(*first, "the first")
                    .help("conditions and scenarios name a choice, so each choice of a question needs its own name"),
                );
                ok = false;
                continue;
            }
            seen.insert(&decl.id.name, decl.id.span);
            let title = self.plain(&decl.title);
            match self.route(&decl.route, at, scope) {
                Some(route) => choices.push(Choice {
                    id: decl.id.name.clone(),
                    title,
                    route,
                }),
                None => ok = false,
            }
        }
        if let [only] = fields {
            self.report(
                Diagnostic::error(Code::OneChoice, format!("{owner} has one choice only"))
                    .at(only.keyword, "the only answer staff could pick")
                    .help("give the question every answer staff may pick (two or more), or make it a step"),
            );
            ok = false;
        }
        ok.then_some(Question::Choices(choices))
    }

    /// `threat_type is substantive`: the choice a condition tests, by name.
    pub(super) fn choice_read(
        &mut self,
        question: &Ident,
        choices: &[String],
        answer: &Ident,
    ) -> Option<Answer> {
        self.choice_named(question, choices, answer, "`is` names one of its choices")
    }

    /// A choice named in a condition or a scenario's `answer`; reported when the
    /// question has no choice of that name.
    pub(super) fn choice_named(
        &mut self,
        question: &Ident,
        choices: &[String],
        answer: &Ident,
        label: &str,
    ) -> Option<Answer> {
        if let Some(at) = choices.iter().position(|c| *c == answer.name) {
            return Some(Answer::Choice(at));
        }
        let names: Vec<&str> = choices.iter().map(String::as_str).collect();
        self.report(
            Diagnostic::error(
                Code::UnknownChoice,
                format!("question `{}` has no choice `{}`", question.name, answer.name),
            )
            .at(answer.span, label)
            .help(suggest::hint(
                &answer.name,
                &names,
                "its",
                "choice",
                "it has no choices",
            )),
        );
        None
    }
}
