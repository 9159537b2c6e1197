//! When something holds: [`Trigger`], a formula over criteria verdicts, levels,
//! signals, comparisons of inputs and answers to questions; its leaves; the [`Facts`] it reads; and
//! writing it in words (the protocol's own, or plain words for handouts).

pub use crate::syntax::ast::CompareOp;

impl CompareOp {
    /// Every operator (the JSON Schema's `enum` of `op`).
    pub const ALL: [CompareOp; 5] = [
        CompareOp::Less,
        CompareOp::LessOrEqual,
        CompareOp::Greater,
        CompareOp::GreaterOrEqual,
        CompareOp::Equal,
    ];
}

use super::{Answer, CriteriaIdx, InputIdx, LevelIdx, Model, QuestionIdx, SignalIdx};

/// When a track applies: a formula over criteria verdicts and signals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trigger {
    Criteria(CriteriaIdx),
    Signal(SignalIdx),
    /// `age < 13`: false when the input has no value.
    Compare {
        input: InputIdx,
        op: CompareOp,
        value: u32,
    },
    /// `screening is high` (`at_least`: or higher): false when the group has no level.
    Level {
        criteria: CriteriaIdx,
        at_least: bool,
        level: LevelIdx,
    },
    /// `plan is yes`: the question was answered so, or "unclear" where `unclear_too`
    /// (its `unclear_counts_as` names this answer); false when it has no answer.
    Answer {
        question: QuestionIdx,
        answer: Answer,
        unclear_too: bool,
    },
    Not(Box<Trigger>),
    All(Vec<Trigger>),
    Any(Vec<Trigger>),
}

impl Trigger {
    /// Evaluates the trigger over what is known about a student.
    pub fn holds(&self, facts: &dyn Facts) -> bool {
        match self {
            Trigger::Criteria(c) => facts.criteria_met(*c),
            Trigger::Signal(s) => facts.signal(*s),
            Trigger::Compare { input, op, value } => facts.input(*input).is_some_and(|v| op.holds(v, *value)),
            Trigger::Level {
                criteria,
                at_least,
                level,
            } => facts
                .level(*criteria)
                .is_some_and(|l| if *at_least { l >= *level } else { l == *level }),
            Trigger::Answer {
                question,
                answer,
                unclear_too,
            } => answer_holds(facts.answer(*question), *answer, *unclear_too),
            Trigger::Not(inner) => !inner.holds(facts),
            Trigger::All(items) => items.iter().all(|t| t.holds(facts)),
            Trigger::Any(items) => items.iter().any(|t| t.holds(facts)),
        }
    }

    /// Every leaf of the trigger, in order.
    pub fn leaves(&self, out: &mut Vec<Leaf>) {
        match self {
            Trigger::Not(inner) => inner.leaves(out),
            Trigger::All(items) | Trigger::Any(items) => items.iter().for_each(|t| t.leaves(out)),
            leaf => out.extend(leaf.as_leaf()),
        }
    }

    /// The trigger as a leaf, if it is one (a name, a comparison or a level test).
    pub fn as_leaf(&self) -> Option<Leaf> {
        match *self {
            Trigger::Criteria(c) => Some(Leaf::Criteria(c)),
            Trigger::Signal(s) => Some(Leaf::Signal(s)),
            Trigger::Compare { input, op, value } => Some(Leaf::Compare { input, op, value }),
            Trigger::Level {
                criteria,
                at_least,
                level,
            } => Some(Leaf::Level {
                criteria,
                at_least,
                level,
            }),
            Trigger::Answer {
                question,
                answer,
                unclear_too,
            } => Some(Leaf::Answer {
                question,
                answer,
                unclear_too,
            }),
            Trigger::Not(_) | Trigger::All(_) | Trigger::Any(_) => None,
        }
    }

