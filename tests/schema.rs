//! The JSON contract's schemas are strict and versioned, and every JSON in `out/`
//! passes them under two independent validators: the `jsonschema` crate and ajv
//! in strict mode under node (`tests/js/`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use protocolc::emit::json::{index_schema_json, schema_json, vectors_schema_json, SCHEMA_VERSION};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

mod support;

const REBUILD: &str = "run `cargo run -- build` and commit out/";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every protocol document in `out/` (every `.json` but the index, the test vectors
/// and the schemas), sorted.
fn protocol_documents() -> Vec<PathBuf> {
    let mut found = json_in_out();
    found.retain(|p| {
        let name = p.file_name().unwrap().to_string_lossy();
        !name.ends_with(".schema.json") && !name.ends_with(".vectors.json") && name != "index.json"
    });
    assert!(found.len() >= 7, "out/ holds too few documents: {found:?}");
    found
}

/// Every protocol's test vectors in `out/`, sorted.
fn vectors_documents() -> Vec<PathBuf> {
    let mut found = json_in_out();
    found.retain(|p| p.to_string_lossy().ends_with(".vectors.json"));
    assert!(found.len() >= 7, "out/ holds too few test vectors: {found:?}");
    found
}

/// Every `.json` under `out/`, sorted.
fn json_in_out() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "json") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&root().join("out"), &mut found);
    found.sort();
    found
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn committed_index_and_vectors_schemas_are_up_to_date() {
    for (name, now) in [
        ("index.schema.json", index_schema_json()),
        ("vectors.schema.json", vectors_schema_json()),
    ] {
        let committed = std::fs::read_to_string(root().join("out").join(name))
            .unwrap_or_else(|e| panic!("cannot read out/{name}: {e}; {REBUILD}"));
        assert!(
            committed == now,
            "out/{name} is not the schema protocolc makes now; {REBUILD}"
        );
    }
}

// ---------------------------------------------------------------- strictness

/// Calls `visit` on every schema object inside `value` (the root too).
fn each_schema(value: &Value, visit: &mut dyn FnMut(&serde_json::Map<String, Value>)) {
    match value {
        Value::Object(map) => {
            visit(map);
            map.values().for_each(|v| each_schema(v, visit));
        }
        Value::Array(items) => items.iter().for_each(|v| each_schema(v, visit)),
        _ => {}
    }
}

#[test]
fn the_schemas_are_closed_use_standard_formats_and_have_ids() {
    for (name, text) in [
        ("protocol", schema_json()),
        ("index", index_schema_json()),
        ("vectors", vectors_schema_json()),
    ] {
        let schema: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            schema["$id"],
            format!("https://protocolc.invalid/schema/{name}-{SCHEMA_VERSION}.json")
        );
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
        let mut objects = 0;
        each_schema(&schema, &mut |s| {
            if s.contains_key("properties") {
                objects += 1;
                assert_eq!(
                    s.get("additionalProperties"),
                    Some(&Value::Bool(false)),
                    "{name}: {s:?}"
                );
            }
            if let Some(format) = s.get("format").and_then(Value::as_str) {
                panic!("{name}: format `{format}` is not wanted: {s:?}");
            }
        });
        assert!(objects > 1, "{name}: no object schemas found");
    }
}

