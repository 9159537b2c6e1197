//! What differs between two validated protocols — a variant and its base, or any
//! two — in plain words for a reviewer, as data, and as a redline (`redline.rs`).
//!
//! Both protocols are compared through the JSON document every app reads
//! ([`crate::emit::json::document`]), so every field the contract carries is
//! compared — metadata and status, contacts with their numbers and hours, criteria,
//! factors with their points, levels, overrides, steps with role, deadline, form,
//! question and routes, scenarios, translations — and a field added to the
//! contract is compared without a change here. Items are matched by id, so a
//! reworded step is "changed", not "removed and added"; an added step says where it
//! goes. A text is compared as written, with its `{contact.field}` placeholders (so
//! a county's own phone number shows once, under its contact), and shown filled in.

mod redline;
mod render;

pub(crate) use redline::redline;

use crate::model::Model;
use render::{is_trigger_key, label_of, render, render_trigger};
use serde::Serialize;
use serde_json::{Map, Value};

/// One difference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Difference {
    /// `added`, `removed`, `changed` or `moved`.
    pub change: &'static str,
    /// What it is about, e.g. `contact cps` or `step suspected.report`.
    pub item: String,
    /// Which part changed, e.g. `phone` (empty for an added or removed item).
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Where an added item goes: `after referral`, or `first`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
}

/// Keys the comparison leaves out: the files and their hashes (always different),
/// and what is worked out from other fields (a step's number from its place, a
/// text's contacts from its placeholders, `superseded_by` from `supersedes`, a
/// deadline's time from its words: `deadline_time` and `time` change only with
/// `deadline` and `text`, which say the change in words).
const NOT_COMPARED: [&str; 8] = [
    "schema_version",
    "sources",
    "number",
    "superseded_by",
    "bcp47",
    "main_contact",
    "deadline_time",
    "time",
];

/// A field's name as a reviewer reads it: the protocol language's own word where
/// it has one (`skip_when`, `met_when`), else the JSON key in words.
fn field_words(key: &str) -> &str {
    match key {
        "alone_meets" => "enough on its own",
        "alone_level" => "on its own at least",
        "possible" => "possible points",
        "last_reviewed" => "last reviewed",
        "next_review" => "next review",
        "instead_of" => "called instead of",
        "approved_by" => "approved by",
        "source_documents" => "source documents",
        "possible_counts_as_yes" => "possible counts as yes",
        "allow_gaps" => "allow gaps",
        "unclear_counts_as" => "unclear counts as",
        "select_all" => "select all",
        "handoff_document" => "handoff document",
        "deadlines_when" => "deadlines when",
        "role_alternatives" => "or instead (role)",
        other => other,
    }
}

/// The kind of item a list of the JSON holds, by the list's key.
fn kind_of(key: &str) -> &str {
    match key {
        "definitions" => "definition",
        "contacts" => "contact",
        "resources" => "resource",
        "signals" => "signal",
        "inputs" => "input",
        "factors" => "factor",
        "levels" => "level",
        "scale" => "value",
        "tracks" => "track",
        "steps" => "step",
        "choices" => "choice",
        "scenarios" => "scenario",
        "translations" => "translation",
        other => other,
    }
}

/// An item of a list by its kind and id: a step, level, scale's or outcome's value or
/// choice with its track's, group's, input's, outcome's or question's path
/// (`step at_risk.report`, `value safety.high`, `choice assess.threat_type.transient`).
fn named(kind: &str, parent: &str, id: &str) -> String {
    match (kind, parent.split_once(' ')) {
        ("step" | "level" | "value" | "choice", Some((_, owner))) => format!("{kind} {owner}.{id}"),
        _ => format!("{kind} {id}"),
    }
}

/// The key that names an item of a list: `id`, or a translation's `language`.
fn id_of(item: &Value) -> Option<&str> {
    item.get("id")
        .or_else(|| item.get("language"))
        .and_then(Value::as_str)
}

struct Differ {
    out: Vec<Difference>,
}

impl Differ {
    fn push(
        &mut self,
        change: &'static str,
        item: &str,
        field: &str,
        before: Option<String>,
        after: Option<String>,
    ) {
        self.out.push(Difference {
            change,
            item: item.to_string(),
            field: field.to_string(),
            before,
            after,
            position: None,
        });
    }