    /// The trigger written back in the protocol language, e.g. `at_risk_1 or at_risk_2`.
    pub fn source_text(&self, model: &Model) -> String {
        self.write(&TriggerWords::PROTOCOL, &|leaf| match leaf {
            Leaf::Criteria(c) => model.criteria_by(c).map_or("?", |c| c.id.as_str()).to_string(),
            Leaf::Signal(s) => model.signal_by(s).map_or("?", |s| s.id.as_str()).to_string(),
            Leaf::Compare { input, op, value } => match model.input_by(input) {
                Some(i) => format!("{} {} {}", i.id, op.symbol(), i.value_written(value)),
                None => format!("? {} {value}", op.symbol()),
            },
            Leaf::Level {
                criteria,
                at_least,
                level,
            } => {
                let group = model.criteria_by(criteria);
                format!(
                    "{} {} {}",
                    group.map_or("?", |c| c.id.as_str()),
                    if at_least { "at_least" } else { "is" },
                    group
                        .and_then(|c| c.level_by(level))
                        .map_or("?", |l| l.id.as_str())
                )
            }
            Leaf::Answer { question, answer, .. } => {
                format!(
                    "{} is {}",
                    model.question_id(question),
                    model.answer_word(question, answer)
                )
            }
        })
    }

    /// The trigger written with `words` for the operators and `name` for each
    /// criteria group or signal, with parentheses only where they are needed
    /// (`not` binds tightest, then `and`, then `or`). Every output that shows a
    /// trigger — protocol text, handout, flowchart, Rust — writes it through here.
    pub fn write(&self, words: &TriggerWords<'_>, name: &dyn Fn(Leaf) -> String) -> String {
        self.write_within(words, name, 0)
    }

    /// `parent` is the binding strength around this trigger: 0 top, 1 or, 2 and, 3 not.
    fn write_within(&self, words: &TriggerWords<'_>, name: &dyn Fn(Leaf) -> String, parent: u8) -> String {
        let join = |items: &[Trigger], strength: u8, separator: &str| {
            items
                .iter()
                .map(|t| t.write_within(words, name, strength))
                .collect::<Vec<_>>()
                .join(separator)
        };
        let (own, text) = match self {
            Trigger::Criteria(_)
            | Trigger::Signal(_)
            | Trigger::Compare { .. }
            | Trigger::Level { .. }
            | Trigger::Answer { .. } => (3, self.as_leaf().map_or_else(String::new, name)),
            Trigger::Not(inner) => (3, format!("{}{}", words.not, inner.write_within(words, name, 3))),
            Trigger::All(items) => (2, join(items, 2, words.and)),
            Trigger::Any(items) => (1, join(items, 1, words.or)),
        };
        if own < parent {
            format!("({text})")
        } else {
            text
        }
    }
}

/// A name in a trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Leaf {
    Criteria(CriteriaIdx),
    Signal(SignalIdx),
    Compare {
        input: InputIdx,
        op: CompareOp,
        value: u32,
    },
    Level {
        criteria: CriteriaIdx,
        at_least: bool,
        level: LevelIdx,
    },
    Answer {
        question: QuestionIdx,
        answer: Answer,
        unclear_too: bool,
    },
}

/// Whether an answer test holds for the answer recorded (`None`: not answered).
fn answer_holds(recorded: Option<Answer>, answer: Answer, unclear_too: bool) -> bool {
    recorded == Some(answer) || (unclear_too && recorded == Some(Answer::Unclear))
}

/// What a trigger reads: what is known about one student.
pub trait Facts {
    fn criteria_met(&self, criteria: CriteriaIdx) -> bool;
    fn signal(&self, signal: SignalIdx) -> bool;
    /// An input's value, when given.
    fn input(&self, input: InputIdx) -> Option<u32>;
    /// A scored group's level, when it has one.
    fn level(&self, criteria: CriteriaIdx) -> Option<LevelIdx>;
    /// The answer recorded for a question, when it has one.
    fn answer(&self, question: QuestionIdx) -> Option<Answer>;
}

/// The words a trigger is written with (see [`Trigger::write`]).
#[derive(Clone, Copy, Debug)]
pub struct TriggerWords<'a> {
    pub and: &'a str,
    pub or: &'a str,
    /// Written before what it negates, e.g. `"not "`.
    pub not: &'a str,
}

impl TriggerWords<'static> {
    /// As in a protocol file: `a and not (b or c)`.
    pub const PROTOCOL: TriggerWords<'static> = TriggerWords {
        and: " and ",
        or: " or ",
        not: "not ",
    };
}
