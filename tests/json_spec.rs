//! `docs/json.md` is complete and true: an engine written from it alone, reading
//! only each protocol's JSON in `out/`, decides as the evaluator on a seeded
//! sample of observations of every protocol (tracks followed and superseded, each
//! group's verdict, total and level, the path walked and how it ended).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use protocolc::emit::json::ExpectedDecision;
use protocolc::evaluate::{assess, FactorAnswer, Observations};
use protocolc::model::Model;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod support;

// ------------------------------------------------------------ the engine ----
// Written from docs/json.md, section by section; it reads nothing but the JSON.

/// §1: what is observed, by id.
#[derive(Default, Debug)]
struct Observed {
    factors: BTreeMap<String, &'static str>,
    signals: BTreeSet<String>,
    values: BTreeMap<String, u32>,
    answers: BTreeMap<String, String>,
}

/// §3: a group's verdict.
#[derive(Clone, Debug)]
struct Verdict {
    applies: bool,
    met: bool,
    total: u32,
    level: Option<usize>,
}

struct Engine<'a> {
    doc: &'a Value,
    seen: &'a Observed,
    groups: std::cell::RefCell<BTreeMap<String, Verdict>>,
}

impl<'a> Engine<'a> {
    fn group(&self, id: &str) -> &'a Value {
        self.doc["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["id"] == id)
            .unwrap()
    }

    fn level_index(&self, group: &Value, level: &str) -> usize {
        group["levels"]
            .as_array()
            .unwrap()
            .iter()
            .position(|l| l["id"] == level)
            .unwrap()
    }

    /// §2.
    fn holds(&self, t: &Value) -> bool {
        let (key, v) = t.as_object().unwrap().iter().next().unwrap();
        match key.as_str() {
            "criteria" => self.verdict(v.as_str().unwrap()).met,
            "signal" => self.seen.signals.contains(v.as_str().unwrap()),
            "compare" => self
                .seen
                .values
                .get(v["input"].as_str().unwrap())
                .is_some_and(|&x| {
                    let n = support::input_position(self.doc, v["input"].as_str().unwrap(), &v["value"]);
                    match v["op"].as_str().unwrap() {
                        "<" => x < n,
                        "<=" => x <= n,
                        ">" => x > n,
                        ">=" => x >= n,
                        "=" => x == n,
                        op => panic!("op {op}"),
                    }
                }),
            "level" => {
                let id = v["criteria"].as_str().unwrap();
                let wanted = self.level_index(self.group(id), v["level"].as_str().unwrap());
                self.verdict(id).level.is_some_and(|l| {
                    if v["at_least"].as_bool().unwrap() {
                        l >= wanted
                    } else {
                        l == wanted
                    }
                })
            }
            "answer" => {
                let given = self
                    .seen
                    .answers
                    .get(v["question"].as_str().unwrap())
                    .map(String::as_str);
                given == v["answer"].as_str()
                    || (v["counts_unclear"].as_bool().unwrap() && given == Some("unclear"))
            }
            "not" => !self.holds(v),
            "all" => v.as_array().unwrap().iter().all(|t| self.holds(t)),
            "any" => v.as_array().unwrap().iter().any(|t| self.holds(t)),
            other => panic!("trigger {other}"),
        }
    }

