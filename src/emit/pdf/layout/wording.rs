//! The model in the chart's words: triggers, conditions (a range of one input
//! compacted), a group's threshold and the labels on an answer's arrows.

use crate::model::{Answer, CompareOp, Condition, InputIdx, Model, Question, Trigger};

pub(super) use crate::sentence::capitalised;

/// A condition in words, a range of one input compacted: "student's age in years is 11 to 18",
/// "how safe the child is at home is moderate to high" (a scale by its values' titles).
pub(super) fn condition_words(model: &Model, t: &Trigger) -> Condition {
    if let Trigger::All(items) = t {
        if let [a, b] = items.as_slice() {
            if let (Some((ia, la, ua)), Some((ib, lb, ub))) = (bound(a), bound(b)) {
                let (low, high) = (la.or(lb), ua.or(ub));
                if let (true, Some(low), Some(high)) = (ia == ib, low, high) {
                    if la.xor(lb).is_some() && ua.xor(ub).is_some() && low < high {
                        if let Some(input) = model.input_by(ia) {
                            return Condition {
                                negated: false,
                                text: format!(
                                    "{} {} {} {} {}",
                                    model.mid_sentence(&input.text),
                                    model.labels.get("equals"),
                                    model.mid_sentence(&input.value_title(low)),
                                    model.labels.get("to"),
                                    model.mid_sentence(&input.value_title(high))
                                ),
                            };
                        }
                    }
                }
            }
        }
    }
    model.condition(t)
}

/// A comparison as the bound it sets: its input, lowest and highest value allowed.
fn bound(t: &Trigger) -> Option<(InputIdx, Option<u32>, Option<u32>)> {
    let Trigger::Compare { input, op, value } = t else {
        return None;
    };
    let v = *value;
    Some(match op {
        CompareOp::GreaterOrEqual => (*input, Some(v), None),
        CompareOp::Greater => (*input, Some(v.checked_add(1)?), None),
        CompareOp::LessOrEqual => (*input, None, Some(v)),
        CompareOp::Less => (*input, None, Some(v.checked_sub(1)?)),
        CompareOp::Equal => return None,
    })
}

/// The words on an answer's arrow: "Yes", or "Yes (or unclear)" when an unclear
/// answer takes the same route; a choice's title. In the chart's language.
pub(super) fn answer_label(model: &Model, question: &Question, answer: Answer) -> String {
    let words = match answer {
        Answer::Yes | Answer::Unclear => model.labels.get("answer_yes"),
        Answer::No => model.labels.get("answer_no"),
        Answer::Choice(at) => {
            return question
                .choices()
                .get(at)
                .map_or_else(String::new, |c| c.title.clone())
        }
    };
    if question.unclear_counts_as() == Some(answer) {
        format!("{words} ({})", model.labels.get("or_unclear"))
    } else {
        words.to_string()
    }
}
