//! What the generated module's interpreter (`runtime.mjs`) reads: the model's rules
//! by position (groups in the order they are worked out, factors, tracks in
//! precedence, steps, questions, routes) and the texts the assessment quotes
//! (ids, titles, step texts, deadlines, outcomes, triggers as written).

use crate::model::{Alone, Criteria, Model, Question, Route, Step, Threshold, Track, Trigger};
use serde_json::{json, Value};

/// The rules, as the `RULES` constant of the module.
pub(super) fn rules(model: &Model) -> Value {
    // `eval --json` lists values by input id, in the order of the ids' bytes.
    let mut values_order: Vec<usize> = (0..model.inputs.len()).collect();
    values_order.sort_by(|a, b| {
        let id = |i: &usize| model.inputs.get(*i).map(|x| x.id.as_bytes());
        id(a).cmp(&id(b))
    });
    json!({
        "factors": model.factors.iter().map(|f| with_extras(model, f, json!({
            "id": f.id,
            "points": f.points,
            "possible": f.possible,
            "alone": match f.alone {
                None => Value::Null,
                Some(Alone::Meets) => json!("meets"),
                Some(Alone::AtLeast(level)) => json!(level.0),
            },
            "derived": f.derived.as_ref().map(|t| trigger(model, t)),
            "derived_text": f.derived.as_ref().map(|t| t.source_text(model)),
        }))).collect::<Vec<_>>(),
        "signals": model.signals.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        "inputs": model.inputs.iter().map(|i| json!({
            "id": i.id,
            "range": i.range.map(|(low, high)| [low, high]),
            "scale": (!i.scale.is_empty()).then(|| i.scale.iter().map(|v| v.id.as_str()).collect::<Vec<_>>()),
        })).collect::<Vec<_>>(),
        "values_order": values_order,
        "criteria": model.criteria.iter().map(|c| criteria(model, c)).collect::<Vec<_>>(),
        "criteria_order": model.criteria_order.iter().map(|c| c.0).collect::<Vec<_>>(),
        "tracks": model.tracks.iter().map(|t| track(model, t)).collect::<Vec<_>>(),
        "precedence": model.precedence.iter().map(|t| t.0).collect::<Vec<_>>(),
        "questions": model.questions.iter().map(|q| json!([q.track.0, q.step])).collect::<Vec<_>>(),
    })
}

fn criteria(model: &Model, c: &Criteria) -> Value {
    let mut group = json!({
        "id": c.id,
        "threshold": match c.threshold {
            Threshold::AtLeast(n) => json!({ "count": n }),
            Threshold::AtLeastLevel(level) => json!({ "level": level.0 }),
        },
        "factors": c.factors.iter().map(|f| f.0).collect::<Vec<_>>(),
        "applies_when": c.applies_when.as_ref().map(|t| trigger(model, t)),
        "applies_when_text": c.applies_when.as_ref().map(|t| t.source_text(model)),
        "possible_counts_as_yes": c.possible_counts_as_yes,
        "scoring": c.scoring.as_ref().map(|s| json!({
            "levels": s.levels.iter().map(|l| json!({ "id": l.id, "from": l.range.map(|r| r.from), "to": l.range.and_then(|r| r.to) })).collect::<Vec<_>>(),
            "overrides": s.overrides.iter().map(|o| json!({
                "force": o.force,
                "level": o.level.0,
                "when": trigger(model, &o.when),
                "when_text": o.when.source_text(model),
            })).collect::<Vec<_>>(),
        })),
    });
    // Only an outcome says so (the runtime reads a missing `outcome` as false).
    if let (true, Some(fields)) = (c.outcome, group.as_object_mut()) {
        fields.insert("outcome".to_string(), Value::Bool(true));
    }
    group
}

fn track(model: &Model, t: &Track) -> Value {
    json!({
        "id": t.id,
        "title": t.title,
        "trigger": trigger(model, &t.trigger),
        "trigger_text": t.trigger.source_text(model),
        "superseded_by": t.superseded_by.iter().map(|s| s.0).collect::<Vec<_>>(),
        "steps": t.steps.iter().map(|s| step(model, s)).collect::<Vec<_>>(),
    })
}