    /// §3, worked out on demand and remembered.
    fn verdict(&self, id: &str) -> Verdict {
        if let Some(v) = self.groups.borrow().get(id) {
            return v.clone();
        }
        let g = self.group(id);
        let applies = g.get("applies_when").is_none_or(|t| self.holds(t));
        let possible_counts = g.get("possible_counts_as_yes").is_some_and(|b| b == true);
        let scored = g.get("levels").is_some();
        let mut total = 0u32;
        let mut alone_meets = false;
        let mut alone_level: Option<usize> = None;
        for f in g["factors"].as_array().unwrap() {
            // §3 step 2: not applicable where its `only_when` does not hold.
            let applicable = f.get("only_when").is_none_or(|t| self.holds(t));
            let answer = match f.get("derived") {
                _ if !applicable => "no",
                Some(t) if self.holds(t) => "yes",
                Some(_) => "no",
                None => self
                    .seen
                    .factors
                    .get(f["id"].as_str().unwrap())
                    .copied()
                    .unwrap_or("no"),
            };
            let counts = answer == "yes" || (answer == "possible" && possible_counts);
            total += match (answer, scored) {
                ("no", _) => 0,
                (_, false) => u32::from(counts),
                ("yes", true) => f["points"].as_u64().unwrap() as u32,
                (_, true) => match f.get("possible") {
                    Some(p) => p.as_u64().unwrap() as u32,
                    None if possible_counts => f["points"].as_u64().unwrap() as u32,
                    None => 0,
                },
            };
            if counts {
                alone_meets |= f.get("alone_meets").is_some_and(|b| b == true);
                if let Some(l) = f.get("alone_level") {
                    alone_level = alone_level.max(Some(self.level_index(g, l.as_str().unwrap())));
                }
            }
        }
        let verdict = if !applies {
            Verdict {
                applies,
                met: false,
                total,
                level: None,
            }
        } else {
            let mut level = None;
            if scored {
                // A level without `from` holds no total: only a rule sets it.
                level = g["levels"].as_array().unwrap().iter().position(|l| {
                    l.get("from")
                        .is_some_and(|from| from.as_u64().unwrap() as u32 <= total)
                        && l.get("to").is_none_or(|to| total <= to.as_u64().unwrap() as u32)
                });
                level = level.max(alone_level);
                let mut forced = None;
                for o in g.get("overrides").and_then(Value::as_array).into_iter().flatten() {
                    if self.holds(&o["when"]) {
                        let l = Some(self.level_index(g, o["level"].as_str().unwrap()));
                        if o["kind"] == "force" {
                            forced = forced.max(l);
                        } else {
                            level = level.max(l);
                        }
                    }
                }
                level = forced.or(level);
            }
            let threshold = &g["threshold"];
            let met = match threshold["kind"].as_str().unwrap() {
                "at_least" => {
                    total >= threshold["count"].as_u64().unwrap() as u32 || (!scored && alone_meets)
                }
                "at_least_level" => {
                    level.is_some_and(|l| l >= self.level_index(g, threshold["level"].as_str().unwrap()))
                }
                kind => panic!("threshold {kind}"),
            };
            Verdict {
                applies,
                met,
                total,
                level,
            }
        };
        self.groups.borrow_mut().insert(id.to_string(), verdict.clone());
        verdict
    }

    fn track(&self, id: &str) -> &'a Value {
        self.doc["tracks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()
    }

    /// §4 and §5: the followed tracks, the superseded ones, the path and the end.
    fn decide(&self) -> Value {
        let triggered = |id: &str| self.holds(&self.track(id)["trigger"]);
        let mut followed: Vec<String> = Vec::new();
        let mut superseded = Vec::new();
        for id in self.doc["precedence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_str().unwrap())
        {
            if !triggered(id) {
                continue;
            }
            let by: Vec<String> = self.track(id)["superseded_by"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b.as_str().unwrap().to_string())
                .filter(|b| triggered(b))
                .collect();
            if by.is_empty() {
                followed.push(id.to_string());
            } else {
                let by_followed: Vec<String> = by.iter().filter(|b| followed.contains(b)).cloned().collect();
                superseded
                    .push(json!({ "id": id, "by": if by_followed.is_empty() { by } else { by_followed } }));
            }
        }
        let (path, end) = self.walk(&followed);
        let criteria: Vec<Value> = self.doc["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                let v = self.verdict(g["id"].as_str().unwrap());
                let level = v.level.map(|l| g["levels"][l]["id"].clone());
                json!({ "id": g["id"], "met": v.met, "applies": v.applies,
                        "total": if v.applies { json!(v.total) } else { Value::Null }, "level": level })
            })
            .collect();
        json!({ "tracks": followed, "superseded": superseded, "criteria": criteria, "path": path, "end": end })
    }

