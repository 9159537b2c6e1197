//! Rust rule code: one self-contained module per protocol that a downstream app
//! includes, with the protocol's ids as types and an `assess` that decides exactly
//! as [`crate::evaluate::decide`] does, walk included (questions' answers, skips
//! and conditional deadlines read inputs and levels as the evaluator's triggers do).
//!
//! The module uses only `core` (so it builds under `#![no_std]`), has no inner
//! attributes or inner doc comments (so it can be `include!`d), documents every
//! public item, and writes every piece of protocol text as an escaped string literal
//! (`code.rs`) — never as raw source. Observations and verdicts are bit sets, whose
//! fixed code (`runtime.rs`, a real Rust file) ends every module; precedence and
//! `supersedes` chains are resolved here, at generation time, into constant sets.
//!
//! This file holds the generator's state and the header; the sections are written by
//! `items.rs` (the enums and their data), `observations.rs`, `assess.rs` (criteria,
//! scores, precedence) and `walk.rs` (the path through the steps).

/// Writes a line; formatting into a `String` cannot fail.
macro_rules! line {
    ($g:expr, $($arg:tt)*) => {{
        let _ = writeln!($g.out, $($arg)*);
    }};
}

mod assess;
mod code;
mod items;
mod names;
mod observations;
mod walk;

pub use names::type_names;

use crate::model::{CriteriaIdx, Level, LevelIdx, Model, StepRef};
use code::{lit, Value};
use std::fmt::Write;

/// The version of protocolc written into generated headers.
use crate::GENERATOR;

/// The fixed code at the end of every module: bit sets, answers, visits.
const RUNTIME: &str = include_str!("runtime.rs");

/// The generated module for a model.
pub fn to_rust(model: &Model) -> String {
    let mut g = Generator::new(model);
    g.header();
    g.enums();
    g.sets();
    g.observations();
    g.assessment();
    g.assess();
    g.walk();
    g.runtime();
    g.out
}

struct Generator<'m> {
    model: &'m Model,
    out: String,
    factor_names: Vec<String>,
    signal_names: Vec<String>,
    criteria_names: Vec<String>,
    track_names: Vec<String>,
    contact_names: Vec<String>,
    question_names: Vec<String>,
    input_names: Vec<String>,
    /// Every level of every scored group, in file order.
    level_names: Vec<String>,
    /// For each criteria group, where its levels start in `level_names`.
    first_level: Vec<usize>,
    /// The model has inputs, scores, possible answers or other rules beyond counting factors.
    extended: bool,
}

/// Every level of every scored group, in file order, with its group's position.
fn all_levels(model: &Model) -> Vec<(usize, &Level)> {
    model
        .criteria
        .iter()
        .enumerate()
        .flat_map(|(c, group)| {
            group
                .scoring
                .iter()
                .flat_map(move |s| s.levels.iter().map(move |l| (c, l)))
        })
        .collect()
}

