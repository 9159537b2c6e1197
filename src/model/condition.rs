//! A trigger in a reader's words ([`Model::condition`]): what must hold, said positively
//! where the language allows and otherwise with "unless", never "not <sentence>".
//!
//! Criteria groups, comparisons, levels and answers each have a negative form ("is not
//! met", "is not under 13", "was not answered yes"). A signal is the author's own
//! sentence ("The child has additional needs") and has none, so a negated signal is said
//! with "unless": `a and not s` → "a, unless s"; `not s` alone → a condition that reads
//! as "Unless: s" (the caller picks the word: "Unless", or the other guard of a step).
//! Only a negated signal that no "unless" can carry (`a or not s`) is written as
//! "“s” does not hold". Protocol text is set inside the sentence in lower case where
//! safe ([`crate::sentence::mid_sentence`]); titles and questions are quoted; an `and`
//! inside an `or` (or the other way round) is put in parentheses, so the grouping of
//! the trigger is kept in words.

use super::{Answer, CompareOp, CriteriaIdx, Model, Question, Trigger};

/// A trigger in words, and how the sentence around it must read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// `text` says when the trigger does **not** hold: the sentence reads it with
    /// "unless" (or the opposite guard: "Skip when" for "Only when").
    pub negated: bool,
    pub text: String,
}

impl Condition {
    /// The condition after one of two lead words: `when` when it reads positively,
    /// `unless` when it is negated (each a label key of the model's language).
    pub fn after(&self, model: &Model, when: &str, unless: &str) -> String {
        let lead = model.labels.get(if self.negated { unless } else { when });
        format!("{lead} {}", self.text)
    }
}

/// Words for part of a trigger.
#[derive(Clone)]
struct Phrase {
    text: String,
    /// An `and`, an `or`, or "…, unless …": set in parentheses inside another.
    compound: bool,
    /// Holds a signal negated with "does not hold": the wording to avoid.
    awkward: bool,
}

impl Phrase {
    fn simple(text: String) -> Self {
        Phrase {
            text,
            compound: false,
            awkward: false,
        }
    }

    /// Its text as part of an `and` or an `or`.
    fn nested(&self) -> String {
        if self.compound {
            format!("({})", self.text)
        } else {
            self.text.clone()
        }
    }
}

impl Model {
    /// Protocol text as it reads inside a sentence ([`crate::sentence::mid_sentence`],
    /// with the protocol's `proper_nouns`).
    pub fn mid_sentence(&self, text: &str) -> String {
        crate::sentence::mid_sentence(text, &self.metadata.proper_nouns)
    }

    /// A contact's name as it reads inside a sentence ([`crate::sentence::name_mid_sentence`]).
    pub fn name_mid_sentence(&self, name: &str) -> String {
        crate::sentence::name_mid_sentence(name, &self.metadata.proper_nouns)
    }

    /// A step's text as it reads after its condition.
    pub fn linked_mid_sentence(&self, text: &super::LinkedText) -> super::LinkedText {
        crate::sentence::linked_mid_sentence(text, &self.metadata.proper_nouns)
    }

    /// A step's guard in words, with the label key it follows: `skip_when` or
    /// `only_when`, a guard that reads best negated said as the other ("Only when:
    /// the child has additional needs" for `skip_when not additional_needs`).
    pub fn guard(&self, step: &super::Step) -> Option<(&'static str, String)> {
        let (skip, trigger) = match (&step.skip_when, &step.only_when) {
            (Some(t), _) => (true, t),
            (None, Some(t)) => (false, t),
            (None, None) => return None,
        };
        let words = self.condition(trigger);
        let key = if skip != words.negated {
            "skip_when"
        } else {
            "only_when"
        };
        Some((key, words.text))
    }

    /// A trigger in the words of the model's language: positive where it can be
    /// ("“At Risk Factors - Criteria 1” is met or CSEC is suspected"), else negated so
    /// the sentence can say "unless" ("Unless: the child has additional needs").
    pub fn condition(&self, trigger: &Trigger) -> Condition {
        let [holds, fails] = self.phrases(trigger);
        if holds.awkward && !fails.awkward {
            return Condition {
                negated: true,
                text: fails.text,
            };
        }
        Condition {
            negated: false,
            text: holds.text,
        }
    }