    /// §5.
    fn walk(&self, followed: &[String]) -> (Vec<Value>, Value) {
        let mut walked = BTreeSet::new();
        let mut path = Vec::new();
        for start in followed {
            let mut track = start.clone();
            'track: while walked.insert(track.clone()) {
                let steps = self.track(&track)["steps"].as_array().unwrap();
                let mut i = 0;
                while let Some(step) = steps.get(i) {
                    let id = step["id"].as_str().unwrap();
                    let holds = |key: &str| step.get(key).filter(|t| !t.is_null()).map(|t| self.holds(t));
                    if holds("skip_when") == Some(true) || holds("only_when") == Some(false) {
                        path.push(entry(&track, id, "skipped", None, Value::Null));
                        i += 1;
                        continue;
                    }
                    let Some(question) = step.get("question") else {
                        let deadline = step
                            .get("deadlines_when")
                            .and_then(Value::as_array)
                            .into_iter()
                            .flatten()
                            .find(|d| self.holds(&d["when"]))
                            .map_or(step["deadline"].clone(), |d| d["text"].clone());
                        path.push(entry(&track, id, "done", None, deadline));
                        if let Some(outcome) = step.get("end_track").filter(|o| !o.is_null()) {
                            ended_track(&mut path, outcome);
                            break 'track;
                        }
                        if let Some(outcome) = step.get("end").filter(|o| !o.is_null()) {
                            return (
                                path,
                                json!({ "ended": { "track": track, "step": id, "outcome": outcome } }),
                            );
                        }
                        i += 1;
                        continue;
                    };
                    // A select-all question: its answer is its group's verdict, never given.
                    let given = match question.get("select_all").and_then(Value::as_str) {
                        Some(group) => Some(if self.verdict(group).met { "yes" } else { "no" }),
                        None => self.seen.answers.get(id).map(String::as_str),
                    };
                    let route_of = match given {
                        Some("unclear") if question.get("choices").is_none() => {
                            question["unclear_counts_as"].as_str()
                        }
                        other => other,
                    };
                    // A question with `choices`: the route of the choice picked.
                    let route = match (question.get("choices"), route_of) {
                        (Some(choices), Some(picked)) => choices
                            .as_array()
                            .unwrap()
                            .iter()
                            .find(|c| c["id"] == picked)
                            .map(|c| &c["route"]),
                        (None, Some(answer)) => question.get(answer),
                        (_, None) => None,
                    };
                    let Some(route) = route else {
                        return (
                            path,
                            json!({ "waiting": { "track": track, "question": id, "unclear": given == Some("unclear") } }),
                        );
                    };
                    path.push(entry(&track, id, "answered", given, Value::Null));
                    let route = route.as_object().unwrap().iter().next().unwrap();
                    match route.0.as_str() {
                        "next" => i += 1,
                        "goto" => i = steps.iter().position(|s| s["id"] == *route.1).unwrap(),
                        "end" => {
                            return (
                                path,
                                json!({ "ended": { "track": track, "step": id, "outcome": route.1 } }),
                            )
                        }
                        "end_track" => {
                            ended_track(&mut path, route.1);
                            break 'track;
                        }
                        "track" => {
                            track = route.1.as_str().unwrap().to_string();
                            continue 'track;
                        }
                        other => panic!("route {other}"),
                    }
                }
                break;
            }
        }
        (path, json!("finished"))
    }
}

/// §5: one entry of the path.
fn entry(track: &str, step: &str, what: &str, answer: Option<&str>, deadline: Value) -> Value {
    json!({ "track": track, "step": step, "what": what, "answer": answer, "deadline": deadline, "track_ended": null })
}

/// §5: the last entry of the path ended its track's walk with `outcome`.
fn ended_track(path: &mut [Value], outcome: &Value) {
    if let Some(last) = path.last_mut() {
        last["track_ended"] = outcome.clone();
    }
}

// ------------------------------------------------------------- the check ----

/// The evaluator's assessment in the engine's shape.
fn evaluator_decision(model: &Model, seen: &Observed) -> Value {
    let mut o = Observations::none(model);
    for (id, answer) in &seen.factors {
        let answer = if *answer == "yes" {
            FactorAnswer::Yes
        } else {
            FactorAnswer::Possible
        };
        o = o.with_factor_answer(model.factor_named(id).unwrap(), answer);
    }
    for id in &seen.signals {
        o = o.with_signal(model.signal_named(id).unwrap());
    }
    for (id, v) in &seen.values {
        o = o.with_value(model.input_named(id).unwrap(), *v);
    }
    for (id, a) in &seen.answers {
        let q = model.question_named(id).unwrap();
        o = o.with_answer(q, model.question_by(q).unwrap().answer_named(a).unwrap());
    }
    serde_json::to_value(ExpectedDecision::of(&assess(model, &o))).unwrap()
}

fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn documents() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![PathBuf::from("out")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json")
                && !path.to_string_lossy().ends_with(".schema.json")
                && !path.to_string_lossy().ends_with(".vectors.json")
                && path.file_name().unwrap() != "index.json"
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn an_engine_written_from_docs_json_md_decides_as_the_evaluator_on_every_protocol() {
    let documents = documents();
    assert!(documents.len() >= 7, "{documents:?}");
    for path in documents {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let source = doc["sources"][0]["file"].as_str().unwrap();
        let (_, compiled) =
            protocolc::compile_text(source, &std::fs::read_to_string(Path::new(source)).unwrap());
        check(&doc, &compiled.model.unwrap(), &path.display().to_string());
    }
}

/// The reference consumer: `tests/js/engine.mjs`, a second engine written from
/// docs/json.md alone in JavaScript, decides every vector of every protocol in
/// out/ (its committed `.vectors.json`) as the evaluator does.
#[test]
fn a_javascript_engine_written_from_docs_json_md_passes_every_protocols_vectors() {
    if !support::node_ready(&[]) {
        return;
    }
    let mut checks = 0;
    for path in documents() {
        let vectors = vectors_of(&path);
        let run = std::process::Command::new("node")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/check-vectors.mjs"))
            .arg(&path)
            .arg(&vectors)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}: the JavaScript engine disagrees:\n{}{}",
            path.display(),
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
        checks += 1;
    }
    assert!(checks >= 7);
}

