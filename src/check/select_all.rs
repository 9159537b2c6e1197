//! "Tick all that apply" questions (`select_all GROUP`): the group named (a
//! criteria group whose factors staff tick, not an outcome nor anything else), the
//! fields refused beside it (`choice`, `unclear_counts_as`), a group with nothing
//! to tick (every factor worked out from inputs), and a scenario that answers one
//! (its answer is worked out from the ticks, so the ticks are given).
//! Conditions read such a question's answer as the group's verdict (`answers.rs`).

use super::branching::{TrackScope, YesNoFields};
use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Criteria, CriteriaIdx, Factor, Question};
use crate::resolve::Kind;
use crate::syntax::ast::{self, Field, Ident, StepField};

impl Checker {
    /// The criteria group a `select_all` names, when it names one (not an outcome).
    pub(super) fn select_all_group(&self, name: &str) -> Option<CriteriaIdx> {
        self.names
            .get(name)
            .filter(|s| s.kind == Kind::Criteria && !self.outcomes.contains(name))
            .map(|s| CriteriaIdx(s.index))
    }

    /// A question with `select_all GROUP`: its `yes` and `no` routes, answered by GROUP's verdict.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn select_all_question(
        &mut self,
        decl: &ast::StepDecl,
        owner: &str,
        field: &Field<Ident>,
        (yes, no, unclear): YesNoFields<'_>,
        choices: &[&Field<ast::ChoiceDecl>],
        at: usize,
        scope: &TrackScope<'_>,
    ) -> Option<Question> {
        let group = &field.value;
        let refused = choices
            .iter()
            .map(|f| (f.keyword, "choice"))
            .chain(unclear.iter().map(|f| (f.keyword, "unclear_counts_as")));
        let mut ok = true;
        for (keyword, word) in refused {
            self.report(
                Diagnostic::error(
                    Code::SelectAllWithAnswers,
                    format!("{owner} is answered by ticking `{}`, so it takes no `{word}`", group.name),
                )
                .at(keyword, "staff do not answer this question: its answer is worked out")
                .also(field.keyword, "the answer is yes when this group is met, no when it is not")
                .help("give the question `yes` and `no` routes only; for answers staff pick, write a second question"),
            );
            ok = false;
        }
        let index = self.select_all_target(group);
        // With choices in place of `yes` and `no`, their absence is not reported too.
        let question = if choices.is_empty() {
            self.yes_no(decl, owner, (yes, no, Vec::new()), at, scope)
        } else {
            None
        };
        match (question, index, ok) {
            (Some(Question::YesNo(mut q)), Some(index), true) => {
                q.select_all = Some(index);
                Some(Question::YesNo(q))
            }
            _ => None,
        }
    }

    /// The group `select_all` names, or the problem reported.
    fn select_all_target(&mut self, group: &Ident) -> Option<CriteriaIdx> {
        if let Some(index) = self.select_all_group(&group.name) {
            self.used.insert(group.name.clone());
            return Some(index);
        }
        let Some(symbol) = self.names.get(&group.name) else {
            if let Err(d) = self.names.lookup(group, &[Kind::Criteria], "`select_all` takes") {
                self.report(d);
            }
            return None;
        };
        let what = self.names.what(symbol);
        let help = if self.outcomes.contains(&group.name) {
            "an outcome is set by its rules, not ticked: name a criteria group whose factors staff tick"
        } else {
            "name a criteria group (`criteria … { factor … }`): its factors are the list staff tick"
        };
        self.report(
            Diagnostic::error(
                Code::SelectAllNotGroup,
                format!(
                    "`{}` is {what}, but `select_all` takes a criteria group",
                    group.name
                ),
            )
            .at(group.span, "not a list of factors to tick")
            .also(symbol.span, format!("`{}` is declared here", group.name))
            .help(help),
        );
        None
    }

    /// A warning for each select-all question whose group has no factor staff tick:
    /// every one is worked out from inputs (or a graded item's grade), so the list
    /// shown to tick would be empty.
    pub(super) fn nothing_to_tick(
        &mut self,
        tracks: &[&ast::TrackDecl],
        criteria: &[Criteria],
        factors: &[Factor],
    ) {
        let fields = tracks
            .iter()
            .flat_map(|t| TrackScope::of(t).items)
            .filter_map(|item| Some((item, item.fields.iter().find_map(StepField::as_select_all)?)));
        for (item, field) in fields {
            let Some(group) = self
                .select_all_group(&field.value.name)
                .and_then(|g| criteria.get(g.0))
            else {
                continue;
            };
            let ticked = group
                .factors
                .iter()
                .filter_map(|f| factors.get(f.0))
                .any(|f| f.derived.is_none());
            if ticked {
                continue;
            }
            self.report(
                Diagnostic::warning(
                    Code::NothingToTick,
                    format!(
                        "question `{}` ticks `{}`, whose factors are all worked out from inputs",
                        item.id.name, field.value.name
                    ),
                )
                .at(field.value.span, "staff have nothing to tick here")
                .help("its answer is still the group's verdict; to ask staff, name a group with factors they tick, or make it a yes/no question"),
            );
        }
    }

    /// `answer QUESTION …` in a scenario for a select-all question: refused, the ticks are given instead.
    pub(super) fn select_all_answered(&mut self, question: &Ident, answer: &Ident, group: &str) {
        self.report(
            Diagnostic::error(
                Code::SelectAllAnswered,
                format!(
                    "question `{}` is answered by ticking `{group}`'s factors, not by an answer",
                    question.name
                ),
            )
            .at(question.span.to(answer.span), "its answer is worked out from the ticks")
            .help(format!(
                "give the ticked factors instead, e.g. `given …` with `{group}`'s factors: the answer is yes when `{group}` is met"
            )),
        );
    }
}