    /// Compares two objects field by field: `item` names the item, `prefix` the
    /// fields' parent (`question.` for a step's question).
    fn object(&mut self, item: &str, prefix: &str, before: &Map<String, Value>, after: &Map<String, Value>) {
        let mut keys: Vec<&String> = after.keys().collect();
        keys.extend(before.keys().filter(|k| !after.contains_key(*k)));
        for key in keys {
            if NOT_COMPARED.contains(&key.as_str())
                || key.ends_with("_template")
                || key.ends_with("_text")
                || (key == "contacts" && (before.contains_key("text") || after.contains_key("text")))
            {
                continue;
            }
            let (x, y) = (before.get(key.as_str()), after.get(key.as_str()));
            let field = format!("{prefix}{}", field_words(key));
            // A trigger is compared as written (`…_text`), or in words when it has no text.
            if is_trigger_key(key) {
                let text_key = format!("{key}_text");
                let words = |m: &Map<String, Value>| match m.get(&text_key).and_then(Value::as_str) {
                    Some(text) => Some(text.to_string()),
                    None => m.get(key.as_str()).and_then(render_trigger),
                };
                let name = if key == "trigger" { "when" } else { key.as_str() };
                self.field(item, &format!("{prefix}{name}"), words(before), words(after));
                continue;
            }
            // A text is compared as written, and shown filled in.
            let template = format!("{key}_template");
            if before.contains_key(&template) || after.contains_key(&template) {
                let as_written = |m: &Map<String, Value>| m.get(&template).and_then(render);
                if as_written(before) != as_written(after) {
                    self.push("changed", item, &field, x.and_then(render), y.and_then(render));
                }
                continue;
            }
            if key == "overrides" {
                self.rules(item, x, y);
                continue;
            }
            // A graded item's scale is its grades, which its group's factors name
            // (`grade supervision.some`): said once, there.
            if key == "scale" && (before.contains_key("graded_in") || after.contains_key("graded_in")) {
                continue;
            }
            match (x, y) {
                (Some(Value::Array(xs)), Some(Value::Array(ys)))
                    if xs.iter().chain(ys).all(|v| v.is_object() && id_of(v).is_some())
                        && !(xs.is_empty() && ys.is_empty()) =>
                {
                    self.list(item, key, xs, ys);
                }
                // An object with a text of its own (a threshold) is compared by that text.
                (Some(Value::Object(xo)), Some(Value::Object(yo)))
                    if !render::is_one_key(xo) && !render::is_one_key(yo) && !render::has_own_text(xo) =>
                {
                    // Document control's fields read as the protocol's own.
                    let inner = if key == "document_control" {
                        prefix.to_string()
                    } else {
                        format!("{field}.")
                    };
                    self.object(item, &inner, xo, yo);
                }
                _ => self.field(item, &field, x.and_then(render), y.and_then(render)),
            }
        }
    }

    /// A group's `floor` and `force` rules, or an outcome's `set` rules, as written
    /// (`force high when disclosure`, `set immediate when danger_now`): the order they
    /// are written in decides nothing, so a rule is taken away or given, never moved.
    fn rules(&mut self, item: &str, before: Option<&Value>, after: Option<&Value>) {
        let outcome = item.starts_with("outcome ");
        let words = |rules: Option<&Value>| -> Vec<String> {
            let list = rules.and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
            list.iter()
                .map(|rule| {
                    let kind = rule.get("kind").and_then(Value::as_str).unwrap_or_default();
                    let kind = if outcome && kind == "force" { "set" } else { kind };
                    let level = rule.get("level").and_then(Value::as_str).unwrap_or_default();
                    let when = match rule.get("when_text").and_then(Value::as_str) {
                        Some(text) => text.to_string(),
                        None => rule.get("when").and_then(render_trigger).unwrap_or_default(),
                    };
                    format!("{kind} {level} when {when}")
                })
                .collect()
        };
        let (xs, ys) = (words(before), words(after));
        for x in xs.iter().filter(|x| !ys.contains(x)) {
            self.push("changed", item, "rule", Some(x.clone()), None);
        }
        for y in ys.iter().filter(|y| !xs.contains(y)) {
            self.push("changed", item, "rule", None, Some(y.clone()));
        }
    }

    fn field(&mut self, item: &str, field: &str, before: Option<String>, after: Option<String>) {
        if before != after {
            self.push("changed", item, field, before, after);
        }
    }

