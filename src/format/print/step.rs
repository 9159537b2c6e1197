//! Printing a track's steps and questions with their blocks of fields, and a
//! variant's changes to a base track's steps (`replace`, `insert`, `remove step`).

use super::{comma_joined, Lines, Printer, Value};
use crate::format::expression::expression;
use crate::source::Span;
use crate::syntax::ast::*;

impl Printer<'_> {
    /// A step whose header so far is `l` (`step` or `insert step … after …`): its
    /// name and text, and its block when it has fields.
    pub(super) fn step(&mut self, mut l: Lines, start: usize, step: &StepDecl, indent: usize) {
        l.word(&step.id.name);
        l.literal(self.literal(&step.text, indent));
        self.step_block(l, start, &step.fields, step.text.span.end, indent);
    }

    fn step_block(
        &mut self,
        mut l: Lines,
        start: usize,
        fields: &[StepField],
        header_end: usize,
        indent: usize,
    ) {
        if fields.is_empty() {
            self.push(start, l, indent, false);
            return;
        }
        l.word("{");
        self.push(start, l, indent, true);
        let fields: Vec<(Span, &str, Value)> = fields
            .iter()
            .map(|f| match f {
                StepField::Condition(f) => (f.keyword, keyword::CONDITION, Value::Text(&f.value)),
                StepField::Required(f) => (f.keyword, keyword::REQUIRED, Value::Text(&f.value)),
                StepField::Contact(f) => (f.keyword, keyword::CONTACT, Value::Word(f.value.name.clone())),
                StepField::Role(f) => (
                    f.keyword,
                    keyword::ROLE,
                    Value::Joined(
                        std::iter::once(("", &f.value.role))
                            .chain(f.value.or.iter().map(|t| (" or ", t)))
                            .collect(),
                    ),
                ),
                StepField::Label(f) => (f.keyword, keyword::LABEL, Value::Text(&f.value)),
                StepField::Backup(f) => (f.keyword, keyword::BACKUP, comma_joined(&f.value)),
                StepField::Checklist(f) => (f.keyword, keyword::CHECKLIST, comma_joined(&f.value)),
                StepField::Deadline(f) => (f.keyword, keyword::DEADLINE, deadline(&f.value)),
                StepField::Lasts(f) => (f.keyword, keyword::LASTS, lasting(&f.value)),
                StepField::Form(f) => (
                    f.keyword,
                    keyword::FORM,
                    Value::Joined(
                        std::iter::once(("", &f.value.name))
                            .chain(f.value.code.iter().map(|c| (" ", c)))
                            .collect(),
                    ),
                ),
                StepField::Optional(f) => (f.keyword, keyword::OPTIONAL, Value::Nothing),
                StepField::SkipWhen(f) => (
                    f.keyword,
                    keyword::SKIP_WHEN,
                    Value::Word(f.value.as_ref().map(expression).unwrap_or_default()),
                ),
                StepField::OnlyWhen(f) => (
                    f.keyword,
                    keyword::ONLY_WHEN,
                    Value::Word(f.value.as_ref().map(expression).unwrap_or_default()),
                ),
                StepField::After(f) => (f.keyword, keyword::AFTER, Value::Word(f.value.name.clone())),
                StepField::End(f) => (f.keyword, keyword::END, Value::Text(&f.value)),
                // `end track` is one field word, aligned as a whole.
                StepField::EndTrack(f) => (f.keyword, "end track", Value::Text(&f.value)),
                StepField::Handoff(f) => (f.keyword, keyword::HANDOFF, Value::Text(&f.value)),
                StepField::HandoffDocument(f) => (
                    f.keyword,
                    keyword::HANDOFF,
                    Value::Joined(vec![("", &f.value.title), (" url ", &f.value.url)]),
                ),
                StepField::Yes(f) => (f.keyword, keyword::YES, route(&f.value)),
                StepField::No(f) => (f.keyword, keyword::NO, route(&f.value)),
                StepField::Choice(f) => (
                    f.keyword,
                    keyword::CHOICE,
                    Value::Named(
                        f.value.id.name.clone(),
                        &f.value.title,
                        Box::new(route(&f.value.route)),
                    ),
                ),
                StepField::UnclearCountsAs(f) => (
                    f.keyword,
                    keyword::UNCLEAR_COUNTS_AS,
                    Value::Word(f.value.name.clone()),
                ),
                StepField::SelectAll(f) => {
                    (f.keyword, keyword::SELECT_ALL, Value::Word(f.value.name.clone()))
                }
            })
            .collect();
        self.aligned(&fields, indent + 2);
        self.close(header_end, indent);
    }

    pub(super) fn step_change(&mut self, change: &StepChange) {
        match change {
            StepChange::Replace {
                keyword,
                id,
                text,
                fields,
            } => {
                let mut l = Lines::new(2, "replace step");
                l.word(&id.name);
                let mut header_end = id.span.end;
                if let Some(text) = text {
                    l.literal(self.literal(text, 2));
                    header_end = text.span.end;
                }
                self.step_block(l, keyword.start, fields, header_end, 2);
            }
            StepChange::Insert {
                keyword,
                step,
                before,
                anchor,
            } => {
                let mut l = Lines::new(2, "insert step");
                l.word(&step.id.name);
                l.word(if *before { "before" } else { "after" });
                l.word(&anchor.name);
                l.literal(self.literal(&step.text, 2));
                self.step_block(l, keyword.start, &step.fields, step.text.span.end, 2);
            }
            StepChange::Remove { keyword, id } => {
                let mut l = Lines::new(2, "remove step");
                l.word(&id.name);
                self.push(keyword.start, l, 2, false);
            }
        }
    }
}

/// A question's route after its `yes` or `no`.
fn route(route: &Route) -> Value<'_> {
    match route {
        Route::Goto(id) => Value::Word(format!("goto {}", id.name)),
        Route::Track(id) => Value::Word(format!("track {}", id.name)),
        Route::End(text) => Value::Between("end".to_string(), text, String::new()),
        Route::EndTrack(text) => Value::Between("end track".to_string(), text, String::new()),
        Route::Next => Value::Word("next".to_string()),
    }
}

/// An amount of time as written: `36 hours`.
fn amount(amount: &Amount) -> String {
    let number = amount.amount.value.map(|n| n.to_string()).unwrap_or_default();
    format!("{number} {}", amount.unit.name)
}

/// A deadline after its keyword: `within 36 hours from "…" when …`, `immediately`, `"…"`.
fn deadline(decl: &DeadlineDecl) -> Value<'_> {
    let when = decl.when.as_ref().map(|w| format!("when {}", expression(w)));
    let within = |a: &Amount| format!("within {}", amount(a));
    match (&decl.time, when) {
        (DeadlineTime::Words(text), when) => Value::Between(String::new(), text, when.unwrap_or_default()),
        (
            DeadlineTime::Within {
                amount: a,
                from: Some(from),
            },
            when,
        ) => Value::Between(format!("{} from", within(a)), from, when.unwrap_or_default()),
        (
            DeadlineTime::Within {
                amount: a,
                from: None,
            },
            when,
        ) => Value::Word(
            [Some(within(a)), when]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
        ),
        (DeadlineTime::Moment(word), when) => Value::Word(
            [Some(word.name.clone()), when]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
        ),
    }
}

/// How long a step lasts, after `lasts`: `until "…"`, `at_least 90 days`.
fn lasting(lasting: &Lasting) -> Value<'_> {
    match lasting {
        Lasting::Until(text) => Value::Between("until".to_string(), text, String::new()),
        Lasting::AtLeast(a) => Value::Word(format!("at_least {}", amount(a))),
    }
}