/// The committed vectors of a protocol document in out/.
fn vectors_of(document: &Path) -> PathBuf {
    let name = document
        .file_name()
        .unwrap()
        .to_string_lossy()
        .replace(".json", ".vectors.json");
    document.with_file_name(name)
}

/// The Rust engine passes every committed vector too; the vectors are the
/// evaluator's decisions for the observations they list, and cover every
/// combination where there are few inputs, else at least 1,000 observation sets.
#[test]
fn every_protocols_committed_vectors_are_the_evaluators_decisions_and_the_engine_passes_them() {
    for path in documents() {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let file: Value = serde_json::from_str(&std::fs::read_to_string(vectors_of(&path)).unwrap()).unwrap();
        let source = doc["sources"][0]["file"].as_str().unwrap();
        let (_, compiled) =
            protocolc::compile_text(source, &std::fs::read_to_string(Path::new(source)).unwrap());
        let model = compiled.model.unwrap();
        let vectors = file["vectors"].as_array().unwrap();
        let coverage = file["coverage"].as_str().unwrap();
        if coverage.starts_with("every combination") {
            let first = vectors
                .iter()
                .take_while(|v| v["observed"]["possible"] == json!([]));
            assert!(first.count() >= 4, "{}: {coverage}", path.display());
        } else {
            assert!(
                vectors.len() >= protocolc::emit::json::SAMPLE_SIZE,
                "{}: {coverage}",
                path.display()
            );
        }
        for (n, vector) in vectors.iter().enumerate() {
            let o = &vector["observed"];
            let words = |key: &str| -> Vec<String> {
                o[key]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect()
            };
            let mut seen = Observed::default();
            for f in words("factors") {
                seen.factors.insert(f, "yes");
            }
            for f in words("possible") {
                seen.factors.insert(f, "possible");
            }
            seen.signals = words("signals").into_iter().collect();
            for (id, v) in o["values"].as_object().unwrap() {
                seen.values
                    .insert(id.clone(), support::input_position(&doc, id, v));
            }
            for (id, a) in o["answers"].as_object().unwrap() {
                seen.answers.insert(id.clone(), a.as_str().unwrap().to_string());
            }
            let expected = &vector["expected"];
            assert_eq!(
                &evaluator_decision(&model, &seen),
                expected,
                "{} vector {n}",
                path.display()
            );
            let engine = Engine {
                doc: &doc,
                seen: &seen,
                groups: Default::default(),
            };
            assert_eq!(
                &engine.decide(),
                expected,
                "{} vector {n}: the engine",
                path.display()
            );
        }
    }
}

/// Which observation sets a protocol's vectors hold: every combination of the
/// answers that can change a decision, then (when "possible" or another answer
/// is left out of those) a seeded sample over every answer.
#[test]
fn vectors_cover_every_decisive_combination_then_a_seeded_sample() {
    let counted = r#"protocol small {
  title "Small"
  jurisdiction "Testland"
  audience "Educators"
  version "1"
  effective 2024-08-01
}
signal worried "Staff are worried"
criteria risk "Risk" {
  met_when at_least 1
  factor a "A"
}
track act "Act" {
  when risk or worried
  step do "Do it."
}
"#;
    let (_, compiled) = protocolc::compile_text("small.protocol", counted);
    let model = compiled.model.unwrap();
    let vectors = protocolc::emit::json::vectors_of(&model);
    // a: no / yes ("possible" counts for nothing here); worried: no / yes; then the sample.
    assert_eq!(vectors.len(), 4 + protocolc::emit::json::SAMPLE_SIZE);
    let text = protocolc::emit::json::to_vectors(&model);
    assert_eq!(
        text,
        protocolc::emit::json::to_vectors(&model),
        "the same on every build"
    );
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        doc["coverage"],
        "every combination of the answers that can change a decision (4 for its 2 inputs), then a sample of \
         1000 observation sets over every answer to every input, seeded by the protocol's id"
    );
    assert_eq!(doc["vectors"][3]["observed"]["factors"], json!(["a"]));
    assert_eq!(doc["vectors"][3]["observed"]["signals"], json!(["worried"]));
    assert_eq!(doc["vectors"][3]["expected"]["tracks"], json!(["act"]));
    assert!(doc["vectors"].as_array().unwrap()[4..]
        .iter()
        .any(|v| v["observed"]["possible"] == json!(["a"])));
    // Where "possible" counts, it is one of the combinations and nothing is sampled.
    let (_, compiled) = protocolc::compile_text(
        "small.protocol",
        &counted.replace(
            "  met_when at_least 1\n",
            "  met_when at_least 1\n  possible_counts_as yes\n",
        ),
    );
    let vectors = protocolc::emit::json::vectors_of(&compiled.model.unwrap());
    assert_eq!(vectors.len(), 3 * 2);
}

