//! The generated module's TypeScript declarations (`<stem>.d.mts`): the protocol's
//! ids as string-literal unions (`FactorId`, `AnsweredFactorId`, `SignalId`,
//! `InputId`, `QuestionId`, `ChoiceId`, `CriteriaId`, `LevelId`, `TrackId`, `StepId`,
//! `ContactId`), then the fixed types of `types.d.mts` written over them.

use super::{fixed_part, header, string_literal};
use crate::model::Model;
use std::collections::BTreeSet;

/// The fixed types every declaration file ends with.
const TYPES: &str = include_str!("types.d.mts");

/// The `.d.mts` text for a model's module.
pub fn to_declarations(model: &Model) -> String {
    let mut out = header(model, "module's TypeScript declarations");
    out.push('\n');
    let steps = model.tracks.iter().flat_map(|t| t.steps.iter());
    let questions = model
        .questions
        .iter()
        .filter_map(|q| model.step_by(*q))
        .map(|s| s.id.as_str());
    let levels = model
        .criteria
        .iter()
        .filter_map(|c| c.scoring.as_ref())
        .flat_map(|s| s.levels.iter().map(|l| l.id.as_str()));
    let choices = steps
        .clone()
        .filter_map(|s| s.question.as_ref())
        .flat_map(|q| q.choices().iter().map(|c| c.id.as_str()));
    let unions: [(&str, &str, Vec<&str>); 11] = [
        (
            "A factor's id.",
            "FactorId",
            model.factors.iter().map(|f| f.id.as_str()).collect(),
        ),
        (
            "A factor staff answer (not one worked out from inputs).",
            "AnsweredFactorId",
            model
                .factors
                .iter()
                .filter(|f| f.derived.is_none())
                .map(|f| f.id.as_str())
                .collect(),
        ),
        (
            "A signal's id.",
            "SignalId",
            model.signals.iter().map(|s| s.id.as_str()).collect(),
        ),
        (
            "An input's id.",
            "InputId",
            model.inputs.iter().map(|i| i.id.as_str()).collect(),
        ),
        ("A question's id.", "QuestionId", questions.collect()),
        (
            "A choice's id (of any question answered by picking one).",
            "ChoiceId",
            choices.collect(),
        ),
        (
            "A criteria group's id.",
            "CriteriaId",
            model.criteria.iter().map(|c| c.id.as_str()).collect(),
        ),
        ("A level's id (of any scored group).", "LevelId", levels.collect()),
        (
            "A track's id.",
            "TrackId",
            model.tracks.iter().map(|t| t.id.as_str()).collect(),
        ),
        (
            "A step's or question's id (of any track).",
            "StepId",
            steps.map(|s| s.id.as_str()).collect(),
        ),
        (
            "A contact's id.",
            "ContactId",
            model.contacts.iter().map(|c| c.id.as_str()).collect(),
        ),
    ];
    for (what, name, ids) in unions {
        out.push_str(&format!("/** {what} */\nexport type {name} = {};\n", union(ids)));
    }
    out.push('\n');
    out.push_str(&fixed_part(TYPES));
    out
}

/// `"a" | "b"` for the ids (each once, in first-seen order); `never` for none.
fn union(ids: Vec<&str>) -> String {
    let mut seen = BTreeSet::new();
    let literals: Vec<String> = ids
        .into_iter()
        .filter(|id| seen.insert(*id))
        .map(string_literal)
        .collect();
    if literals.is_empty() {
        "never".to_string()
    } else {
        literals.join(" | ")
    }
}