fn step(model: &Model, s: &Step) -> Value {
    let trigger = |t: &Trigger| trigger(model, t);
    json!({
        "id": s.id,
        "text": s.text.text,
        "condition": s.condition,
        "deadline": s.deadline,
        "deadlines_when": s.deadlines_when.iter().map(|d| json!({ "when": trigger(&d.when), "text": d.text })).collect::<Vec<_>>(),
        "skip_when": s.skip_when.as_ref().map(trigger),
        "only_when": s.only_when.as_ref().map(trigger),
        "end": s.end,
        "ends_track": s.ends_track,
        "question": s.question.as_ref().map(|q| match q {
            Question::YesNo(q) => json!({
                "yes": route(&q.yes),
                "no": route(&q.no),
                "unclear_counts_as": q.unclear_counts_as.map(|a| a.as_str()),
                "choices": null,
                "select_all": q.select_all.map(|g| g.0),
            }),
            Question::Choices(choices) => json!({
                "yes": null,
                "no": null,
                "unclear_counts_as": null,
                "choices": choices.iter().map(|c| json!([c.id, route(&c.route)])).collect::<Vec<_>>(),
                "select_all": null,
            }),
        }),
    })
}

/// A route: `["next"]`, `["goto", step]`, `["track", track]`, `["end", outcome]`
/// or `["end_track", outcome]`.
fn route(r: &Route) -> Value {
    match r {
        Route::Next => json!(["next"]),
        Route::Goto(step) => json!(["goto", step]),
        Route::Track(track) => json!(["track", track.0]),
        Route::End(outcome) => json!(["end", outcome]),
        Route::EndTrack(outcome) => json!(["end_track", outcome]),
    }
}

/// A trigger by position: `["criteria", group]`, `["signal", signal]`,
/// `["compare", input, op, value]`, `["level", group, at_least, level]`,
/// `["answer", question, answer, unclear_too]`, `["not", t]`, `["all", [t…]]`,
/// `["any", [t…]]`.
fn trigger(model: &Model, t: &Trigger) -> Value {
    let trigger = |t: &Trigger| trigger(model, t);
    match t {
        Trigger::Criteria(c) => json!(["criteria", c.0]),
        Trigger::Signal(s) => json!(["signal", s.0]),
        Trigger::Compare { input, op, value } => json!(["compare", input.0, op.symbol(), value]),
        Trigger::Level {
            criteria,
            at_least,
            level,
        } => json!(["level", criteria.0, at_least, level.0]),
        Trigger::Answer {
            question,
            answer,
            unclear_too,
        } => json!([
            "answer",
            question.0,
            model.answer_word(*question, *answer),
            unclear_too
        ]),
        Trigger::Not(inner) => json!(["not", trigger(inner)]),
        Trigger::All(items) => json!(["all", items.iter().map(trigger).collect::<Vec<_>>()]),
        Trigger::Any(items) => json!(["any", items.iter().map(trigger).collect::<Vec<_>>()]),
    }
}

/// A factor's rules with what only some factors have, absent (not null) otherwise so
/// a module without them is unchanged: a grade's `grade_text`, "supervision: Sometimes
/// left alone overnight", which the assessment says it by (as `evaluate::assess`), and
/// an `only_when` with its `only_when_text`.
fn with_extras(model: &Model, factor: &crate::model::Factor, mut rules: Value) -> Value {
    if let Value::Object(map) = &mut rules {
        if let Some(text) = factor.grade_words(model) {
            map.insert("grade_text".to_string(), Value::String(text));
        }
        if let Some(when) = &factor.only_when {
            map.insert("only_when".to_string(), trigger(model, when));
            map.insert(
                "only_when_text".to_string(),
                Value::String(when.source_text(model)),
            );
        }
    }
    rules
}