/// The same on the test cases' protocols (each construct on its own) and on one
/// whose `force` lowers a level.
#[test]
fn the_engine_decides_as_the_evaluator_on_the_cases_protocols() {
    let mut texts: Vec<(String, String)> = std::fs::read_dir("tests/cases/ok")
        .unwrap()
        .map(|e| e.unwrap().path().join("input.protocol"))
        .filter(|p| p.exists())
        .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    texts.sort();
    texts.push(("forced down".to_string(), FORCED_DOWN.to_string()));
    let mut checked = 0;
    for (name, text) in texts {
        // A variant's base is not at hand here: those are checked through out/.
        let (_, compiled) = protocolc::compile_text(&name, &text);
        let Some(model) = compiled.model else {
            assert_ne!(name, "forced down", "the forced-down protocol must compile");
            continue;
        };
        let doc: Value = serde_json::from_str(&protocolc::emit::json::to_json(&model)).unwrap();
        check(&doc, &model, &name);
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} cases compiled");
}

/// A scored group whose `force` sets a level below the one its total reaches.
const FORCED_DOWN: &str = r#"protocol forced {
  title "Forced down"
  jurisdiction "Testland"
  audience "Educators"
  version "1"
  effective 2024-08-01
}

signal cleared "A clinician has cleared the student"

criteria screen "Screen" {
  met_when at_least medium
  level low "Low" from 0 to 1
  level medium "Medium" from 2 to 3
  level high "High" from 4
  factor a "A" points 2
  factor b "B" points 2 possible 1
  force low when cleared
}

track act "Act" {
  when screen
  step do "Do it."
}
"#;

/// The engine and the evaluator on a seeded sample of observations of one protocol.
fn check(doc: &Value, model: &Model, name: &str) {
    {
        let factors: Vec<String> = doc["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["factors"].as_array().unwrap())
            .filter(|f| f.get("derived").is_none())
            .map(|f| f["id"].as_str().unwrap().to_string())
            .collect();
        let signals: Vec<&str> = doc["signals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        // Each question with the answers it takes: yes, no, unclear, or its choices.
        let questions: Vec<(&str, Vec<&str>)> = doc["tracks"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| t["steps"].as_array().unwrap())
            .filter_map(|s| {
                // A select-all question takes no answer: its group's factors are its ticks.
                s.get("question")?.get("select_all").is_none().then_some(())?;
                let answers = match s.get("question")?.get("choices") {
                    Some(choices) => choices
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| c["id"].as_str().unwrap())
                        .collect(),
                    None => vec!["yes", "no", "unclear"],
                };
                Some((s["id"].as_str().unwrap(), answers))
            })
            .collect();
        let values = support::interesting_values(doc);
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64 ^ name.len() as u64;
        for case in 0..300 {
            let mut seen = Observed::default();
            let mut pick = |n: u64| xorshift(&mut seed) % n;
            for f in &factors {
                match pick(4) {
                    0 => drop(seen.factors.insert(f.clone(), "yes")),
                    1 => drop(seen.factors.insert(f.clone(), "possible")),
                    _ => {}
                }
            }
            for s in &signals {
                if pick(4) == 0 {
                    seen.signals.insert(s.to_string());
                }
            }
            for (input, list) in &values {
                let k = pick(list.len() as u64 + 1) as usize;
                if let Some(v) = list.get(k) {
                    seen.values.insert(input.clone(), *v);
                }
            }
            for (q, answers) in &questions {
                // One in four not answered, else each answer alike.
                if pick(4) != 0 {
                    let answer = answers[pick(answers.len() as u64) as usize];
                    seen.answers.insert(q.to_string(), answer.to_string());
                }
            }
            let engine = Engine {
                doc,
                seen: &seen,
                groups: Default::default(),
            };
            let expected = evaluator_decision(model, &seen);
            assert_eq!(engine.decide(), expected, "{name} case {case}: {seen:?}");
        }
    }
}
