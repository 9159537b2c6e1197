//! Test vectors: `<protocol>.vectors.json`, observation sets with the decision the
//! evaluator makes for each, so an app that decides from the JSON can prove it
//! decides the same.
//!
//! Which observation sets: every combination of the answers that can change a
//! decision when the protocol has at most [`MOST_INPUTS_FOR_EVERY_COMBINATION`]
//! inputs and they make at most [`MOST_COMBINATIONS`] combinations; and, unless
//! that already covers every answer to every input, a seeded sample of
//! [`SAMPLE_SIZE`] more over every answer (the seed is the protocol's id, so a build
//! writes the same file). An input is a factor staff answer (no / yes / possible;
//! "possible" changes nothing where the group neither counts nor scores it), a
//! signal, a question (no answer / yes / no / unclear), or a number staff enter
//! (none, the ends of its range, and each number a comparison names with its
//! neighbours).

use super::schema::strict_schema;
use crate::evaluate::{assess, Assessment, FactorAnswer, Observations, WalkEndText};
use crate::model::{Answer, FactorIdx, InputIdx, Model, QuestionIdx, SignalIdx, Trigger};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Up to this many inputs, every combination is written (when they are few enough).
pub const MOST_INPUTS_FOR_EVERY_COMBINATION: usize = 12;
/// The most combinations written as "every combination".
pub const MOST_COMBINATIONS: u64 = 4096;
/// How many seeded observation sets are added when the combinations do not cover every answer.
pub const SAMPLE_SIZE: usize = 1000;

/// `<protocol>.vectors.json`.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VectorsDocument {
    /// The version of the JSON contract (the protocol document's `schema_version`).
    pub schema_version: String,
    /// The protocol's id.
    pub protocol: String,
    /// The protocol's version, when it states one.
    pub version: Option<String>,
    /// SHA-256 of each file the protocol was built from, as in the protocol document's `sources`.
    pub sources: Vec<super::Source>,
    /// How the observation sets were chosen, in words.
    pub coverage: String,
    /// Each observation set, with the decision it must give.
    pub vectors: Vec<Vector>,
}

/// One observation set and the decision the evaluator makes for it.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vector {
    pub observed: Observed,
    pub expected: ExpectedDecision,
}

/// What staff observed, in the shape `protocolc eval` and the scenarios take.
#[derive(Default, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Observed {
    /// Factors answered yes.
    pub factors: Vec<String>,
    /// Factors answered "possible".
    pub possible: Vec<String>,
    /// Signals judged true.
    pub signals: Vec<String>,
    /// Inputs' values, by input id (a scale's by its value's id; an input not
    /// listed has no value).
    pub values: BTreeMap<String, crate::model::InputValue>,
    /// Answers to questions, by question id (a question not listed is not answered).
    #[schemars(schema_with = "answers")]
    pub answers: BTreeMap<String, String>,
}

/// The decision: what an app must work out from the protocol document.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpectedDecision {
    /// The tracks followed, highest precedence first.
    pub tracks: Vec<String>,
    /// Tracks whose trigger held but that a followed track supersedes.
    pub superseded: Vec<SupersededJson>,
    /// Each criteria group's verdict, in document order.
    pub criteria: Vec<GroupVerdict>,
    /// The walk through the followed tracks' steps.
    pub path: Vec<PathStep>,
    /// How the walk ended: `"finished"`, `{"ended": …}` or `{"waiting": …}`.
    pub end: WalkEndText,
}

/// A superseded track and the followed tracks that supersede it.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupersededJson {
    pub id: String,
    pub by: Vec<String>,
}

/// One criteria group's verdict.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupVerdict {
    pub id: String,
    pub met: bool,
    /// False when the group's `applies_when` does not hold.
    pub applies: bool,
    /// Points (scored group) or factors counted (count group); null when the group does not apply.
    pub total: Option<u32>,
    /// A scored group's level id; null when it has none.
    pub level: Option<String>,
}

/// One step or question passed on the walk.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PathStep {
    pub track: String,
    pub step: String,
    /// `done`, `skipped` or `answered`.
    #[schemars(schema_with = "visit")]
    pub what: &'static str,
    /// The answer the walk followed (for `answered`).
    pub answer: Option<String>,
    /// The time limit that holds (for `done`).
    pub deadline: Option<String>,
    /// The outcome of an `end track` taken here; null when none.
    pub track_ended: Option<String>,
}

