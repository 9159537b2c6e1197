//! Translations → JSON: each `translation` block's language, labels, and its
//! translated texts keyed as a translation line names them.

use super::document::TranslationJson;
use crate::model::{self, Model};
use crate::syntax::ast::{keyword, TranslationKind as K};

/// A translation: its language, its labels, and its texts by key.
pub(super) fn translation(model: &Model, t: &model::Translation) -> TranslationJson {
    let mut texts = std::collections::BTreeMap::new();
    let mut put = |key: String, value: Option<&String>| {
        if let Some(value) = value {
            texts.insert(key, value.clone());
        }
    };
    put(K::Title.key(""), t.title.as_ref());
    put(K::Summary.key(""), t.summary.as_ref());
    put(K::Audience.key(""), t.audience.as_ref());
    put(K::Jurisdiction.key(""), t.jurisdiction.as_ref());
    for (d, new) in model.definitions.iter().zip(&t.definitions) {
        if let Some((term, text)) = new {
            put(K::Definition.key(&format!("{}.term", d.id)), Some(term));
            put(K::Definition.key(&format!("{}.text", d.id)), Some(text));
        }
    }
    let pairs = [
        (
            K::Signal,
            model.signals.iter().map(|s| &s.id).collect::<Vec<_>>(),
            &t.signals,
        ),
        (
            K::Factor,
            model.factors.iter().map(|f| &f.id).collect(),
            &t.factors,
        ),
        (K::Track, model.tracks.iter().map(|x| &x.id).collect(), &t.tracks),
        (K::Input, model.inputs.iter().map(|x| &x.id).collect(), &t.inputs),
    ];
    for (kind, ids, values) in pairs {
        for (id, value) in ids.into_iter().zip(values) {
            put(kind.key(id), value.as_ref());
        }
    }
    for (c, new) in model.criteria.iter().zip(&t.criteria) {
        let kind = if c.outcome { K::Outcome } else { K::Criteria };
        put(kind.key(&c.id), new.as_ref());
    }
    for (c, new) in model.criteria.iter().zip(&t.nouns) {
        if let Some(noun) = new {
            put(K::ItemsCalled.key(&format!("{}.one", c.id)), Some(&noun.one));
            put(K::ItemsCalled.key(&format!("{}.many", c.id)), Some(&noun.many));
            let gender = keyword::gender(noun.feminine).to_string();
            put(K::ItemsCalled.key(&format!("{}.gender", c.id)), Some(&gender));
        }
    }
    for (r, new) in model.resources.iter().zip(&t.resources) {
        put(K::Resource.key(&r.id), new.as_ref().map(|l| &l.text));
    }
    for (input, new) in model.inputs.iter().zip(&t.values) {
        for (value, new) in input.scale.iter().zip(new) {
            put(K::Value.key(&format!("{}.{}", input.id, value.id)), new.as_ref());
        }
    }
    for (c, new) in model.criteria.iter().zip(&t.levels) {
        for (level, new) in c.scoring.iter().flat_map(|s| &s.levels).zip(new) {
            put(K::Level.key(&format!("{}.{}", c.id, level.id)), new.as_ref());
        }
    }
    for (c, new) in model.criteria.iter().zip(&t.tiers) {
        for (n, new) in new.iter().enumerate() {
            put(K::Tier.key(&format!("{}.{}", c.id, n + 1)), new.as_ref());
        }
    }
    for (i, track) in model.tracks.iter().enumerate() {
        for (n, new) in t.rules.get(i).into_iter().flatten().enumerate() {
            put(K::Rule.key(&format!("{}.{}", track.id, n + 1)), new.as_ref());
        }
        for (j, step) in track.steps.iter().enumerate() {
            let path = format!("{}.{}", track.id, step.id);
            let text = t.steps.get(i).and_then(|s| s.get(j)).and_then(Option::as_ref);
            let kind = if step.question.is_some() {
                K::Question
            } else {
                K::Step
            };
            put(kind.key(&path), text.map(|l| &l.text));
            if let Some(parts) = t.step_parts.get(i).and_then(|s| s.get(j)) {
                put(K::Role.key(&path), parts.role.as_ref());
                put(K::Deadline.key(&path), parts.deadline.as_ref());
                for (n, new) in parts.deadlines_when.iter().enumerate() {
                    put(K::Deadline.key(&format!("{path}.{}", n + 1)), new.as_ref());
                }
                put(K::End.key(&path), parts.end.as_ref());
                put(
                    K::End.key(&format!("{path}.{}", keyword::YES)),
                    parts.yes_end.as_ref(),
                );
                put(
                    K::End.key(&format!("{path}.{}", keyword::NO)),
                    parts.no_end.as_ref(),
                );
            }
            let condition = t
                .conditions
                .get(i)
                .and_then(|s| s.get(j))
                .and_then(Option::as_ref);
            put(K::Condition.key(&path), condition);
        }
    }
    for (key, value) in &t.texts {
        put(key.clone(), Some(value));
    }
    TranslationJson {
        language: t.language.tag.clone(),
        bcp47: t.language.bcp47(),
        name: t.language.name.clone(),
        labels: t
            .labels
            .all()
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        texts,
    }
}
