//! The model in the chart's words: triggers, conditions (a range of one input
//! compacted), a group's threshold and the labels on an answer's arrows.

use crate::model::{Answer, CompareOp, InputIdx, Model, Trigger, Wording};

/// `text` with its first letter in upper case.
pub(super) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A condition in words, a range of one input compacted: "Student's age in years is 11 to 18".
pub(super) fn condition_words(model: &Model, t: &Trigger) -> String {
    if let Trigger::All(items) = t {
        if let [a, b] = items.as_slice() {
            if let (Some((ia, la, ua)), Some((ib, lb, ub))) = (bound(a), bound(b)) {
                let (low, high) = (la.or(lb), ua.or(ub));
                if let (true, Some(low), Some(high)) = (ia == ib, low, high) {
                    if la.xor(lb).is_some() && ua.xor(ub).is_some() && low < high {
                        if let Some(input) = model.input_by(ia) {
                            return format!(
                                "{} {} {low} {} {high}",
                                input.text,
                                model.labels.get("equals"),
                                model.labels.get("to")
                            );
                        }
                    }
                }
            }
        }
    }
    trigger_words(model, t)
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

/// The trigger in words: criteria groups by title, signals by their text.
pub(super) fn trigger_words(model: &Model, t: &Trigger) -> String {
    model.trigger_words(t, Wording::Chart)
}

/// The words on an answer's arrow: "Yes", or "Yes (or unclear)" when an unclear
/// answer takes the same route.
/// `answer` is `"Yes"` or `"No"` (the ids' words); the label is in the chart's language.
pub(super) fn answer_label(model: &Model, answer: &str, unclear: Option<Answer>) -> String {
    let same = match unclear {
        Some(Answer::Yes) => answer == "Yes",
        Some(Answer::No) => answer == "No",
        _ => false,
    };
    let words = model.labels.get(if answer == "Yes" {
        "answer_yes"
    } else {
        "answer_no"
    });
    if same {
        format!("{words} ({})", model.labels.get("or_unclear"))
    } else {
        words.to_string()
    }
}
