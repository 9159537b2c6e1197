//! A JSON value of the protocol document in words, for the diff: a trigger as it
//! is written (`at_risk_1 or not csec_suspected`), a route as `goto check_in`, a
//! list as its items joined by "; ", an object as its fields.

use serde_json::{Map, Value};

/// Keys whose value is a trigger tree.
const TRIGGER_KEYS: [&str; 6] = [
    "trigger",
    "skip_when",
    "only_when",
    "when",
    "applies_when",
    "derived",
];

/// Whether a key holds a trigger tree.
pub(super) fn is_trigger_key(key: &str) -> bool {
    TRIGGER_KEYS.contains(&key)
}

/// Whether an object has one key (a route, a trigger, an expectation), shown on one line.
pub(super) fn is_one_key(map: &Map<String, Value>) -> bool {
    map.len() == 1
}

/// Whether an object is said by a text of its own (a threshold's `text`).
pub(super) fn has_own_text(map: &Map<String, Value>) -> bool {
    map.contains_key("text") && !map.contains_key("id")
}

/// A value in words; `None` for null, an empty list or an empty object.
pub(super) fn render(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let words: Vec<String> = items.iter().filter_map(render).collect();
            (!words.is_empty()).then(|| words.join("; "))
        }
        Value::Object(map) => render_object(map),
    }
}

fn render_object(map: &Map<String, Value>) -> Option<String> {
    // A law by its citation, a threshold by its words.
    if let Some(citation) = map.get("citation").and_then(Value::as_str) {
        return Some(citation.to_string());
    }
    if has_own_text(map) && map.contains_key("kind") {
        return map.get("text").and_then(Value::as_str).map(str::to_string);
    }
    if let Some((key, inner)) = map.iter().next().filter(|_| map.len() == 1) {
        if let Some(trigger) = render_trigger(&Value::Object(map.clone())) {
            return Some(trigger);
        }
        return Some(match (key.as_str(), inner) {
            // A route that goes on: `next`.
            (key, Value::Bool(true)) => key.to_string(),
            (key, inner) => match render(inner) {
                Some(words) => format!("{} {words}", key.replace('_', " ")),
                None => key.replace('_', " "),
            },
        });
    }
    let mut fields = Vec::new();
    for (key, value) in map {
        // The tree of a trigger written out beside it, and a template beside its text, are said once.
        if key.ends_with("_template") || map.contains_key(&format!("{key}_text")) {
            continue;
        }
        let value = if is_trigger_key(key) {
            render_trigger(value)
        } else {
            render(value)
        };
        if let Some(words) = value {
            let key = key.strip_suffix("_text").unwrap_or(key);
            fields.push(format!("{}: {words}", key.replace('_', " ")));
        }
    }
    (!fields.is_empty()).then(|| fields.join(", "))
}

/// A trigger tree as it is written in a protocol file; `None` when `value` is not one.
pub(super) fn render_trigger(value: &Value) -> Option<String> {
    let words = trigger_words(value, false)?;
    Some(words)
}

fn trigger_words(value: &Value, nested: bool) -> Option<String> {
    let map = value.as_object().filter(|m| m.len() == 1)?;
    let (key, inner) = map.iter().next()?;
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    Some(match key.as_str() {
        "criteria" | "signal" => inner.as_str()?.to_string(),
        "compare" => format!(
            "{} {} {}",
            text(inner, "input")?,
            text(inner, "op")?,
            inner.get("value")?.as_u64()?
        ),
        "level" => {
            let at_least = inner.get("at_least").and_then(Value::as_bool).unwrap_or(false);
            let word = if at_least { "is at_least" } else { "is" };
            format!("{} {word} {}", text(inner, "criteria")?, text(inner, "level")?)
        }
        "answer" => format!("{} is {}", text(inner, "question")?, text(inner, "answer")?),
        "not" => format!("not {}", trigger_words(inner, true)?),
        "all" | "any" => {
            let joiner = if key == "all" { " and " } else { " or " };
            let parts: Option<Vec<String>> =
                inner.as_array()?.iter().map(|t| trigger_words(t, true)).collect();
            let joined = parts?.join(joiner);
            if nested {
                format!("({joined})")
            } else {
                joined
            }
        }
        _ => return None,
    })
}

/// What an added or removed item is, in words: its text, title, name or term.
pub(super) fn label_of(item: &Value) -> String {
    ["text", "title", "name", "term", "label"]
        .iter()
        .find_map(|k| item.get(*k).and_then(Value::as_str))
        .map_or_else(|| render(item).unwrap_or_default(), str::to_string)
}
