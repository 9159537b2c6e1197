//! Time on a step: a deadline's unit and word (`within 36 hours`, `immediately`)
//! and how long a step lasts, checked (a known unit, an amount above 0, the
//! singular for 1) and made into the model's [`Time`] and [`Duration`].

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Amount, Duration, Lasts, Time, TimeUnit};
use crate::suggest;
use crate::syntax::ast::{self, keyword};

/// What to write instead of a deadline of 0, and of a duration of 0.
const ZERO_DEADLINE: &str =
    "write `deadline immediately` for a step done at once, or give the time it may take";
const ZERO_DURATION: &str = "give the shortest time the step goes on, or leave `lasts` out";

impl Checker {
    /// A deadline as written: its words when it is the source's own text (with no
    /// time), or the time (its words are said once the model's language is known).
    /// `None` when a unit or word is unknown (reported).
    pub(super) fn deadline_time(&mut self, time: &ast::DeadlineTime) -> Option<(String, Option<Time>)> {
        match time {
            ast::DeadlineTime::Words(text) => Some((self.plain(text), None)),
            ast::DeadlineTime::Moment(word) => match Time::moment(&word.name) {
                Some(time) => Some((String::new(), Some(time))),
                None => {
                    self.unknown_time_word(
                        word,
                        "deadline word",
                        Time::MOMENTS.into_iter().chain(["within"]),
                    );
                    None
                }
            },
            ast::DeadlineTime::Within { amount, from } => {
                let amount = self.amount(amount, ZERO_DEADLINE)?;
                let from = from.as_ref().map(|t| self.plain(t));
                Some((String::new(), Some(Time::Within { amount, from })))
            }
        }
    }

    /// How long a step lasts (`lasts …`, at most one).
    pub(super) fn lasts(&mut self, decl: &ast::StepDecl, owner: &str) -> Option<Lasts> {
        let field = self.single(
            decl.fields.iter().filter_map(ast::StepField::as_lasts),
            keyword::LASTS,
            owner,
        )?;
        let duration = match &field.value {
            ast::Lasting::Until(text) => Duration::Until(self.plain(text)),
            ast::Lasting::AtLeast(amount) => Duration::AtLeast(self.amount(amount, ZERO_DURATION)?),
        };
        Some(Lasts {
            text: String::new(),
            duration,
        })
    }

    /// An amount of time (`zero_help`: what to write instead of 0): its unit known, the amount above 0, the unit's singular
    /// for 1 and plural otherwise (a warning: the words are said right either way).
    fn amount(&mut self, amount: &ast::Amount, zero_help: &str) -> Option<Amount> {
        let n = amount.amount.value?;
        let Some((unit, singular)) = TimeUnit::named(&amount.unit.name) else {
            match unit_meant(&amount.unit.name, n) {
                Some(meant) => self.report(
                    Diagnostic::error(
                        Code::UnknownTimeWord,
                        format!("`{}` is not a unit of time", amount.unit.name),
                    )
                    .at(amount.unit.span, "not a unit of time")
                    .help(format!("did you mean `{meant}`?")),
                ),
                None => self.unknown_time_word(&amount.unit, "unit of time", TimeUnit::names()),
            }
            return None;
        };
        let at = amount.amount.span.to(amount.unit.span);
        if n == 0 {
            self.report(
                Diagnostic::error(Code::ZeroTime, format!("a time of 0 {}", amount.unit.name))
                    .at(at, "no time at all")
                    .help(zero_help),
            );
            return None;
        }
        if singular != (n == 1) {
            let (right, wrong) = if n == 1 {
                (unit.singular(), "the plural")
            } else {
                (unit.as_str(), "the singular")
            };
            self.report(
                Diagnostic::warning(
                    Code::UnitForAmount,
                    format!("`{}` is {wrong} for an amount of {n}", amount.unit.name),
                )
                .at(amount.unit.span, format!("write `{n} {right}`"))
                .help(format!(
                    "a unit is singular for 1 (`1 {}`) and plural otherwise (`2 {}`)",
                    unit.singular(),
                    unit.as_str()
                )),
            );
        }
        Some(Amount { amount: n, unit })
    }

    /// Reports a unit or deadline word protocolc does not know, with the nearest known one.
    fn unknown_time_word<'a>(&mut self, word: &ast::Ident, noun: &str, known: impl Iterator<Item = &'a str>) {
        let known: Vec<&str> = known.collect();
        let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
        let d = Diagnostic::error(Code::UnknownTimeWord, format!("`{}` is not a {noun}", word.name))
            .at(word.span, format!("not a {noun}"));
        self.report(match suggest::closest(&word.name, known.iter().copied()) {
            Some(best) => d.help(format!("did you mean `{best}`?")),
            None => d.help(format!("write one of {}", crate::syntax::or_list(&list))),
        });
    }
}

/// The time a unit written short or in other words most likely means, written with
/// a known unit: `36 hrs` → `36 hours`, `2 weeks` → `14 days`, `5 business_days` →
/// `5 working_days`.
fn unit_meant(word: &str, n: u32) -> Option<String> {
    let lower = word.to_lowercase();
    let (times, unit) = match lower.trim_end_matches('s') {
        "h" | "hr" | "hour" => (1, TimeUnit::Hours),
        "m" | "min" | "mn" | "minute" => (1, TimeUnit::Minutes),
        "d" | "dy" | "day" | "calendar_day" => (1, TimeUnit::Days),
        "w" | "wk" | "week" => (7, TimeUnit::Days),
        "school_day" | "business_day" | "work_day" | "workday" | "weekday" | "working_day" => {
            (1, TimeUnit::WorkingDays)
        }
        _ => return None,
    };
    let amount = n.checked_mul(times)?;
    let name = if amount == 1 {
        unit.singular()
    } else {
        unit.as_str()
    };
    Some(format!("{amount} {name}"))
}