impl ExpectedDecision {
    /// The decision part of an assessment (ids and verdicts; no text).
    pub fn of(assessment: &Assessment) -> Self {
        ExpectedDecision {
            tracks: assessment.tracks.iter().map(|t| t.id.clone()).collect(),
            superseded: assessment
                .superseded
                .iter()
                .map(|s| SupersededJson {
                    id: s.id.clone(),
                    by: s.by.clone(),
                })
                .collect(),
            criteria: assessment
                .criteria
                .iter()
                .map(|c| GroupVerdict {
                    id: c.id.clone(),
                    met: c.met,
                    applies: c.applies,
                    total: c.total,
                    level: c.level.clone(),
                })
                .collect(),
            path: assessment
                .path
                .iter()
                .map(|p| PathStep {
                    track: p.track.clone(),
                    step: p.step.clone(),
                    what: p.what,
                    answer: p.answer.clone(),
                    deadline: p.deadline.clone(),
                    track_ended: p.track_ended.clone(),
                })
                .collect(),
            end: assessment.end.clone(),
        }
    }
}

/// The test vectors of a model, as JSON text: one vector per line, so a change
/// to the protocol shows as a readable diff.
pub fn to_vectors(model: &Model) -> String {
    let space = Space::of(model);
    // The head without its vectors: `"vectors": []` closes it, and the vectors go
    // in its place, a line each.
    let head = VectorsDocument {
        schema_version: super::SCHEMA_VERSION.to_string(),
        protocol: model.metadata().id.clone(),
        version: model.metadata().version.clone(),
        sources: super::sources(model),
        coverage: space.coverage(),
        vectors: Vec::new(),
    };
    let lines: Vec<String> = vectors_in(model, &space)
        .iter()
        .map(|v| serde_json::to_string(v).unwrap_or_default())
        .collect();
    let body = format!("\"vectors\": [\n    {}\n  ]", lines.join(",\n    "));
    super::to_pretty(&head).replacen("\"vectors\": []", &body, 1)
}

/// Every vector of a model, in the order [`to_vectors`] writes them.
pub fn vectors_of(model: &Model) -> Vec<Vector> {
    vectors_in(model, &Space::of(model))
}

/// The vectors of the observation sets `space` chooses.
fn vectors_in(model: &Model, space: &Space) -> Vec<Vector> {
    space
        .observation_sets()
        .into_iter()
        .map(|choice| {
            let observations = choice.observations(model);
            Vector {
                observed: choice.observed(model),
                expected: ExpectedDecision::of(&assess(model, &observations)),
            }
        })
        .collect()
}

/// The JSON Schema of `<protocol>.vectors.json`, strict, pretty-printed.
pub fn vectors_schema_json() -> String {
    strict_schema(schemars::schema_for!(VectorsDocument), "vectors")
}

// ------------------------------------------------------------ the inputs ----

/// One input and the answers it may take, the first being "nothing observed".
enum Input {
    Factor(FactorIdx, Vec<FactorAnswer>),
    Signal(SignalIdx),
    Value(InputIdx, Vec<Option<u32>>),
    /// A question and the answers it may take: none, then each of its own.
    Question(QuestionIdx, Vec<Option<Answer>>),
}

impl Input {
    /// How many answers it may take.
    fn choices(&self) -> usize {
        match self {
            Input::Factor(_, answers) => answers.len(),
            Input::Signal(_) => 2,
            Input::Value(_, values) => values.len(),
            Input::Question(_, answers) => answers.len(),
        }
    }
}

/// The inputs of a protocol: every answer each may take, and the answers that can
/// change a decision.
struct Space {
    every: Vec<Input>,
    decisive: Vec<Input>,
    seed: u64,
}