    /// Words for `trigger` holding and for it failing, worked out together bottom-up
    /// (each part once, however deep the nesting).
    fn phrases(&self, trigger: &Trigger) -> [Phrase; 2] {
        let parts = |items: &[Trigger]| items.iter().map(|t| self.phrases(t)).collect::<Vec<_>>();
        match trigger {
            Trigger::Not(inner) => {
                let [holds, fails] = self.phrases(inner);
                [fails, holds]
            }
            // Not all of them: one of them fails; not any of them: all of them fail.
            Trigger::All(items) => {
                let parts = parts(items);
                let fails: Vec<&Phrase> = parts.iter().map(|[_, f]| f).collect();
                [self.all(&parts, true), self.any(&fails)]
            }
            Trigger::Any(items) => {
                let parts = parts(items);
                let holds: Vec<&Phrase> = parts.iter().map(|[h, _]| h).collect();
                [self.any(&holds), self.all(&parts, false)]
            }
            leaf => [self.leaf(leaf, true), self.leaf(leaf, false)],
        }
    }

    /// Every part holding (or, `holds` false, failing): joined with "and"; the parts
    /// best said negated gathered after "unless".
    fn all(&self, parts: &[[Phrase; 2]], holds: bool) -> Phrase {
        let (mine, opposite) = if holds { (0, 1) } else { (1, 0) };
        let phrases: Vec<&Phrase> = parts.iter().filter_map(|p| p.get(mine)).collect();
        let mut both: Vec<&Phrase> = Vec::new();
        let mut unless: Vec<&Phrase> = Vec::new();
        for part in parts {
            match (part.get(mine), part.get(opposite)) {
                (Some(p), Some(o)) if p.awkward && !o.awkward => unless.push(o),
                (Some(p), _) => both.push(p),
                (None, _) => {}
            }
        }
        let and = format!(" {} ", self.labels.get("and"));
        let or = format!(" {} ", self.labels.get("or"));
        let joined = |phrases: &[&Phrase], separator: &str| {
            phrases
                .iter()
                .map(|p| p.nested())
                .collect::<Vec<_>>()
                .join(separator)
        };
        if both.is_empty() || unless.is_empty() {
            // Nothing to say with "unless", or nothing before it: every part joined
            // with "and" (when all read badly, the caller says the whole negated).
            if let [only] = phrases.as_slice() {
                return (*only).clone();
            }
            return Phrase {
                text: joined(&phrases, &and),
                compound: true,
                awkward: phrases.iter().any(|p| p.awkward),
            };
        }
        Phrase {
            text: format!(
                "{}, {} {}",
                joined(&both, &and),
                self.labels.get("unless"),
                joined(&unless, &or)
            ),
            compound: true,
            awkward: both.iter().any(|p| p.awkward),
        }
    }

    /// One of the parts holding (or one of them failing: the parts' words for it),
    /// joined with "or".
    fn any(&self, phrases: &[&Phrase]) -> Phrase {
        let or = format!(" {} ", self.labels.get("or"));
        if let [only] = phrases {
            return (*only).clone();
        }
        Phrase {
            text: phrases.iter().map(|p| p.nested()).collect::<Vec<_>>().join(&or),
            compound: true,
            awkward: phrases.iter().any(|p| p.awkward),
        }
    }

