//! The bit sets of the protocol's items (`FactorSet` …, aliases of the runtime's `Set`)
//! and `Observations`: what staff observed, with `const` builder methods.

use super::code::comment_lines;
use super::Generator;
use std::fmt::Write;

/// Bits per word of the runtime's bit sets.
const WORD: usize = 64;

impl Generator<'_> {
    /// `FactorSet`, `SignalSet`, `CriteriaSet`, `TrackSet`: sets sized to the protocol.
    pub(super) fn sets(&mut self) {
        let m = self.model;
        for (set, item, n) in [
            ("FactorSet", "Factor", m.factors.len()),
            ("SignalSet", "Signal", m.signals.len()),
            ("CriteriaSet", "Criteria", m.criteria.len()),
            ("TrackSet", "Track", m.tracks.len()),
        ] {
            line!(self, "/// A set of [`{item}`] values.");
            line!(self, "pub type {set} = Set<{item}, {}>;", n.div_ceil(WORD).max(1));
            line!(self, "");
        }
        line!(self, "impl TrackSet {{");
        line!(self, "    /// The tracks, highest precedence first.");
        line!(
            self,
            "    pub fn by_precedence(self) -> impl Iterator<Item = Track> {{"
        );
        line!(
            self,
            "        Track::PRECEDENCE.into_iter().filter(move |t| self.contains(*t))"
        );
        line!(self, "    }}");
        line!(self, "}}");
        line!(self, "");
    }

    /// `Observations`, with "possible" answers and inputs' values in extended protocols.
    pub(super) fn observations(&mut self) {
        let ni = self.model.inputs.len();
        let nq = self.model.questions.len();
        let inputs = ni > 0;
        if !self.extended {
            line!(
                self,
                "/// What staff observed: factors present, signals judged true, answers to questions."
            );
        } else if inputs {
            line!(
                self,
                "/// What staff observed: factors answered yes or \"possible\", signals judged true,"
            );
            line!(self, "/// inputs' values, answers to questions.");
        } else {
            line!(
                self,
                "/// What staff observed: factors answered yes or \"possible\", signals judged true,"
            );
            line!(self, "/// answers to questions.");
        }
        // (doc, field, type, empty value)
        let mut fields = Vec::new();
        if self.extended {
            fields.push((
                "Factors answered yes (present).",
                "factors",
                "FactorSet",
                "FactorSet::EMPTY",
            ));
            fields.push((
                "Factors answered \"possible\" (a factor in both sets counts as yes).",
                "possible",
                "FactorSet",
                "FactorSet::EMPTY",
            ));
        } else {
            fields.push(("Factors present.", "factors", "FactorSet", "FactorSet::EMPTY"));
        }
        fields.push(("Signals judged true.", "signals", "SignalSet", "SignalSet::EMPTY"));
        let values = (format!("[Option<u32>; {ni}]"), format!("[None; {ni}]"));
        if inputs {
            fields.push((
                "Each input's value, by [`Input::index`] (`None`: not given, so every comparison on it is false).",
                "values",
                values.0.as_str(),
                values.1.as_str(),
            ));
        }
        let answers = (format!("[Option<Answer>; {nq}]"), format!("[None; {nq}]"));
        fields.push((
            "Each question's answer, by [`Question::index`]; `None` when not answered.",
            "answers",
            answers.0.as_str(),
            answers.1.as_str(),
        ));
        line!(self, "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]");
        line!(self, "pub struct Observations {{");
        for (doc, field, ty, _) in &fields {
            for text in super::code::comment_lines(doc, 4) {
                line!(self, "{text}");
            }
            line!(self, "    pub {field}: {ty},");
        }
        line!(self, "}}");
        line!(self, "");
        line!(self, "impl Observations {{");
        line!(self, "    /// Nothing observed.");
        line!(self, "    pub const fn new() -> Observations {{");
        line!(self, "        Observations {{");
        for (_, field, _, empty) in &fields {
            line!(self, "            {field}: {empty},");
        }
        line!(self, "        }}");
        line!(self, "    }}");
        if self.extended {
            // A derived factor is worked out from the inputs: `assess` ignores an answer
            // given for it, where `protocolc eval` refuses one. Said where it is given.
            let derived = if self.model.factors.iter().any(|f| f.derived.is_some()) {
                " A factor worked out from the inputs ([`Factor::is_derived`]) takes no answer: \
                 `assess` ignores one given here (`protocolc eval` refuses it); give the inputs' \
                 values instead."
            } else {
                ""
            };
            for (function, what, set, other) in [
                ("with_factor", "answered yes (present)", "factors", "possible"),
                ("with_possible", "answered \"possible\"", "possible", "factors"),
            ] {
                self.builder(
                    &format!("With `factor` {what}, replacing any other answer.{derived}"),
                    &format!("{function}(mut self, factor: Factor)"),
                    &[
                        &format!("self.{set} = self.{set}.with_index(factor.index());"),
                        &format!("self.{other} = self.{other}.without_index(factor.index());"),
                    ],
                );
            }
        } else {
            self.builder(
                "With `factor` present.",
                "with_factor(mut self, factor: Factor)",
                &["self.factors = self.factors.with_index(factor.index());"],
            );
        }
        self.builder(
            "With `signal` judged true.",
            "with_signal(mut self, signal: Signal)",
            &["self.signals = self.signals.with_index(signal.index());"],
        );
        if inputs {
            self.builder(
                "With `input`'s value given.",
                "with_value(mut self, input: Input, value: u32)",
                &["self.values[input.index()] = Some(value);"],
            );
        }
        self.builder(
            "With `question` answered.",
            "with_answer(mut self, question: Question, answer: Answer)",
            &["self.answers[question.index()] = Some(answer);"],
        );
        if inputs {
            line!(self, "");
            line!(self, "    /// `input`'s value, if given.");
            line!(
                self,
                "    pub const fn value(&self, input: Input) -> Option<u32> {{"
            );
            line!(self, "        self.values[input.index()]");
            line!(self, "    }}");
        }
        line!(self, "}}");
        line!(self, "");
        // Written out: a long array of answers or values has no derived `Default`.
        line!(self, "impl Default for Observations {{");
        line!(self, "    fn default() -> Observations {{");
        line!(self, "        Observations::new()");
        line!(self, "    }}");
        line!(self, "}}");
        line!(self, "");
    }

    /// A `const` builder method of `Observations` after a blank line: `statements`, then `self`.
    fn builder(&mut self, doc: &str, signature: &str, statements: &[&str]) {
        line!(self, "");
        for doc_line in comment_lines(doc, 4) {
            line!(self, "{doc_line}");
        }
        line!(self, "    pub const fn {signature} -> Observations {{");
        for statement in statements {
            line!(self, "        {statement}");
        }
        line!(self, "        self");
        line!(self, "    }}");
    }
}
