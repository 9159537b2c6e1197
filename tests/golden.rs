//! The committed outputs in out/ are what the compiler makes of protocols/ today,
//! the JSON follows its schema, and the Orange County JSON says, word for word,
//! what the county's document says.

// Test code: a failed unwrap or index is a failed test (clippy.toml allows these
// only inside #[test] functions; helpers here are test code too).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use protocolc::emit::json;
use serde_json::Value;
use std::path::{Path, PathBuf};

const REBUILD: &str = "run `cargo run -- build` and commit out/";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.protocol` file under protocols/, as paths relative to the repository
/// root (the names `protocolc build` records in its outputs).
fn protocol_files() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![PathBuf::from("protocols")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(root().join(&dir)).unwrap() {
            let name = entry.unwrap().file_name();
            let path = dir.join(name);
            if root().join(&path).is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "protocol") {
                found.push(path);
            }
        }
    }
    found.sort();
    assert!(!found.is_empty(), "no protocols found");
    found
}

fn compile(path: &Path) -> protocolc::model::Model {
    let name = path.to_string_lossy().replace('\\', "/");
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let (sources, compiled) = protocolc::compile_text(&name, &text);
    let errors: Vec<_> = compiled.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(
        errors.is_empty(),
        "{name} has errors:\n{}",
        protocolc::diagnostic::render_all(
            &compiled.diagnostics,
            &sources,
            protocolc::diagnostic::Style::Plain
        )
    );
    compiled.model.expect("no errors, so a model")
}

/// `protocols/a/b.protocol` → `out/a/b.json`.
fn json_path(protocol: &Path) -> PathBuf {
    Path::new("out")
        .join(protocol.strip_prefix("protocols").unwrap())
        .with_extension("json")
}

#[test]
fn every_protocol_compiles_without_errors() {
    for path in protocol_files() {
        compile(&path);
    }
}

#[test]
fn committed_json_is_up_to_date() {
    for path in protocol_files() {
        let model = compile(&path);
        let golden = json_path(&path);
        if model.metadata().base.is_some() {
            // A shared base is checked, not built.
            assert!(
                !root().join(&golden).exists(),
                "{} is a base; no output should be built from it",
                path.display()
            );
            continue;
        }
        let expected = json::to_json(&model);
        let committed = std::fs::read_to_string(root().join(&golden))
            .unwrap_or_else(|e| panic!("cannot read {}: {e}; {REBUILD}", golden.display()));
        assert!(
            committed == expected,
            "{} is not what {} compiles to now; {REBUILD}",
            golden.display(),
            path.display()
        );
    }
}

#[test]
fn committed_schema_is_up_to_date() {
    let committed = std::fs::read_to_string(root().join("out/protocol.schema.json"))
        .unwrap_or_else(|e| panic!("cannot read out/protocol.schema.json: {e}; {REBUILD}"));
    assert!(
        committed == json::schema_json(),
        "out/protocol.schema.json is not the schema protocolc makes now; {REBUILD}"
    );
}

fn orange_county_json() -> Value {
    let model = compile(Path::new("protocols/orange-county/csec-educators.protocol"));
    serde_json::from_str(&json::to_json(&model)).expect("to_json writes JSON")
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&json::schema_json()).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

#[test]
fn every_json_validates_against_the_schema() {
    let validator = validator();
    for path in protocol_files() {
        let document: Value = serde_json::from_str(&json::to_json(&compile(&path))).unwrap();
        let errors: Vec<String> = validator.iter_errors(&document).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

/// The main contact is marked in the JSON: the one whose phone the chart prints large.
#[test]
fn the_main_contact_is_marked_in_the_json() {
    let json = orange_county_json();
    assert_eq!(json["main_contact"], "cps");
    let cps = json["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "cps")
        .unwrap();
    assert_eq!(cps["phone"], PHONE);
}

/// The schema is not vacuous: documents of the wrong shape fail it.
#[test]
fn the_schema_rejects_wrong_documents() {
    let validator = validator();
    let good = orange_county_json();
    assert!(validator.is_valid(&good));
    let mut wrong_type = good.clone();
    wrong_type["criteria"][0]["threshold"]["count"] = Value::from("one");
    assert!(!validator.is_valid(&wrong_type));
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("tracks");
    assert!(!validator.is_valid(&missing));
    let mut bad_date = good.clone();
    bad_date["protocol"]["effective"] = Value::from("August 2024");
    assert!(!validator.is_valid(&bad_date));
    let mut bad_trigger = good;
    bad_trigger["tracks"][0]["trigger"] = serde_json::json!({ "maybe": "at_risk_1" });
    assert!(!validator.is_valid(&bad_trigger));
}

// ---------------------------------------------- the county's own words ----

/// The factors, as the county's document lists them.
const CRITERIA_1: [&str; 3] = [
    "Exhibits behaviors or otherwise indicates that they are being controlled or groomed by another person",
    "Spends time with people known to be involved in commercial sex",
    "Internet, cellphone, or social media use involves social or sexual behavior that is atypical for their age",
];
const CRITERIA_2: [&str; 5] = [
    "History of running away, unstable housing, multiple foster care placements, homelessness, and couch surfing",
    "Prior involvement with law enforcement or the juvenile justice system",
    "Frequently missing from school",
    "Relationships are of concern, placing them at risk or in danger of exploitation",
    "History of substance use",
];
/// The steps, as the county's document words them.
const AT_RISK_STEPS: [&str; 3] = [
    "If at-risk factors are present, submit a mandated report to the County of Orange Child Protective Services (800-207-4464).",
    "Meet with the student to co-create an action plan to address school-related concerns and link to resources as needed.",
    "Set up regular contact with student and monitor action plan and student's well-being, attendance, and engagement.",
];
const SUSPECTED_STEPS: [&str; 6] = [
    "If CSEC is suspected, submit a mandated report to the County of Orange Child Protective Services (800-207-4464).",
    "Contact local law enforcement for a possible investigation.",
    "Assess and address potential impact on the school environment, including harassment and threats to school safety.",
    "If appropriate, and in consultation with the student, inform parent/guardian of potential victimization.",
    "Offer the student and/or parent/guardian a referral to appropriate counseling or social services.",
    "Set up regular contact with the student to assess well-being and needed support.",
];
/// The legal citations, as the county's document gives them.
const CITATIONS: [&str; 2] = [
    "Education Code (EC) 51934, 51950",
    "Welfare and Institutions Code Sections 16524.6, 16524.7, 16524.8, 16524.9",
];
const PHONE: &str = "800-207-4464";
const WEBSITE: &str = "http://ochumantrafficking.com";

fn source_document() -> Option<String> {
    let path = root().join("../shared/source-documents/orange-county-csec-educators.md");
    std::fs::read_to_string(path).ok()
}

/// The words above really are the document's (when the document is at hand).
#[test]
fn the_expected_words_are_the_documents() {
    let Some(doc) = source_document() else {
        eprintln!("source document not found; skipping the cross-check");
        return;
    };
    for factor in CRITERIA_1.iter().chain(&CRITERIA_2) {
        assert!(doc.contains(&format!("- {factor}\n")), "{factor}");
    }
    for step in AT_RISK_STEPS.iter().chain(&SUSPECTED_STEPS) {
        assert!(doc.contains(&format!("\n{step}\n")), "{step}");
    }
    let citation = format!("({} and {})", CITATIONS[0], CITATIONS[1]);
    assert!(doc.contains(&citation), "{citation}");
    assert!(doc.contains(PHONE) && doc.contains(WEBSITE));
}

fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fn texts<'a>(list: &'a Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item[key].as_str().unwrap())
        .collect()
}

/// A step as the county words it: its condition, if any, then its text.
fn full_steps(track: &Value) -> Vec<String> {
    track["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let text = s["text"].as_str().unwrap();
            match s["condition"].as_str() {
                Some(condition) => format!("{condition}, {text}"),
                None => text.to_string(),
            }
        })
        .collect()
}

#[test]
fn the_json_holds_the_countys_words() {
    let doc = orange_county_json();
    let criteria = doc["criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 2);
    assert_eq!(texts(&criteria[0]["factors"], "text"), CRITERIA_1);
    assert_eq!(texts(&criteria[1]["factors"], "text"), CRITERIA_2);
    assert_eq!(criteria[0]["threshold"]["count"], 1);
    assert_eq!(criteria[1]["threshold"]["count"], 2);
    for c in criteria {
        assert_eq!(c["source"], "California Department of Social Services");
    }

    let tracks = doc["tracks"].as_array().unwrap();
    let track = |id: &str| tracks.iter().find(|t| t["id"] == id).unwrap();
    assert_eq!(full_steps(track("at_risk")), AT_RISK_STEPS);
    assert_eq!(full_steps(track("suspected")), SUSPECTED_STEPS);
    assert_eq!(doc["precedence"], serde_json::json!(["suspected", "at_risk"]));
    assert_eq!(track("suspected")["supersedes"], serde_json::json!(["at_risk"]));

    let laws = doc["legal_basis"]["laws"].as_array().unwrap();
    assert_eq!(texts(&doc["legal_basis"]["laws"], "citation"), CITATIONS);
    assert_eq!(laws[0]["sections"], serde_json::json!(["51934", "51950"]));

    let contacts = &doc["contacts"];
    assert!(texts(contacts, "id").contains(&"cps"));
    let cps = contacts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "cps")
        .unwrap();
    assert_eq!(cps["phone"], PHONE);
    assert_eq!(cps["name"], "County of Orange Child Protective Services");
    let task_force = contacts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "task_force")
        .unwrap();
    assert_eq!(task_force["website"], WEBSITE);

    let mut all = Vec::new();
    strings(&doc, &mut all);
    for needle in [PHONE, WEBSITE] {
        assert!(all.iter().any(|s| s.contains(needle)), "{needle}");
    }
    // The resources repeat the phone and the website in their text.
    let resources = texts(&doc["resources"], "text");
    assert!(resources.contains(&"Call County of Orange Child Protective Services at 800-207-4464"));
    assert!(resources.iter().any(|r| r.ends_with(WEBSITE)), "{resources:?}");
}

/// Definitions and the legal statement are the document's sentences.
#[test]
fn definitions_and_statement_are_the_documents_words() {
    let Some(source) = source_document() else {
        eprintln!("source document not found; skipping");
        return;
    };
    let doc = orange_county_json();
    let mut passages: Vec<&str> = texts(&doc["definitions"], "text");
    passages.push(doc["legal_basis"]["statement"].as_str().unwrap());
    assert_eq!(passages.len(), 5);
    for passage in passages {
        assert!(source.contains(passage), "not in the source document: {passage}");
    }
}
