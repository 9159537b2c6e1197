//! What staff observed, as the evaluator takes it: [`Observations`] (factors'
//! answers, signals, inputs' values, answers to questions), built by index or
//! by id with every unknown id or out-of-range value reported.

use crate::model::{Answer, FactorIdx, InputIdx, Model, QuestionIdx, SignalIdx};
use serde::Serialize;

/// A factor's answer: staff tick yes, possible, or leave it (no).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactorAnswer {
    #[default]
    No,
    Possible,
    Yes,
}

/// What staff observed: factors' answers, signals judged true, inputs' values,
/// and their answers to questions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Observations {
    factors: Vec<FactorAnswer>,
    signals: Vec<bool>,
    pub(super) inputs: Vec<Option<u32>>,
    answers: Vec<Option<Answer>>,
}

impl Observations {
    /// Nothing observed.
    pub fn none(model: &Model) -> Self {
        Observations {
            factors: vec![FactorAnswer::No; model.factors.len()],
            signals: vec![false; model.signals.len()],
            inputs: vec![None; model.inputs.len()],
            answers: vec![None; model.questions.len()],
        }
    }

    pub fn with_answer(mut self, question: QuestionIdx, answer: Answer) -> Self {
        if let Some(a) = self.answers.get_mut(question.0) {
            *a = Some(answer);
        }
        self
    }

    /// The answer given to a question, if any.
    pub fn answer(&self, question: QuestionIdx) -> Option<Answer> {
        self.answers.get(question.0).copied().flatten()
    }

    /// Answers named by question id and word (`plan`, `yes`). `Err` lists each
    /// unknown question or answer.
    pub fn with_answers_named<'a>(
        mut self,
        model: &Model,
        answers: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let ids: Vec<&str> = model
            .questions
            .iter()
            .filter_map(|q| model.step_by(*q))
            .map(|s| s.id.as_str())
            .collect();
        for (question, word) in answers {
            let asked = model.question_named(question);
            let choices = asked
                .and_then(|q| model.question_by(q))
                .map_or(&[][..], |q| q.choices());
            let question_asked = asked.and_then(|q| model.question_by(q));
            if let Some(group) = question_asked
                .and_then(|q| q.select_all())
                .and_then(|g| model.criteria_by(g))
            {
                problems.push(format!(
                    "question `{question}` is answered by ticking the factors of `{}`: give the ticked factors instead",
                    group.id
                ));
                continue;
            }
            let answer = match question_asked {
                Some(q) => q.answer_named(word),
                None => Answer::from_word(word),
            };
            if answer.is_none() {
                problems.push(if choices.is_empty() {
                    format!("`{word}` is not an answer: write yes, no or unclear")
                } else {
                    let names: Vec<String> = choices.iter().map(|c| format!("`{}`", c.id)).collect();
                    format!(
                        "`{word}` is not a choice of question `{question}`: pick one of {}",
                        names.join(", ")
                    )
                });
            }
            match (asked, answer) {
                (Some(q), Some(a)) => self = self.with_answer(q, a),
                (None, _) => problems.push(unknown("question", question, ids.iter().copied())),
                _ => {}
            }
        }
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(problems)
        }
    }

    /// The factor answered yes.
    pub fn with_factor(self, factor: FactorIdx) -> Self {
        self.with_factor_answer(factor, FactorAnswer::Yes)
    }

    pub fn with_factor_answer(mut self, factor: FactorIdx, answer: FactorAnswer) -> Self {
        if let Some(f) = self.factors.get_mut(factor.0) {
            *f = answer;
        }
        self
    }

    pub fn with_signal(mut self, signal: SignalIdx) -> Self {
        if let Some(s) = self.signals.get_mut(signal.0) {
            *s = true;
        }
        self
    }

    pub fn with_value(mut self, input: InputIdx, value: u32) -> Self {
        if let Some(v) = self.inputs.get_mut(input.0) {
            *v = Some(value);
        }
        self
    }

    /// The factor was answered yes.
    pub fn has_factor(&self, factor: FactorIdx) -> bool {
        self.factor_answer(factor) == FactorAnswer::Yes
    }

    /// The answer staff gave (a factor worked out from inputs is not read from here).
    pub fn factor_answer(&self, factor: FactorIdx) -> FactorAnswer {
        self.factors.get(factor.0).copied().unwrap_or_default()
    }

    pub fn has_signal(&self, signal: SignalIdx) -> bool {
        self.signals.get(signal.0).copied().unwrap_or(false)
    }

    pub fn value(&self, input: InputIdx) -> Option<u32> {
        self.inputs.get(input.0).copied().flatten()
    }

    /// Observations named by id: factors answered yes (`possible` lists those
    /// answered "possible"), signals, and inputs' values as written (`12`, a
    /// scale's `high`). `Err` lists each unknown id with a suggestion, and each
    /// value its input cannot take.
    pub fn from_ids<'a>(
        model: &Model,
        factors: impl IntoIterator<Item = &'a str>,
        signals: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, Vec<String>> {
        Self::from_named(model, factors, std::iter::empty(), signals, std::iter::empty())
    }

    /// [`Observations::from_ids`] with "possible" answers and inputs' values too.
    pub fn from_named<'a>(
        model: &Model,
        factors: impl IntoIterator<Item = &'a str>,
        possible: impl IntoIterator<Item = &'a str>,
        signals: impl IntoIterator<Item = &'a str>,
        values: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, Vec<String>> {
        let mut observations = Observations::none(model);
        let mut problems = Vec::new();
        // The factors staff answer: a factor worked out from inputs (a grade's among
        // them) is never suggested, since it cannot be given.
        let known_factors = || {
            model
                .factors
                .iter()
                .filter(|f| f.derived.is_none())
                .map(|f| f.id.as_str())
        };
        for (ids, answer) in [
            (factors.into_iter().collect::<Vec<_>>(), FactorAnswer::Yes),
            (possible.into_iter().collect(), FactorAnswer::Possible),
        ] {
            for id in ids {
                match model.factor_named(id) {
                    Some(i) if model.factor_by(i).is_some_and(|f| f.derived.is_some()) => {
                        problems.push(format!(
                        "factor `{id}` is worked out from the protocol's inputs; give their values instead"
                    ))
                    }
                    Some(i) => observations = observations.with_factor_answer(i, answer),
                    None => problems.push(unknown("factor", id, known_factors())),
                }
            }
        }
        for id in signals {
            match model.signal_named(id) {
                Some(i) => observations = observations.with_signal(i),
                None => problems.push(unknown("signal", id, model.signals.iter().map(|s| s.id.as_str()))),
            }
        }
        for (id, written) in values {
            match model.input_named(id).and_then(|i| Some((i, model.input_by(i)?))) {
                Some((i, input)) => match input.read_value(written.trim()) {
                    Ok(value) => observations = observations.with_value(i, value),
                    Err(problem) => problems.push(problem),
                },
                None => problems.push(unknown("input", id, model.inputs.iter().map(|x| x.id.as_str()))),
            }
        }
        if problems.is_empty() {
            Ok(observations)
        } else {
            Err(problems)
        }
    }
}

fn unknown<'a>(kind: &str, id: &str, known: impl Iterator<Item = &'a str>) -> String {
    let known: Vec<&str> = known.collect();
    if known.is_empty() {
        return format!("this protocol has no {kind}s, so `{id}` cannot be one");
    }
    let hint = crate::suggest::hint(id, &known, "its", kind, "");
    format!("this protocol has no {kind} `{id}`; {hint}")
}