    /// Matches two lists of items by id: removed, added (with where it goes),
    /// changed, and moved (the order of the items in both).
    fn list(&mut self, parent: &str, key: &str, before: &[Value], after: &[Value]) {
        // A named outcome is held as a criteria group (`outcome: true`), its values as levels.
        let outcome = |item: &Value| item.get("outcome") == Some(&Value::Bool(true));
        let kind = match kind_of(key) {
            "criteria" if before.iter().chain(after).any(outcome) => "criteria or outcome",
            "level" if parent.starts_with("outcome ") => "value",
            kind => kind,
        };
        let name = |id: &str| {
            let item = before.iter().chain(after).find(|v| id_of(v) == Some(id));
            let kind = match kind {
                "criteria or outcome" if item.is_some_and(outcome) => "outcome",
                "criteria or outcome" => "criteria",
                kind => kind,
            };
            named(kind, parent, id)
        };
        // A graded item's grade, a factor of its group, is named as the grade: `grade supervision.some`.
        let grade_of = |item: &Value| match item
            .get("grade")
            .and_then(|g| Some((g.get("input")?, g.get("value")?)))
        {
            Some((Value::String(input), Value::String(grade))) => Some(format!("{input}.{grade}")),
            _ => None,
        };
        let name_of = |item: &Value, id: &str| match grade_of(item) {
            Some(grade) => format!("grade {grade}"),
            None => name(id),
        };
        let find = |list: &'_ [Value], id: &str| list.iter().position(|v| id_of(v) == Some(id));
        for x in before {
            let id = id_of(x).unwrap_or_default();
            match find(after, id).and_then(|i| after.get(i)) {
                Some(y) => {
                    if let (Value::Object(xo), Value::Object(yo)) = (x, y) {
                        self.object(&name_of(x, id), "", xo, yo);
                    }
                }
                None => self.push("removed", &name_of(x, id), "", Some(label_of(x)), None),
            }
        }
        for (i, y) in after.iter().enumerate() {
            let id = id_of(y).unwrap_or_default();
            if find(before, id).is_none() {
                self.push("added", &name_of(y, id), "", None, Some(label_of(y)));
                let previous = i.checked_sub(1).and_then(|p| after.get(p));
                let place = match previous.and_then(|p| grade_of(p).or_else(|| id_of(p).map(str::to_string)))
                {
                    Some(previous) => format!("after {previous}"),
                    None => "first".to_string(),
                };
                if let Some(last) = self.out.last_mut() {
                    last.position = Some(place);
                }
            }
        }
        let common = |list: &[Value], other: &[Value]| -> Vec<String> {
            list.iter()
                .filter_map(id_of)
                .filter(|id| find(other, id).is_some())
                .map(str::to_string)
                .collect()
        };
        let (ox, oy) = (common(before, after), common(after, before));
        if ox != oy {
            let parent = if parent.is_empty() { "protocol" } else { parent };
            self.push(
                "moved",
                parent,
                &format!("{kind} order"),
                Some(ox.join(", ")),
                Some(oy.join(", ")),
            );
        }
    }
}

/// Every difference from `before` to `after`, in the order a reader meets them.
pub(crate) fn diff(before: &Model, after: &Model) -> Vec<Difference> {
    let as_value = |m: &Model| serde_json::to_value(crate::emit::json::document(m)).unwrap_or_default();
    let (x, y) = (filled_parameters(before, as_value(before)), as_value(after));
    let mut d = Differ { out: Vec::new() };
    if let (Value::Object(xo), Value::Object(yo)) = (&x, &y) {
        // The protocol's own fields first, then each part in the document's order.
        let fields = |m: &Map<String, Value>| match m.get("protocol") {
            Some(Value::Object(p)) => p.clone(),
            _ => Map::new(),
        };
        d.object("protocol", "", &fields(xo), &fields(yo));
        let rest = |m: &Map<String, Value>| -> Map<String, Value> {
            m.iter()
                .filter(|(k, _)| *k != "protocol")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        let (xr, yr) = (rest(xo), rest(yo));
        d.object("", "", &xr, &yr);
    }
    for difference in &mut d.out {
        // Top-level fields (`legal_basis.statement`) read as their part's.
        if difference.item.is_empty() {
            let (item, field) = match difference.field.split_once('.') {
                Some((part, field)) => (part.replace('_', " "), field.to_string()),
                None => ("protocol".to_string(), difference.field.clone()),
            };
            difference.item = item;
            difference.field = field;
        }
    }
    d.out
}

/// A base's contact whose details each county supplies (`parameter "…"`) shows its
/// fields as "(each county's own: …)", not as their `{cps.name}` placeholders.
fn filled_parameters(model: &Model, mut document: Value) -> Value {
    let Some(Value::Array(contacts)) = document.get_mut("contacts") else {
        return document;
    };
    for contact in contacts {
        let Some(parameter) = model
            .contacts()
            .iter()
            .find(|c| Some(c.id.as_str()) == id_of(contact))
            .and_then(|c| c.parameter.clone())
        else {
            continue;
        };
        if let Value::Object(fields) = contact {
            for value in fields.values_mut() {
                if value
                    .as_str()
                    .is_some_and(|s| s.starts_with('{') && s.ends_with('}'))
                {
                    *value = Value::String(format!("(each county's own: {parameter})"));
                }
            }
        }
    }
    document
}

/// The differences as a reviewer reads them, one per line.
pub(crate) fn describe(differences: &[Difference]) -> String {
    if differences.is_empty() {
        return "No differences.\n".to_string();
    }
    let quote = |s: &Option<String>| s.as_deref().map_or("(none)".to_string(), |s| format!("“{s}”"));
    let mut out = String::new();
    for d in differences {
        let line = match d.change {
            "added" => match &d.position {
                Some(place) => format!("+ {} added ({place}): {}", d.item, quote(&d.after)),
                None => format!("+ {} added: {}", d.item, quote(&d.after)),
            },
            "removed" => format!("- {} removed (was {})", d.item, quote(&d.before)),
            // A field given where there was none, or taken away.
            _ if d.before.is_none() => format!("~ {}: {} given: {}", d.item, d.field, quote(&d.after)),
            _ if d.after.is_none() => {
                format!("~ {}: {} taken away (was {})", d.item, d.field, quote(&d.before))
            }
            _ => format!(
                "~ {}: {} changed from {} to {}",
                d.item,
                d.field,
                quote(&d.before),
                quote(&d.after)
            ),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}