/// The closed sets the contract writes as strings are enums in the schema.
#[test]
fn closed_sets_are_enums() {
    let schema: Value = serde_json::from_str(&schema_json()).unwrap();
    let defs = &schema["$defs"];
    let compare = defs["TriggerExpr"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|v| v["properties"].get("compare"))
        .unwrap();
    assert_eq!(
        compare["properties"]["op"]["enum"],
        serde_json::json!(["<", "<=", ">", ">=", "="])
    );
    assert_eq!(
        defs["Override"]["properties"]["kind"]["enum"],
        serde_json::json!(["floor", "force"])
    );
    // An answer is yes, no, unclear or a choice's id: a name, not a closed set.
    assert_eq!(
        defs["AnswerJson"]["properties"]["answer"]["pattern"],
        serde_json::json!("^[A-Za-z0-9_]+$")
    );
    assert_eq!(
        defs["QuestionJson"]["properties"]["unclear_counts_as"]["enum"],
        serde_json::json!(["yes", "no", null])
    );
    assert_eq!(
        defs["DocumentControl"]["properties"]["status"]["enum"],
        serde_json::json!(["draft", "in_review", "approved", "retired", null])
    );
    let index: Value = serde_json::from_str(&index_schema_json()).unwrap();
    let statuses: Vec<&str> = index["$defs"]["IndexStatus"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["const"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["built", "partly built", "base", "invalid", "not written"]
    );
}

// ---------------------------------------------------------------- versions

/// The SHA-256 of the contract's schemas with their version taken out of their `$id`s.
fn schemas_hash() -> String {
    let both = format!(
        "{}{}{}",
        schema_json(),
        index_schema_json(),
        vectors_schema_json()
    )
    .replace(&format!("-{SCHEMA_VERSION}.json"), ".json");
    Sha256::digest(both.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn version_numbers(version: &str) -> Vec<u32> {
    version
        .split('.')
        .map(|n| {
            n.parse()
                .unwrap_or_else(|_| panic!("`{version}` is not MAJOR.MINOR.PATCH"))
        })
        .collect()
}

#[test]
fn the_schema_version_changes_with_the_schema() {
    let path = root().join("src/emit/json/schema-versions.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<(&str, &str)> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            l.split_once(' ')
                .unwrap_or_else(|| panic!("`{l}`: want `VERSION SHA256`"))
        })
        .collect();
    let hash = schemas_hash();
    let Some((last_version, last_hash)) = lines.last() else {
        panic!(
            "{}: no version listed; add `{SCHEMA_VERSION} {hash}`",
            path.display()
        );
    };
    assert_eq!(
        *last_version,
        SCHEMA_VERSION,
        "SCHEMA_VERSION is {SCHEMA_VERSION} but the last version listed in {} is {last_version}: add `{SCHEMA_VERSION} {hash}`",
        path.display()
    );
    assert_eq!(
        *last_hash,
        hash,
        "the JSON schemas changed but SCHEMA_VERSION ({SCHEMA_VERSION}) did not: raise it in src/emit/json/mod.rs \
         and add `NEW_VERSION {hash}` to {} (never edit a line)",
        path.display()
    );
    for pair in lines.windows(2) {
        assert!(
            version_numbers(pair[0].0) < version_numbers(pair[1].0),
            "versions must rise: {} then {}",
            pair[0].0,
            pair[1].0
        );
        assert_ne!(
            pair[0].1, pair[1].1,
            "{} and {} list the same schema",
            pair[0].0, pair[1].0
        );
    }
}

// ---------------------------------------------------------------- validators

fn rust_validator(schema: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(schema).unwrap();
    jsonschema::draft202012::new(&schema).expect("the schema is a valid JSON Schema")
}

#[test]
fn every_json_in_out_passes_the_jsonschema_crate() {
    let out = root().join("out");
    for (schema, documents) in [
        ("protocol.schema.json", protocol_documents()),
        ("index.schema.json", vec![out.join("index.json")]),
        ("vectors.schema.json", vectors_documents()),
    ] {
        let validator = rust_validator(&std::fs::read_to_string(out.join(schema)).unwrap());
        for path in documents {
            let errors: Vec<String> = validator
                .iter_errors(&read_json(&path))
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        }
    }
}

/// The schemas are not vacuous: an unknown key, a value outside a closed set, a
/// negative or fractional number fail them.
#[test]
fn the_schemas_refuse_what_they_do_not_describe() {
    let protocol = rust_validator(&schema_json());
    let good = read_json(&root().join("out/orange-county/csec-educators.json"));
    assert!(protocol.is_valid(&good));
    let mut extra = good.clone();
    extra["tracks"][0]["steps"][0]["colour"] = Value::from("red");
    assert!(!protocol.is_valid(&extra));
    let mut extra_top = good.clone();
    extra_top["extra"] = Value::from(1);
    assert!(!protocol.is_valid(&extra_top));
    let mut status = good.clone();
    status["protocol"]["document_control"]["status"] = Value::from("final");
    assert!(!protocol.is_valid(&status));
    let mut number = good;
    number["tracks"][0]["steps"][0]["number"] = Value::from(0);
    assert!(!protocol.is_valid(&number));
    let index = rust_validator(&index_schema_json());
    let mut entry = read_json(&root().join("out/index.json"));
    assert!(index.is_valid(&entry));
    entry["protocols"][0]["status"] = Value::from("skipped");
    assert!(!index.is_valid(&entry));
}

/// Runs ajv (strict mode) on `documents` against `schema`; its messages on failure.
fn ajv(schema: &Path, documents: &[PathBuf]) -> Result<(), String> {
    let out = Command::new("node")
        .arg(root().join("tests/js/validate.mjs"))
        .arg(schema)
        .args(documents)
        .output()
        .unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

#[test]
fn every_json_in_out_passes_ajv_in_strict_mode() {
    if !support::node_ready(&["ajv", "ajv-formats"]) {
        return;
    }
    let out = root().join("out");
    ajv(&out.join("protocol.schema.json"), &protocol_documents()).unwrap_or_else(|e| panic!("{e}"));
    ajv(&out.join("index.schema.json"), &[out.join("index.json")]).unwrap_or_else(|e| panic!("{e}"));
    ajv(&out.join("vectors.schema.json"), &vectors_documents()).unwrap_or_else(|e| panic!("{e}"));
    // And ajv is not vacuous: a document with a key the schema does not declare fails.
    let dir = tempfile::tempdir().unwrap();
    let mut extra = read_json(&out.join("orange-county/csec-educators.json"));
    extra["tracks"][0]["colour"] = Value::from("red");
    let path = dir.path().join("extra.json");
    std::fs::write(&path, extra.to_string()).unwrap();
    let refused = ajv(&out.join("protocol.schema.json"), &[path]).unwrap_err();
    assert!(refused.contains("colour"), "{refused}");
    // A schema strict mode refuses (a format it does not know) is refused: strict mode is on.
    let schema = dir.path().join("loose.schema.json");
    std::fs::write(&schema, r#"{"type": "integer", "format": "uint32"}"#).unwrap();
    let number = dir.path().join("number.json");
    std::fs::write(&number, "1").unwrap();
    let refused = ajv(&schema, &[number]).unwrap_err();
    assert!(refused.contains("unknown format"), "{refused}");
}
