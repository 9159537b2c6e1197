//! Rust rule code: one self-contained module per protocol that a downstream app
//! includes, with the protocol's ids as types and an `assess` that decides exactly
//! as [`crate::evaluate::decide`] does, walk included (questions' answers, skips
//! and conditional deadlines read inputs and levels as the evaluator's triggers do).
//!
//! The module uses only `core` (so it builds under `#![no_std]`), has no inner
//! attributes or inner doc comments (so it can be `include!`d), and writes every
//! piece of protocol text as an escaped string literal (`{:?}` of a `str` is a
//! valid Rust literal for any text) — never as raw source. Observations and
//! verdicts are bit sets; precedence and `supersedes` chains are resolved here,
//! at generation time, into constant masks.

mod names;

pub use names::type_names;

use crate::emit::handout::markdown;
use crate::evaluate;
use crate::model::{
    Alone, CompareOp, Criteria, CriteriaIdx, Leaf, Level, LevelIdx, Model, Route, StepRef, Threshold,
    TrackIdx, Trigger, TriggerWords,
};
use std::fmt::Write;

/// The version of protocolc written into generated headers.
const GENERATOR: &str = concat!("protocolc ", env!("CARGO_PKG_VERSION"));

/// Bits per word of the generated bit sets.
const WORD: usize = 64;

fn words(n: usize) -> usize {
    n.div_ceil(WORD).max(1)
}