impl Space {
    fn of(model: &Model) -> Self {
        let values = interesting_values(model);
        let mut every = Vec::new();
        let mut decisive = Vec::new();
        for group in model.criteria() {
            for &f in &group.factors {
                let Some(factor) = model.factor_by(f) else {
                    continue;
                };
                if factor.derived.is_some() {
                    continue;
                }
                let all = vec![FactorAnswer::No, FactorAnswer::Yes, FactorAnswer::Possible];
                let mut some = vec![FactorAnswer::No, FactorAnswer::Yes];
                if group.possible_counts(factor) {
                    some.push(FactorAnswer::Possible);
                }
                every.push(Input::Factor(f, all));
                decisive.push(Input::Factor(f, some));
            }
        }
        for i in 0..model.signals().len() {
            every.push(Input::Signal(SignalIdx(i)));
            decisive.push(Input::Signal(SignalIdx(i)));
        }
        for (i, list) in values.into_iter().enumerate() {
            every.push(Input::Value(InputIdx(i), list.clone()));
            decisive.push(Input::Value(InputIdx(i), list));
        }
        for i in 0..model.questions().len() {
            let answers = model
                .question_by(QuestionIdx(i))
                .map(|q| q.answers())
                .unwrap_or_default();
            // A select-all question takes no answer: its group's factors are its ticks.
            if answers.is_empty() {
                continue;
            }
            let answers: Vec<Option<Answer>> = std::iter::once(None)
                .chain(answers.into_iter().map(Some))
                .collect();
            every.push(Input::Question(QuestionIdx(i), answers.clone()));
            decisive.push(Input::Question(QuestionIdx(i), answers));
        }
        // FNV-1a of the protocol's id: the same sample on every build.
        let seed = model
            .metadata()
            .id
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
            });
        Space {
            every,
            decisive,
            seed,
        }
    }

    /// How many combinations of the decisive answers there are (saturating).
    fn combinations(&self) -> u64 {
        self.decisive
            .iter()
            .fold(1u64, |n, i| n.saturating_mul(i.choices() as u64))
    }

    fn every_combination(&self) -> bool {
        self.decisive.len() <= MOST_INPUTS_FOR_EVERY_COMBINATION && self.combinations() <= MOST_COMBINATIONS
    }

    /// Whether the decisive answers are every answer.
    fn decisive_is_every(&self) -> bool {
        self.every
            .iter()
            .zip(&self.decisive)
            .all(|(a, b)| a.choices() == b.choices())
    }

    fn coverage(&self) -> String {
        let n = self.decisive.len();
        let inputs = if n == 1 { "input" } else { "inputs" };
        let sample = format!("a sample of {SAMPLE_SIZE} observation sets over every answer to every input, seeded by the protocol's id");
        match (self.every_combination(), self.decisive_is_every()) {
            (true, true) => format!("every combination of the answers to its {n} {inputs}"),
            (true, false) => format!(
                "every combination of the answers that can change a decision ({} for its {n} {inputs}), then {sample}",
                self.combinations()
            ),
            (false, _) => format!("{n} {inputs}, too many for every combination: {sample}"),
        }
    }

    /// The observation sets, each as one answer per input (an index into its choices
    /// among every answer).
    fn observation_sets(&self) -> Vec<Choice<'_>> {
        let mut sets = Vec::new();
        if self.every_combination() {
            let total = self.combinations();
            for mut n in 0..total {
                let mut picks = Vec::with_capacity(self.decisive.len());
                for input in &self.decisive {
                    let k = input.choices() as u64;
                    picks.push((n % k) as usize);
                    n /= k;
                }
                sets.push(Choice {
                    inputs: &self.decisive,
                    picks,
                });
            }
            if self.decisive_is_every() {
                return sets;
            }
        }
        let mut state = self.seed | 1;
        for _ in 0..SAMPLE_SIZE {
            let picks = self
                .every
                .iter()
                .map(|input| (xorshift(&mut state) % input.choices() as u64) as usize)
                .collect();
            sets.push(Choice {
                inputs: &self.every,
                picks,
            });
        }
        sets
    }
}

/// One observation set: for each input, which of its answers.
struct Choice<'a> {
    inputs: &'a [Input],
    picks: Vec<usize>,
}