impl<'m> Generator<'m> {
    fn new(model: &'m Model) -> Generator<'m> {
        let level_ids: Vec<String> = all_levels(model)
            .iter()
            .map(|(c, l)| {
                format!(
                    "{}_{}",
                    model.criteria.get(*c).map_or("", |g| g.id.as_str()),
                    l.id
                )
            })
            .collect();
        let mut first_level = Vec::new();
        let mut next = 0;
        for group in &model.criteria {
            first_level.push(next);
            next += group.scoring.as_ref().map_or(0, |s| s.levels.len());
        }
        // The constructs a count-only protocol does not have: they add to the generated API.
        let extended = !model.inputs.is_empty()
            || !level_ids.is_empty()
            || model
                .criteria
                .iter()
                .any(|c| c.applies_when.is_some() || c.possible_counts_as_yes)
            || model
                .factors
                .iter()
                .any(|f| f.alone.is_some() || f.derived.is_some() || f.only_when.is_some());
        let questions = model.questions.iter().filter_map(|q| model.step_by(*q));
        Generator {
            model,
            out: String::new(),
            factor_names: type_names(model.factors.iter().map(|f| f.id.as_str())),
            signal_names: type_names(model.signals.iter().map(|s| s.id.as_str())),
            criteria_names: type_names(model.criteria.iter().map(|c| c.id.as_str())),
            track_names: type_names(model.tracks.iter().map(|t| t.id.as_str())),
            contact_names: type_names(model.contacts.iter().map(|c| c.id.as_str())),
            question_names: type_names(questions.map(|s| s.id.as_str())),
            input_names: type_names(model.inputs.iter().map(|i| i.id.as_str())),
            level_names: type_names(level_ids.iter().map(String::as_str)),
            first_level,
            extended,
        }
    }

    fn header(&mut self) {
        let m = &self.model.metadata;
        line!(
            self,
            "// @generated by {GENERATOR}. Do not edit: change the protocol file and rebuild."
        );
        for source in &self.model.sources {
            // Paths and hashes go into comments escaped, so no text can end the comment line.
            line!(self, "// Source: {}", lit(&source.file));
            line!(self, "//     SHA-256 {}", source.sha256);
        }
        // Only what the protocol states: no version or date it does not give.
        let version = m.version.as_deref().map(|v| format!(" version {}", lit(v)));
        let effective = m.effective.as_deref().map(|e| format!(", effective {e}"));
        line!(
            self,
            "// Protocol: {}{}{}",
            lit(&m.id),
            version.unwrap_or_default(),
            effective.unwrap_or_default()
        );
        line!(self, "//");
        line!(
            self,
            "// Include it in a crate (it uses only `core`, so `#![no_std]` crates can too):"
        );
        line!(self, "//     mod protocol {{ include!(\"path/to/this.rs\"); }}");
        line!(
            self,
            "// then `protocol::assess(&protocol::Observations::new().with_factor(…))`."
        );
        line!(self, "");
        let (file, hash) = self
            .model
            .sources
            .first()
            .map_or((String::new(), String::new()), |s| {
                (s.file.clone(), s.sha256.clone())
            });
        let document = &m.document;
        let constants = [
            ("The protocol's id.", "PROTOCOL_ID", Some(Value::text(&m.id))),
            (
                "The protocol's title.",
                "PROTOCOL_TITLE",
                Some(Value::text(&m.title)),
            ),
            (
                "Where the protocol applies.",
                "PROTOCOL_JURISDICTION",
                Some(Value::text(&m.jurisdiction)),
            ),
            (
                "The protocol's version.",
                "PROTOCOL_VERSION",
                m.version.as_deref().map(Value::text),
            ),
            (
                if m.effective.as_deref().is_some_and(|e| e.len() == 10) {
                    "The date the protocol takes effect (YYYY-MM-DD)."
                } else {
                    "The month or year the protocol takes effect, as written."
                },
                "PROTOCOL_EFFECTIVE",
                m.effective.as_deref().map(Value::text),
            ),
            (
                "The protocol's status (`draft`, `in_review`, `approved`, `retired`), if given.",
                "PROTOCOL_STATUS",
                Some(Value::optional_text(document.status.map(|s| s.as_str()))),
            ),
            (
                "When the protocol is due for review (YYYY-MM-DD), if given.",
                "PROTOCOL_NEXT_REVIEW",
                Some(Value::optional_text(document.next_review.as_deref())),
            ),
            (
                "The protocol file this module was generated from.",
                "SOURCE_FILE",
                Some(Value::text(&file)),
            ),
            ("SHA-256 of that file.", "SOURCE_SHA256", Some(Value::text(&hash))),
            (
                "The generator that wrote this module.",
                "GENERATED_BY",
                Some(Value::text(GENERATOR)),
            ),
        ];
        // A constant the protocol gives no value for (no version, no date) is left out.
        for (what, name, value) in constants {
            let Some(value) = value else {
                continue;
            };
            let ty = if name.ends_with("STATUS") || name.ends_with("REVIEW") {
                "Option<&str>"
            } else {
                "&str"
            };
            let start = format!("pub const {name}: {ty} = ");
            line!(self, "/// {what}");
            line!(self, "{start}{};", value.render(start.len(), 0, 1));
        }
        line!(self, "");
    }

    /// The fixed code, without its own `//!` comment (the module may be `include!`d).
    fn runtime(&mut self) {
        let code = RUNTIME
            .lines()
            .skip_while(|l| l.starts_with("//!"))
            .skip_while(|l| l.is_empty());
        line!(self, "");
        line!(
            self,
            "// The same in every module protocolc writes: bit sets, answers and visits."
        );
        line!(self, "");
        for text in code {
            line!(self, "{text}");
        }
    }

    /// The `Question` variant of the question at `at`, if it is one.
    fn question_variant(&self, at: StepRef) -> Option<&str> {
        let q = self.model.question_at(at)?;
        self.question_names.get(q.0).map(String::as_str)
    }

    /// The variant name of a group's level.
    fn level_name(&self, c: CriteriaIdx, l: LevelIdx) -> &str {
        self.first_level
            .get(c.0)
            .and_then(|first| self.level_names.get(first + l.0))
            .map_or("", String::as_str)
    }

    /// The variant names of a group's levels from `lowest` up.
    fn levels_of(&self, c: CriteriaIdx, lowest: LevelIdx) -> Vec<&str> {
        let n = self
            .model
            .criteria_by(c)
            .and_then(|g| g.scoring.as_ref())
            .map_or(0, |s| s.levels.len());
        (lowest.0..n).map(|l| self.level_name(c, LevelIdx(l))).collect()
    }

    /// `&["a", "b"]`: a slice of texts.
    fn texts(texts: &[String]) -> code::Value {
        code::Value::list("&[", texts.iter().map(|t| code::Value::text(t)), "]")
    }

    /// `Enum::Variant` for the name at `i` in `names`.
    fn path(kind: &str, names: &[String], i: usize) -> String {
        format!("{kind}::{}", names.get(i).map_or("", String::as_str))
    }
}