/// `[w0, w1, …]` with the bits of `members` set.
fn mask(members: impl IntoIterator<Item = usize>, n: usize) -> String {
    let mut w = vec![0u64; words(n)];
    for i in members {
        if let Some(word) = w.get_mut(i / WORD) {
            *word |= 1 << (i % WORD);
        }
    }
    format!(
        "[{}]",
        w.iter()
            .map(|x| format!("0x{x:016x}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// A Rust string literal for any text.
fn lit(text: &str) -> String {
    format!("{text:?}")
}

/// A doc attribute whose text rustdoc shows literally.
fn doc(text: &str) -> String {
    format!("#[doc = {}]", lit(&markdown::escape(text)))
}

/// The generated module for a model.
pub fn to_rust(model: &Model) -> String {
    // Every level of every scored group, in file order, named after its group and itself.
    let levels: Vec<(usize, &Level)> = model
        .criteria
        .iter()
        .enumerate()
        .flat_map(|(c, group)| {
            group
                .scoring
                .iter()
                .flat_map(move |s| s.levels.iter().map(move |l| (c, l)))
        })
        .collect();
    let level_ids: Vec<String> = levels
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
        || !levels.is_empty()
        || model
            .criteria
            .iter()
            .any(|c| c.applies_when.is_some() || c.possible_counts_as_yes)
        || model
            .factors
            .iter()
            .any(|f| f.alone.is_some() || f.derived.is_some());
    let mut g = Generator {
        model,
        out: String::new(),
        factor_names: type_names(model.factors.iter().map(|f| f.id.as_str())),
        signal_names: type_names(model.signals.iter().map(|s| s.id.as_str())),
        criteria_names: type_names(model.criteria.iter().map(|c| c.id.as_str())),
        track_names: type_names(model.tracks.iter().map(|t| t.id.as_str())),
        contact_names: type_names(model.contacts.iter().map(|c| c.id.as_str())),
        question_names: type_names(
            model
                .questions
                .iter()
                .filter_map(|q| model.step_by(*q))
                .map(|s| s.id.as_str()),
        ),
        input_names: type_names(model.inputs.iter().map(|i| i.id.as_str())),
        level_names: type_names(level_ids.iter().map(String::as_str)),
        first_level,
        extended,
    };
    g.header();
    g.enums();
    g.contacts();
    g.steps();
    g.sets();
    g.assess();
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

/// Writes a line; formatting into a `String` cannot fail.
macro_rules! line {
    ($g:expr, $($arg:tt)*) => {{
        let _ = writeln!($g.out, $($arg)*);
    }};
}

impl Generator<'_> {
    fn header(&mut self) {
        let m = &self.model.metadata;
        line!(
            self,
            "// @generated by {GENERATOR}. Do not edit: change the protocol file and rebuild."
        );
        for source in &self.model.sources {
            // Paths and hashes go into comments escaped, so no text can end the comment line.
            line!(
                self,
                "// Source: {} (SHA-256 {})",
                lit(&source.file),
                source.sha256
            );
        }
        line!(
            self,
            "// Protocol: {} version {}, effective {}",
            lit(&m.id),
            lit(&m.version),
            m.effective
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
        line!(self, "/// The protocol's id.");
        line!(self, "pub const PROTOCOL_ID: &str = {};", lit(&m.id));
        line!(self, "/// The protocol's title.");
        line!(self, "pub const PROTOCOL_TITLE: &str = {};", lit(&m.title));
        line!(self, "/// Where the protocol applies.");
        line!(
            self,
            "pub const PROTOCOL_JURISDICTION: &str = {};",
            lit(&m.jurisdiction)
        );
        line!(self, "/// The protocol's version.");
        line!(self, "pub const PROTOCOL_VERSION: &str = {};", lit(&m.version));
        line!(self, "/// The date the protocol takes effect (YYYY-MM-DD).");
        line!(
            self,
            "pub const PROTOCOL_EFFECTIVE: &str = {};",
            lit(&m.effective)
        );
        let (file, hash) = self
            .model
            .sources
            .first()
            .map_or((String::new(), String::new()), |s| {
                (s.file.clone(), s.sha256.clone())
            });
        let opt = |v: Option<&str>| v.map_or("None".to_string(), |v| format!("Some({})", lit(v)));
        let document = &m.document;
        line!(
            self,
            "/// The protocol's status (`draft`, `in_review`, `approved`, `retired`), if given."
        );
        line!(
            self,
            "pub const PROTOCOL_STATUS: Option<&str> = {};",
            opt(document.status.map(|s| s.as_str()))
        );
        line!(
            self,
            "/// When the protocol is due for review (YYYY-MM-DD), if given."
        );
        line!(
            self,
            "pub const PROTOCOL_NEXT_REVIEW: Option<&str> = {};",
            opt(document.next_review.as_deref())
        );
        line!(self, "/// The protocol file this module was generated from.");
        line!(self, "pub const SOURCE_FILE: &str = {};", lit(&file));
        line!(self, "/// SHA-256 of that file.");
        line!(self, "pub const SOURCE_SHA256: &str = {};", lit(&hash));
        line!(self, "/// The generator that wrote this module.");
        line!(self, "pub const GENERATED_BY: &str = {};", lit(GENERATOR));
        line!(self, "");
    }

    /// One enum: variants with doc text, `ALL`, `id()`, `text()`, and `from_id()` when ids are unique.
    fn enumeration(&mut self, name: &str, what: &str, variants: &[String], ids: &[&str], texts: &[&str]) {
        self.enumeration_with(name, what, variants, ids, texts, true);
    }

    fn enumeration_with(
        &mut self,
        name: &str,
        what: &str,
        variants: &[String],
        ids: &[&str],
        texts: &[&str],
        by_id: bool,
    ) {
        let n = variants.len();
        line!(self, "{}", doc(what));
        line!(
            self,
            "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]"
        );
        if n == 0 {
            line!(self, "pub enum {name} {{}}");
        } else {
            line!(self, "pub enum {name} {{");
            for (i, (variant, text)) in variants.iter().zip(texts).enumerate() {
                line!(self, "    {}", doc(text));
                line!(self, "    {variant} = {i},");
            }
            line!(self, "}}");
        }
        line!(self, "");
        line!(self, "impl {name} {{");
        line!(self, "    /// Every value, in file order.");
        line!(
            self,
            "    pub const ALL: [{name}; {n}] = [{}];",
            variants
                .iter()
                .map(|v| format!("{name}::{v}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        line!(self, "");
        line!(self, "    /// Its position in [`Self::ALL`].");
        line!(self, "    pub const fn index(self) -> usize {{");
        // A cast of an enum without variants does not compile; a match does.
        line!(
            self,
            "        {}",
            if n == 0 { "match self {}" } else { "self as usize" }
        );
        line!(self, "    }}");
        line!(self, "");
        self.string_fn(
            name,
            "id",
            "The id used in the protocol file and its JSON.",
            variants,
            ids,
        );
        self.string_fn(name, "text", "Its text, word for word.", variants, texts);
        if by_id {
            line!(self, "    /// The value with this id.");
            line!(self, "    pub fn from_id(id: &str) -> Option<{name}> {{");
            line!(self, "        Self::ALL.iter().copied().find(|v| v.id() == id)");
            line!(self, "    }}");
        } else {
            // No blank line after the last method.
            self.out.pop();
        }
        line!(self, "}}");
        line!(self, "");
    }

    fn string_fn(&mut self, name: &str, function: &str, what: &str, variants: &[String], values: &[&str]) {
        line!(self, "    /// {what}");
        line!(self, "    pub const fn {function}(self) -> &'static str {{");
        if variants.is_empty() {
            line!(self, "        match self {{}}");
        } else {
            line!(self, "        match self {{");
            for (variant, value) in variants.iter().zip(values) {
                line!(self, "            {name}::{variant} => {},", lit(value));
            }
            line!(self, "        }}");
        }
        line!(self, "    }}");
        line!(self, "");
    }

    fn enums(&mut self) {
        let m = self.model;
        let (factor_names, signal_names) = (self.factor_names.clone(), self.signal_names.clone());
        let (criteria_names, track_names) = (self.criteria_names.clone(), self.track_names.clone());
        self.enumeration(
            "Factor",
            "A factor staff can observe.",
            &factor_names,
            &m.factors.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
            &m.factors.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(),
        );
        self.enumeration(
            "Signal",
            "A judgement staff make (an input to the triggers, not a factor).",
            &signal_names,
            &m.signals.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            &m.signals.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(),
        );
        self.enumeration(
            "Criteria",
            "A group of factors with a threshold.",
            &criteria_names,
            &m.criteria.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            &m.criteria.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(),
        );
        self.enumeration(
            "Track",
            "A protocol to follow, with its steps.",
            &track_names,
            &m.tracks.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            &m.tracks.iter().map(|t| t.title.as_str()).collect::<Vec<_>>(),
        );
        let questions: Vec<&crate::model::Step> = m.questions.iter().filter_map(|q| m.step_by(*q)).collect();
        let question_names = self.question_names.clone();
        self.enumeration(
            "Question",
            "A question staff answer, which routes the walk through the steps.",
            &question_names,
            &questions.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            &questions.iter().map(|s| s.text.text.as_str()).collect::<Vec<_>>(),
        );
        line!(self, "/// An answer to a question.");
        line!(
            self,
            "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]"
        );
        line!(self, "pub enum Answer {{");
        line!(self, "    Yes,");
        line!(self, "    No,");
        line!(
            self,
            "    /// Takes the question's `unclear_counts_as` route, or else waits for a clear answer."
        );
        line!(self, "    Unclear,");
        line!(self, "}}");
        line!(self, "");
        self.inputs_and_levels();
        // Factor → its criteria; criteria → threshold, source, factors.
        line!(self, "impl Factor {{");
        line!(self, "    /// The criteria group this factor belongs to.");
        line!(self, "    pub const fn criteria(self) -> Criteria {{");
        self.match_or_empty(
            "Factor",
            &factor_names,
            &m.factors
                .iter()
                .map(|f| {
                    format!(
                        "Criteria::{}",
                        criteria_names.get(f.criteria.0).map_or("", String::as_str)
                    )
                })
                .collect::<Vec<_>>(),
        );
        line!(self, "    }}");
        self.factor_scoring();
        line!(self, "}}");
        line!(self, "");
        line!(self, "impl Criteria {{");
        line!(
            self,
            "    /// How many of its factors must be present for the group to be met."
        );
        line!(self, "    pub const fn threshold(self) -> u32 {{");
        self.match_or_empty(
            "Criteria",
            &criteria_names,
            &m.criteria
                .iter()
                .map(|c| match c.threshold {
                    Threshold::AtLeast(n) => n.to_string(),
                    Threshold::AtLeastLevel(_) => "0".to_string(),
                })
                .collect::<Vec<_>>(),
        );
        line!(self, "    }}");
        line!(self, "");
        line!(self, "    /// Who set these criteria.");
        line!(self, "    pub const fn source(self) -> Option<&'static str> {{");
        self.match_or_empty(
            "Criteria",
            &criteria_names,
            &m.criteria
                .iter()
                .map(|c| {
                    c.source
                        .as_deref()
                        .map_or("None".to_string(), |s| format!("Some({})", lit(s)))
                })
                .collect::<Vec<_>>(),
        );
        line!(self, "    }}");
        line!(self, "");
        line!(self, "    /// Its factors, in file order.");
        line!(self, "    pub const fn factors(self) -> &'static [Factor] {{");
        self.match_or_empty(
            "Criteria",
            &criteria_names,
            &m.criteria
                .iter()
                .map(|c| {
                    format!(
                        "&[{}]",
                        c.factors
                            .iter()
                            .filter_map(|f| factor_names.get(f.0))
                            .map(|n| format!("Factor::{n}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .collect::<Vec<_>>(),
        );
        line!(self, "    }}");
        self.criteria_levels();
        line!(self, "}}");
        line!(self, "");
    }

    /// The `Question` variant of the question at `at`, if it is one.
    fn question_variant(&self, at: StepRef) -> Option<&str> {
        let q = self.model.question_at(at)?;
        self.question_names.get(q.0).map(String::as_str)
    }

    /// A documented `pub const fn` whose body matches `self` to `values` (after a blank
    /// line, unless it is the first in its block). `what` is the generator's own words.
    fn method(&mut self, name: &str, what: &str, signature: &str, variants: &[String], values: &[String]) {
        if !self.out.ends_with("{\n") {
            line!(self, "");
        }
        line!(self, "    /// {what}");
        line!(self, "    pub const fn {signature} {{");
        self.match_or_empty(name, variants, values);
        line!(self, "    }}");
    }

    /// The `Input` enum (a protocol with inputs) and the `Level` enum (one with scored groups).
    fn inputs_and_levels(&mut self) {
        let m = self.model;
        if !m.inputs.is_empty() {
            let names = self.input_names.clone();
            self.enumeration(
                "Input",
                "A whole number staff enter (an age, a count), compared in triggers.",
                &names,
                &m.inputs.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
                &m.inputs.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(),
            );
            line!(self, "impl Input {{");
            let ranges: Vec<String> = m
                .inputs
                .iter()
                .map(|i| {
                    i.range
                        .map_or("None".to_string(), |(a, b)| format!("Some(({a}, {b}))"))
                })
                .collect();
            self.method(
                "Input",
                "The values it may take, both ends included, if the protocol says.",
                "range(self) -> Option<(u32, u32)>",
                &names,
                &ranges,
            );
            line!(self, "}}");
            line!(self, "");
        }
        if self.level_names.is_empty() {
            return;
        }
        let levels: Vec<(usize, &Level)> = m
            .criteria
            .iter()
            .enumerate()
            .flat_map(|(c, g)| {
                g.scoring
                    .iter()
                    .flat_map(move |s| s.levels.iter().map(move |l| (c, l)))
            })
            .collect();
        let names = self.level_names.clone();
        self.enumeration_with(
            "Level",
            "A level of a scored criteria group: its ordered tiers, lowest first (within a group, a higher level compares greater).",
            &names,
            &levels.iter().map(|(_, l)| l.id.as_str()).collect::<Vec<_>>(),
            &levels.iter().map(|(_, l)| l.title.as_str()).collect::<Vec<_>>(),
            false,
        );
        line!(self, "impl Level {{");
        let groups: Vec<String> = levels
            .iter()
            .map(|(c, _)| {
                format!(
                    "Criteria::{}",
                    self.criteria_names.get(*c).map_or("", String::as_str)
                )
            })
            .collect();
        self.method(
            "Level",
            "The scored criteria group it is a level of.",
            "criteria(self) -> Criteria",
            &names,
            &groups,
        );
        let ranges: Vec<String> = levels
            .iter()
            .map(|(_, l)| {
                let to = l.to.map_or("None".to_string(), |t| format!("Some({t})"));
                format!("({}, {to})", l.from)
            })
            .collect();
        self.method(
            "Level",
            "The totals it holds: from, and to (both included; `None`: no upper end).",
            "range(self) -> (u32, Option<u32>)",
            &names,
            &ranges,
        );
        line!(self, "}}");
        line!(self, "");
    }

    /// A factor's points and whether it is worked out from inputs (extended protocols).
    fn factor_scoring(&mut self) {
        if !self.extended {
            return;
        }
        let m = self.model;
        let names = self.factor_names.clone();
        let group = |f: &crate::model::Factor| m.criteria_by(f.criteria);
        let points: Vec<String> = m
            .factors
            .iter()
            .map(|f| match group(f).and_then(|c| c.scoring.as_ref()) {
                Some(_) => f.points.to_string(),
                None => "1".to_string(),
            })
            .collect();
        let possible: Vec<String> = m
            .factors
            .iter()
            .map(|f| {
                let counts = group(f).is_some_and(|c| c.possible_counts_as_yes);
                let n = match group(f).and_then(|c| c.scoring.as_ref()) {
                    _ if f.derived.is_some() => 0,
                    Some(_) => f.possible_points(counts),
                    None => u32::from(counts),
                };
                n.to_string()
            })
            .collect();
        let derived: Vec<String> = m
            .factors
            .iter()
            .map(|f| f.derived.is_some().to_string())
            .collect();
        self.method(
            "Factor",
            "What a yes adds to its group's total (points in a scored group, 1 in a group that counts factors).",
            "points(self) -> u32",
            &names,
            &points,
        );
        self.method(
            "Factor",
            "What a \"possible\" answer adds to its group's total.",
            "possible_points(self) -> u32",
            &names,
            &possible,
        );
        self.method(
            "Factor",
            "Whether it is worked out from the inputs (its `when`) rather than answered by staff; answers given for it are ignored.",
            "is_derived(self) -> bool",
            &names,
            &derived,
        );
    }

    /// A criteria group's levels, threshold level and level of a total (protocols with scored groups).
    fn criteria_levels(&mut self) {
        if self.level_names.is_empty() {
            return;
        }
        let m = self.model;
        let names = self.criteria_names.clone();
        let levels: Vec<String> = (0..m.criteria.len())
            .map(|c| {
                let all = self.levels_of(CriteriaIdx(c), LevelIdx(0));
                format!(
                    "&[{}]",
                    all.iter()
                        .map(|l| format!("Level::{l}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        self.method(
            "Criteria",
            "Its levels, lowest first (none for a group that counts factors).",
            "levels(self) -> &'static [Level]",
            &names,
            &levels,
        );
        let thresholds: Vec<String> = m
            .criteria
            .iter()
            .enumerate()
            .map(|(c, group)| match group.threshold {
                Threshold::AtLeastLevel(l) => format!("Some(Level::{})", self.level_name(CriteriaIdx(c), l)),
                Threshold::AtLeast(_) => "None".to_string(),
            })
            .collect();
        self.method(
            "Criteria",
            "For a scored group, the lowest level that meets it (`met_when at_least LEVEL`).",
            "threshold_level(self) -> Option<Level>",
            &names,
            &thresholds,
        );
        let of_total: Vec<String> = m
            .criteria
            .iter()
            .enumerate()
            .map(|(c, group)| self.level_of_total(CriteriaIdx(c), group))
            .collect();
        self.method(
            "Criteria",
            "The level whose range holds `total`, before any `alone`, `floor` or `force` rule (`None`: a group that counts factors, or a total between two ranges).",
            "level_of_total(self, total: u32) -> Option<Level>",
            &names,
            &of_total,
        );
        line!(self, "");
        line!(self, "    /// Its level with this id.");
        line!(self, "    pub fn level_named(self, id: &str) -> Option<Level> {{");
        line!(
            self,
            "        self.levels().iter().copied().find(|l| l.id() == id)"
        );
        line!(self, "    }}");
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

    /// `match total { 0..=2 => Some(Level::…), …, _ => None }` for a group (`None` unless scored).
    fn level_of_total(&self, c: CriteriaIdx, group: &Criteria) -> String {
        let Some(scoring) = &group.scoring else {
            return "None".to_string();
        };
        let mut arms = Vec::new();
        // The lowest total no range holds yet, while the ranges (in order, never
        // overlapping) hold every total from 0; when they hold every `u32`, a `_` arm
        // would be unreachable.
        let past_top = u64::from(u32::MAX) + 1;
        let mut next = Some(0u64);
        for (i, level) in scoring.levels.iter().enumerate() {
            let pattern = match level.to {
                Some(to) if to == level.from => to.to_string(),
                Some(to) => format!("{}..={to}", level.from),
                None => format!("{}..", level.from),
            };
            next = next
                .filter(|&n| n == u64::from(level.from))
                .map(|_| level.to.map_or(past_top, |to| u64::from(to) + 1));
            arms.push(format!(
                "{pattern} => Some(Level::{})",
                self.level_name(c, LevelIdx(i))
            ));
        }
        if next != Some(past_top) {
            arms.push("_ => None".to_string());
        }
        format!("match total {{ {} }}", arms.join(", "))
    }

    fn match_or_empty(&mut self, name: &str, variants: &[String], values: &[String]) {
        if variants.is_empty() {
            line!(self, "        match self {{}}");
            return;
        }
        line!(self, "        match self {{");
        for (variant, value) in variants.iter().zip(values) {
            line!(self, "            {name}::{variant} => {value},");
        }
        line!(self, "        }}");
    }

    fn contacts(&mut self) {
        let m = self.model;
        let names = self.contact_names.clone();
        self.enumeration(
            "Contact",
            "Someone staff call or visit.",
            &names,
            &m.contacts.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            &m.contacts.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        );
        line!(self, "impl Contact {{");
        line!(
            self,
            "    /// Its other numbers: what each is for, the number, and when it answers."
        );
        line!(self, "    pub const fn numbers(self) -> &'static [(&'static str, &'static str, Option<&'static str>)] {{");
        let values: Vec<String> = m
            .contacts
            .iter()
            .map(|c| {
                let numbers: Vec<String> = c
                    .numbers
                    .iter()
                    .map(|n| {
                        let hours = n
                            .hours
                            .as_deref()
                            .map_or("None".to_string(), |h| format!("Some({})", lit(h)));
                        format!("({}, {}, {hours})", lit(&n.label), lit(&n.phone))
                    })
                    .collect();
                format!("&[{}]", numbers.join(", "))
            })
            .collect();
        self.match_or_empty("Contact", &names, &values);
        line!(self, "    }}");
        line!(self, "");
        for (field, what) in [
            ("phone", "Its phone number."),
            ("email", "Its email address."),
            ("website", "Its website."),
            ("note", "A note about it."),
            ("hours", "When it can be reached."),
        ] {
            line!(self, "    /// {what}");
            line!(self, "    pub const fn {field}(self) -> Option<&'static str> {{");
            let values: Vec<String> = m
                .contacts
                .iter()
                .map(|c| {
                    let value = match field {
                        "phone" => &c.phone,
                        "email" => &c.email,
                        "website" => &c.website,
                        "hours" => &c.hours,
                        _ => &c.note,
                    };
                    value
                        .as_deref()
                        .map_or("None".to_string(), |v| format!("Some({})", lit(v)))
                })
                .collect();
            self.match_or_empty("Contact", &names, &values);
            line!(self, "    }}");
            line!(self, "");
        }
        line!(self, "}}");
        line!(self, "");
    }

    fn steps(&mut self) {
        line!(self, "/// One step of a track.");
        line!(self, "#[derive(Clone, Copy, Debug, PartialEq, Eq)]");
        line!(self, "pub struct Step {{");
        line!(self, "    /// Stable within its track.");
        line!(self, "    pub id: &'static str,");
        line!(self, "    /// 1-based position in the track.");
        line!(self, "    pub number: u32,");
        line!(self, "    /// Said before the text, e.g. \"If appropriate, …\".");
        line!(self, "    pub condition: Option<&'static str>,");
        line!(self, "    /// The step, contact fields filled in.");
        line!(self, "    pub text: &'static str,");
        line!(self, "    /// The contacts the step involves.");
        line!(self, "    pub contacts: &'static [Contact],");
        line!(self, "    /// Who does the step, if the protocol says.");
        line!(self, "    pub role: Option<&'static str>,");
        line!(self, "    /// Who does it when the role cannot, in order.");
        line!(self, "    pub backups: &'static [&'static str],");
        line!(self, "    /// When it must be done, e.g. \"within 36 hours\".");
        line!(self, "    pub deadline: Option<&'static str>,");
        line!(
            self,
            "    /// A form to complete: its name and, if it has one, its code."
        );
        line!(
            self,
            "    pub form: Option<(&'static str, Option<&'static str>)>,"
        );
        line!(self, "    /// A step to consider, not one staff must take.");
        line!(self, "    pub optional: bool,");
        line!(
            self,
            "    /// Set when this is a question staff answer, not a step they take."
        );
        line!(self, "    pub question: Option<Question>,");
        line!(
            self,
            "    /// The protocol ends after this step, with this outcome."
        );
        line!(self, "    pub end: Option<&'static str>,");
        line!(self, "    /// Another protocol file staff go on with.");
        line!(self, "    pub handoff: Option<&'static str>,");
        line!(self, "}}");
        line!(self, "");
        line!(self, "impl Track {{");
        line!(self, "    /// Its steps, in order.");
        line!(self, "    pub const fn steps(self) -> &'static [Step] {{");
        let m = self.model;
        let values: Vec<String> = m
            .tracks
            .iter()
            .enumerate()
            .map(|(ti, t)| {
                let steps: Vec<String> = t
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let contacts: Vec<String> = s.text.contacts.iter().filter_map(|c| self.contact_names.get(c.0)).map(|n| format!("Contact::{n}")).collect();
                        let opt = |v: Option<&str>| v.map_or("None".to_string(), |v| format!("Some({})", lit(v)));
                        let form = s.form.as_ref().map_or("None".to_string(), |f| {
                            format!("Some(({}, {}))", lit(&f.name), opt(f.code.as_deref()))
                        });
                        let backups: Vec<String> = s.backups.iter().map(|b| lit(b)).collect();
                        let question = self.question_variant(StepRef { track: TrackIdx(ti), step: i }).map_or("None".to_string(), |q| format!("Some(Question::{q})"));
                        format!(
                            "\n                Step {{ id: {}, number: {}, condition: {}, text: {}, contacts: &[{}], \
                             role: {}, backups: &[{}], deadline: {}, form: {form}, optional: {}, \
                             question: {question}, end: {}, handoff: {} }},",
                            lit(&s.id),
                            i + 1,
                            opt(s.condition.as_deref()),
                            lit(&s.text.text),
                            contacts.join(", "),
                            opt(s.role.as_deref()),
                            backups.join(", "),
                            opt(s.deadline.as_deref()),
                            s.optional,
                            opt(s.end.as_deref()),
                            opt(s.handoff.as_deref()),
                        )
                    })
                    .collect();
                format!("&[{}\n            ]", steps.concat())
            })
            .collect();
        let names = self.track_names.clone();
        self.match_or_empty("Track", &names, &values);
        line!(self, "    }}");
        line!(self, "");
        line!(self, "    /// Standing rules that hold throughout the track.");
        line!(self, "    pub const fn rules(self) -> &'static [&'static str] {{");
        let rules: Vec<String> = m
            .tracks
            .iter()
            .map(|t| {
                format!(
                    "&[{}]",
                    t.rules.iter().map(|r| lit(r)).collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        self.match_or_empty("Track", &names, &rules);
        line!(self, "    }}");
        line!(self, "");
        line!(self, "    /// The tracks in precedence order, highest first.");
        let order: Vec<String> = m
            .precedence
            .iter()
            .filter_map(|t| self.track_names.get(t.0))
            .map(|n| format!("Track::{n}"))
            .collect();
        line!(
            self,
            "    pub const PRECEDENCE: [Track; {}] = [{}];",
            order.len(),
            order.join(", ")
        );
        line!(self, "}}");
        line!(self, "");
    }

    fn sets(&mut self) {
        let m = self.model;
        for (set, item, n) in [
            ("FactorSet", "Factor", m.factors.len()),
            ("SignalSet", "Signal", m.signals.len()),
            ("CriteriaSet", "Criteria", m.criteria.len()),
            ("TrackSet", "Track", m.tracks.len()),
        ] {
            let w = words(n);
            line!(self, "/// A set of [`{item}`] values (a bit set).");
            line!(
                self,
                "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]"
            );
            line!(self, "pub struct {set}([u64; {w}]);");
            line!(self, "");
            line!(self, "impl {set} {{");
            line!(self, "    /// The empty set.");
            line!(self, "    pub const EMPTY: {set} = {set}([0; {w}]);");
            line!(self, "");
            line!(self, "    /// Whether the set holds `item`.");
            line!(self, "    #[inline]");
            line!(self, "    pub const fn contains(&self, item: {item}) -> bool {{");
            line!(self, "        let i = item.index();");
            line!(self, "        self.0[i / 64] & (1 << (i % 64)) != 0");
            line!(self, "    }}");
            line!(self, "");
            line!(self, "    /// The set with `item` added.");
            line!(self, "    #[inline]");
            line!(self, "    pub const fn with(mut self, item: {item}) -> {set} {{");
            line!(self, "        let i = item.index();");
            line!(self, "        self.0[i / 64] |= 1 << (i % 64);");
            line!(self, "        self");
            line!(self, "    }}");
            line!(self, "");
            line!(self, "    /// Adds `item`.");
            line!(self, "    #[inline]");
            line!(self, "    pub fn insert(&mut self, item: {item}) {{");
            line!(self, "        *self = self.with(item);");
            line!(self, "    }}");
            line!(self, "");
            line!(self, "    /// Whether the set is empty.");
            line!(self, "    pub fn is_empty(&self) -> bool {{");
            line!(self, "        self.0.iter().all(|w| *w == 0)");
            line!(self, "    }}");
            line!(self, "");
            line!(self, "    /// How many items the set holds.");
            line!(self, "    pub fn len(&self) -> usize {{");
            line!(
                self,
                "        self.0.iter().map(|w| w.count_ones() as usize).sum()"
            );
            line!(self, "    }}");
            line!(self, "");
            line!(self, "    /// The items, in file order.");
            line!(self, "    pub fn iter(self) -> impl Iterator<Item = {item}> {{");
            line!(
                self,
                "        {item}::ALL.into_iter().filter(move |x| self.contains(*x))"
            );
            line!(self, "    }}");
            line!(self, "");
            if set == "TrackSet" {
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
                line!(self, "");
            }
            line!(self, "    /// The items in both sets.");
            line!(self, "    #[inline]");
            line!(self, "    pub const fn and(self, other: {set}) -> {set} {{");
            line!(self, "        let mut out = self;");
            line!(self, "        let mut i = 0;");
            line!(self, "        while i < {w} {{");
            line!(self, "            out.0[i] &= other.0[i];");
            line!(self, "            i += 1;");
            line!(self, "        }}");
            line!(self, "        out");
            line!(self, "    }}");
            if self.extended {
                line!(self, "");
                line!(self, "    /// The items of this set that are not in `other`.");
                line!(self, "    #[inline]");
                line!(self, "    pub const fn minus(self, other: {set}) -> {set} {{");
                line!(self, "        let mut out = self;");
                line!(self, "        let mut i = 0;");
                line!(self, "        while i < {w} {{");
                line!(self, "            out.0[i] &= !other.0[i];");
                line!(self, "            i += 1;");
                line!(self, "        }}");
                line!(self, "        out");
                line!(self, "    }}");
            }
            line!(self, "}}");
            line!(self, "");
        }
        if self.extended {
            self.observations();
            return;
        }
        let nq = m.questions.len();
        line!(
            self,
            "/// What staff observed: factors present, signals judged true, answers to questions."
        );
        line!(self, "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]");
        line!(self, "pub struct Observations {{");
        line!(self, "    /// Factors present.");
        line!(self, "    pub factors: FactorSet,");
        line!(self, "    /// Signals judged true.");
        line!(self, "    pub signals: SignalSet,");
        self.answers_field();
        line!(self, "}}");
        line!(self, "");
        self.observations_default();
        line!(self, "impl Observations {{");
        line!(self, "    /// Nothing observed.");
        line!(self, "    pub const fn new() -> Observations {{");
        line!(
            self,
            "        Observations {{ factors: FactorSet::EMPTY, signals: SignalSet::EMPTY, answers: [None; {nq}] }}"
        );
        line!(self, "    }}");
        line!(self, "");
        self.with_answer();
        line!(self, "    /// With `factor` present.");
        line!(
            self,
            "    pub const fn with_factor(mut self, factor: Factor) -> Observations {{"
        );
        line!(self, "        self.factors = self.factors.with(factor);");
        line!(self, "        self");
        line!(self, "    }}");
        line!(self, "");
        self.with_signal();
        line!(self, "}}");
        line!(self, "");
    }

    /// The `answers` field of `Observations`.
    fn answers_field(&mut self) {
        line!(
            self,
            "    /// Each question's answer, by [`Question::index`]; `None` when not answered."
        );
        line!(
            self,
            "    pub answers: [Option<Answer>; {}],",
            self.model.questions.len()
        );
    }

    /// `impl Default for Observations` (an array of answers may be too long to derive it).
    fn observations_default(&mut self) {
        line!(self, "impl Default for Observations {{");
        line!(self, "    fn default() -> Observations {{");
        line!(self, "        Observations::new()");
        line!(self, "    }}");
        line!(self, "}}");
        line!(self, "");
    }

    /// `Observations::with_answer`, and a blank line.
    fn with_answer(&mut self) {
        line!(self, "    /// With `question` answered.");
        line!(
            self,
            "    pub const fn with_answer(mut self, question: Question, answer: Answer) -> Observations {{"
        );
        line!(self, "        self.answers[question.index()] = Some(answer);");
        line!(self, "        self");
        line!(self, "    }}");
        line!(self, "");
    }

    /// `Observations::with_signal`.
    fn with_signal(&mut self) {
        line!(self, "    /// With `signal` judged true.");
        line!(
            self,
            "    pub const fn with_signal(mut self, signal: Signal) -> Observations {{"
        );
        line!(self, "        self.signals = self.signals.with(signal);");
        line!(self, "        self");
        line!(self, "    }}");
    }

    /// Observations with "possible" answers and inputs' values (extended protocols).
    fn observations(&mut self) {
        let ni = self.model.inputs.len();
        let inputs = ni > 0;
        line!(
            self,
            "/// What staff observed: factors answered yes or \"possible\", signals judged true{}, answers to questions.",
            if inputs { ", inputs' values" } else { "" }
        );
        line!(self, "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]");
        line!(self, "pub struct Observations {{");
        line!(self, "    /// Factors answered yes (present).");
        line!(self, "    pub factors: FactorSet,");
        line!(
            self,
            "    /// Factors answered \"possible\" (a factor in both sets counts as yes)."
        );
        line!(self, "    pub possible: FactorSet,");
        line!(self, "    /// Signals judged true.");
        line!(self, "    pub signals: SignalSet,");
        if inputs {
            line!(
                self,
                "    /// Each input's value, by [`Input::index`] (`None`: not given, so every comparison on it is false)."
            );
            line!(self, "    pub values: [Option<u32>; {ni}],");
        }
        self.answers_field();
        line!(self, "}}");
        line!(self, "");
        self.observations_default();
        line!(self, "impl Observations {{");
        line!(self, "    /// Nothing observed.");
        line!(self, "    pub const fn new() -> Observations {{");
        line!(self, "        Observations {{");
        line!(self, "            factors: FactorSet::EMPTY,");
        line!(self, "            possible: FactorSet::EMPTY,");
        line!(self, "            signals: SignalSet::EMPTY,");
        if inputs {
            line!(self, "            values: [None; {ni}],");
        }
        line!(
            self,
            "            answers: [None; {}],",
            self.model.questions.len()
        );
        line!(self, "        }}");
        line!(self, "    }}");
        line!(self, "");
        self.with_answer();
        for (function, what, set, other) in [
            ("with_factor", "answered yes (present)", "factors", "possible"),
            ("with_possible", "answered \"possible\"", "possible", "factors"),
        ] {
            line!(self, "    /// With `factor` {what}, replacing any other answer.");
            line!(
                self,
                "    pub const fn {function}(mut self, factor: Factor) -> Observations {{"
            );
            line!(self, "        self.{set} = self.{set}.with(factor);");
            line!(
                self,
                "        self.{other} = self.{other}.minus(FactorSet::EMPTY.with(factor));"
            );
            line!(self, "        self");
            line!(self, "    }}");
            line!(self, "");
        }
        self.with_signal();
        if inputs {
            line!(self, "");
            line!(self, "    /// With `input`'s value given.");
            line!(
                self,
                "    pub const fn with_value(mut self, input: Input, value: u32) -> Observations {{"
            );
            line!(self, "        self.values[input.index()] = Some(value);");
            line!(self, "        self");
            line!(self, "    }}");
            line!(self, "");
            line!(self, "    /// `input`'s value, if given.");
            line!(
                self,
                "    pub const fn value(&self, input: Input) -> Option<u32> {{"
            );
            line!(self, "        self.values[input.index()]");
            line!(self, "    }}");
        } else {
            // No blank line after the last method.
            self.out.pop();
        }
        line!(self, "}}");
        line!(self, "");
    }

    /// The longest walk: every step of every track once.
    fn path_len(&self) -> usize {
        self.model.tracks.iter().map(|t| t.steps.len()).sum()
    }

    /// A route as generated code.
    fn route(&self, r: &Route) -> String {
        match r {
            Route::Next => "Route::Next".to_string(),
            Route::Goto(j) => format!("Route::Goto({j})"),
            Route::Track(t) => format!(
                "Route::Track(Track::{})",
                self.track_names.get(t.0).map_or("", String::as_str)
            ),
            Route::End(outcome) => format!("Route::End({})", lit(outcome)),
        }
    }

    /// The walk's types, and `item` and `walk`: the evaluator's `walk`, compiled.
    fn walk(&mut self) {
        let m = self.model;
        let n = self.path_len();
        for text in [
            "/// One step or question on the walk.",
            "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]",
            "pub struct Visit {",
            "    pub track: Track,",
            "    /// 0-based position in [`Track::steps`].",
            "    pub index: usize,",
            "    pub what: Visited,",
            "}",
            "",
            "impl Visit {",
            "    /// The step (or question) visited.",
            "    pub fn step(&self) -> &'static Step {",
            "        &self.track.steps()[self.index]",
            "    }",
            "}",
            "",
            "/// What happened at a step or question.",
            "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]",
            "pub enum Visited {",
            "    /// Taken, with the time limit that holds, if it has one.",
            "    Done { deadline: Option<&'static str> },",
            "    /// Passed over: its `skip_when` held.",
            "    Skipped,",
            "    /// A question answered.",
            "    Answered(Answer),",
            "}",
            "",
            "/// How the walk ended.",
            "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]",
            "pub enum WalkEnd {",
            "    /// Every applied track was followed to its end.",
            "    Finished,",
            "    /// An `end` at this step (or this question's answer): no further track is followed.",
            "    Ended { track: Track, index: usize, outcome: &'static str },",
            "    /// Waiting for an answer to the question here.",
            "    Waiting { track: Track, index: usize },",
            "}",
            "",
            "/// Where an answer leads (some kinds may be unused by this protocol).",
            "#[allow(dead_code)]",
            "#[derive(Clone, Copy)]",
            "enum Route {",
            "    Next,",
            "    Goto(usize),",
            "    Track(Track),",
            "    End(&'static str),",
            "}",
            "",
            "/// What happens at a step (some kinds may be unused by this protocol).",
            "#[allow(dead_code)]",
            "#[derive(Clone, Copy)]",
            "enum Item {",
            "    Skipped,",
            "    Done(Option<&'static str>, Option<&'static str>),",
            "    Answered(Answer, Route),",
            "    Waiting,",
            "}",
            "",
            "/// What happens at a track's step `i`.",
        ] {
            line!(self, "{text}");
        }
        // Skips and deadlines read what the protocol's triggers read: the verdicts, the
        // observations and, with scored groups, the levels.
        let (levels, levels_arg) = if self.level_names.is_empty() {
            (String::new(), "")
        } else {
            (
                format!(", levels: &[Option<Level>; {}]", m.criteria.len()),
                ", levels",
            )
        };
        if self.extended {
            line!(
                self,
                "#[allow(unused_variables, unused_comparisons, clippy::absurd_extreme_comparisons)]"
            );
        } else {
            line!(self, "#[allow(unused_variables)]");
        }
        line!(
            self,
            "fn item(track: Track, i: usize, o: &Observations, met: CriteriaSet{levels}) -> Item {{"
        );
        line!(self, "    match (track, i) {{");
        for (ti, t) in m.tracks.iter().enumerate() {
            let tn = self.track_names.get(ti).cloned().unwrap_or_default();
            for (i, s) in t.steps.iter().enumerate() {
                line!(self, "        (Track::{tn}, {i}) => {{");
                if let Some(skip) = &s.skip_when {
                    line!(self, "            if {} {{", self.trigger(skip));
                    line!(self, "                return Item::Skipped;");
                    line!(self, "            }}");
                }
                let variant = self
                    .question_variant(StepRef {
                        track: TrackIdx(ti),
                        step: i,
                    })
                    .map(str::to_string);
                match (&s.question, variant) {
                    (Some(q), Some(qn)) => {
                        let unclear = match q.unclear_counts_as.and_then(|a| q.route(a)) {
                            Some(r) => format!("Item::Answered(Answer::Unclear, {})", self.route(r)),
                            None => "Item::Waiting".to_string(),
                        };
                        line!(self, "            match o.answers[Question::{qn}.index()] {{");
                        line!(
                            self,
                            "                Some(Answer::Yes) => Item::Answered(Answer::Yes, {}),",
                            self.route(&q.yes)
                        );
                        line!(
                            self,
                            "                Some(Answer::No) => Item::Answered(Answer::No, {}),",
                            self.route(&q.no)
                        );
                        line!(self, "                Some(Answer::Unclear) => {unclear},");
                        line!(self, "                None => Item::Waiting,");
                        line!(self, "            }}");
                    }
                    _ => {
                        let plain = s
                            .deadline
                            .as_deref()
                            .map_or("None".to_string(), |d| format!("Some({})", lit(d)));
                        let end = s
                            .end
                            .as_deref()
                            .map_or("None".to_string(), |d| format!("Some({})", lit(d)));
                        let mut deadline = String::new();
                        for d in &s.deadlines_when {
                            let _ = write!(
                                deadline,
                                "if {} {{ Some({}) }} else ",
                                self.trigger(&d.when),
                                lit(&d.text)
                            );
                        }
                        if s.deadlines_when.is_empty() {
                            line!(self, "            Item::Done({plain}, {end})");
                        } else {
                            line!(self, "            Item::Done({deadline}{{ {plain} }}, {end})");
                        }
                    }
                }
                line!(self, "        }}");
            }
        }
        for text in [
            "        _ => Item::Done(None, None),",
            "    }",
            "}",
            "",
            "/// Walks the applied tracks' steps in precedence order, as protocolc's evaluator does:",
            "/// skips, answers and routes; an `end` ends the protocol; an unanswered question",
            "/// stops the walk; each track is walked at most once.",
        ] {
            line!(self, "{text}");
        }
        line!(self, "fn walk(o: &Observations, met: CriteriaSet{levels}, applied: TrackSet) -> ([Option<Visit>; {n}], WalkEnd) {{");
        for text in [
            "    let mut path = [None; N];",
            "    let mut len = 0;",
            "    let mut walked = TrackSet::EMPTY;",
            "    for start in Track::PRECEDENCE {",
            "        if !applied.contains(start) {",
            "            continue;",
            "        }",
            "        let mut track = start;",
            "        'track: while !walked.contains(track) {",
            "            walked.insert(track);",
            "            let mut i = 0;",
            "            while i < track.steps().len() {",
            "                let at = item(track, i, o, KNOWN);",
            "                let what = match at {",
            "                    Item::Waiting => return (path, WalkEnd::Waiting { track, index: i }),",
            "                    Item::Skipped => Visited::Skipped,",
            "                    Item::Done(deadline, _) => Visited::Done { deadline },",
            "                    Item::Answered(answer, _) => Visited::Answered(answer),",
            "                };",
            "                if len < path.len() {",
            "                    path[len] = Some(Visit { track, index: i, what });",
            "                    len += 1;",
            "                }",
            "                match at {",
            "                    Item::Done(_, Some(outcome)) | Item::Answered(_, Route::End(outcome)) => {",
            "                        return (path, WalkEnd::Ended { track, index: i, outcome })",
            "                    }",
            "                    Item::Answered(_, Route::Goto(j)) => i = j,",
            "                    Item::Answered(_, Route::Track(other)) => {",
            "                        track = other;",
            "                        continue 'track;",
            "                    }",
            "                    _ => i += 1,",
            "                }",
            "            }",
            "            break;",
            "        }",
            "    }",
            "    (path, WalkEnd::Finished)",
            "}",
            "",
        ] {
            line!(
                self,
                "{}",
                text.replace("; N]", &format!("; {n}]"))
                    .replace("KNOWN", &format!("met{levels_arg}"))
            );
        }
    }

    /// A trigger as a Rust condition, with only the parentheses it needs.
    fn trigger(&self, t: &Trigger) -> String {
        let words = TriggerWords {
            and: " && ",
            or: " || ",
            not: "!",
        };
        t.write(&words, &|leaf| match leaf {
            Leaf::Criteria(c) => format!(
                "met.contains(Criteria::{})",
                self.criteria_names.get(c.0).map_or("", String::as_str)
            ),
            Leaf::Signal(s) => format!(
                "o.signals.contains(Signal::{})",
                self.signal_names.get(s.0).map_or("", String::as_str)
            ),
            // `matches!` keeps each leaf one operand (`!` applies to all of it), and is
            // false when the input has no value or the group no level.
            Leaf::Compare { input, op, value } => {
                let read = format!(
                    "o.value(Input::{})",
                    self.input_names.get(input.0).map_or("", String::as_str)
                );
                match op {
                    CompareOp::Equal => format!("matches!({read}, Some({value}))"),
                    _ => format!("matches!({read}, Some(v) if v {} {value})", op.symbol()),
                }
            }
            Leaf::Level {
                criteria,
                at_least,
                level,
            } => {
                let mut names = self.levels_of(criteria, level);
                if !at_least {
                    names.truncate(1);
                }
                format!(
                    "matches!(levels[Criteria::{}.index()], Some({}))",
                    self.criteria_names.get(criteria.0).map_or("", String::as_str),
                    names
                        .iter()
                        .map(|l| format!("Level::{l}"))
                        .collect::<Vec<_>>()
                        .join(" | ")
                )
            }
        })
    }

    fn assess(&mut self) {
        let m = self.model;
        let nt = m.tracks.len();
        let nc = m.criteria.len();
        line!(
            self,
            "/// The walk through the applied tracks' steps, from [`Assessment::walk`]."
        );
        line!(self, "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]");
        line!(self, "pub struct Walk {{");
        line!(self, "    path: [Option<Visit>; {}],", self.path_len());
        line!(self, "    /// How the walk through the steps ended.");
        line!(self, "    pub end: WalkEnd,");
        line!(self, "}}");
        line!(self, "");
        line!(self, "impl Walk {{");
        line!(self, "    /// Each step and question passed, in order.");
        line!(
            self,
            "    pub fn path(&self) -> impl Iterator<Item = Visit> + '_ {{"
        );
        line!(self, "        self.path.iter().map_while(|v| *v)");
        line!(self, "    }}");
        line!(self, "");
        line!(
            self,
            "    /// Whether a step (or question) of a track was taken or answered, not skipped."
        );
        line!(
            self,
            "    pub fn passes(&self, track: Track, step: &str) -> bool {{"
        );
        line!(self, "        self.path().any(|v| v.track == track && v.step().id == step && v.what != Visited::Skipped)");
        line!(self, "    }}");
        line!(self, "}}");
        line!(self, "");
        line!(
            self,
            "/// Which criteria are met and which tracks apply, for one student."
        );
        line!(self, "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]");
        line!(self, "pub struct Assessment {{");
        line!(self, "    /// The criteria groups that are met.");
        line!(self, "    pub criteria_met: CriteriaSet,");
        if self.extended {
            line!(
                self,
                "    /// The factors answered yes or worked out true (so [`Assessment::matched`] can list a group's)."
            );
            line!(self, "    pub factors: FactorSet,");
            line!(
                self,
                "    /// The factors answered \"possible\" (never one worked out from inputs)."
            );
            line!(self, "    pub possible: FactorSet,");
            line!(
                self,
                "    /// The criteria groups whose `applies_when` holds (every group without one)."
            );
            line!(self, "    pub applies: CriteriaSet,");
        } else {
            line!(
                self,
                "    /// The factors present (so [`Assessment::matched`] can list a group's)."
            );
            line!(self, "    pub factors: FactorSet,");
        }
        line!(self, "    /// The tracks to follow.");
        line!(self, "    pub applied: TrackSet,");
        line!(
            self,
            "    /// Tracks whose trigger held but that an applied track supersedes."
        );
        line!(self, "    pub superseded: TrackSet,");
        line!(self, "    superseded_by: [TrackSet; {nt}],");
        if self.extended {
            line!(self, "    totals: [u32; {nc}],");
        }
        if !self.level_names.is_empty() {
            line!(self, "    levels: [Option<Level>; {nc}],");
        }
        line!(self, "}}");
        line!(self, "");
        line!(self, "impl Assessment {{");
        line!(self, "    /// The tracks to follow, highest precedence first.");
        line!(
            self,
            "    pub fn applied(&self) -> impl Iterator<Item = Track> + '_ {{"
        );
        line!(
            self,
            "        Track::PRECEDENCE.into_iter().filter(|t| self.applied.contains(*t))"
        );
        line!(self, "    }}");
        line!(self, "");
        line!(
            self,
            "    /// The superseded tracks in precedence order, each with the tracks that supersede it."
        );
        line!(
            self,
            "    pub fn superseded(&self) -> impl Iterator<Item = (Track, TrackSet)> + '_ {{"
        );
        line!(self, "        Track::PRECEDENCE");
        line!(self, "            .into_iter()");
        line!(self, "            .filter(|t| self.superseded.contains(*t))");
        line!(self, "            .map(|t| (t, self.superseded_by[t.index()]))");
        line!(self, "    }}");
        line!(self, "");
        let levels_arg = if self.level_names.is_empty() {
            ""
        } else {
            ", &self.levels"
        };
        line!(
            self,
            "    /// The walk through the applied tracks' steps with the answers in `o` (the"
        );
        line!(
            self,
            "    /// observations this assessment was made from). Worked out only when asked for,"
        );
        line!(self, "    /// so deciding which tracks apply stays cheap.");
        line!(self, "    pub fn walk(&self, o: &Observations) -> Walk {{");
        line!(
            self,
            "        let (path, end) = walk(o, self.criteria_met{levels_arg}, self.applied);"
        );
        line!(self, "        Walk {{ path, end }}");
        line!(self, "    }}");
        line!(self, "");
        line!(self, "    /// Whether a criteria group is met.");
        line!(self, "    pub fn is_met(&self, criteria: Criteria) -> bool {{");
        line!(self, "        self.criteria_met.contains(criteria)");
        line!(self, "    }}");
        line!(self, "");
        line!(
            self,
            "    /// The factors present that belong to a criteria group."
        );
        line!(
            self,
            "    pub fn matched(&self, criteria: Criteria) -> FactorSet {{"
        );
        line!(
            self,
            "        self.factors.and(CRITERIA_FACTORS[criteria.index()])"
        );
        line!(self, "    }}");
        if self.extended {
            self.assessment_scores();
        }
        line!(self, "}}");
        line!(self, "");
        self.walk();
        let nf = m.factors.len();
        line!(self, "/// Each criteria group's factors as a bit set.");
        line!(
            self,
            "const CRITERIA_FACTORS: [FactorSet; {}] = [",
            m.criteria.len()
        );
        for c in &m.criteria {
            line!(
                self,
                "    FactorSet({}),",
                mask(c.factors.iter().map(|f| f.0), nf)
            );
        }
        line!(self, "];");
        line!(self, "");
        if self.extended {
            line!(
                self,
                "/// The factors staff answer (every factor not worked out from inputs)."
            );
            line!(
                self,
                "const TICKED: FactorSet = FactorSet({});",
                mask(
                    m.factors
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| f.derived.is_none())
                        .map(|(i, _)| i),
                    nf
                )
            );
            line!(self, "");
        }
        line!(
            self,
            "/// For each track, the tracks that supersede it, directly or through a chain."
        );
        line!(self, "const SUPERSEDED_BY: [TrackSet; {nt}] = [");
        for below in 0..nt {
            let above: Vec<usize> = (0..nt)
                .filter(|&a| a != below && evaluate::supersedes(m, TrackIdx(a), TrackIdx(below)))
                .collect();
            line!(self, "    TrackSet({}),", mask(above, nt));
        }
        line!(self, "];");
        line!(self, "");
        line!(self, "/// Decides which criteria are met and which tracks apply.");
        line!(self, "///");
        line!(
            self,
            "/// A track is triggered when its `when` holds. Going down the precedence order, a"
        );
        line!(
            self,
            "/// triggered track is superseded when a triggered track above supersedes it"
        );
        line!(
            self,
            "/// (directly or through a chain); otherwise it applies. This is protocolc's own"
        );
        line!(self, "/// evaluator, compiled.");
        if self.extended {
            line!(self, "///");
            line!(
                self,
                "/// Criteria groups are worked out first, each after the groups its rules read. A"
            );
            line!(
                self,
                "/// factor with a `when` is worked out from it (what staff answered for it is"
            );
            line!(
                self,
                "/// ignored). A group's total adds each factor's points for its answer (saturating);"
            );
            line!(
                self,
                "/// outside its `applies_when` a group is not met and has no level. A scored group's"
            );
            line!(
                self,
                "/// level holds its total, raised by `alone` factors and `floor` rules; the highest"
            );
            line!(self, "/// `force` rule that holds sets it whatever else.");
        }
        if self.extended {
            // `age >= 0` reads as the protocol says, though a `u32` decides it.
            line!(
                self,
                "#[allow(unused_variables, unused_mut, unused_comparisons, clippy::absurd_extreme_comparisons)]"
            );
        } else {
            line!(self, "#[allow(unused_variables, unused_mut)]");
        }
        line!(self, "pub fn assess(o: &Observations) -> Assessment {{");
        if self.extended {
            self.scores();
        } else {
            self.counts();
        }
        self.tracks_applied();
    }

    /// `Assessment`'s possible answers, totals, `applies_when` and levels (extended protocols).
    fn assessment_scores(&mut self) {
        line!(self, "");
        line!(
            self,
            "    /// The factors of a criteria group answered \"possible\"."
        );
        line!(
            self,
            "    pub const fn possible(&self, criteria: Criteria) -> FactorSet {{"
        );
        line!(
            self,
            "        self.possible.and(CRITERIA_FACTORS[criteria.index()])"
        );
        line!(self, "    }}");
        line!(self, "");
        line!(
            self,
            "    /// Whether a criteria group's `applies_when` holds for this student (true for a group without one)."
        );
        line!(
            self,
            "    pub const fn applies(&self, criteria: Criteria) -> bool {{"
        );
        line!(self, "        self.applies.contains(criteria)");
        line!(self, "    }}");
        line!(self, "");
        line!(
            self,
            "    /// A criteria group's total: points (a scored group) or factors counted, worked out even where it does not apply."
        );
        line!(
            self,
            "    pub const fn total(&self, criteria: Criteria) -> u32 {{"
        );
        line!(self, "        self.totals[criteria.index()]");
        line!(self, "    }}");
        if !self.level_names.is_empty() {
            line!(self, "");
            line!(
                self,
                "    /// A scored group's level (`None` for a group that counts factors, outside its `applies_when`, or for a total between two ranges)."
            );
            line!(
                self,
                "    pub const fn level(&self, criteria: Criteria) -> Option<Level> {{"
            );
            line!(self, "        self.levels[criteria.index()]");
            line!(self, "    }}");
        }
    }

    /// Every criteria group in dependency order: derived factors, total, `applies_when`,
    /// level and verdict, as [`evaluate::decide`] works them out.
    fn scores(&mut self) {
        let m = self.model;
        let nc = m.criteria.len();
        line!(
            self,
            "    // Answers: yes (factors worked out from inputs are added below) and \"possible\"."
        );
        line!(self, "    let mut yes = o.factors.and(TICKED);");
        line!(
            self,
            "    let possible = o.possible.and(TICKED).minus(o.factors);"
        );
        line!(self, "    let mut met = CriteriaSet::EMPTY;");
        line!(self, "    let mut applies = CriteriaSet::EMPTY;");
        line!(self, "    let mut totals = [0u32; {nc}];");
        if !self.level_names.is_empty() {
            line!(self, "    let mut levels: [Option<Level>; {nc}] = [None; {nc}];");
        }
        for &c in &m.criteria_order {
            if let Some(group) = m.criteria_by(c) {
                self.group(c, group);
            }
        }
    }

    /// One group's block in `assess`.
    fn group(&mut self, c: CriteriaIdx, group: &Criteria) {
        let m = self.model;
        let name = self
            .criteria_names
            .get(c.0)
            .map_or("", String::as_str)
            .to_string();
        let factor = |f: usize| self.factor_names.get(f).map_or("", String::as_str).to_string();
        // Whether a factor counts as present: yes, or "possible" where that counts as yes.
        let counts = |f: usize, derived: bool| {
            if group.possible_counts_as_yes && !derived {
                format!(
                    "yes.contains(Factor::{0}) || possible.contains(Factor::{0})",
                    factor(f)
                )
            } else {
                format!("yes.contains(Factor::{})", factor(f))
            }
        };
        line!(self, "    // Criteria::{name}");
        line!(self, "    {{");
        let factors: Vec<(usize, &crate::model::Factor)> = group
            .factors
            .iter()
            .filter_map(|&f| m.factor_by(f).map(|x| (f.0, x)))
            .collect();
        for (f, factor_) in &factors {
            if let Some(when) = &factor_.derived {
                line!(self, "        if {} {{", self.trigger(when));
                line!(self, "            yes.insert(Factor::{});", factor(*f));
                line!(self, "        }}");
            }
        }
        line!(self, "        let mut total: u32 = 0;");
        for (f, factor_) in &factors {
            let (points, possible) = match &group.scoring {
                Some(_) => (
                    factor_.points,
                    factor_.possible_points(group.possible_counts_as_yes),
                ),
                None => (1, u32::from(group.possible_counts_as_yes)),
            };
            // Worked out from inputs: yes or no, never "possible".
            let possible = if factor_.derived.is_some() { 0 } else { possible };
            for (set, n) in [("yes", points), ("possible", possible)] {
                if n > 0 {
                    line!(self, "        if {set}.contains(Factor::{}) {{", factor(*f));
                    line!(self, "            total = total.saturating_add({n});");
                    line!(self, "        }}");
                }
            }
        }
        line!(self, "        totals[Criteria::{name}.index()] = total;");
        let pad = match &group.applies_when {
            Some(when) => {
                line!(self, "        if {} {{", self.trigger(when));
                "            "
            }
            None => "        ",
        };
        line!(self, "{pad}applies.insert(Criteria::{name});");
        match &group.scoring {
            Some(scoring) => {
                line!(
                    self,
                    "{pad}let mut level = Criteria::{name}.level_of_total(total);"
                );
                let raise = factors.iter().filter_map(|(f, x)| match x.alone {
                    Some(Alone::AtLeast(l)) => Some((counts(*f, x.derived.is_some()), l)),
                    _ => None,
                });
                let floors = scoring
                    .overrides
                    .iter()
                    .filter(|r| !r.force)
                    .map(|r| (self.trigger(&r.when), r.level));
                for (condition, l) in raise.chain(floors).collect::<Vec<_>>() {
                    let level = self.level_name(c, l).to_string();
                    line!(self, "{pad}if {condition} {{");
                    line!(self, "{pad}    level = level.max(Some(Level::{level}));");
                    line!(self, "{pad}}}");
                }
                // The highest forced level that holds wins: test them highest first.
                let mut forces: Vec<_> = scoring.overrides.iter().filter(|r| r.force).collect();
                forces.sort_by_key(|r| std::cmp::Reverse(r.level));
                for (i, rule) in forces.iter().enumerate() {
                    let keyword = if i == 0 {
                        format!("{pad}if")
                    } else {
                        "} else if".to_string()
                    };
                    let (when, level) = (
                        self.trigger(&rule.when),
                        self.level_name(c, rule.level).to_string(),
                    );
                    line!(self, "{keyword} {when} {{");
                    line!(self, "{pad}    level = Some(Level::{level});");
                    if i + 1 == forces.len() {
                        line!(self, "{pad}}}");
                    } else {
                        let _ = write!(self.out, "{pad}");
                    }
                }
                line!(self, "{pad}levels[Criteria::{name}.index()] = level;");
                match group.threshold {
                    Threshold::AtLeastLevel(needed) => {
                        let needed = self.level_name(c, needed).to_string();
                        line!(self, "{pad}if level >= Some(Level::{needed}) {{")
                    }
                    Threshold::AtLeast(n) => line!(self, "{pad}if total >= {n} {{"),
                }
                line!(self, "{pad}    met.insert(Criteria::{name});");
                line!(self, "{pad}}}");
            }
            None => {
                if let Threshold::AtLeast(n) = group.threshold {
                    let mut enough: Vec<String> = Vec::new();
                    if n > 0 {
                        enough.push(format!("total >= {n}"));
                    }
                    enough.extend(
                        factors
                            .iter()
                            .filter(|(_, x)| x.alone == Some(Alone::Meets))
                            .map(|(f, x)| counts(*f, x.derived.is_some())),
                    );
                    if n == 0 {
                        line!(self, "{pad}met.insert(Criteria::{name});");
                    } else {
                        line!(self, "{pad}if {} {{", enough.join(" || "));
                        line!(self, "{pad}    met.insert(Criteria::{name});");
                        line!(self, "{pad}}}");
                    }
                }
            }
        }
        if group.applies_when.is_some() {
            line!(self, "        }}");
        }
        line!(self, "    }}");
    }

    /// Count groups only: each is met when enough of its factors are present.
    fn counts(&mut self) {
        let m = self.model;
        line!(self, "    let mut met = CriteriaSet::EMPTY;");
        for (c, name) in m.criteria.iter().zip(&self.criteria_names) {
            let Threshold::AtLeast(n) = c.threshold else {
                continue;
            };
            // Clippy prefers `!is_empty()` to `len() >= 1` in code that includes this module.
            let present = format!("o.factors.and(CRITERIA_FACTORS[Criteria::{name}.index()])");
            if n == 1 {
                line!(self, "    if !{present}.is_empty() {{");
            } else {
                line!(self, "    if {present}.len() >= {n} {{");
            }
            line!(self, "        met.insert(Criteria::{name});");
            line!(self, "    }}");
        }
    }

    /// Which tracks are triggered, applied and superseded; the end of `assess`.
    fn tracks_applied(&mut self) {
        let m = self.model;
        let nt = m.tracks.len();
        line!(self, "    let mut triggered = TrackSet::EMPTY;");
        for (t, name) in m.tracks.iter().zip(&self.track_names) {
            line!(self, "    if {} {{", self.trigger(&t.trigger));
            line!(self, "        triggered.insert(Track::{name});");
            line!(self, "    }}");
        }
        line!(self, "    let mut applied = TrackSet::EMPTY;");
        line!(self, "    let mut superseded = TrackSet::EMPTY;");
        line!(self, "    let mut superseded_by = [TrackSet::EMPTY; {nt}];");
        line!(self, "    for t in Track::PRECEDENCE {{");
        line!(self, "        if !triggered.contains(t) {{");
        line!(self, "            continue;");
        line!(self, "        }}");
        line!(self, "        let by = triggered.and(SUPERSEDED_BY[t.index()]);");
        line!(self, "        if by.is_empty() {{");
        line!(self, "            applied.insert(t);");
        line!(self, "        }} else {{");
        line!(self, "            let by_applied = by.and(applied);");
        line!(self, "            superseded.insert(t);");
        line!(
            self,
            "            superseded_by[t.index()] = if by_applied.is_empty() {{ by }} else {{ by_applied }};"
        );
        line!(self, "        }}");
        line!(self, "    }}");
        let levels = if self.level_names.is_empty() {
            ""
        } else {
            ", levels"
        };
        if self.extended {
            line!(self, "    Assessment {{");
            line!(
                self,
                "        criteria_met: met, factors: yes, possible, applies, applied, superseded, superseded_by, totals{levels},"
            );
            line!(self, "    }}");
        } else {
            line!(
                self,
                "    Assessment {{ criteria_met: met, factors: o.factors, applied, superseded, superseded_by }}"
            );
        }
        line!(self, "}}");
    }
}
