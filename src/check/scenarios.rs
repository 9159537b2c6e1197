//! Scenarios: their names resolved. Running them is [`crate::scenario`]'s job;
//! the warnings for what no scenario exercises are [`crate::lint`]'s.

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::resolve::Kind;
use crate::source::Span;
use crate::syntax::ast::{self, Ident};
use std::collections::BTreeMap;

impl Checker {
    /// Builds the scenarios; `None` when a name in one of them is wrong (reported).
    pub(super) fn scenarios(&mut self, decls: &[&ast::ScenarioDecl]) -> Option<Vec<Scenario>> {
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        let mut out = Vec::new();
        let mut ok = true;
        for decl in decls {
            if let Some(first) = seen.get(decl.id.name.as_str()) {
                self.report(
                    Diagnostic::error(
                        Code::DuplicateName,
                        format!("two scenarios are named `{}`", decl.id.name),
                    )
                    .at(decl.id.span, "a second scenario with this name")
                    .also(*first, "the first")
                    .help("give every scenario its own name"),
                );
                ok = false;
                continue;
            }
            seen.insert(&decl.id.name, decl.id.span);
            match self.scenario(decl) {
                Some(s) => out.push(s),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn scenario(&mut self, decl: &ast::ScenarioDecl) -> Option<Scenario> {
        let mut ok = true;
        let mut factors = Vec::new();
        let mut possible = Vec::new();
        let mut signals = Vec::new();
        let mut values = Vec::new();
        let mut expectations = Vec::new();
        let mut answers = Vec::new();
        for field in &decl.fields {
            match field {
                ast::ScenarioField::Answer(f) => match self.answer(&f.value.0, &f.value.1) {
                    Some(a) => answers.push(a),
                    None => ok = false,
                },
                ast::ScenarioField::Given(given) => {
                    for item in &given.value {
                        if !self.given(item, &mut factors, &mut possible, &mut signals, &mut values) {
                            ok = false;
                        }
                    }
                }
                ast::ScenarioField::Expect(expect) => {
                    let at = Located(expect.keyword);
                    let value = match &expect.value {
                        ast::Expectation::Nothing => Some(Expectation::Nothing),
                        ast::Expectation::Tracks(names) => self.tracks_named(names).map(Expectation::Tracks),
                        ast::Expectation::NotTracks(names) => {
                            self.tracks_named(names).map(Expectation::NotTracks)
                        }
                        ast::Expectation::Met(names) => self.criteria_named(names).map(Expectation::Met),
                        ast::Expectation::NotMet(names) => {
                            self.criteria_named(names).map(Expectation::NotMet)
                        }
                        ast::Expectation::Level(group, level) | ast::Expectation::Outcome(group, level) => {
                            self.criteria_named(std::slice::from_ref(group))
                                .and_then(|g| g.first().copied())
                                .and_then(|g| {
                                    self.level_named(&group.name, level)
                                        .map(|l| Expectation::Level(g, l))
                                })
                        }
                        ast::Expectation::Steps(names) => self.steps_named(names).map(Expectation::Steps),
                        ast::Expectation::NotSteps(names) => {
                            self.steps_named(names).map(Expectation::NotSteps)
                        }
                        ast::Expectation::End => Some(Expectation::End),
                    };
                    match value {
                        Some(v) => expectations.push((v, at)),
                        None => ok = false,
                    }
                }
            }
        }
        if !decl.fields.iter().any(|f| f.as_expect().is_some()) {
            self.report(
                Diagnostic::error(
                    Code::MissingField,
                    format!("scenario `{}` expects nothing", decl.id.name),
                )
                .at(decl.id.span, "no `expect` line inside")
                .help("say what should happen, e.g. `expect at_risk` or `expect nothing`"),
            );
            ok = false;
        }
        let title = self.plain(&decl.title);
        ok.then(|| Scenario {
            id: decl.id.name.clone(),
            title,
            factors,
            possible,
            signals,
            values,
            answers,
            expectations,
            at: Located(decl.id.span),
        })
    }

    /// One item of `given`; false when it is wrong (reported).
    fn given(
        &mut self,
        item: &ast::Given,
        factors: &mut Vec<FactorIdx>,
        possible: &mut Vec<FactorIdx>,
        signals: &mut Vec<SignalIdx>,
        values: &mut Vec<(InputIdx, u32)>,
    ) -> bool {
        let ident = item.name();
        let kinds: &[Kind] = match item {
            ast::Given::Present(_) => &[Kind::Factor, Kind::Signal],
            ast::Given::Possible(_) => &[Kind::Factor],
            ast::Given::Value(..) => &[Kind::Input],
        };
        let symbol = match self.names.lookup(ident, kinds, "`given` takes") {
            Ok(symbol) => symbol,
            Err(d) => {
                let d = match (item, self.names.get(&ident.name).map(|s| s.kind)) {
                    (ast::Given::Present(_), Some(Kind::Input)) => {
                        d.help(format!("give an input a value: `{} = 12`", ident.name))
                    }
                    (_, Some(Kind::Criteria)) if self.outcomes.contains(&ident.name) => d.help(format!(
                        "`{}` is an outcome: it is worked out from its `set` rules, never given; give what the rules read, and `expect outcome {} …`",
                        ident.name, ident.name
                    )),
                    _ => d,
                };
                self.report(d);
                return false;
            }
        };
        let bad = |message: String, label: &str, help: &str| {
            Diagnostic::error(Code::BadGiven, message)
                .at(ident.span, label.to_string())
                .help(help.to_string())
        };
        match item {
            ast::Given::Present(_) if symbol.kind == Kind::Signal => signals.push(SignalIdx(symbol.index)),
            ast::Given::Present(_) | ast::Given::Possible(_) => {
                let idx = FactorIdx(symbol.index);
                if let Some(givens) = self.derived_factors.get(&ident.name) {
                    let help = match givens.as_slice() {
                        [] => "give what its `when` reads instead".to_string(),
                        items => format!(
                            "give what its `when` reads instead, e.g. `given {}`",
                            items.join(", ")
                        ),
                    };
                    self.report(bad(
                        format!(
                            "factor `{}` is worked out by its `when`, so a scenario cannot tick it",
                            ident.name
                        ),
                        "worked out by its `when`",
                        &help,
                    ));
                    return false;
                }
                if matches!(item, ast::Given::Possible(_)) {
                    possible.push(idx);
                } else {
                    factors.push(idx);
                }
            }
            ast::Given::Value(_, value) => {
                let idx = InputIdx(symbol.index);
                let Some(n) = self.input_value(ident, idx, value, symbol.span) else {
                    return false;
                };
                if let Some((low, high)) = self.inputs.get(idx.0).and_then(|i| i.range) {
                    if n < low || n > high {
                        self.report(bad(
                            format!(
                                "input `{}` goes from {low} to {high}, so it cannot be {n}",
                                ident.name
                            ),
                            "outside the input's range",
                            "give a value inside the range, or widen the input's `from … to …`",
                        ));
                        return false;
                    }
                }
                values.push((idx, n));
            }
        }
        true
    }

    /// `answer QUESTION yes|no|unclear`, or `answer QUESTION CHOICE`
    fn answer(&mut self, question: &Ident, answer: &Ident) -> Option<(QuestionIdx, Answer)> {
        let index = self.question_ids.iter().position(|q| *q == question.name);
        if index.is_none() {
            self.unknown_in_scenario(question, "question", self.question_ids.clone());
        }
        let entry = self.questions_by_name.get(&question.name).cloned();
        if let Some(group) = entry.as_ref().and_then(|q| q.select_all.as_ref()) {
            self.select_all_answered(question, answer, group);
            return None;
        }
        let choices = entry.map(|q| q.choices).unwrap_or_default();
        let word = if index.is_some() && !choices.is_empty() {
            self.choice_named(question, &choices, answer, "not one of its choices")
        } else {
            let word = Answer::from_word(&answer.name);
            if word.is_none() {
                self.report(
                    Diagnostic::error(
                        Code::BadAnswer,
                        format!("`{}` is not an answer to a question", answer.name),
                    )
                    .at(answer.span, "not yes, no or unclear")
                    .help(format!("write `answer {} yes`, `no` or `unclear`", question.name)),
                );
            }
            word
        };
        Some((QuestionIdx(index?), word?))
    }

    /// Step or question names in `expect step`.
    fn steps_named(&mut self, names: &[Ident]) -> Option<Vec<String>> {
        let mut ok = true;
        for ident in names {
            if !self.step_ids.contains(&ident.name) {
                self.unknown_in_scenario(ident, "step or question", self.step_ids.iter().cloned().collect());
                ok = false;
            }
        }
        ok.then(|| names.iter().map(|n| n.name.clone()).collect())
    }

    fn unknown_in_scenario(&mut self, ident: &Ident, what: &str, known: Vec<String>) {
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        let help = crate::suggest::hint(
            &ident.name,
            &known,
            "its",
            what,
            &format!("this protocol has no {what}s"),
        );
        self.report(
            Diagnostic::error(
                Code::UnknownScenarioStep,
                format!("no {what} of this protocol is named `{}`", ident.name),
            )
            .at(ident.span, format!("not a {what} of any track"))
            .help(help),
        );
    }

    fn tracks_named(&mut self, names: &[Ident]) -> Option<Vec<TrackIdx>> {
        self.all_named(names, Kind::Track, "`expect` takes")
            .map(|v| v.into_iter().map(TrackIdx).collect())
    }

    fn criteria_named(&mut self, names: &[Ident]) -> Option<Vec<CriteriaIdx>> {
        self.all_named(names, Kind::Criteria, "`expect met` takes")
            .map(|v| v.into_iter().map(CriteriaIdx).collect())
    }

    fn all_named(&mut self, names: &[Ident], kind: Kind, role: &str) -> Option<Vec<usize>> {
        let mut out = Vec::new();
        let mut ok = true;
        for ident in names {
            match self.names.lookup(ident, &[kind], role) {
                Ok(symbol) => out.push(symbol.index),
                Err(d) => {
                    self.report(d);
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }
}