impl Choice<'_> {
    fn each(&self) -> impl Iterator<Item = (&Input, usize)> {
        self.inputs.iter().zip(self.picks.iter().copied())
    }

    fn observations(&self, model: &Model) -> Observations {
        let mut o = Observations::none(model);
        for (input, k) in self.each() {
            o = match input {
                Input::Factor(f, answers) => {
                    o.with_factor_answer(*f, answers.get(k).copied().unwrap_or_default())
                }
                Input::Signal(s) if k == 1 => o.with_signal(*s),
                Input::Value(i, values) => match values.get(k).copied().flatten() {
                    Some(v) => o.with_value(*i, v),
                    None => o,
                },
                Input::Question(q, answers) => match answers.get(k).copied().flatten() {
                    Some(a) => o.with_answer(*q, a),
                    None => o,
                },
                Input::Signal(_) => o,
            };
        }
        o
    }

    fn observed(&self, model: &Model) -> Observed {
        let mut observed = Observed::default();
        for (input, k) in self.each() {
            match input {
                Input::Factor(f, answers) => {
                    let id = model.factor_by(*f).map(|x| x.id.clone()).unwrap_or_default();
                    match answers.get(k) {
                        Some(FactorAnswer::Yes) => observed.factors.push(id),
                        Some(FactorAnswer::Possible) => observed.possible.push(id),
                        _ => {}
                    }
                }
                Input::Signal(s) if k == 1 => {
                    if let Some(signal) = model.signal_by(*s) {
                        observed.signals.push(signal.id.clone());
                    }
                }
                Input::Signal(_) => {}
                Input::Value(i, values) => {
                    if let (Some(input), Some(Some(v))) = (model.input_by(*i), values.get(k)) {
                        observed
                            .values
                            .insert(input.id.clone(), crate::model::InputValue::of(input, *v));
                    }
                }
                Input::Question(q, answers) => {
                    if let Some(Some(a)) = answers.get(k) {
                        observed.answers.insert(
                            model.question_id(*q).to_string(),
                            model.answer_word(*q, *a).to_string(),
                        );
                    }
                }
            }
        }
        observed
    }
}

fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// For each input (in order), the values worth trying: none, the ends of its
/// range, and each number a comparison names with its neighbours (within the range).
fn interesting_values(model: &Model) -> Vec<Vec<Option<u32>>> {
    let mut named: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); model.inputs().len()];
    let mut note = |t: &Trigger| {
        each_comparison(t, &mut |input, value| {
            if let Some(set) = named.get_mut(input.0) {
                set.extend([value.saturating_sub(1), value, value.saturating_add(1)]);
            }
        })
    };
    for group in model.criteria() {
        group.applies_when.iter().for_each(&mut note);
        if let Some(scoring) = &group.scoring {
            scoring.overrides.iter().for_each(|o| note(&o.when));
        }
    }
    model
        .factors()
        .iter()
        .flat_map(|f| f.derived.iter().chain(&f.only_when))
        .for_each(&mut note);
    for track in model.tracks() {
        note(&track.trigger);
        for step in &track.steps {
            step.skip_when.iter().chain(&step.only_when).for_each(&mut note);
            step.deadlines_when.iter().for_each(|d| note(&d.when));
        }
    }
    model
        .inputs()
        .iter()
        .zip(named)
        .map(|(input, mut set)| {
            if let Some((low, high)) = input.range {
                set.extend([low, high]);
                set.retain(|v| (low..=high).contains(v));
            }
            std::iter::once(None).chain(set.into_iter().map(Some)).collect()
        })
        .collect()
}

/// Calls `found` with each comparison of an input inside `trigger`.
fn each_comparison(trigger: &Trigger, found: &mut dyn FnMut(InputIdx, u32)) {
    match trigger {
        Trigger::Compare { input, value, .. } => found(*input, *value),
        Trigger::Not(inner) => each_comparison(inner, found),
        Trigger::All(items) | Trigger::Any(items) => items.iter().for_each(|t| each_comparison(t, found)),
        Trigger::Criteria(_) | Trigger::Signal(_) | Trigger::Level { .. } | Trigger::Answer { .. } => {}
    }
}

// The closed sets the vectors write as strings, each an `enum` in the schema.

/// Answers by question id: `yes`, `no`, `unclear` or a choice's id.
fn answers(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "object",
        "additionalProperties": { "type": "string", "pattern": "^[A-Za-z0-9_]+$" }
    })
}

fn visit(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "enum": ["done", "skipped", "answered"] })
}
