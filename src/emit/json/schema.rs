//! The JSON Schemas of the contract — the protocol document's and `index.json`'s —
//! generated from their serde types and made strict: standard formats only, no
//! property a type does not declare, one `$id` each.

use super::document::ProtocolDocument;
use super::index::Index;
use super::{to_pretty, SCHEMA_VERSION};
use crate::model::{Answer, CompareOp, Status};
use schemars::{json_schema, Schema, SchemaGenerator};
use serde_json::Value;

/// The JSON Schema of [`ProtocolDocument`], pretty-printed, ending with a newline.
pub fn schema_json() -> String {
    strict_schema(schemars::schema_for!(ProtocolDocument), "protocol")
}

/// The JSON Schema of `index.json` ([`Index`]), pretty-printed, ending with a newline.
pub fn index_schema_json() -> String {
    strict_schema(schemars::schema_for!(Index), "index")
}

/// The formats JSON Schema (draft 2020-12) defines; schemars also writes its own
/// (`uint32`, `uint`), which strict validators refuse.
const STANDARD_FORMATS: [&str; 19] = [
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// `schema` with its `$id` (named by `name` and [`SCHEMA_VERSION`]), made strict.
pub(super) fn strict_schema(mut schema: schemars::Schema, name: &str) -> String {
    let root = schema.ensure_object();
    let mut whole = Value::Object(std::mem::take(root));
    make_strict(&mut whole);
    if let Value::Object(strict) = whole {
        *root = strict;
    }
    schema.insert(
        "$id".to_string(),
        format!("https://protocolc.invalid/schema/{name}-{SCHEMA_VERSION}.json").into(),
    );
    // Serialized as a `Schema`, whose keywords come in a readable order.
    to_pretty(&schema)
}

/// Every object schema below `value` closed (`additionalProperties: false` where it
/// lists `properties` and says nothing of others), every non-standard `format`
/// dropped (a `uint32` keeps its bound as a `maximum`).
fn make_strict(value: &mut Value) {
    match value {
        Value::Object(schema) => {
            if schema.contains_key("properties") && !schema.contains_key("additionalProperties") {
                schema.insert("additionalProperties".to_string(), Value::Bool(false));
            }
            let format = schema.get("format").and_then(Value::as_str).map(str::to_string);
            if let Some(format) = format.filter(|f| !STANDARD_FORMATS.contains(&f.as_str())) {
                schema.remove("format");
                if format == "uint32" && !schema.contains_key("maximum") {
                    schema.insert("maximum".to_string(), u32::MAX.into());
                }
            }
            schema.values_mut().for_each(make_strict);
        }
        Value::Array(items) => items.iter_mut().for_each(make_strict),
        _ => {}
    }
}

// The closed sets the contract writes as strings, each an `enum` in the schema,
// its values taken from the one list the compiler checks against.

/// A comparison's operator: `<`, `<=`, `>`, `>=`, `=`.
pub(super) fn compare_op(_: &mut SchemaGenerator) -> Schema {
    let ops: Vec<&str> = CompareOp::ALL.iter().map(|o| o.symbol()).collect();
    json_schema!({ "type": "string", "enum": ops })
}

/// A scenario's answer to a question: `yes`, `no`, `unclear`, or a choice's id
/// (a name as the language writes one).
pub(super) fn answer(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "pattern": "^[A-Za-z0-9_]+$" })
}

/// The route an "unclear" answer takes, `yes` or `no`; null when the walk waits.
pub(super) fn clear_answer_or_null(_: &mut SchemaGenerator) -> Schema {
    let mut answers: Vec<Value> = [Answer::Yes, Answer::No]
        .iter()
        .map(|a| a.as_str().into())
        .collect();
    answers.push(Value::Null);
    json_schema!({ "type": ["string", "null"], "enum": answers })
}

/// A protocol's status (`draft`, `in_review`, `approved`, `retired`), or null.
pub(super) fn status_or_null(_: &mut SchemaGenerator) -> Schema {
    let mut statuses: Vec<Value> = Status::ALL.iter().map(|s| s.as_str().into()).collect();
    statuses.push(Value::Null);
    json_schema!({ "type": ["string", "null"], "enum": statuses })
}

/// An override's kind: `floor` or `force`.
pub(super) fn override_kind(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "enum": [OVERRIDE_FLOOR, OVERRIDE_FORCE] })
}

/// [`super::Override`]'s `kind` for a rule that raises the level.
pub(super) const OVERRIDE_FLOOR: &str = "floor";
/// [`super::Override`]'s `kind` for a rule that sets the level.
pub(super) const OVERRIDE_FORCE: &str = "force";