    /// A leaf holding or not: a group by its title in quotes, a signal by its text,
    /// an input by its text, a question in quotes.
    fn leaf(&self, leaf: &Trigger, holds: bool) -> Phrase {
        let labels = &self.labels;
        let quoted = |text: &str| format!("“{text}”");
        let title = |c: CriteriaIdx| quoted(self.criteria_by(c).map_or("?", |c| c.title.as_str()));
        let inside = |text: &str| self.mid_sentence(text);
        let text = match leaf {
            Trigger::Criteria(c) => {
                let outcome = self.criteria_by(*c).is_some_and(|c| c.outcome);
                let key = match (outcome, holds) {
                    (true, true) => "is_set",
                    (true, false) => "is_not_set",
                    (false, true) => "is_met",
                    (false, false) => "is_not_met",
                };
                format!("{} {}", title(*c), labels.get(key))
            }
            Trigger::Signal(s) => {
                let text = self.signal_by(*s).map_or("?", |s| s.text.as_str());
                if holds {
                    inside(text)
                } else {
                    return Phrase {
                        text: format!("{} {}", quoted(text), labels.get("does_not_hold")),
                        compound: false,
                        awkward: true,
                    };
                }
            }
            Trigger::Compare { input, op, value } => match self.input_by(*input) {
                Some(scale) if !scale.scale.is_empty() => format!(
                    "{} {}",
                    inside(&scale.text),
                    scale_words(labels, scale, *op, *value, holds, &inside)
                ),
                input => format!(
                    "{} {} {value}",
                    inside(input.map_or("?", |i| i.text.as_str())),
                    compare_words(labels, *op, holds)
                ),
            },
            Trigger::Level {
                criteria,
                at_least,
                level,
            } => {
                let group = self.criteria_by(*criteria);
                let level_title = group.map_or("?", |c| c.level_title(*level));
                let or_higher = *at_least && !group.is_some_and(|c| c.is_highest(*level));
                match (holds, or_higher) {
                    (true, false) => format!("{} {} {level_title}", title(*criteria), labels.get("is_level")),
                    (true, true) => format!(
                        "{} {} {level_title} {}",
                        title(*criteria),
                        labels.get("is_level"),
                        labels.get("or_higher")
                    ),
                    (false, false) => format!(
                        "{} {} {level_title}",
                        title(*criteria),
                        labels.get("is_not_level")
                    ),
                    (false, true) => format!(
                        "{} {} {} {level_title}",
                        title(*criteria),
                        labels.get("is_not_level"),
                        labels.get("at_least")
                    ),
                }
            }
            Trigger::Answer { question, answer, .. } => {
                let key = match (answer, holds) {
                    (Answer::No, true) => "answered_no",
                    (Answer::No, false) => "not_answered_no",
                    (Answer::Yes | Answer::Unclear, true) => "answered_yes",
                    (Answer::Yes | Answer::Unclear, false) => "not_answered_yes",
                    (Answer::Choice(_), true) => "answered_choice",
                    (Answer::Choice(_), false) => "not_answered_choice",
                };
                let said = format!("{} {}", quoted(self.question_text(*question)), labels.get(key));
                match answer {
                    Answer::Choice(at) => {
                        let choices = self
                            .question_by(*question)
                            .map(Question::choices)
                            .unwrap_or_default();
                        let title = choices.get(*at).map_or("?", |c| c.title.as_str());
                        format!("{said} {}", quoted(title))
                    }
                    _ => said,
                }
            }
            Trigger::Not(_) | Trigger::All(_) | Trigger::Any(_) => String::new(),
        };
        Phrase::simple(text)
    }
}

/// A scale's comparison in words, after the input's text, by the value's title:
/// "is high or higher", "is below moderate", "is not high". A negated order reads
/// as the opposite order (`not (safety >= high)`: "is below high"); an end of the
/// scale needs no "or higher" ("is very high").
fn scale_words(
    labels: &crate::labels::Labels,
    scale: &crate::model::Input,
    op: CompareOp,
    value: u32,
    holds: bool,
    inside: &dyn Fn(&str) -> String,
) -> String {
    let title = inside(&scale.value_title(value));
    let last = u32::try_from(scale.scale.len().saturating_sub(1)).unwrap_or(u32::MAX);
    let op = match (holds, op) {
        (true, op) => Some(op),
        (false, CompareOp::Equal) => None,
        (false, CompareOp::Less) => Some(CompareOp::GreaterOrEqual),
        (false, CompareOp::LessOrEqual) => Some(CompareOp::Greater),
        (false, CompareOp::Greater) => Some(CompareOp::LessOrEqual),
        (false, CompareOp::GreaterOrEqual) => Some(CompareOp::Less),
    };
    let is = labels.get("equals");
    match op {
        None => format!("{} {title}", labels.get("not_equals")),
        Some(CompareOp::Equal) => format!("{is} {title}"),
        Some(CompareOp::GreaterOrEqual) if value >= last => format!("{is} {title}"),
        Some(CompareOp::LessOrEqual) if value == 0 => format!("{is} {title}"),
        Some(CompareOp::GreaterOrEqual) => format!("{is} {title} {}", labels.get("or_higher")),
        Some(CompareOp::LessOrEqual) => format!("{is} {title} {}", labels.get("or_lower")),
        Some(CompareOp::Greater) => format!("{} {title}", labels.get("is_above")),
        Some(CompareOp::Less) => format!("{} {title}", labels.get("is_below")),
    }
}

/// A comparison in words, or its negation: "is under", "is not under" …
fn compare_words(labels: &crate::labels::Labels, op: CompareOp, holds: bool) -> &str {
    if holds {
        return labels.compare(op);
    }
    labels.get(match op {
        CompareOp::Less => "is_not_under",
        CompareOp::LessOrEqual => "is_not_at_most",
        CompareOp::Greater => "is_not_over",
        CompareOp::GreaterOrEqual => "is_not_at_least",
        CompareOp::Equal => "not_equals",
    })
}
