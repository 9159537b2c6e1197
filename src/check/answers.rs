//! Answers read by conditions: `plan is yes` in a track's `when`, a step's
//! `skip_when` or `only_when`, a deadline's `when`, a group's rules or a factor
//! worked out from inputs. Which questions there are (by name, before any track is
//! checked), what a test of one may say, and where it may be read: never before
//! the question is asked in its own track.

use super::{Checker, Declarations};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Answer, QuestionIdx, Trigger};
use crate::syntax::ast::Ident;
use crate::syntax::ast::{StepField, StepKind};
use std::collections::BTreeMap;

/// A question as conditions see it.
#[derive(Clone, Debug)]
pub(super) struct QuestionEntry {
    pub index: QuestionIdx,
    /// The track it is asked in, and its position among the track's items.
    pub track: String,
    pub position: usize,
    /// The answer an "unclear" counts as, as written (checked with the question).
    pub unclear_counts_as: Option<Answer>,
    /// The names of its choices, in order, when staff answer it by picking one
    /// (empty for a yes/no question).
    pub choices: Vec<String>,
    /// The group named by `select_all`, as written, when staff tick its factors
    /// and the answer is worked out.
    pub select_all: Option<String>,
}

/// Where a condition is read: in this track, at this position (a track's own
/// `when` is read before its first item, at 0).
#[derive(Clone, Debug)]
pub(super) struct Place {
    pub track: String,
    pub position: usize,
    /// What reads, for messages: "the `when` of track `triage`", "step `refer`".
    pub reader: String,
}

/// Every question by name (the first, where two share one: that is reported
/// elsewhere), indexed in file order as the model's questions are.
pub(super) fn question_table(decls: &Declarations<'_>) -> BTreeMap<String, QuestionEntry> {
    let mut table = BTreeMap::new();
    let items = decls.tracks.iter().flat_map(|t| {
        super::branching::TrackScope::of(t)
            .items
            .into_iter()
            .enumerate()
            .map(move |(position, item)| (t, position, item))
    });
    let questions = items.filter(|(_, _, item)| item.kind == StepKind::Question);
    for (index, (track, position, item)) in questions.enumerate() {
        let unclear_counts_as = item
            .fields
            .iter()
            .find_map(StepField::as_unclear_counts_as)
            .and_then(|f| Answer::from_word(&f.value.name));
        let choices = item
            .fields
            .iter()
            .filter_map(StepField::as_choice)
            .map(|f| f.value.id.name.clone())
            .collect();
        let select_all = item
            .fields
            .iter()
            .find_map(StepField::as_select_all)
            .map(|f| f.value.name.clone());
        table.entry(item.id.name.clone()).or_insert(QuestionEntry {
            index: QuestionIdx(index),
            track: track.id.name.clone(),
            position,
            unclear_counts_as,
            choices,
            select_all,
        });
    }
    table
}

impl Checker {
    /// The "yes and no lead to the same place" warnings, for questions whose answer
    /// no condition reads (run once every condition has been read).
    pub(super) fn same_routes_unread(&mut self) {
        for (question, diagnostic) in std::mem::take(&mut self.same_routes) {
            if !self.answers_read.contains(&question) {
                self.report(diagnostic);
            }
        }
    }

    /// The question a name in a condition refers to, when it is one and no
    /// declared name (criteria group, signal …) takes it first.
    pub(super) fn question_read(&self, ident: &Ident) -> Option<QuestionEntry> {
        if self.names.get(&ident.name).is_some() {
            return None;
        }
        self.questions_by_name.get(&ident.name).cloned()
    }

    /// A question named bare in a condition, as if it were a signal.
    pub(super) fn bare_question(&mut self, ident: &Ident) {
        let answer = match self
            .questions_by_name
            .get(&ident.name)
            .and_then(|q| q.choices.first())
        {
            Some(choice) => format!("`{} is {choice}` (a choice's name)", ident.name),
            None => format!("`{} is yes` or `{} is no`", ident.name, ident.name),
        };
        self.report(
            Diagnostic::error(
                Code::AnswerTest,
                format!("`{}` is a question: a condition reads its answer", ident.name),
            )
            .at(ident.span, "a question is not true or false by itself")
            .help(format!("write {answer}")),
        );
    }

    /// `plan is yes`: the answer test, checked for its answer and its place.
    pub(super) fn answer_test(
        &mut self,
        question: &Ident,
        entry: &QuestionEntry,
        at_least: bool,
        answer: &Ident,
    ) -> Option<Trigger> {
        if at_least {
            self.report(
                Diagnostic::error(
                    Code::AnswerTest,
                    format!("`{}` is a question, and answers have no order", question.name),
                )
                .at(question.span.to(answer.span), "`at_least` compares levels")
                .help(format!("write `{} is {}`", question.name, answer.name)),
            );
            return None;
        }
        let parsed = if entry.choices.is_empty() {
            Answer::from_word(&answer.name).filter(|a| *a != Answer::Unclear)
        } else {
            Some(self.choice_read(question, &entry.choices, answer)?)
        };
        let Some(parsed) = parsed else {
            let help = if let Some(group) = &entry.select_all {
                format!("its answer is worked out from the ticks of `{group}`, yes or no: write `{} is yes` or `{} is no`", question.name, question.name)
            } else if answer.name == Answer::Unclear.as_str() {
                "an unclear answer reads as the answer its `unclear_counts_as` names (and as neither without one): test `yes` or `no`".to_string()
            } else {
                format!("write `{} is yes` or `{} is no`", question.name, question.name)
            };
            self.report(
                Diagnostic::error(
                    Code::AnswerTest,
                    format!("question `{}` has no answer `{}`", question.name, answer.name),
                )
                .at(answer.span, "not one of its answers: yes, no")
                .help(help),
            );
            return None;
        };
        if let Some(group) = &entry.select_all {
            // Worked out from the group, so known everywhere: read as its verdict.
            let group = self.select_all_group(group)?;
            self.answers_read.insert(question.name.clone());
            return Some(match parsed {
                Answer::No => Trigger::Not(Box::new(Trigger::Criteria(group))),
                _ => Trigger::Criteria(group),
            });
        }
        if let Some(place) = &self.reading_at {
            if place.track == entry.track && entry.position >= place.position {
                let message = if entry.position == place.position {
                    format!("{} reads its own answer, before it is asked", place.reader)
                } else {
                    format!(
                        "{} reads the answer to `{}`, which is asked only later in track `{}`",
                        place.reader, question.name, entry.track
                    )
                };
                self.report(
                    Diagnostic::error(Code::AnswerTooEarly, message)
                    .at(question.span, "not yet asked here")
                    .help("a condition may read questions asked before it in its track, or in other tracks; move the question earlier, or read it in a later step"),
                );
                return None;
            }
        }
        self.answers_read.insert(question.name.clone());
        Some(Trigger::Answer {
            question: entry.index,
            answer: parsed,
            unclear_too: entry.unclear_counts_as == Some(parsed),
        })
    }
}
